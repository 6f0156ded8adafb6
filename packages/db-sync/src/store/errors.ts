import { SyncError } from '../errors.js';

/** The `code` of an abstract-level error (`LEVEL_LOCKED`...), if it has one. */
export function levelCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function causeOf(err: unknown): unknown {
  return err instanceof Error ? err.cause : undefined;
}

/** True when opening failed because another process or store holds the directory. */
export function isLocked(err: unknown): boolean {
  return levelCode(err) === 'LEVEL_LOCKED' || levelCode(causeOf(err)) === 'LEVEL_LOCKED';
}

/** A failed LevelDB read as SYNC_CLOSED (the database closed under it) or SYNC_READ_FAILED. */
export function readFailed(err: unknown, table?: string): SyncError {
  if (err instanceof SyncError) return err;
  const code = levelCode(err);
  if (code === 'LEVEL_DATABASE_NOT_OPEN' || code === 'LEVEL_ITERATOR_NOT_OPEN') {
    return new SyncError(
      'SYNC_CLOSED',
      'database is closed',
      { table: table ?? null },
      { cause: err },
    );
  }
  return new SyncError('SYNC_READ_FAILED', 'read failed', { table: table ?? null }, { cause: err });
}

/** A failed LevelDB write as SYNC_CLOSED or SYNC_WRITE_FAILED. */
export function writeFailed(err: unknown, nodeId: string): SyncError {
  if (err instanceof SyncError) return err;
  if (levelCode(err) === 'LEVEL_DATABASE_NOT_OPEN') {
    return new SyncError('SYNC_CLOSED', 'database is closed', { nodeId }, { cause: err });
  }
  return new SyncError('SYNC_WRITE_FAILED', 'write failed', { nodeId }, { cause: err });
}

export function notReplicated(table: string): SyncError {
  return new SyncError('SYNC_INVALID_TABLE', 'table is local, not replicated', { table });
}

export function mergeMismatch(table: string): SyncError {
  return new SyncError('SYNC_INVALID_TABLE', 'table was opened with another merge function', {
    table,
  });
}
