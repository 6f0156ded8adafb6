import { SyncError } from '../errors.js';
import type { LevelSub } from '../level.js';
import { decodeStoredEntry, decodeStoredEntryRaw, encodeSeq } from './entry.js';
import type { OplogEntry, RawOplogEntry } from './entry.js';

/** What the oplog reader needs from its store; writes stay with the store's batch. */
export interface OplogHost {
  /** The oplog sublevel; read on every call because a join replaces the database. */
  readonly oplogSub: LevelSub;
  readonly lastSeq: number;
  readonly trimmedSeq: number;
  assertOpen(): void;
  trimOplog(uptoSeq: number): Promise<number>;
  readFailed(err: unknown): SyncError;
}

/** Default page size of {@link Oplog.readFrom}: large enough to stream, small enough to hold. */
export const DEFAULT_READ_LIMIT = 1000;

/**
 * Read side of the operation log. Entries are appended only by the store's batch, in the same
 * LevelDB batch as the data they describe; sequence numbers start at 1, increase by one per
 * replicated operation, and follow commit order.
 */
export class Oplog {
  private readonly host: OplogHost;

  constructor(host: OplogHost) {
    this.host = host;
  }

  /** Sequence number of the newest committed entry; 0 for an empty log. */
  get lastSeq(): number {
    return this.host.lastSeq;
  }

  /** Entries up to and including this sequence number were trimmed; 0 when none were. */
  get trimmedSeq(): number {
    return this.host.trimmedSeq;
  }

  /**
   * Up to `limit` committed entries with `seq >= fromSeq`, in order. Throws
   * SYNC_OPLOG_TRIMMED when some of them were trimmed: the reader needs a snapshot instead.
   */
  async readFrom(fromSeq: number, limit: number = DEFAULT_READ_LIMIT): Promise<OplogEntry[]> {
    const rows = await this.readRows(fromSeq, limit);
    return rows.map(([key, text]) => decodeStoredEntry(key, text));
  }

  /**
   * {@link readFrom} with each value as its stored JSON text: what the replication stream
   * sends, without parsing values only to stringify them again.
   */
  async readRawFrom(fromSeq: number, limit: number = DEFAULT_READ_LIMIT): Promise<RawOplogEntry[]> {
    const rows = await this.readRows(fromSeq, limit);
    return rows.map(([key, text]) => decodeStoredEntryRaw(key, text));
  }

  private async readRows(fromSeq: number, limit: number): Promise<[string, string][]> {
    this.host.assertOpen();
    if (!Number.isSafeInteger(fromSeq) || fromSeq < 0) {
      throw new SyncError('SYNC_INVALID_QUERY', 'fromSeq must be a non-negative integer', {
        fromSeq: String(fromSeq),
      });
    }
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new SyncError('SYNC_INVALID_QUERY', 'limit must be a positive integer', {
        limit: String(limit),
      });
    }
    const from = Math.max(fromSeq, 1);
    const trimmedSeq = this.host.trimmedSeq;
    if (from <= trimmedSeq) {
      throw new SyncError('SYNC_OPLOG_TRIMMED', 'oplog entries were trimmed', {
        fromSeq: from,
        trimmedSeq,
      });
    }
    // Capped at the committed position: a batch being written is never half visible.
    const lastSeq = this.host.lastSeq;
    if (from > lastSeq) return [];
    try {
      return await this.host.oplogSub
        .iterator({ gte: encodeSeq(from), lte: encodeSeq(lastSeq), limit })
        .all();
    } catch (err) {
      throw this.host.readFailed(err);
    }
  }

  /**
   * Deletes entries up to and including `uptoSeq` (capped at {@link lastSeq}) and returns the
   * new {@link trimmedSeq}. Data, versions and tombstones are untouched.
   */
  async trim(uptoSeq: number): Promise<number> {
    this.host.assertOpen();
    if (!Number.isSafeInteger(uptoSeq) || uptoSeq < 0) {
      throw new SyncError('SYNC_INVALID_QUERY', 'uptoSeq must be a non-negative integer', {
        uptoSeq: String(uptoSeq),
      });
    }
    return await this.host.trimOplog(uptoSeq);
  }
}
