export * from './counts';
export * from './duplicates';
export * from './leadQueries';
export * from './query';
export { ftsExpression } from './querySql';
export * from './triage';
export * from './views';
export { prepareForQueries } from './maintenance';
export * from './weekly';
