/**
 * The backup file: the join snapshot (replication/snapshot.ts) written as the join sends it,
 * in the frames of the cluster link (transport/frame.ts: 4-byte length + JSON):
 * `snap_begin {format, clusterId, node, version, createdAt, total, upTo, tables}`,
 * `snap_chunk {table, rows}` …, `snap_end {records}`; then a fixed trailer: 8 bytes
 * {@link TRAILER_MAGIC} and the 32-byte SHA-256 of every byte before the trailer. A truncated
 * file lacks the trailer; a changed byte breaks the checksum.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

/** `format` of a backup's snap_begin frame: a later layout gets a new one. */
export const BACKUP_FORMAT = 'lns-backup-1';

export const TRAILER_MAGIC = Buffer.from('LNSBSUM1', 'latin1');
export const TRAILER_BYTES = TRAILER_MAGIC.length + 32;

/** What a backup says about itself (its snap_begin frame). */
export interface BackupHeader {
  readonly format: string;
  /** The cluster the backup was taken from. */
  readonly clusterId: string;
  /** The node that took it. */
  readonly node: string;
  /** Its software version. */
  readonly version: string;
  /** When the snapshot was taken (ISO 8601). */
  readonly createdAt: string;
  /** Records in the file, tombstones included. */
  readonly total: number;
  /** The taking node's oplog position the snapshot contains. */
  readonly upTo: number;
  readonly tables: readonly string[];
}

export function checksum(): Hash {
  return createHash('sha256');
}
