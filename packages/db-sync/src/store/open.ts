import { SyncError } from '../errors.js';
import { assertNodeId } from '../hlc.js';
import type { LevelDb } from '../level.js';
import type { OpenStoreOptions, Store } from './api.js';
import { openClassic } from './classic.js';
import { LevelStore } from './level-store.js';

/**
 * Opens a store on `db` or on a classic-level directory at `location`. Throws SYNC_LOCKED when
 * another process (or store) holds that directory.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  assertNodeId(options.nodeId);
  if ((options.db === undefined) === (options.location === undefined)) {
    throw new SyncError('SYNC_INVALID_OPTIONS', 'give exactly one of db and location');
  }
  let db: LevelDb;
  if (options.location !== undefined) {
    db = await openClassic(options.location);
  } else {
    db = options.db as LevelDb;
    try {
      await db.open();
    } catch (err) {
      throw new SyncError('SYNC_OPEN_FAILED', 'database failed to open', {}, { cause: err });
    }
  }
  const owned = options.location !== undefined;
  try {
    return await LevelStore.open(db, owned, options);
  } catch (err) {
    if (owned) await db.close();
    throw err;
  }
}
