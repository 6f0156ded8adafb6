/**
 * The API token of the logged-in user, kept in localStorage so a reload keeps the session.
 * The token is `<base64url JSON claims>.<signature>` (server api/auth.ts); the UI reads the
 * claims for the user's name, role and expiry and never checks the signature.
 */

export const TOKEN_KEY = 'lns.token';

export interface TokenClaims {
  readonly sub: string;
  readonly role: 'admin' | 'viewer';
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

/** The claims of a token, or undefined when it does not parse. */
export function readClaims(token: string | null): TokenClaims | undefined {
  if (token === null) return undefined;
  const payload = token.split('.')[0];
  if (payload === undefined || payload === '') return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Partial<TokenClaims> | null;
    if (
      claims === null ||
      typeof claims.sub !== 'string' ||
      (claims.role !== 'admin' && claims.role !== 'viewer') ||
      typeof claims.exp !== 'number'
    ) {
      return undefined;
    }
    return { sub: claims.sub, role: claims.role, exp: claims.exp };
  } catch {
    return undefined;
  }
}
