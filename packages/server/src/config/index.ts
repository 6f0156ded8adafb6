export * from './schema.js';
export * from './errors.js';
export { loadConfig, parseHostPort } from './load.js';
export type { LoadConfigOptions } from './load.js';
