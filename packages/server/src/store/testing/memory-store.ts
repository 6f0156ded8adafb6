/**
 * db-sync stores on memory-level for unit tests of the store's parts: `memoryStore()` opens one,
 * and every store opened so far closes when the test ends (vitest's afterEach). Test code only.
 */
import { MemoryLevel } from 'memory-level';
import { afterEach } from 'vitest';
import { openStore } from '@lns/db-sync';
import type { Store } from '@lns/db-sync';

const open: Store[] = [];

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

export async function memoryStore(nodeId = 'n1'): Promise<Store> {
  const db = await openStore({ db: new MemoryLevel(), nodeId });
  open.push(db);
  return db;
}
