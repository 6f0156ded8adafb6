/**
 * LoRaWAN 1.0.x as pure functions: no I/O, no logger, no config. The only entry to this
 * module for the rest of lns.
 */
export * from './errors.js';
export * from './phy/index.js';
export * from './crypto/index.js';
export * from './mac/index.js';
export * from './region/index.js';
