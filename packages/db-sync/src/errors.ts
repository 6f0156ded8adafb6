/**
 * Every code db-sync raises. Stable: replication peers, the server's error handler and
 * docs/errors.md depend on them, so a code is never renamed or reused.
 */
export const SYNC_ERROR_CODES = [
  'SYNC_CLOSED',
  'SYNC_LOCKED',
  'SYNC_OPEN_FAILED',
  'SYNC_INVALID_OPTIONS',
  'SYNC_INVALID_NODE_ID',
  'SYNC_INVALID_TABLE',
  'SYNC_INVALID_KEY',
  'SYNC_INVALID_VALUE',
  'SYNC_INVALID_QUERY',
  'SYNC_INVALID_HLC',
  'SYNC_INVALID_ENTRY',
  'SYNC_CLOCK_DRIFT',
  'SYNC_OPLOG_TRIMMED',
  'SYNC_READ_FAILED',
  'SYNC_WRITE_FAILED',
  'SYNC_CORRUPT',
  'SYNC_INVALID_ADDRESS',
  'SYNC_LISTEN_FAILED',
  'SYNC_PEER_UNREACHABLE',
  'SYNC_PEER_REFUSED',
  'SYNC_PROTOCOL',
  'SYNC_LINK_CLOSED',
  'SYNC_JOIN_FAILED',
  'SYNC_NOT_A_MEMBER',
  'SYNC_REMOVED',
  'SYNC_TIMEOUT',
  'SYNC_TOPIC_TAKEN',
  'SYNC_BACKUP_INVALID',
  'SYNC_RESTORE_REFUSED',
] as const;

/** One of {@link SYNC_ERROR_CODES}. */
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

/** Primitive-only details, so an error can be logged or sent over the API as it is. */
export type SyncErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/**
 * The only error type db-sync throws on purpose. db-sync imports nothing of the server, so
 * this mirrors the server's AppError shape (`code`, `details`, `cause`) without extending it.
 */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly details: SyncErrorDetails;

  constructor(
    code: SyncErrorCode,
    message: string,
    details: SyncErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncError';
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is a {@link SyncError}, optionally with the given code. */
export function isSyncError(err: unknown, code?: SyncErrorCode): err is SyncError {
  return err instanceof SyncError && (code === undefined || err.code === code);
}

/** `err` as an Error, for promise rejections: what a throw carried, wrapped when not an Error. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
