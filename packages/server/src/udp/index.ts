/**
 * Semtech UDP packet-forwarder protocol (GWMP v1 and v2): datagram codec, JSON body
 * validation and translation to the radio frames of shared/radio.ts. The module's only entry.
 */
export * from './errors.js';
export * from './packet.js';
export * from './json.js';
export * from './translate.js';
export * from './gateway-table.js';
export * from './server.js';
