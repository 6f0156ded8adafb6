// Long on purpose: one table-like block per REST resource over one shared harness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueuedDownlink } from '../ns/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { createHarness, deviceBody, nodeBody, profileBody } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});

afterEach(async () => {
  await h.close();
});

async function post(url: string, payload: object): Promise<{ status: number; body: unknown }> {
  const res = await h.call({ method: 'POST', url, payload });
  return { status: res.statusCode, body: res.json() };
}

async function put(url: string, payload: object): Promise<{ status: number; body: unknown }> {
  const res = await h.call({ method: 'PUT', url, payload });
  return { status: res.statusCode, body: res.json() };
}

async function get(url: string): Promise<{ status: number; body: unknown; range?: string }> {
  const res = await h.call({ url });
  return {
    status: res.statusCode,
    body: res.json(),
    range: res.headers['content-range'] as string,
  };
}

async function del(url: string): Promise<{ status: number; body: unknown }> {
  const res = await h.call({ method: 'DELETE', url });
  return { status: res.statusCode, body: res.json() };
}

describe('profiles', () => {
  it('POST fills in the region defaults and answers 201 with the record', async () => {
    const res = await post('/api/profiles', { id: 'eu-a' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: 'eu-a',
      name: 'eu-a',
      region: 'EU868',
      macVersion: '1.0.3',
      deviceClass: 'A',
      adr: true,
      rx1Delay: 1,
      rx1DrOffset: 0,
      rx2Dr: 0,
      rx2Freq: 869_525_000,
      fcntCheck: 'strict32',
    });
    expect(await h.store.profiles.get('eu-a')).toEqual(res.body);
  });

  it('takes the RX2 defaults of the region given [RP002-1.0.4 §2.5.7]', async () => {
    const res = await post('/api/profiles', { id: 'us', region: 'US915', deviceClass: 'C' });
    expect(res.body).toMatchObject({ region: 'US915', rx2Dr: 8, rx2Freq: 923_300_000 });
  });

  it.each([
    [
      { id: 'p', region: 'XX000' },
      'region must be a region name such as EU868 or US915, not "XX000"',
    ],
    [{ id: 'p', rx1Delay: 16 }, 'rx1Delay must be <= 15'],
    [{ id: 'p', deviceClass: 'B' }, 'deviceClass must be one of A, C'],
    [{ id: 'p', adr: 'maybe' }, 'adr must be boolean'],
    [{ id: 'bad id!' }, 'id must be 1-64 letters, digits or _ . : -'],
    [{ name: 'no id' }, 'id is required'],
  ])('POST %j → 400 naming the field', async (payload, message) => {
    const res = await post('/api/profiles', payload);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_body', message });
  });

  it('POST of an existing id → 409', async () => {
    await post('/api/profiles', profileBody);
    const res = await post('/api/profiles', profileBody);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: 'already_exists', message: 'profile eu-a already exists' });
  });

  it('GET, PUT and DELETE one profile', async () => {
    await post('/api/profiles', profileBody);
    const updated = await put('/api/profiles/eu-a', { id: 'eu-a', rx1Delay: 5, name: 'slow' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'eu-a', rx1Delay: 5, name: 'slow', adr: true });
    const removed = await del('/api/profiles/eu-a');
    expect(removed).toEqual({ status: 200, body: updated.body });
    expect(await get('/api/profiles/eu-a')).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'profile eu-a does not exist' },
    });
  });

  it.each([
    ['POST', { ...profileBody, colour: 'red' }, 'colour is not a known field'],
    ['POST', { ...profileBody, rx1delay: 5 }, 'rx1delay is not a known field'],
    ['POST', { ...profileBody, rx1Delay: true }, 'rx1Delay must be integer'],
    ['POST', { ...profileBody, rx1Delay: '5' }, 'rx1Delay must be integer'],
    ['POST', { ...profileBody, name: 123 }, 'name must be string'],
    ['POST', { ...profileBody, adr: 'true' }, 'adr must be boolean'],
    ['PUT', { rx1Delay: true }, 'rx1Delay must be integer'],
    ['PUT', { name: 123 }, 'name must be string'],
    ['PUT', { rx1Dealy: 3 }, 'rx1Dealy is not a known field'],
  ])('%s %j → 400 naming the field: no coercion, no silent drop', async (method, body, message) => {
    if (method === 'PUT') await post('/api/profiles', profileBody);
    const before = await h.store.profiles.get('eu-a');
    const res =
      method === 'POST' ? await post('/api/profiles', body) : await put('/api/profiles/eu-a', body);
    expect(res).toEqual({ status: 400, body: { error: 'invalid_body', message } });
    expect(await h.store.profiles.get('eu-a')).toEqual(before);
  });

  it('PUT cannot change the id', async () => {
    await post('/api/profiles', profileBody);
    const res = await put('/api/profiles/eu-a', { id: 'other' });
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'invalid_body',
        message: 'id cannot be changed: the path names eu-a, the body other',
      },
    });
  });

  it('PUT and DELETE of an unknown id → 404', async () => {
    expect((await put('/api/profiles/nope', { name: 'x' })).status).toBe(404);
    expect((await del('/api/profiles/nope')).body).toEqual({
      error: 'not_found',
      message: 'profile nope does not exist',
    });
  });

  it('DELETE of a profile devices use → 409', async () => {
    await post('/api/profiles', profileBody);
    await post('/api/devices', deviceBody);
    const res = await del('/api/profiles/eu-a');
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: 'in_use',
      message: 'profile eu-a is used by device 70b3d57ed0000001; change or delete it first',
    });
  });
});

describe('devices', () => {
  beforeEach(async () => {
    await post('/api/profiles', profileBody);
  });

  it('POST normalises EUIs and keys to lowercase hex without separators', async () => {
    const res = await post('/api/devices', deviceBody);
    const stored = {
      id: '70b3d57ed0000001',
      name: 'sensor 1',
      joinEui: '70b3d57ed0000000',
      appKey: '2b7e151628aed2a6abf7158809cf4f3c',
      profileId: 'eu-a',
    };
    expect(res).toEqual({ status: 201, body: { ...stored, appKey: '********' } });
    expect(await h.store.devices.get('70b3d57ed0000001')).toEqual(stored);
    expect((await get('/api/devices/70:B3:D5:7E:D0:00:00:01')).body).toEqual(res.body);
    expect((await get('/api/devices/70:B3:D5:7E:D0:00:00:01?reveal=true')).body).toEqual(stored);
  });

  it.each([
    [{ ...deviceBody, appKey: 'abc' }, 'appKey must be a 128-bit key: 32 hex digits'],
    [
      { ...deviceBody, id: '70b3d57ed00000' },
      'id must be a 64-bit EUI: 16 hex digits, optionally separated by : or -',
    ],
    [
      { ...deviceBody, joinEui: 'zz' },
      'joinEui must be a 64-bit EUI: 16 hex digits, optionally separated by : or -',
    ],
  ])('POST with a bad field → 400 naming it (%#)', async (payload, message) => {
    expect(await post('/api/devices', payload)).toEqual({
      status: 400,
      body: { error: 'invalid_body', message },
    });
  });

  it('POST with an unknown profileId → 422 naming the field', async () => {
    const res = await post('/api/devices', { ...deviceBody, profileId: 'nope' });
    expect(res).toEqual({
      status: 422,
      body: { error: 'reference_missing', message: 'profileId: profile nope does not exist' },
    });
  });

  it('POST of an existing DevEUI in another spelling → 409', async () => {
    await post('/api/devices', deviceBody);
    const res = await post('/api/devices', { ...deviceBody, id: '70b3d57ed0000001' });
    expect(res.status).toBe(409);
  });

  it('a path id that is no EUI → 400', async () => {
    expect(await get('/api/devices/xyz')).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_id',
        message: 'device id must be a 64-bit EUI: 16 hex digits, optionally separated by : or -',
      },
    });
  });

  it('PUT keeps devAddr and lastJoin (written by joins only)', async () => {
    await post('/api/devices', deviceBody);
    await h.store.devices.update('70b3d57ed0000001', (d) => ({
      ...d,
      devAddr: '26011001' as DevAddr,
      lastJoin: '2024-01-01T00:00:00.000Z',
    }));
    const refused = await put('/api/devices/70b3d57ed0000001', {
      ...deviceBody,
      devAddr: 'ffffffff',
    });
    expect(refused).toEqual({
      status: 400,
      body: { error: 'invalid_body', message: 'devAddr is not a known field' },
    });
    const res = await put('/api/devices/70b3d57ed0000001', {
      ...deviceBody,
      name: 'renamed',
      appKey: '00'.repeat(16),
    });
    expect(res.body).toMatchObject({
      name: 'renamed',
      devAddr: '26011001',
      lastJoin: '2024-01-01T00:00:00.000Z',
    });
    expect((await h.store.devices.get('70b3d57ed0000001'))?.appKey).toBe('00'.repeat(16));
  });
});

describe('gateways', () => {
  it('POST, then GET merges this node’s live view of the gateway', async () => {
    const res = await post('/api/gateways', {
      id: 'AA555A0000000101',
      name: 'roof',
      location: { lat: 52.1, lon: 4.3 },
    });
    expect(res.body).toEqual({
      id: 'aa555a0000000101',
      name: 'roof',
      location: { lat: 52.1, lon: 4.3, alt: 0 },
      txRfChain: 0,
    });
    h.live.push({ gatewayEui: 'aa555a0000000101', lastSeen: '2024-05-01T10:00:00.000Z' });
    expect((await get('/api/gateways/aa555a0000000101')).body).toMatchObject({
      lastSeen: '2024-05-01T10:00:00.000Z',
      server: 'n1',
    });
    const list = await get('/api/gateways?filter={"server":"n1"}');
    expect(list.body).toHaveLength(1);
  });

  it('region: a region name or null (the node default); anything else → 400 naming it', async () => {
    const res = await post('/api/gateways', { id: 'aa555a0000000102', region: 'US915' });
    expect(res).toMatchObject({ status: 201, body: { region: 'US915' } });
    expect((await get('/api/gateways/aa555a0000000102')).body).toMatchObject({ region: 'US915' });
    // A PUT without region keeps it; a name replaces it; null clears it.
    expect((await put('/api/gateways/aa555a0000000102', { name: 'x' })).body).toMatchObject({
      name: 'x',
      region: 'US915',
    });
    expect((await put('/api/gateways/aa555a0000000102', { region: 'AS923-2' })).body).toMatchObject(
      { region: 'AS923-2' },
    );
    const cleared = await put('/api/gateways/aa555a0000000102', { region: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('region');
    expect((await get('/api/gateways/aa555a0000000102')).body).not.toHaveProperty('region');
    expect(await post('/api/gateways', { id: 'aa555a0000000103', region: null })).toMatchObject({
      status: 201,
    });

    for (const bad of ['XX000', 'us915', 'AS923-1', 'toString']) {
      expect(await post('/api/gateways', { id: 'aa555a0000000104', region: bad })).toEqual({
        status: 400,
        body: {
          error: 'invalid_body',
          message: `region must be a region name such as EU868 or US915, not "${bad}"`,
        },
      });
    }
    expect((await put('/api/gateways/aa555a0000000102', { region: 915 })).status).toBe(400);
    expect((await get('/api/gateways/aa555a0000000104')).status).toBe(404);
  });

  it('location out of range → 400', async () => {
    const res = await post('/api/gateways', {
      id: 'aa555a0000000101',
      location: { lat: 91, lon: 0 },
    });
    expect(res).toEqual({
      status: 400,
      body: { error: 'invalid_body', message: 'location.lat must be <= 90' },
    });
  });
});

describe('list dialect', () => {
  beforeEach(async () => {
    for (let i = 0; i < 30; i += 1) {
      const id = `aa555a00000001${i.toString(16).padStart(2, '0')}`;
      await h.store.gateways.create({
        id: id as Eui64,
        name: i % 3 === 0 ? `North ${i}` : `south ${i}`,
        txRfChain: i % 2,
      });
    }
  });

  it('range pages and Content-Range gives first-last/total', async () => {
    const res = await get('/api/gateways?range=[0,24]');
    expect(res.range).toBe('gateways 0-24/30');
    expect(res.body).toHaveLength(25);
    const tail = await get('/api/gateways?range=[25,49]');
    expect(tail.range).toBe('gateways 25-29/30');
    expect((tail.body as { id: string }[])[0]!.id).toBe('aa555a0000000119');
  });

  it('an empty page says */total', async () => {
    const res = await get('/api/gateways?range=[40,49]');
    expect(res.body).toEqual([]);
    expect(res.range).toBe('gateways */30');
  });

  it('sort by any field, both ways', async () => {
    const res = await get('/api/gateways?sort=["name","DESC"]&range=[0,1]');
    expect((res.body as { name: string }[]).map((g) => g.name)).toEqual(['south 8', 'south 7']);
    const asc = await get('/api/gateways?sort=["id","DESC"]&range=[0,0]');
    expect((asc.body as { id: string }[])[0]!.id).toBe('aa555a000000011d');
  });

  it('filter by exact value, q and an array of ids (getMany)', async () => {
    const exact = await get('/api/gateways?filter={"txRfChain":1}&range=[0,4]');
    expect(exact.range).toBe('gateways 0-4/15');
    const q = await get(`/api/gateways?filter=${encodeURIComponent('{"q":"north"}')}`);
    expect(q.range).toBe('gateways 0-9/10');
    const ids = await get(
      `/api/gateways?filter=${encodeURIComponent('{"id":["AA:55:5A:00:00:00:01:02","aa555a0000000105"]}')}`,
    );
    expect((ids.body as { id: string }[]).map((g) => g.id)).toEqual([
      'aa555a0000000102',
      'aa555a0000000105',
    ]);
  });

  it.each([
    ['sort=name', 'sort must be JSON like ["name","ASC"], got name'],
    [
      'sort=["name","UP"]',
      'sort must be [field, "ASC" or "DESC"] like ["name","ASC"], got ["name","UP"]',
    ],
    ['range=[5,2]', 'range must be [first, last] with 0 <= first <= last like [0,24], got [5,2]'],
    ['range=[0,5000]', 'range may span at most 1000 records'],
    ['filter=[1]', 'filter must be a JSON object like {"name":"x"}, got [1]'],
    ['filter={bad', 'filter must be JSON like {"name":"x"}, got {bad'],
  ])('%s → 400 with a message a person can act on', async (qs, message) => {
    const res = await get(`/api/gateways?${qs}`);
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_query', message } });
  });
});

describe('nodes and their queue', () => {
  beforeEach(async () => {
    await post('/api/profiles', profileBody);
  });

  it('POST makes an ABP node with normalised DevAddr and keys', async () => {
    const res = await post('/api/nodes', { ...nodeBody, devEui: '70-b3-d5-7e-d0-00-00-01' });
    const stored = {
      id: '26011001',
      devEui: '70b3d57ed0000001',
      profileId: 'eu-a',
      nwkSKey: '00112233445566778899aabbccddeeff',
      appSKey: 'ffeeddccbbaa99887766554433221100',
      fCntDown: 0,
    };
    expect(res).toEqual({
      status: 201,
      body: { ...stored, nwkSKey: '********', appSKey: '********' },
    });
    expect(await h.store.ports.sessions.getSession('26011001' as DevAddr)).toEqual(stored);
  });

  it('POST with a DevAddr in use → 409, with a bad DevAddr → 400', async () => {
    await post('/api/nodes', nodeBody);
    expect((await post('/api/nodes', nodeBody)).status).toBe(409);
    expect(await post('/api/nodes', { ...nodeBody, id: '123' })).toEqual({
      status: 400,
      body: {
        error: 'invalid_body',
        message: 'id must be a DevAddr: 8 hex digits, optionally separated by : or -',
      },
    });
  });

  it('PUT changes counters and keys but keeps traffic-derived state', async () => {
    await post('/api/nodes', { ...nodeBody, fCntUp: 10 });
    await h.store.ports.sessions.putSession({
      ...(await h.store.nodes.get('26011001'))!,
      battery: 200,
    });
    expect((await put('/api/nodes/26011001', { fCntDown: 7, battery: 1 })).body).toEqual({
      error: 'invalid_body',
      message: 'battery is not a known field',
    });
    const res = await put('/api/nodes/26011001', { fCntDown: 7 });
    expect(res.body).toMatchObject({ fCntDown: 7, fCntUp: 10, battery: 200 });
    const cleared = await put('/api/nodes/26011001', { fCntUp: null, devEui: '' });
    expect(cleared.body).not.toHaveProperty('fCntUp');
    expect(cleared.body).not.toHaveProperty('devEui');
  });

  it('queue POST answers 201 with the item and fires onQueued; GET lists it', async () => {
    await post('/api/nodes', nodeBody);
    const heard: QueuedDownlink[] = [];
    h.store.queue.onQueued((item) => heard.push(item));
    const res = await post('/api/nodes/26011001/queue', {
      fPort: 2,
      data: 'AQID',
      confirmed: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      devAddr: '26011001',
      fPort: 2,
      data: 'AQID',
      confirmed: true,
    });
    expect(heard).toEqual([res.body]);
    await post('/api/nodes/26:01:10:01/queue', { fPort: 3, data: '' });
    const list = await get('/api/nodes/26011001/queue');
    expect(list.range).toBe('queue 0-1/2');
    expect((list.body as QueuedDownlink[]).map((i) => [i.fPort, i.confirmed])).toEqual([
      [2, true],
      [3, false],
    ]);
    const removed = await del(`/api/nodes/26011001/queue/${(res.body as QueuedDownlink).id}`);
    expect(removed.body).toEqual(res.body);
    expect(await h.store.queue.count('26011001' as DevAddr)).toBe(1);
  });

  it.each([
    [{ fPort: 0, data: '' }, 'fPort must be >= 1'],
    [{ fPort: 224, data: '' }, 'fPort must be <= 223'],
    [{ fPort: 1, data: 'not base64!' }, 'data must be base64 of at most 242 bytes'],
    [
      { fPort: 1, data: Buffer.alloc(243).toString('base64') },
      'data must be base64 of at most 242 bytes',
    ],
    [{ data: 'AA==' }, 'fPort is required'],
  ])('queue POST %j → 400', async (payload, message) => {
    await post('/api/nodes', nodeBody);
    expect(await post('/api/nodes/26011001/queue', payload)).toEqual({
      status: 400,
      body: { error: 'invalid_body', message },
    });
  });

  it('queue POST and GET for an unknown node → 404', async () => {
    const notFound = { error: 'not_found', message: 'node 26011009 does not exist' };
    expect(await post('/api/nodes/26011009/queue', { fPort: 1, data: '' })).toEqual({
      status: 404,
      body: notFound,
    });
    expect(await get('/api/nodes/26011009/queue')).toMatchObject({ status: 404, body: notFound });
  });
});

describe('users', () => {
  it('POST hashes the password and never returns it', async () => {
    const res = await post('/api/users', { id: 'ops', password: 'long-password', role: 'viewer' });
    expect(res).toEqual({ status: 201, body: { id: 'ops', role: 'viewer' } });
    const list = await h.call({ url: '/api/users' });
    expect(list.body).not.toContain('password');
    expect(list.body).not.toContain('scrypt');
    expect((await get('/api/users/ops')).body).toEqual({ id: 'ops', role: 'viewer' });
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'ops', password: 'long-password' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('one password policy: POST and PUT refuse a short password alike', async () => {
    const tooShort = {
      status: 400,
      body: { error: 'invalid_body', message: 'password must NOT have fewer than 8 characters' },
    };
    expect(await post('/api/users', { id: 'ops', password: 'short', role: 'viewer' })).toEqual(
      tooShort,
    );
    await post('/api/users', { id: 'ops', password: 'long-password', role: 'viewer' });
    for (const password of ['a', '', '7 chars']) {
      expect(await put('/api/users/ops', { password })).toEqual(tooShort);
    }
    expect(await h.store.users.authenticate('ops', 'long-password')).toBeDefined();
    // No password: the current one stays.
    const res = await put('/api/users/ops', { id: 'ops', role: 'admin' });
    expect(res.body).toEqual({ id: 'ops', role: 'admin' });
    expect(await h.store.users.authenticate('ops', 'long-password')).toBeDefined();
  });

  it('the last admin cannot be deleted → 409', async () => {
    expect(await del('/api/users/admin')).toEqual({
      status: 409,
      body: {
        error: 'last_admin',
        message: 'user admin is the last admin; make another user admin first',
      },
    });
  });
});

describe('integrations', () => {
  it('POST defaults to every event type, enabled', async () => {
    const res = await post('/api/integrations', {
      id: 'app',
      type: 'http',
      url: 'https://example.com/hook',
      headers: { authorization: 'Bearer x' },
    });
    expect(res).toEqual({
      status: 201,
      body: {
        id: 'app',
        type: 'http',
        url: 'https://example.com/hook',
        headers: { authorization: '********' },
        events: ['up', 'join', 'ack', 'status', 'error'],
        enabled: true,
      },
    });
    const off = await put('/api/integrations/app', { enabled: false, events: ['up'] });
    expect(off.body).toMatchObject({ enabled: false, events: ['up'] });
    // A tab is allowed inside a value (RFC 9110 §5.5); a PUT is checked like a POST.
    const tab = await put('/api/integrations/app', { headers: { 'X-T': 'a\tb' } });
    expect(tab.status).toBe(200);
    const crlf = await put('/api/integrations/app', { headers: { 'X-T': 'a\r\nb' } });
    expect(crlf.status).toBe(400);
  });

  it.each([
    [
      { id: 'm', type: 'mqtt', url: 'http://broker' },
      'url must be an absolute mqtt or mqtts or ws or wss URL for a mqtt integration',
    ],
    [
      { id: 'h', type: 'http', url: 'nope' },
      'url must be an absolute http or https URL for a http integration',
    ],
    [{ id: 'h', type: 'smtp', url: 'x' }, 'type must be one of http, mqtt'],
    [
      { id: 'h', type: 'http', url: 'http://x', events: ['down'] },
      'events.0 must be one of up, join, ack, status, error',
    ],
    [
      { id: 'h', type: 'http', url: 'http://x', headers: { 'X-A': 'v\r\nX-Injected: 1' } },
      'headers.X-A must not contain control characters (CR, LF, NUL…)',
    ],
    [
      { id: 'h', type: 'http', url: 'http://x', headers: { 'X-A': 'v\nw' } },
      'headers.X-A must not contain control characters (CR, LF, NUL…)',
    ],
    [
      { id: 'h', type: 'http', url: 'http://x', headers: { 'X-A': 'v\u0000' } },
      'headers.X-A must not contain control characters (CR, LF, NUL…)',
    ],
    [
      { id: 'h', type: 'http', url: 'http://x', headers: { 'X-A\r\nX-B': 'v' } },
      `headers: "X-A\\r\\nX-B" is not an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`,
    ],
    [
      { id: 'h', type: 'http', url: 'http://x', headers: { 'X A': 'v' } },
      `headers: "X A" is not an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`,
    ],
  ])('POST %j → 400', async (payload, message) => {
    expect(await post('/api/integrations', payload)).toEqual({
      status: 400,
      body: { error: 'invalid_body', message },
    });
  });
});

describe('errors', () => {
  it('an unknown route → 404 JSON', async () => {
    expect(await get('/api/nothing')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'no route GET /api/nothing' },
      range: undefined,
    });
  });

  it('a body that is not JSON → 400', async () => {
    const res = await h.call({
      method: 'POST',
      url: '/api/profiles',
      headers: { 'content-type': 'application/json' },
      payload: '{"id":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: string }>().error).toBe('invalid_body');
  });

  it('a closed database → 503 without internals', async () => {
    await h.store.db.close();
    const res = await h.call({ url: '/api/profiles' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: 'unavailable',
      message: 'database unavailable; try again or another node',
    });
  });
});
