export { Oplog, DEFAULT_READ_LIMIT } from './log.js';
export type { OplogHost } from './log.js';
export { encodeSeq, decodeSeq } from './entry.js';
export type { OplogEntry, OplogPut, OplogDelete, RawOplogEntry, RemoteEntry } from './entry.js';
