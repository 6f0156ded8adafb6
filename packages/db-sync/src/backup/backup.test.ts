import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSyncError } from '../errors.js';
import { MEMBERS_TABLE } from '../membership/members.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { BackupReader, openBackup, restoreBackup } from './index.js';

const TABLES = ['devices', 'users'];

async function collect(bytes: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of bytes) parts.push(b);
  return Buffer.concat(parts);
}

/** The file in pieces of `size` bytes, as a download or a file stream delivers it. */
function pieces(file: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < file.length; i += size) parts.push(file.subarray(i, i + size));
  return Readable.from(parts);
}

async function contents(store: Store, table: string): Promise<unknown[]> {
  const t = store.table(table);
  const rows = await t.list();
  return Promise.all(rows.map(async (r) => [r.key, r.value, await t.version(r.key)]));
}

describe('backup and restore of a store', () => {
  let dir: string;
  let source: Store;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lns-backup-'));
    source = await openStore({ location: join(dir, 'source'), nodeId: 'n1' });
    const devices = source.table<{ name: string }>('devices');
    for (let i = 0; i < 5000; i++) await devices.put(`dev-${i}`, { name: `device ${i}` });
    await devices.del('dev-7');
    await source.table('users').put('admin', { role: 'admin', passwordHash: 'x' });
    await source.table(MEMBERS_TABLE).put('n1', { address: 'old:4370', state: 'member' });
  });

  afterEach(async () => {
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function backupFile(): Promise<Buffer> {
    const backup = await openBackup(source, { clusterId: 'c-1', nodeId: 'n1', version: '9.9.9' });
    expect(backup.total).toBe(5000 + 1 + 1);
    return collect(backup.bytes);
  }

  it('round trip: every record with its version, tombstones included; membership left out', async () => {
    const file = await backupFile();
    const location = join(dir, 'restored', 'db');
    const progress: number[] = [];
    const summary = await restoreBackup({
      location,
      nodeId: 'r1',
      source: pieces(file, 777),
      onProgress: (records) => progress.push(records),
    });
    expect(summary).toMatchObject({ records: 5002, bytes: file.length });
    expect(summary.header).toMatchObject({ clusterId: 'c-1', node: 'n1', total: 5002 });
    expect(progress.at(-1)).toBe(5002);
    const restored = await openStore({ location, nodeId: 'r1' });
    try {
      for (const table of TABLES) {
        expect(await contents(restored, table)).toEqual(await contents(source, table));
        expect(await restored.digest(table)).toBe(await source.digest(table));
      }
      expect(await restored.table('devices').version('dev-7')).toMatchObject({ deleted: true });
      expect(await restored.table(MEMBERS_TABLE).list()).toEqual([]);
      // Loaded as a join loads: no oplog entries of the old node.
      expect(restored.oplog.lastSeq).toBe(0);
    } finally {
      await restored.close();
    }
    expect((await readdir(join(dir, 'restored'))).sort()).toEqual(['db']);
  });

  it('is one consistent snapshot: writes after it started are not in it', async () => {
    const backup = await openBackup(source, { clusterId: 'c-1', nodeId: 'n1', version: '1' });
    await source.table('devices').put('late', { name: 'late' });
    await source.table('devices').del('dev-1');
    const file = await collect(backup.bytes);
    const location = join(dir, 'snap', 'db');
    await restoreBackup({ location, nodeId: 'r1', source: pieces(file, 65536) });
    const restored = await openStore({ location, nodeId: 'r1' });
    try {
      expect(await restored.table('devices').get('late')).toBeUndefined();
      expect(await restored.table('devices').get('dev-1')).toEqual({ name: 'device 1' });
    } finally {
      await restored.close();
    }
  });

  it.each([
    ['cut inside a frame', (f: Buffer) => f.subarray(0, Math.floor(f.length / 2))],
    ['cut at the trailer', (f: Buffer) => f.subarray(0, f.length - 40)],
    ['cut inside the trailer', (f: Buffer) => f.subarray(0, f.length - 3)],
    ['only the first bytes', (f: Buffer) => f.subarray(0, 10)],
  ])('a truncated file (%s) is refused and leaves nothing', async (_, cut) => {
    const file = cut(await backupFile());
    const location = join(dir, 'trunc', 'db');
    const err = await restoreBackup({ location, nodeId: 'r1', source: pieces(file, 4096) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSyncError(err, 'SYNC_BACKUP_INVALID'), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/truncated|not an lns backup/);
    expect(existsSync(join(dir, 'trunc')) ? await readdir(join(dir, 'trunc')) : []).toEqual([]);
  });

  it.each([
    ['a changed byte in a record', (f: Buffer) => flip(f, Math.floor(f.length / 2))],
    ['a changed checksum', (f: Buffer) => flip(f, f.length - 1)],
    ['a changed length', (f: Buffer) => flip(f, 0)],
    ['not a backup at all', () => Buffer.from('{"hello":"world"}\n'.repeat(100))],
    ['an empty file', () => Buffer.alloc(0)],
  ])('a corrupt file (%s) is refused and leaves nothing', async (_, damage) => {
    const file = damage(await backupFile());
    const location = join(dir, 'bad', 'db');
    const err = await restoreBackup({ location, nodeId: 'r1', source: pieces(file, 4096) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSyncError(err, 'SYNC_BACKUP_INVALID'), String(err)).toBe(true);
    expect(existsSync(join(dir, 'bad')) ? await readdir(join(dir, 'bad')) : []).toEqual([]);
  });

  it('refuses to restore over a database that holds data', async () => {
    const file = await backupFile();
    const location = join(dir, 'used', 'db');
    const used = await openStore({ location, nodeId: 'r1' });
    await used.table('users').put('someone', { role: 'viewer' });
    await used.close();
    const err = await restoreBackup({ location, nodeId: 'r1', source: pieces(file, 4096) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSyncError(err, 'SYNC_RESTORE_REFUSED'), String(err)).toBe(true);
    const after = await openStore({ location, nodeId: 'r1' });
    expect(await after.table('users').list()).toEqual([
      { key: 'someone', value: { role: 'viewer' } },
    ]);
    await after.close();
  });

  it('BackupReader reports the header and progress while the bytes arrive', async () => {
    const file = await backupFile();
    const reader = new BackupReader();
    const parts = reader.push(file.subarray(0, 1000));
    expect(parts[0]).toMatchObject({ kind: 'begin', header: { total: 5002, version: '9.9.9' } });
    for await (const piece of pieces(file.subarray(1000), 1000)) reader.push(piece as Buffer);
    expect(reader.end()).toMatchObject({ records: 5002, bytes: file.length });
  });
});

function flip(file: Buffer, at: number): Buffer {
  const copy = Buffer.from(file);
  copy[at] = (copy[at] ?? 0) ^ 0x20;
  return copy;
}
