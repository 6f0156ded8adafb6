// Long on purpose: every repository of the store over one memory-level database.
import { MemoryLevel } from 'memory-level';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventRecord, FrameRecord, NodeSession, QueuedDownlink } from '../ns/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { StoreError } from './errors.js';
import { openLnsStore } from './lns-store.js';
import type { LnsStore } from './lns-store.js';
import { device, gateway, profile, session } from './testing/ns-stores-suite.js';
import { ensureAdminUser } from './users.js';

const log = pino({ level: 'silent' });
const fastHash = { N: 1024, r: 8, p: 1 };

async function open(
  nodeId = 'n1',
  extra: { maxFrames?: number; maxEvents?: number; now?: () => number } = {},
): Promise<{ store: LnsStore; db: MemoryLevel<string, string> }> {
  const db = new MemoryLevel<string, string>();
  const store = await openLnsStore({
    db,
    nodeId,
    log,
    trimIntervalMs: 0,
    passwordParams: fastHash,
    ...extra,
  });
  return { store, db };
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

describe('LnsStore repositories', () => {
  let store: LnsStore;
  let db: MemoryLevel<string, string>;

  beforeEach(async () => {
    ({ store, db } = await open());
    await store.profiles.create(profile);
  });

  afterEach(async () => {
    await store.close();
    await db.close();
  });

  it('create refuses a duplicate id with STORE_ALREADY_EXISTS', async () => {
    const err = await rejection(store.profiles.create({ ...profile, name: 'other' }));
    expect(err.code).toBe('STORE_ALREADY_EXISTS');
    expect(err.message).toBe('profile eu-a already exists');
    expect((await store.profiles.get(profile.id))?.name).toBe(profile.name);
  });

  it('update and remove of an unknown id give STORE_NOT_FOUND', async () => {
    expect((await rejection(store.gateways.update(gateway.id, (g) => g))).code).toBe(
      'STORE_NOT_FOUND',
    );
    expect((await rejection(store.gateways.remove(gateway.id))).code).toBe('STORE_NOT_FOUND');
  });

  it('update keeps the id and remove returns the deleted record', async () => {
    await store.gateways.create(gateway);
    const updated = await store.gateways.update(gateway.id, (g) => ({
      ...g,
      id: 'ffffffffffffffff' as Eui64,
      name: 'mast',
    }));
    expect(updated).toEqual({ ...gateway, name: 'mast' });
    expect(await store.gateways.remove(gateway.id)).toEqual(updated);
    expect(await store.gateways.get(gateway.id)).toBeUndefined();
  });

  it('a device must name an existing profile (STORE_REFERENCE_MISSING on profileId)', async () => {
    const err = await rejection(store.devices.create({ ...device, profileId: 'missing' }));
    expect(err.code).toBe('STORE_REFERENCE_MISSING');
    expect(err.details).toMatchObject({ field: 'profileId', value: 'missing' });
    const node = await rejection(store.nodes.create({ ...session('26011001'), profileId: 'x' }));
    expect(node.code).toBe('STORE_REFERENCE_MISSING');
  });

  it('a profile in use cannot be deleted (STORE_IN_USE)', async () => {
    await store.devices.create(device);
    const err = await rejection(store.profiles.remove(profile.id));
    expect(err.code).toBe('STORE_IN_USE');
    expect(err.message).toContain(`device ${device.id}`);
    await store.devices.remove(device.id);
    expect(await store.profiles.remove(profile.id)).toEqual(profile);
  });

  it('deleting a device deletes its DevNonce history', async () => {
    await store.devices.create(device);
    await store.ports.devices.commitJoin({
      device,
      devNonce: 5,
      session: session('26011001'),
    });
    expect(await store.ports.devices.isDevNonceUsed(device.id, 5)).toBe(true);
    await store.devices.remove(device.id);
    expect(await store.ports.devices.isDevNonceUsed(device.id, 5)).toBe(false);
    expect(await store.db.table('devnonces').count()).toBe(0);
  });

  it('stores one key per used DevNonce', async () => {
    await store.devices.create(device);
    for (let nonce = 0; nonce < 5; nonce += 1) {
      const addr = `2601100${nonce}`;
      await store.ports.devices.commitJoin({ device, devNonce: nonce, session: session(addr) });
    }
    expect(await store.db.table('devnonces').count({ prefix: `${device.id}!` })).toBe(5);
  });

  it('deleting a node deletes its queue', async () => {
    const addr = '26011001' as DevAddr;
    await store.nodes.create(session(addr));
    await store.queue.enqueue(addr, { fPort: 1, data: 'AQ==', confirmed: false });
    await store.nodes.remove(addr);
    expect(await store.queue.count(addr)).toBe(0);
  });

  it('lists each DevAddr with queued downlinks once (a new owner sends what waits)', async () => {
    const a = '26011001' as DevAddr;
    const b = '26011002' as DevAddr;
    for (const addr of [a, b, '26011003' as DevAddr]) await store.nodes.create(session(addr));
    await store.queue.enqueue(b, { fPort: 1, data: 'AQ==', confirmed: false });
    await store.queue.enqueue(a, { fPort: 1, data: 'AQ==', confirmed: false });
    await store.queue.enqueue(b, { fPort: 2, data: 'Ag==', confirmed: false });
    const seen: DevAddr[] = [];
    for await (const devAddr of store.queue.devAddrsWithItems()) seen.push(devAddr);
    expect(seen).toEqual([a, b]);
  });

  it('an operator lowering a counter starts a new counter epoch', async () => {
    const addr = '26011001' as DevAddr;
    await store.nodes.create({ ...session(addr), fCntUp: 50, fCntDown: 9 });
    const raised = await store.nodes.update(addr, (n) => ({ ...n, fCntDown: 12 }));
    expect(raised.counterEpoch).toBeUndefined();
    const lowered = await store.nodes.update(addr, (n) => ({ ...n, fCntUp: 0 }));
    expect(lowered.counterEpoch).toBe(1);
    await store.ports.sessions.putSession({ ...lowered, fCntUp: 1 });
    expect((await store.ports.sessions.getSession(addr))?.counterEpoch).toBe(1);
    await store.ports.sessions.putSession({ ...lowered, fCntUp: 1, fCntDown: 0 });
    expect((await store.ports.sessions.getSession(addr))?.counterEpoch).toBe(2);
  });

  it('enqueue for an unknown node gives STORE_NOT_FOUND', async () => {
    const err = await rejection(
      store.queue.enqueue('26011009' as DevAddr, { fPort: 1, data: '', confirmed: false }),
    );
    expect(err.code).toBe('STORE_NOT_FOUND');
    expect(err.message).toBe('node 26011009 does not exist');
  });

  it('a re-join on a new DevAddr moves the queued downlinks with it', async () => {
    const old = '26011001' as DevAddr;
    const next = '26011002' as DevAddr;
    await store.devices.create(device);
    await store.ports.devices.commitJoin({ device, devNonce: 1, session: session(old) });
    const item = await store.queue.enqueue(old, { fPort: 4, data: 'BA==', confirmed: false });
    await store.ports.devices.commitJoin({
      device,
      devNonce: 2,
      session: session(next),
      replacedDevAddr: old,
    });
    expect(await store.queue.count(old)).toBe(0);
    expect(await store.queue.peek(next)).toEqual({ ...item, devAddr: next });
  });

  it('lists with sort, range, exact filter, q and ids', async () => {
    for (let i = 0; i < 5; i += 1) {
      await store.gateways.create({
        ...gateway,
        id: `aa555a000000010${i}` as Eui64,
        name: i % 2 === 0 ? `North ${i}` : `south ${i}`,
        txRfChain: i % 2,
      });
    }
    const byName = await store.gateways.list({
      sort: { field: 'name', order: 'DESC' },
      range: { start: 1, end: 2 },
    });
    expect(byName.total).toBe(5);
    expect(byName.items.map((g) => g.name)).toEqual(['south 1', 'North 4']);
    const page = await store.gateways.list({ range: { start: 0, end: 1 } });
    expect(page.total).toBe(5);
    expect(page.items.map((g) => g.id)).toEqual(['aa555a0000000100', 'aa555a0000000101']);
    const chain = await store.gateways.list({ filter: { txRfChain: '1' } });
    expect(chain.items.map((g) => g.name)).toEqual(['south 1', 'south 3']);
    const q = await store.gateways.list({ filter: { q: 'NORTH' } });
    expect(q.total).toBe(3);
    const ids = await store.gateways.list({
      filter: { id: ['aa555a0000000103', 'aa555a0000000100', 'ffffffffffffffff'] },
    });
    expect(ids.items.map((g) => g.id)).toEqual(['aa555a0000000100', 'aa555a0000000103']);
  });

  it('list decorates records before filtering (live gateway fields)', async () => {
    await store.gateways.create(gateway);
    const result = await store.gateways.list({ filter: { server: 'n9' } }, (g) => ({
      ...g,
      server: 'n9',
    }));
    expect(result.items).toEqual([{ ...gateway, server: 'n9' }]);
  });
});

describe('LnsStore registered gateways', () => {
  it('are read from the table when the store opens', async () => {
    const db = new MemoryLevel<string, string>();
    const first = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
    await first.gateways.create(gateway);
    await first.flush();
    await first.db.close();
    const reopened = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
    try {
      expect(reopened.registeredGateways.has(gateway.id)).toBe(true);
      expect(reopened.registeredGateways.size).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});

describe('LnsStore and replication', () => {
  let n1: LnsStore;
  let n2: LnsStore;

  beforeEach(async () => {
    n1 = (await open('n1')).store;
    n2 = (await open('n2')).store;
  });

  afterEach(async () => {
    await n1.close();
    await n2.close();
  });

  async function replicate(): Promise<void> {
    const entries = await n2.db.oplog.readFrom(1);
    await n1.db.applyRemote(entries);
  }

  it('a replicated profile change reaches the cached port', async () => {
    await n1.profiles.create(profile);
    await n2.profiles.create({ ...profile, rx1Delay: 3 });
    expect((await n1.ports.profiles.getProfile(profile.id))?.rx1Delay).toBe(1);
    await replicate();
    expect((await n1.ports.profiles.getProfile(profile.id))?.rx1Delay).toBe(3);
  });

  it('a replicated gateway replaces a cached miss', async () => {
    expect(await n1.ports.gateways.getGateway(gateway.id)).toBeUndefined();
    await n2.gateways.create(gateway);
    await replicate();
    expect(await n1.ports.gateways.getGateway(gateway.id)).toEqual(gateway);
  });

  it('knows registered gateways in memory: local and replicated writes, and at open', async () => {
    await n1.gateways.create(gateway);
    expect(n1.registeredGateways.has(gateway.id)).toBe(true);
    const other = { ...gateway, id: 'aa555a00000000b2' as Eui64 };
    await n2.gateways.create(other);
    expect(n1.registeredGateways.has(other.id)).toBe(false);
    await replicate();
    expect(n1.registeredGateways.has(other.id)).toBe(true);
    await n2.gateways.remove(other.id);
    await replicate();
    expect(n1.registeredGateways.has(other.id)).toBe(false);
    await n1.gateways.remove(gateway.id);
    expect(n1.registeredGateways.has(gateway.id)).toBe(false);
  });

  it('onQueued fires for a downlink queued through another node', async () => {
    const addr = '26011001' as DevAddr;
    await n2.profiles.create(profile);
    await n2.nodes.create(session(addr));
    const heard: QueuedDownlink[] = [];
    n1.queue.onQueued((item) => heard.push(item));
    const item = await n2.queue.enqueue(addr, { fPort: 2, data: 'AA==', confirmed: false });
    await replicate();
    expect(heard).toEqual([item]);
    expect(await n1.queue.peek(addr)).toEqual(item);
  });
});

function frame(
  i: number,
  devAddr = '26011001',
  gateways = ['aa555a0000000101'],
): Omit<FrameRecord, 'id'> {
  return {
    time: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    dir: 'up',
    devAddr: devAddr as DevAddr,
    devEui: device.id,
    fCnt: i,
    fPort: 1,
    data: '00',
    confirmed: false,
    gateways: gateways.map((g) => ({
      gatewayEui: g as Eui64,
      rssiDbm: -50,
      snrDb: 7,
      timestampUs: i,
      frequencyHz: 868_100_000,
      dataRate: 'SF7BW125',
      server: 'n1',
    })),
    server: 'n1',
  };
}

describe('frames and events logs', () => {
  let store: LnsStore;
  let db: MemoryLevel<string, string>;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = 1_700_000_000_000;
    ({ store, db } = await open('n1', { maxFrames: 10, maxEvents: 3, now: () => nowMs }));
  });

  afterEach(async () => {
    await store.close();
    await db.close();
  });

  it('appendFrame returns the record with a time-sortable id; lists are newest first', async () => {
    const records = [0, 1, 2].map((i) => store.appendFrame(frame(i)));
    expect([...records].map((r) => r.id).sort()).toEqual(records.map((r) => r.id));
    await store.flush();
    const list = await store.frames.list({});
    expect(list.total).toBe(3);
    expect(list.items.map((f) => f.fCnt)).toEqual([2, 1, 0]);
    const oldest = await store.frames.list({ sort: { field: 'time', order: 'ASC' } });
    expect(oldest.items.map((f) => f.fCnt)).toEqual([0, 1, 2]);
    expect(await store.frames.get(records[1]!.id)).toEqual(records[1]);
  });

  it('filters frames by devAddr, devEui and gateway, with the matching total', async () => {
    for (let i = 0; i < 6; i += 1) {
      store.appendFrame(
        frame(i, i % 2 === 0 ? '26011001' : '26011002', i === 3 ? ['aa555a0000000202'] : undefined),
      );
    }
    await store.flush();
    const byAddr = await store.frames.list({
      filter: { devAddr: '26011002' },
      range: { start: 0, end: 1 },
    });
    expect(byAddr.total).toBe(3);
    expect(byAddr.items.map((f) => f.fCnt)).toEqual([5, 3]);
    expect((await store.frames.list({ filter: { devEui: device.id } })).total).toBe(6);
    const byGw = await store.frames.list({ filter: { gateway: 'aa555a0000000202' } });
    expect(byGw.items.map((f) => f.fCnt)).toEqual([3]);
    const both = await store.frames.list({ filter: { devAddr: '26011001', fCnt: 4 } });
    expect(both.items.map((f) => f.fCnt)).toEqual([4]);
    expect(both.total).toBe(1);
    const sorted = await store.frames.list({
      filter: { devAddr: '26011001' },
      sort: { field: 'fCnt', order: 'ASC' },
    });
    expect(sorted.items.map((f) => f.fCnt)).toEqual([0, 2, 4]);
  });

  it('appendEvent stamps the time; events filter by kind, severity and entity', async () => {
    const e = store.appendEvent({
      severity: 'warning',
      kind: 'mic_failed',
      entity: '26011001',
      text: 'bad mic',
    });
    expect(e.time).toBe(new Date(nowMs).toISOString());
    store.appendEvent({ severity: 'info', kind: 'join', entity: device.id, text: 'joined' });
    await store.flush();
    const byKind = await store.events.list({ filter: { kind: 'join' } });
    expect(byKind.items.map((x: EventRecord) => x.text)).toEqual(['joined']);
    expect((await store.events.list({ filter: { severity: 'warning' } })).items).toEqual([e]);
    expect((await store.events.list({ filter: { entity: '26011001' } })).items).toEqual([e]);
  });

  it('trim keeps the newest maxEntries with their index entries', async () => {
    for (let i = 0; i < 25; i += 1) store.appendFrame(frame(i, i < 20 ? '26011001' : '26011002'));
    await store.flush();
    expect(store.frames.size).toBe(25);
    expect(await store.frames.trim()).toBe(15);
    const all = await store.frames.list({});
    expect(all.total).toBe(10);
    expect(all.items.map((f) => f.fCnt)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    const byAddr = await store.frames.list({ filter: { devAddr: '26011001' } });
    expect(byAddr.total).toBe(5);
    expect(await store.db.table('frames_index', { replicated: false }).count()).toBe(30);
    expect(await store.frames.trim()).toBe(0);
  });

  it('trimLogs trims events too, and nothing of the logs is replicated', async () => {
    for (let i = 0; i < 5; i += 1) {
      store.appendEvent({ severity: 'info', kind: 'join', entity: `e${i}`, text: String(i) });
    }
    store.appendFrame(frame(1));
    await store.flush();
    await store.trimLogs();
    const events = await store.events.list({});
    expect(events.items.map((e) => e.text)).toEqual(['4', '3', '2']);
    expect(store.db.oplog.lastSeq).toBe(0);
  });

  it('counts what a reopened database already holds', async () => {
    for (let i = 0; i < 4; i += 1) store.appendFrame(frame(i));
    await store.flush();
    await store.close();
    store = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
    expect(store.frames.size).toBe(4);
    expect((await store.frames.list({ range: { start: 0, end: 0 } })).total).toBe(4);
  });
});

describe('users', () => {
  let store: LnsStore;
  let db: MemoryLevel<string, string>;

  beforeEach(async () => {
    ({ store, db } = await open());
  });

  afterEach(async () => {
    await store.close();
    await db.close();
  });

  it('ensureAdminUser creates admin once with the given password', async () => {
    expect(await ensureAdminUser(store, 'secret-1')).toEqual({ created: true });
    expect(await store.users.get('admin')).toEqual({ id: 'admin', role: 'admin' });
    expect(await store.users.authenticate('admin', 'secret-1')).toEqual({
      id: 'admin',
      role: 'admin',
    });
    expect(await ensureAdminUser(store, 'other')).toEqual({ created: false });
    expect(await store.users.authenticate('admin', 'other')).toBeUndefined();
  });

  it('ensureAdminUser generates and returns a password when none is given', async () => {
    const result = await ensureAdminUser(store);
    expect(result.created).toBe(true);
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await store.users.authenticate('admin', result.generatedPassword!)).toBeDefined();
  });

  it('stores a scrypt hash, never the password, and never lists the hash', async () => {
    await store.users.create({ id: 'ops', role: 'viewer', password: 'pa55word' });
    const raw = await store.db.table<{ passwordHash: string }>('users').get('ops');
    expect(raw?.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(JSON.stringify(raw)).not.toContain('pa55word');
    const listed = await store.users.list({ filter: { q: 'scrypt' } });
    expect(listed.total).toBe(0);
    expect((await store.users.list({})).items).toEqual([{ id: 'ops', role: 'viewer' }]);
  });

  it('authenticate refuses a wrong password and an unknown user', async () => {
    await store.users.create({ id: 'ops', role: 'viewer', password: 'pa55word' });
    expect(await store.users.authenticate('ops', 'wrong')).toBeUndefined();
    expect(await store.users.authenticate('nobody', 'pa55word')).toBeUndefined();
  });

  it('update keeps the password unless given one', async () => {
    await store.users.create({ id: 'ops', role: 'viewer', password: 'password-one' });
    await store.users.update('ops', { role: 'admin' });
    expect(await store.users.authenticate('ops', 'password-one')).toEqual({
      id: 'ops',
      role: 'admin',
    });
    await store.users.update('ops', { password: 'password-two' });
    expect(await store.users.authenticate('ops', 'password-two')).toEqual({
      id: 'ops',
      role: 'admin',
    });
  });

  it('refuses a password the policy does not allow, on create and update (STORE_WEAK_PASSWORD)', async () => {
    const short = await rejection(
      store.users.create({ id: 'ops', role: 'viewer', password: '7chars!' }),
    );
    expect(short.code).toBe('STORE_WEAK_PASSWORD');
    expect(short.message).toBe('password must be at least 8 characters long');
    expect(await store.users.get('ops')).toBeUndefined();
    await store.users.create({ id: 'ops', role: 'viewer', password: '8 chars!' });
    expect((await rejection(store.users.update('ops', { password: 'x' }))).code).toBe(
      'STORE_WEAK_PASSWORD',
    );
    const long = await rejection(store.users.update('ops', { password: 'x'.repeat(1025) }));
    expect(long.message).toBe('password must be at most 1024 characters long');
    // Characters, not bytes or UTF-16 units: 8 emoji are 8 characters.
    await store.users.update('ops', { password: '🔑'.repeat(8) });
    expect(await store.users.authenticate('ops', '🔑'.repeat(8))).toBeDefined();
  });

  it('the last admin can be neither deleted nor demoted (STORE_LAST_ADMIN)', async () => {
    await ensureAdminUser(store, 'first-admin');
    expect((await rejection(store.users.remove('admin'))).code).toBe('STORE_LAST_ADMIN');
    expect((await rejection(store.users.update('admin', { role: 'viewer' }))).code).toBe(
      'STORE_LAST_ADMIN',
    );
    await store.users.create({ id: 'second', role: 'admin', password: 'second-admin' });
    expect(await store.users.remove('admin')).toEqual({ id: 'admin', role: 'admin' });
  });
});

describe('openLnsStore', () => {
  it('refuses options naming no database or two', async () => {
    const err = await rejection(openLnsStore({ nodeId: 'n1', log }));
    expect(err.code).toBe('STORE_INVALID_OPTIONS');
    const db = new MemoryLevel<string, string>();
    const two = await rejection(openLnsStore({ nodeId: 'n1', log, db, location: '/tmp/x' }));
    expect(two.code).toBe('STORE_INVALID_OPTIONS');
  });

  it('keeps sessions written through the port', async () => {
    const { store, db } = await open();
    const s: NodeSession = session('26011001');
    await store.ports.sessions.putSession(s);
    expect(await store.nodes.get(s.id)).toEqual(s);
    await store.close();
    await db.close();
  });
});
