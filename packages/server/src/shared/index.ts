export * from './errors.js';
export * from './ids.js';
export * from './clock.js';
export * from './radio.js';
export type { Logger } from './logger.js';
