export * from './schema.js';
export * from './errors.js';
export { loadConfig, parseHostPort } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { MIN_SECRET_BITS, secretStrength, weakSecretReason } from './secret-strength.js';
