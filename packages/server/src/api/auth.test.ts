import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToken, verifyToken } from './auth.js';
import { ADMIN_PASSWORD, createHarness, profileBody, VIEWER_PASSWORD } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const secret = Buffer.from('s'.repeat(32));

describe('tokens', () => {
  const claims = { sub: 'admin', role: 'admin' as const, exp: 2_000_000 };

  it('verifies its own tokens until they expire', () => {
    const token = createToken(secret, claims);
    expect(verifyToken(secret, token, 1_999_999_000)).toEqual(claims);
    expect(verifyToken(secret, token, 2_000_000_000)).toBeUndefined();
  });

  it('refuses another secret, a changed payload and garbage', () => {
    const token = createToken(secret, claims);
    expect(verifyToken(Buffer.from('t'.repeat(32)), token, 0)).toBeUndefined();
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', sub: 'x' })).toString(
      'base64url',
    );
    expect(verifyToken(secret, `${forged}.${sig}`, 0)).toBeUndefined();
    expect(verifyToken(secret, 'garbage', 0)).toBeUndefined();
    expect(verifyToken(secret, '.abc', 0)).toBeUndefined();
  });
});

describe('REST auth', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  async function login(username: string, password: string): Promise<string> {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password },
    });
    expect(res.statusCode).toBe(200);
    return `Bearer ${res.json<{ token: string }>().token}`;
  }

  it('POST /api/login answers a token for the right password', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const { token } = res.json<{ token: string }>();
    expect(Object.keys(res.json())).toEqual(['token']);
    expect(verifyToken(h.secret, token, h.nowMs)).toMatchObject({ sub: 'admin', role: 'admin' });
  });

  it.each([
    ['wrong password', { username: 'admin', password: 'nope' }],
    ['unknown user', { username: 'ghost', password: ADMIN_PASSWORD }],
  ])('POST /api/login refuses a %s with 401', async (_name, payload) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/login', payload });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message: 'wrong username or password' });
  });

  it('POST /api/login without a password is a 400 naming the field', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_body', message: 'password is required' });
  });

  it('POST /api/login with an unknown field is a 400 naming it', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD, remember: true },
    });
    expect(res.json()).toEqual({ error: 'invalid_body', message: 'remember is not a known field' });
  });

  it('no credentials → 401 with a message saying how to log in', async () => {
    const res = await h.app.inject({ url: '/api/profiles' });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: string; message: string }>()).toEqual({
      error: 'unauthorized',
      message: 'log in first: POST /api/login, then send Authorization: Bearer <token>',
    });
  });

  it.each([
    ['an unknown scheme', 'Digest abc'],
    ['a bad token', 'Bearer abc.def'],
    ['Basic without a colon', `Basic ${Buffer.from('admin').toString('base64')}`],
    ['a wrong Basic password', `Basic ${Buffer.from('admin:wrong').toString('base64')}`],
    // Found by the hostile-input suite: an empty user name reached the store as a key (500).
    ['Basic with an empty user name', `Basic ${Buffer.from(':').toString('base64')}`],
    [
      'Basic with an empty user name and a password',
      `Basic ${Buffer.from(':pw').toString('base64')}`,
    ],
  ])('%s → 401', async (_name, authorization) => {
    const res = await h.call({ url: '/api/profiles', headers: { authorization } });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: string }>().error).toBe('unauthorized');
  });

  it('accepts Bearer tokens and HTTP Basic', async () => {
    expect((await h.call({ url: '/api/profiles' })).statusCode).toBe(200);
    const basic = `Basic ${Buffer.from(`viewer:${VIEWER_PASSWORD}`).toString('base64')}`;
    for (let i = 0; i < 2; i += 1) {
      const res = await h.call({ url: '/api/profiles', headers: { authorization: basic } });
      expect(res.statusCode).toBe(200);
    }
  });

  it('a Basic password that was changed stops working', async () => {
    const basic = `Basic ${Buffer.from(`viewer:${VIEWER_PASSWORD}`).toString('base64')}`;
    expect(
      (await h.call({ url: '/api/users', headers: { authorization: basic } })).statusCode,
    ).toBe(200);
    await h.store.users.update('viewer', { password: 'changed-password' });
    const res = await h.call({ url: '/api/users', headers: { authorization: basic } });
    expect(res.statusCode).toBe(401);
  });

  it('an expired token → 401', async () => {
    h.nowMs += 13 * 3600 * 1000;
    const res = await h.call({ url: '/api/profiles' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: 'unauthorized',
      message: 'the token is invalid or expired; log in again',
    });
  });

  it('a token of a deleted user → 401', async () => {
    await h.store.users.remove('viewer');
    const res = await h.call({ url: '/api/profiles', headers: { authorization: h.viewerAuth } });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ message: string }>().message).toBe('user viewer no longer exists');
  });

  it('a viewer reads but may not write (403)', async () => {
    const headers = { authorization: h.viewerAuth };
    expect((await h.call({ url: '/api/profiles', headers })).statusCode).toBe(200);
    const res = await h.call({
      method: 'POST',
      url: '/api/profiles',
      headers,
      payload: profileBody,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: 'forbidden',
      message: 'user viewer may only read (role viewer)',
    });
    expect(await h.store.profiles.get('eu-a')).toBeUndefined();
  });

  it('a role change voids the tokens already issued', async () => {
    await h.store.users.update('viewer', { role: 'admin' });
    const res = await h.call({
      method: 'POST',
      url: '/api/profiles',
      headers: { authorization: h.viewerAuth },
      payload: profileBody,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: 'unauthorized',
      message: 'the password or role of viewer changed; log in again',
    });
    expect(await h.store.profiles.get('eu-a')).toBeUndefined();
  });

  it('a password change through PUT /api/users voids every token of that user, not others', async () => {
    const second = await login('viewer', VIEWER_PASSWORD);
    expect(
      (await h.call({ url: '/api/profiles', headers: { authorization: second } })).statusCode,
    ).toBe(200);
    const put = await h.call({
      method: 'PUT',
      url: '/api/users/viewer',
      payload: { password: 'a-new-password' },
    });
    expect(put.statusCode).toBe(200);
    for (const authorization of [h.viewerAuth, second]) {
      const res = await h.call({ url: '/api/profiles', headers: { authorization } });
      expect(res.statusCode).toBe(401);
    }
    // The admin's token is untouched; a new login with the new password works.
    expect((await h.call({ url: '/api/profiles' })).statusCode).toBe(200);
    const fresh = await login('viewer', 'a-new-password');
    expect(
      (await h.call({ url: '/api/profiles', headers: { authorization: fresh } })).statusCode,
    ).toBe(200);
  });

  it('an update that changes neither password nor role keeps the tokens', async () => {
    await h.call({ method: 'PUT', url: '/api/users/viewer', payload: { role: 'viewer' } });
    const res = await h.call({ url: '/api/profiles', headers: { authorization: h.viewerAuth } });
    expect(res.statusCode).toBe(200);
  });

  it('a user deleted and created again under the same name gets none of the old tokens back', async () => {
    await h.store.users.remove('viewer');
    await h.store.users.create({ id: 'viewer', role: 'viewer', password: VIEWER_PASSWORD });
    const res = await h.call({ url: '/api/profiles', headers: { authorization: h.viewerAuth } });
    expect(res.statusCode).toBe(401);
  });

  it('a role change applies to HTTP Basic at once', async () => {
    const basic = `Basic ${Buffer.from(`viewer:${VIEWER_PASSWORD}`).toString('base64')}`;
    const write = () =>
      h.call({
        method: 'POST',
        url: '/api/profiles',
        headers: { authorization: basic },
        payload: profileBody,
      });
    expect((await write()).statusCode).toBe(403);
    await h.store.users.update('viewer', { role: 'admin' });
    expect((await write()).statusCode).toBe(201);
  });
});

describe('login throttling and the audit trail', () => {
  let h: Harness;

  beforeEach(async () => {
    // Blocks short enough to wait out in a test; the rest as shipped.
    h = await createHarness({
      loginThrottle: {
        user: { freeFailures: 5, firstBlockMs: 300, maxBlockMs: 60_000 },
        address: { freeFailures: 20, firstBlockMs: 300, maxBlockMs: 60_000 },
        forgetAfterMs: 3_600_000,
        maxKeys: 10_000,
      },
    });
  });

  afterEach(async () => {
    await h.close();
  });

  const login = (password: string, username = 'admin') =>
    h.app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });

  async function events(kind: string) {
    await h.store.flush();
    const res = await h.call({
      url: `/api/events?filter=${encodeURIComponent(JSON.stringify({ kind }))}`,
    });
    return res.json<{ kind: string; entity: string; text: string; user?: string }[]>();
  }

  it('after five wrong passwords the sixth blocks the user: even the right one gets 429 + Retry-After', async () => {
    for (let i = 0; i < 6; i++) expect((await login(`wrong-${i}`)).statusCode).toBe(401);
    const refused = await login(ADMIN_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toEqual({
      error: 'throttled',
      message: 'too many failed logins for this user or from this address; try again in 1 s',
    });
    // A throttled attempt is not even checked: a wrong one gets the same answer.
    expect((await login('wrong-again')).statusCode).toBe(429);
    // Another user from another address is not affected.
    const other = await h.app.inject({
      method: 'POST',
      url: '/api/login',
      remoteAddress: '10.9.9.9',
      payload: { username: 'viewer', password: VIEWER_PASSWORD },
    });
    expect(other.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await login(ADMIN_PASSWORD)).statusCode).toBe(200);

    const failed = await events('login_failed');
    expect(failed).toHaveLength(6);
    expect(failed[0]).toMatchObject({
      entity: 'admin',
      text: 'login as admin from 127.0.0.1 failed: wrong username or password',
    });
    expect(await events('login_throttled')).toMatchObject([
      { entity: 'admin', text: '6 failed logins as admin: further logins refused for 1 s' },
    ]);
  });

  it('HTTP Basic shares the back-off: guesses get 429, not a verdict', async () => {
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
    });
    for (let i = 0; i < 6; i++) {
      const res = await h.call({ url: '/api/profiles', headers: basic(`wrong-${i}`) });
      expect(res.statusCode).toBe(401);
    }
    const res = await h.call({ url: '/api/profiles', headers: basic(ADMIN_PASSWORD) });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect((await login(ADMIN_PASSWORD)).statusCode).toBe(429);
    expect((await events('login_failed'))[0]?.text).toBe(
      'HTTP Basic login as admin from 127.0.0.1 failed: wrong username or password',
    );
  });

  it('an unknown user name is throttled like a known one (no hint which names exist)', async () => {
    for (let i = 0; i < 6; i++) await login('x-password', 'ghost');
    expect((await login('x-password', 'ghost')).statusCode).toBe(429);
  });

  it('records who changed users, integrations and servers', async () => {
    await h.call({
      method: 'POST',
      url: '/api/users',
      payload: { id: 'ops', password: 'ops-password', role: 'viewer' },
    });
    await h.call({ method: 'PUT', url: '/api/users/ops', payload: { role: 'admin' } });
    await h.call({
      method: 'POST',
      url: '/api/integrations',
      payload: { id: 'hook', type: 'http', url: 'http://127.0.0.1/x' },
    });
    await h.call({ method: 'DELETE', url: '/api/integrations/hook' });
    await h.call({ method: 'DELETE', url: '/api/users/ops' });
    // Refused writes are no actions.
    await h.call({ method: 'DELETE', url: '/api/users/nobody' });
    await h.call({
      method: 'POST',
      url: '/api/profiles',
      payload: profileBody,
      headers: { authorization: h.viewerAuth },
    });
    const audit = await events('audit');
    expect(audit.map((e) => [e.user, e.entity, e.text]).reverse()).toEqual([
      ['admin', 'ops', 'admin created user ops'],
      ['admin', 'ops', 'admin updated user ops'],
      ['admin', 'hook', 'admin created integration hook'],
      ['admin', 'hook', 'admin deleted integration hook'],
      ['admin', 'ops', 'admin deleted user ops'],
    ]);
  });
});

describe('CORS', () => {
  const preflight = (h: Harness, origin: string) =>
    h.app.inject({
      method: 'OPTIONS',
      url: '/api/profiles',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('by default answers no foreign origin: same-origin only', async () => {
    const h = await createHarness();
    try {
      const pre = await preflight(h, 'https://evil.example');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const res = await h.call({
        url: '/api/profiles',
        headers: { origin: 'https://evil.example' },
      });
      // Without Access-Control-Allow-Origin the browser gives the page nothing of the reply.
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('allows the origins of LNS_CORS_ORIGINS, exposing Content-Range, and no other', async () => {
    const h = await createHarness({
      corsOrigins: ['http://localhost:5173', 'https://ops.example'],
    });
    try {
      const pre = await preflight(h, 'http://localhost:5173');
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      const res = await h.call({
        url: '/api/profiles',
        headers: { origin: 'https://ops.example' },
      });
      expect(res.headers['access-control-allow-origin']).toBe('https://ops.example');
      expect(res.headers['access-control-expose-headers']).toBe(
        'Content-Range, Lns-Replication-Missing',
      );
      for (const origin of ['https://evil.example', 'https://ops.example.evil', 'null']) {
        const other = await h.call({ url: '/api/profiles', headers: { origin } });
        expect(other.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    } finally {
      await h.close();
    }
  });
});
