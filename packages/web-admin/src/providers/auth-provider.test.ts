import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAuthProvider } from './auth-provider';
import { TOKEN_KEY, readClaims } from './token';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function token(claims: object): string {
  const payload = btoa(JSON.stringify(claims))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${payload}.signature`;
}

const adminToken = token({ sub: 'admin', role: 'admin', exp: NOW / 1000 + 3600 });
const viewerToken = token({ sub: 'ops', role: 'viewer', exp: NOW / 1000 + 3600 });
const expiredToken = token({ sub: 'admin', role: 'admin', exp: NOW / 1000 - 1 });

afterEach(() => {
  vi.unstubAllGlobals();
});

const auth = () => createAuthProvider({ loginUrl: 'http://lns.test/api/login', now: () => NOW });

describe('auth provider (POST /api/login → Bearer token)', () => {
  it('logs in with the username and password and keeps the token', async () => {
    const fetchMock = vi.fn((_url: string, _init: RequestInit) =>
      Promise.resolve(new Response(JSON.stringify({ token: adminToken }), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    await auth().login({ username: 'admin', password: 'secret-pw' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('http://lns.test/api/login');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ username: 'admin', password: 'secret-pw' });
    expect(localStorage.getItem(TOKEN_KEY)).toBe(adminToken);
    await expect(auth().checkAuth({})).resolves.toBeUndefined();
    await expect(auth().getIdentity!()).resolves.toEqual({
      id: 'admin',
      fullName: 'admin (admin)',
    });
  });

  it('shows the server message when the login is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({ error: 'unauthorized', message: 'wrong username or password' }),
            {
              status: 401,
            },
          ),
        ),
      ),
    );
    await expect(auth().login({ username: 'admin', password: 'x' })).rejects.toThrow(
      'wrong username or password',
    );
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('treats an expired token as logged out', async () => {
    localStorage.setItem(TOKEN_KEY, expiredToken);
    await expect(auth().checkAuth({})).rejects.toThrow();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('logs out on 401 and stays logged in on 403', async () => {
    localStorage.setItem(TOKEN_KEY, adminToken);
    await expect(auth().checkError({ status: 403 })).resolves.toBeUndefined();
    expect(localStorage.getItem(TOKEN_KEY)).toBe(adminToken);
    await expect(auth().checkError({ status: 401 })).rejects.toThrow();
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('lets a viewer read but not write', async () => {
    localStorage.setItem(TOKEN_KEY, viewerToken);
    const provider = auth();
    expect(await provider.canAccess!({ action: 'list', resource: 'devices' })).toBe(true);
    expect(await provider.canAccess!({ action: 'show', resource: 'devices' })).toBe(true);
    expect(await provider.canAccess!({ action: 'create', resource: 'devices' })).toBe(false);
    expect(await provider.canAccess!({ action: 'delete', resource: 'devices' })).toBe(false);
    expect(await provider.getPermissions!({})).toBe('viewer');
  });

  it('reads base64url token claims', () => {
    expect(readClaims(viewerToken)).toEqual({ sub: 'ops', role: 'viewer', exp: NOW / 1000 + 3600 });
    expect(readClaims('garbage')).toBeUndefined();
    expect(readClaims(null)).toBeUndefined();
  });
});
