/**
 * Auth on `POST /api/login {username,password}` → `{token}` (SPEC "HTTP"). The token lives in
 * localStorage; the http client sends it as a Bearer. A 401 logs out; a 403 (a viewer
 * writing) is shown as an error and keeps the session. Viewers get read-only screens.
 */
import type { AuthProvider } from 'react-admin';
import { clearToken, getToken, readClaims, setToken } from './token';

export interface AuthProviderOptions {
  readonly loginUrl?: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

const READ_ACTIONS = new Set(['list', 'show', 'export']);

export function createAuthProvider(options: AuthProviderOptions = {}): AuthProvider {
  const loginUrl = options.loginUrl ?? '/api/login';
  const now = options.now ?? Date.now;
  const currentClaims = () => {
    const claims = readClaims(getToken());
    return claims !== undefined && claims.exp * 1000 > now() ? claims : undefined;
  };

  return {
    login: async (params: { username: string; password: string }) => {
      const response = await fetch(loginUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: params.username, password: params.password }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        token?: unknown;
        message?: unknown;
      };
      if (!response.ok || typeof body.token !== 'string') {
        throw new Error(typeof body.message === 'string' ? body.message : 'login failed');
      }
      setToken(body.token);
    },
    logout: () => {
      clearToken();
      return Promise.resolve();
    },
    checkAuth: () => {
      if (currentClaims() !== undefined) return Promise.resolve();
      clearToken();
      return Promise.reject(new Error('log in first'));
    },
    checkError: (error: { status?: number }) => {
      if (error.status === 401) {
        clearToken();
        return Promise.reject(new Error('the session ended; log in again'));
      }
      return Promise.resolve();
    },
    getIdentity: () => {
      const claims = currentClaims();
      if (claims === undefined) return Promise.reject(new Error('log in first'));
      return Promise.resolve({ id: claims.sub, fullName: `${claims.sub} (${claims.role})` });
    },
    getPermissions: () => Promise.resolve(currentClaims()?.role),
    canAccess: ({ action }: { action: string }) => {
      const role = currentClaims()?.role;
      return Promise.resolve(role === 'admin' || (role === 'viewer' && READ_ACTIONS.has(action)));
    },
  };
}
