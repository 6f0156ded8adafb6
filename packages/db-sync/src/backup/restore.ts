/**
 * Restoring a backup into a fresh node: the records are loaded as a join loads them (as they
 * were, no oplog entries) into a new directory beside the target, which is renamed into place
 * only once the whole file has been read and its checksum matched. A bad file leaves nothing.
 *
 * The cluster's membership is not restored: the node starts as a cluster of its own (a new
 * cluster id at its first start), and other nodes join it (LNS_DB_MASTER, `addMember`).
 */
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { SyncError } from '../errors.js';
import { MEMBERS_TABLE, REMOVED_TABLE } from '../membership/members.js';
import { openStore, storeInternals } from '../store/index.js';
import type { OpenStoreOptions, Store } from '../store/index.js';
import { BackupReader } from './read.js';
import type { BackupSummary } from './read.js';

/** Tables of the old cluster's membership: a restored node starts a cluster of its own. */
const NOT_RESTORED = new Set([MEMBERS_TABLE, REMOVED_TABLE]);

export interface RestoreOptions {
  /** The database directory to create (the node's `<data>/db`); absent or empty. */
  readonly location: string;
  readonly nodeId: string;
  /** The backup's bytes (a file stream). */
  readonly source: AsyncIterable<Buffer>;
  /** Merges of the replicated tables, as the node opens them. */
  readonly storeOptions?: Pick<OpenStoreOptions, 'merges'> | undefined;
  onProgress?(records: number, total: number): void;
}

/** Throws SYNC_RESTORE_REFUSED when `location` holds data, SYNC_LOCKED when a node has it open. */
async function assertFresh(options: RestoreOptions): Promise<void> {
  if (!existsSync(options.location)) return;
  if ((await readdir(options.location)).length === 0) return;
  const store = await openStore({ location: options.location, nodeId: options.nodeId });
  try {
    if (!(await storeInternals(store).isEmpty())) {
      throw new SyncError(
        'SYNC_RESTORE_REFUSED',
        `${options.location} holds a database already; restore into a fresh node (a new data dir)`,
        { location: options.location },
      );
    }
  } finally {
    await store.close();
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<BackupSummary> {
  await assertFresh(options);
  const temp = `${options.location}.restoring-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  let store: Store | undefined;
  try {
    store = await openStore({ ...options.storeOptions, location: temp, nodeId: options.nodeId });
    const internals = storeInternals(store);
    const reader = new BackupReader();
    for await (const chunk of options.source) {
      for (const part of reader.push(chunk)) {
        if (part.kind === 'rows' && !NOT_RESTORED.has(part.table)) {
          await internals.loadRecords(part.table, part.rows);
        }
        options.onProgress?.(reader.records, reader.header?.total ?? 0);
      }
    }
    const summary = reader.end();
    await store.close();
    store = undefined;
    await rm(options.location, { recursive: true, force: true });
    await rename(temp, options.location);
    return summary;
  } catch (err) {
    // The first failure is the one to report; a failing close of the discarded copy is not.
    await store?.close().catch(() => undefined);
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}
