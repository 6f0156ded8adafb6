import { mkdir } from 'node:fs/promises';
import { SyncError } from '../errors.js';
import type { LevelDb } from '../level.js';
import { isLocked } from './errors.js';

/**
 * Opens (creating it if missing) the classic-level database at `location`. Throws SYNC_LOCKED
 * when another process or store holds it, SYNC_OPEN_FAILED otherwise.
 */
export async function openClassic(location: string): Promise<LevelDb> {
  try {
    // LevelDB creates the last directory only.
    await mkdir(location, { recursive: true });
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<string, string>(location);
    await db.open();
    return db;
  } catch (err) {
    if (isLocked(err)) {
      throw new SyncError(
        'SYNC_LOCKED',
        `database directory ${location} is held by another process or store`,
        { location },
        { cause: err },
      );
    }
    throw new SyncError(
      'SYNC_OPEN_FAILED',
      `database at ${location} failed to open`,
      { location },
      { cause: err },
    );
  }
}
