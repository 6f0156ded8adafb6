/**
 * The gateway fields the Basics Station side adds: the stored `stationToken` (written on
 * POST/PUT, removed with null) and the live `protocol` / `connected`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function call(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: Record<string, unknown>,
) {
  const res = await h.call({ method, url, ...(payload === undefined ? {} : { payload }) });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

describe('gateway stationToken', () => {
  it('is stored on POST, replaced and removed (null) on PUT', async () => {
    expect(
      (await call('POST', '/api/gateways', { id: 'b827ebfffe6151ad', stationToken: 'tok en-1' }))
        .status,
    ).toBe(201);
    expect((await h.store.gateways.get('b827ebfffe6151ad'))?.stationToken).toBe('tok en-1');
    await call('PUT', '/api/gateways/b827ebfffe6151ad', { name: 'renamed' });
    expect((await h.store.gateways.get('b827ebfffe6151ad'))?.stationToken).toBe('tok en-1');
    await call('PUT', '/api/gateways/b827ebfffe6151ad', { stationToken: 'tok-2' });
    expect((await h.store.gateways.get('b827ebfffe6151ad'))?.stationToken).toBe('tok-2');
    await call('PUT', '/api/gateways/b827ebfffe6151ad', { stationToken: null });
    const stored = await h.store.gateways.get('b827ebfffe6151ad');
    expect(stored).toBeDefined();
    expect(stored).not.toHaveProperty('stationToken');
  });

  it.each([[''], ['line\nbreak'], [' padded'], ['x'.repeat(513)]])(
    'refuses %j with a 400 naming stationToken',
    async (stationToken) => {
      const res = await call('POST', '/api/gateways', { id: 'b827ebfffe6151ad', stationToken });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('stationToken');
    },
  );
});

describe('gateway protocol and connected', () => {
  it('come from the live entries; a gateway never seen is not connected', async () => {
    await call('POST', '/api/gateways', { id: 'b827ebfffe6151ad' });
    await call('POST', '/api/gateways', { id: 'aa555a0000000001' });
    h.live.push({
      gatewayEui: 'b827ebfffe6151ad',
      lastSeen: '2026-01-01T00:00:00.000Z',
      server: 'n2',
      protocol: 'basics-station',
      connected: true,
    });
    expect((await call('GET', '/api/gateways/b827ebfffe6151ad')).body).toMatchObject({
      protocol: 'basics-station',
      connected: true,
      server: 'n2',
    });
    const never = (await call('GET', '/api/gateways/aa555a0000000001')).body;
    expect(never.connected).toBe(false);
    expect(never).not.toHaveProperty('protocol');
  });
});
