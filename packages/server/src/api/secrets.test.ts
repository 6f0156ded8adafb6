/**
 * Secrets in REST reads (CONTRACTS, issue 12): NwkSKey, AppSKey, AppKey and integration header
 * values are masked in every read, for every role; an admin reveals one record with
 * `?reveal=true` (audited), a viewer may not; a write carrying the mask back keeps the secret.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_MASK, maskSecrets, secretFields, unmaskSecrets } from './secrets.js';
import { createHarness, deviceBody, nodeBody, profileBody } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const APP_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
const NWK_S_KEY = '00112233445566778899aabbccddeeff';
const APP_S_KEY = 'ffeeddccbbaa99887766554433221100';
const AUTH = 'Bearer integration-secret-0123';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
  await h.call({ method: 'POST', url: '/api/profiles', payload: profileBody });
  await h.call({ method: 'POST', url: '/api/devices', payload: deviceBody });
  await h.call({ method: 'POST', url: '/api/nodes', payload: nodeBody });
  await h.call({
    method: 'POST',
    url: '/api/integrations',
    payload: {
      id: 'hook',
      type: 'http',
      url: 'https://example.com/hook',
      headers: { Authorization: AUTH, 'X-Tenant': 'blue' },
    },
  });
});

afterEach(async () => {
  await h.close();
});

const secretsOf = [APP_KEY, NWK_S_KEY, APP_S_KEY, AUTH, 'blue'];

/** Every read a client can make of the three resources. */
const reads = [
  '/api/devices',
  '/api/devices/70b3d57ed0000001',
  '/api/nodes',
  '/api/nodes/26011001',
  '/api/integrations',
  '/api/integrations/hook',
];

describe('masking', () => {
  it.each(['admin', 'viewer'])('no read of a %s shows a secret in plain text', async (role) => {
    const authorization = role === 'admin' ? h.adminAuth : h.viewerAuth;
    for (const url of reads) {
      const res = await h.call({ url, headers: { authorization } });
      expect(res.statusCode, url).toBe(200);
      for (const secret of secretsOf) expect(res.body, url).not.toContain(secret);
    }
    const device = await h.call({
      url: '/api/devices/70b3d57ed0000001',
      headers: { authorization },
    });
    expect(device.json()).toMatchObject({ appKey: SECRET_MASK, joinEui: '70b3d57ed0000000' });
    const node = await h.call({ url: '/api/nodes/26011001', headers: { authorization } });
    expect(node.json()).toMatchObject({ nwkSKey: SECRET_MASK, appSKey: SECRET_MASK });
    const hook = await h.call({ url: '/api/integrations/hook', headers: { authorization } });
    expect(hook.json()).toMatchObject({
      headers: { Authorization: SECRET_MASK, 'X-Tenant': SECRET_MASK },
    });
  });

  it('lists cannot search, filter or sort by a secret (no oracle for a key, digit by digit)', async () => {
    for (const authorization of [h.adminAuth, h.viewerAuth]) {
      for (const [url, needle] of [
        ['/api/devices', APP_KEY.slice(0, 6)],
        ['/api/nodes', NWK_S_KEY.slice(0, 6)],
        ['/api/nodes', APP_S_KEY.slice(0, 6)],
        ['/api/integrations', 'integration-secret'],
        ['/api/integrations', 'blue'],
      ] as const) {
        const res = await h.call({
          url: `${url}?filter=${encodeURIComponent(JSON.stringify({ q: needle }))}`,
          headers: { authorization },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json(), `${url} q=${needle}`).toEqual([]);
      }
      // Other fields are still searched.
      const named = await h.call({
        url: '/api/devices?filter={"q":"sensor"}',
        headers: { authorization },
      });
      expect(named.json()).toHaveLength(1);
      for (const url of [
        `/api/devices?filter=${encodeURIComponent(JSON.stringify({ appKey: APP_KEY }))}`,
        `/api/nodes?sort=${encodeURIComponent('["nwkSKey","ASC"]')}`,
        `/api/integrations?filter=${encodeURIComponent('{"headers.Authorization":"x"}')}`,
        `/api/integrations?sort=${encodeURIComponent('["headers.Authorization","DESC"]')}`,
      ]) {
        const res = await h.call({ url, headers: { authorization } });
        expect(res.statusCode, url).toBe(400);
        expect(res.json<{ message: string }>().message).toMatch(/is secret: lists cannot/);
      }
    }
  });

  it('write replies and delete replies are masked too', async () => {
    const put = await h.call({
      method: 'PUT',
      url: '/api/devices/70b3d57ed0000001',
      payload: { name: 'renamed' },
    });
    expect(put.json()).toMatchObject({ name: 'renamed', appKey: SECRET_MASK });
    const del = await h.call({ method: 'DELETE', url: '/api/nodes/26011001' });
    expect(del.json()).toMatchObject({ nwkSKey: SECRET_MASK, appSKey: SECRET_MASK });
  });
});

describe('reveal', () => {
  it('an admin reads one record in plain text with ?reveal=true, and it is audited', async () => {
    const device = await h.call({ url: '/api/devices/70b3d57ed0000001?reveal=true' });
    expect(device.json()).toMatchObject({ appKey: APP_KEY });
    const node = await h.call({ url: '/api/nodes/26011001?reveal=true' });
    expect(node.json()).toMatchObject({ nwkSKey: NWK_S_KEY, appSKey: APP_S_KEY });
    const hook = await h.call({ url: '/api/integrations/hook?reveal=true' });
    expect(hook.json()).toMatchObject({ headers: { Authorization: AUTH, 'X-Tenant': 'blue' } });
    await h.store.flush();
    const audit = (await h.store.events.list({ filter: { kind: 'audit' } })).items;
    expect(audit.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'admin revealed the secrets of device 70b3d57ed0000001',
        'admin revealed the secrets of node 26011001',
        'admin revealed the secrets of integration hook',
      ]),
    );
  });

  it('a viewer asking to reveal gets 403 and no secret', async () => {
    for (const url of [
      '/api/devices/70b3d57ed0000001',
      '/api/nodes/26011001',
      '/api/integrations/hook',
    ]) {
      const res = await h.call({
        url: `${url}?reveal=true`,
        headers: { authorization: h.viewerAuth },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        error: 'forbidden',
        message: 'user viewer may not reveal secrets (role viewer)',
      });
      for (const secret of secretsOf) expect(res.body).not.toContain(secret);
    }
  });

  it('reveal is not a list parameter and a bad value is a 400', async () => {
    const bad = await h.call({ url: '/api/devices/70b3d57ed0000001?reveal=yes' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('writes that carry the mask back', () => {
  it('a form saved unchanged keeps every secret', async () => {
    const device = (await h.call({ url: '/api/devices/70b3d57ed0000001' })).json<object>();
    const saved = await h.call({
      method: 'PUT',
      url: '/api/devices/70b3d57ed0000001',
      payload: { ...device, name: 'renamed' },
    });
    expect(saved.statusCode).toBe(200);
    expect(await h.store.devices.get('70b3d57ed0000001')).toMatchObject({
      name: 'renamed',
      appKey: APP_KEY,
    });

    const node = await h.call({
      method: 'PUT',
      url: '/api/nodes/26011001',
      payload: { nwkSKey: SECRET_MASK, appSKey: SECRET_MASK, fCntDown: 3 },
    });
    expect(node.statusCode).toBe(200);
    expect(await h.store.nodes.get('26011001')).toMatchObject({
      nwkSKey: NWK_S_KEY,
      appSKey: APP_S_KEY,
      fCntDown: 3,
    });
  });

  it('header values: the masked ones stay, a changed one changes, a new one is added, a left-out one goes', async () => {
    const res = await h.call({
      method: 'PUT',
      url: '/api/integrations/hook',
      payload: { headers: { Authorization: SECRET_MASK, 'X-New': 'v2' } },
    });
    expect(res.statusCode).toBe(200);
    expect((await h.store.integrations.get('hook'))?.headers).toEqual({
      Authorization: AUTH,
      'X-New': 'v2',
    });
  });

  it('a mask with nothing stored behind it is a 400 naming the field', async () => {
    const post = await h.call({
      method: 'POST',
      url: '/api/devices',
      payload: { ...deviceBody, id: '70b3d57ed0000002', appKey: SECRET_MASK },
    });
    expect(post.statusCode).toBe(400);
    expect(post.json()).toEqual({
      error: 'invalid_body',
      message: 'appKey is the mask ******** but no secret is stored to keep; send the value itself',
    });
    const put = await h.call({
      method: 'PUT',
      url: '/api/integrations/hook',
      payload: { headers: { 'X-Other': SECRET_MASK } },
    });
    expect(put.json<{ message: string }>().message).toBe(
      'headers.X-Other is the mask ******** but no secret is stored to keep; send the value itself',
    );
  });

  it('a PUT of a record that does not exist is a 404, mask or not', async () => {
    const res = await h.call({
      method: 'PUT',
      url: '/api/devices/70b3d57ed00000ff',
      payload: { appKey: SECRET_MASK },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('the list of secret fields', () => {
  it('is the one CONTRACTS names, including the gateway stationToken', () => {
    expect(secretFields).toEqual({
      nodes: ['nwkSKey', 'appSKey'],
      devices: ['appKey'],
      integrations: ['headers.*'],
      gateways: ['stationToken'],
    });
  });

  it('masks a gateway stationToken like a key, and leaves absent or empty secrets alone', () => {
    expect(maskSecrets('gateways', { id: 'g', stationToken: 'tok' })).toEqual({
      id: 'g',
      stationToken: SECRET_MASK,
    });
    expect(maskSecrets('gateways', { id: 'g' })).toEqual({ id: 'g' });
    expect(maskSecrets('integrations', { id: 'i', headers: { A: '' } })).toEqual({
      id: 'i',
      headers: { A: '' },
    });
    expect(
      unmaskSecrets('gateways', { stationToken: SECRET_MASK }, { stationToken: 'tok' }),
    ).toEqual({
      stationToken: 'tok',
    });
  });
});
