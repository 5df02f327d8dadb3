export * from './archive';
export * from './errors';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
export * from './destinations';
export * from './syncState';
export * from './syncSchedule';
export * from './visits';
export * from './syncLease';
