/**
 * Authentication of SPEC "HTTP": `POST /api/login` gives a token, then `Authorization: Bearer`;
 * HTTP Basic works too. Tokens are stateless (HMAC-SHA256 over username, role and expiry with
 * the cluster's auth secret), so any node accepts a token another node issued. The user is
 * still looked up on each request (a cached read), so deleting a user or changing a role takes
 * effect at once. `admin` may write, `viewer` only read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LnsStore, PublicUser, UserRecord, UserRole } from '../store/index.js';
import { setRequestUser } from './auth-context.js';
import { ApiError } from './errors.js';
import type { LoginGuard } from './login-guard.js';

export interface TokenClaims {
  /** Username. */
  readonly sub: string;
  readonly role: UserRole;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /**
   * The user's `tokenGeneration` when the token was issued: a password or role change draws a
   * new one, which voids the token on every node.
   */
  readonly gen?: string;
}

/**
 * Token lifetime: 12 hours covers a working day in the admin UI without a new login, and
 * bounds how long a leaked token is worth anything.
 */
export const defaultTokenTtlS = 12 * 3600;

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** `<base64url JSON claims>.<base64url HMAC-SHA256>`. */
/** Subject of tokens the `lns` CLI mints from the cluster secret (admin, no user record). */
export const NODE_IDENTITY = '@node';

export function createToken(secret: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/** The claims of a well-signed, unexpired token; undefined otherwise. */
export function verifyToken(secret: Buffer, token: string, nowMs: number): TokenClaims | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = sign(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const c = claims as Partial<TokenClaims> | null;
  if (
    c === null ||
    typeof c.sub !== 'string' ||
    (c.role !== 'admin' && c.role !== 'viewer') ||
    typeof c.exp !== 'number' ||
    c.exp * 1000 <= nowMs
  ) {
    return undefined;
  }
  return {
    sub: c.sub,
    role: c.role,
    exp: c.exp,
    ...(typeof c.gen === 'string' ? { gen: c.gen } : {}),
  };
}

export interface AuthOptions {
  readonly store: LnsStore;
  readonly authSecret: Buffer;
  readonly now: () => number;
  readonly tokenTtlS: number;
  /** Throttles and records password checks (login and Basic alike). */
  readonly guard: LoginGuard;
}

/** Route config flags read by the auth hook. */
export interface AuthRouteConfig {
  /** No credentials needed (login). */
  readonly public?: boolean;
  /** `?token=` is accepted: browsers cannot set headers on a WebSocket. */
  readonly queryToken?: boolean;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Basic credentials verified lately, so scrypt does not run on every request of a client.
const MAX_BASIC_CACHE = 1000;

function unauthorized(message: string): ApiError {
  return new ApiError('API_UNAUTHORIZED', message);
}

export class Authenticator {
  readonly #options: AuthOptions;
  // HMAC(secret, Authorization header) → the password hash it was verified against.
  readonly #basic = new Map<string, string>();

  constructor(options: AuthOptions) {
    this.#options = options;
  }

  issue(user: UserRecord): string {
    const exp = Math.floor(this.#options.now() / 1000) + this.#options.tokenTtlS;
    const gen = user.tokenGeneration;
    return createToken(this.#options.authSecret, {
      sub: user.id,
      role: user.role,
      exp,
      ...(gen === undefined ? {} : { gen }),
    });
  }

  /** The user behind the request's credentials; throws API_UNAUTHORIZED. */
  async authenticate(request: FastifyRequest, allowQueryToken: boolean): Promise<PublicUser> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const space = header.indexOf(' ');
      const scheme = header.slice(0, space).toLowerCase();
      const value = header.slice(space + 1).trim();
      if (space > 0 && scheme === 'bearer') return this.#fromToken(value);
      if (space > 0 && scheme === 'basic') return this.#fromBasic(header, value, request.ip);
      throw unauthorized(
        'the Authorization header must be "Bearer <token>" or "Basic <credentials>"',
      );
    }
    const query = request.query as Readonly<Record<string, unknown>> | undefined;
    if (allowQueryToken && typeof query?.token === 'string') return this.#fromToken(query.token);
    throw unauthorized('log in first: POST /api/login, then send Authorization: Bearer <token>');
  }

  async #fromToken(token: string): Promise<PublicUser> {
    const claims = verifyToken(this.#options.authSecret, token, this.#options.now());
    if (claims === undefined) throw unauthorized('the token is invalid or expired; log in again');
    // `lns cluster …` on the node's own machine signs with the cluster secret it can read,
    // as Erlang's tools trust .erlang.cookie; no user name can start with '@'.
    if (claims.sub === NODE_IDENTITY) return { id: NODE_IDENTITY, role: 'admin' };
    const user = await this.#options.store.users.getRecord(claims.sub);
    if (user === undefined) throw unauthorized(`user ${claims.sub} no longer exists`);
    if (claims.gen !== user.tokenGeneration) {
      throw unauthorized(`the password or role of ${claims.sub} changed; log in again`);
    }
    return { id: user.id, role: user.role };
  }

  async #fromBasic(header: string, value: string, address: string): Promise<PublicUser> {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthorized('Basic credentials must be base64 of "username:password"');
    const username = decoded.slice(0, colon);
    const users = this.#options.store.users;
    const record = await users.getRecord(username);
    const cacheKey = createHmac('sha256', this.#options.authSecret).update(header).digest('hex');
    if (record !== undefined && this.#basic.get(cacheKey) === record.passwordHash) {
      return { id: record.id, role: record.role };
    }
    // Credentials verified lately pass above without this: a throttled name does not break
    // the scripts that hold its right password, while guesses get no verdict.
    const guard = this.#options.guard;
    guard.check(username, address);
    const user = await users.authenticate(username, decoded.slice(colon + 1));
    if (user === undefined || record === undefined) {
      guard.failed(username, address, 'basic');
      throw unauthorized('wrong username or password');
    }
    guard.succeeded(username);
    if (this.#basic.size >= MAX_BASIC_CACHE) this.#basic.clear();
    this.#basic.set(cacheKey, record.passwordHash);
    return user;
  }
}

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/**
 * Adds the auth hook to this context (every route needs credentials unless its config says
 * `public`; writes need the admin role) and `POST /login`.
 */
export function registerAuth(
  app: FastifyInstance,
  auth: Authenticator,
  store: LnsStore,
  guard: LoginGuard,
): void {
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const config = request.routeOptions.config as AuthRouteConfig;
    if (config.public === true) return;
    const user = await auth.authenticate(request, config.queryToken === true);
    setRequestUser(request, user);
    if (!READ_METHODS.has(request.method) && user.role !== 'admin') {
      throw new ApiError('API_FORBIDDEN', `user ${user.id} may only read (role ${user.role})`);
    }
  });

  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post('/login', { schema: { body: LoginBody }, config: { public: true } }, async (request) => {
      const { username, password } = request.body;
      guard.check(username, request.ip);
      const user = await store.users.authenticate(username, password);
      const record = user === undefined ? undefined : await store.users.getRecord(user.id);
      if (record === undefined) {
        guard.failed(username, request.ip, 'login');
        throw unauthorized('wrong username or password');
      }
      guard.succeeded(username);
      return { token: auth.issue(record) };
    });
}
