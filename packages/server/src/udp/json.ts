/**
 * GWMP JSON bodies [GWMP §3-5]: wire-faithful types for `rxpk`, `stat`, `txpk` and `txpk_ack`
 * and hand-written validation. Validators copy only the fields they know (unknown ones are
 * dropped), treat JSON `null` as absent, and throw UdpDecodeError naming the bad field.
 */
export * from './json/types.js';
export * from './json/formats.js';
export * from './json/rxpk.js';
export * from './json/stat.js';
export * from './json/txpk.js';
export * from './json/tx-ack.js';
