/**
 * SPEC "HTTP": each resource's id is 1-64 characters of [A-Za-z0-9_.:-], not `.` or `..`, and
 * no name of Object.prototype; sort and filter fields named after Object.prototype members are
 * a 400 too (they answered 500, "accessor is not a function", before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, deviceBody, nodeBody, profileBody } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await h.call({ method: 'POST', url: '/api/profiles', payload: profileBody });
});

afterAll(async () => {
  await h.close();
});

const badIds: [string, string][] = [
  ['.', 'id cannot be . or ..'],
  ['..', 'id cannot be . or ..'],
  ['__proto__', 'id cannot be __proto__: names of Object.prototype are reserved'],
  ['constructor', 'id cannot be constructor: names of Object.prototype are reserved'],
  ['hasOwnProperty', 'id cannot be hasOwnProperty: names of Object.prototype are reserved'],
  ['toString', 'id cannot be toString: names of Object.prototype are reserved'],
  ['a/b', 'id must be 1-64 letters, digits or _ . : -'],
  ['bob@example', 'id must be 1-64 letters, digits or _ . : -'],
  ['x'.repeat(65), 'id must NOT have more than 64 characters'],
];

describe('ids chosen by people', () => {
  for (const [resource, extra] of [
    ['profiles', {}],
    ['users', { password: 'long-enough-password', role: 'viewer' }],
    ['integrations', { type: 'http', url: 'http://127.0.0.1/x' }],
  ] as const) {
    it.each(badIds)(`POST /api/${resource} with id %j → 400 naming id`, async (id, message) => {
      const res = await h.call({
        method: 'POST',
        url: `/api/${resource}`,
        payload: { id, ...extra },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_body', message });
    });
  }

  // `.` and `..` never reach a route as a path segment: the URL is resolved first.
  it.each(['__proto__', 'constructor', 'valueOf'])(
    'a path id %j is a 400 invalid_id on every resource',
    async (id) => {
      for (const resource of ['profiles', 'users', 'integrations', 'servers', 'frames', 'events']) {
        const res = await h.call({ url: `/api/${resource}/${encodeURIComponent(id)}` });
        expect(res.statusCode, resource).toBe(400);
        expect(res.json<{ error: string }>().error).toBe('invalid_id');
      }
    },
  );

  it('a profileId reference follows the same rule (400 naming profileId)', async () => {
    for (const [url, body] of [
      ['/api/devices', { ...deviceBody, profileId: '__proto__' }],
      ['/api/nodes', { ...nodeBody, profileId: 'constructor' }],
    ] as const) {
      const res = await h.call({ method: 'POST', url, payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/^profileId cannot be /);
    }
  });

  it('accepts every character the rule allows', async () => {
    const id = 'Az09_.:-'.repeat(8);
    const res = await h.call({ method: 'POST', url: '/api/profiles', payload: { id } });
    expect(res.statusCode).toBe(201);
    expect((await h.call({ url: `/api/profiles/${id}` })).statusCode).toBe(200);
  });
});

describe('sort and filter fields', () => {
  const members = Object.getOwnPropertyNames(Object.prototype);

  it.each(['frames', 'events', 'profiles', 'gateways', 'nodes'])(
    'GET /api/%s sorted or filtered by an Object.prototype member → 400, never 500',
    async (resource) => {
      for (const member of members) {
        for (const query of [
          `sort=${encodeURIComponent(JSON.stringify([member, 'ASC']))}`,
          `filter=${encodeURIComponent(JSON.stringify({ [member]: 'x' }))}`,
          `filter=${encodeURIComponent(`{"${member}":{"a":1}}`)}`,
          `sort=${encodeURIComponent(JSON.stringify([`location.${member}`, 'DESC']))}`,
        ]) {
          const res = await h.call({ url: `/api/${resource}?${query}` });
          expect(res.statusCode, `${resource}?${decodeURIComponent(query)}`).toBe(400);
          expect(res.json<{ error: string }>().error).toBe('invalid_query');
        }
      }
    },
  );

  it('ordinary and dotted fields still sort and filter', async () => {
    const sorted = await h.call({
      url: '/api/frames?sort=["gateway","ASC"]&filter={"gateway":"x"}',
    });
    expect(sorted.statusCode).toBe(200);
    const dotted = await h.call({ url: '/api/gateways?sort=["location.lat","DESC"]' });
    expect(dotted.statusCode).toBe(200);
  });
});
