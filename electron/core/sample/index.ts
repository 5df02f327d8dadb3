export * from './generate';
export { Random } from './random';
export { writeSampleJsonl } from './writeJsonl';
