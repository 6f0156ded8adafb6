import type { AbstractBatchOperation, AbstractLevel, AbstractSublevel } from 'abstract-level';

/**
 * The LevelDB db-sync runs on: any abstract-level database with string keys and values at its
 * defaults (classic-level in production, memory-level in tests). db-sync creates every
 * sublevel with its own encodings, so the root's defaults are never used for data.
 */
export type LevelDb = AbstractLevel<string | Buffer | Uint8Array, string, string>;

/** A utf8/utf8 sublevel of a {@link LevelDb}. */
export type LevelSub = AbstractSublevel<LevelDb, string | Buffer | Uint8Array, string, string>;

/** One operation of an atomic root batch. */
export type LevelOp = AbstractBatchOperation<LevelDb, string, string>;

/** An explicit snapshot of a {@link LevelDb}. */
export type LevelSnapshot = ReturnType<LevelDb['snapshot']>;
