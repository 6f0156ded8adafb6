/** A fastify app with the API on a memory-level store, plus helpers to call it as a user. */
import { fastify } from 'fastify';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  InjectOptions,
  LightMyRequestResponse,
} from 'fastify';
import { MemoryLevel } from 'memory-level';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { IntegrationEventJson } from '../../shared/contract.js';
import { openLnsStore } from '../../store/index.js';
import type { LnsStore } from '../../store/index.js';
import { registerApi } from '../api.js';
import type { LoginThrottleOptions } from '../login-throttle.js';
import type { EventFeed, GatewayLiveInfo } from '../types.js';

/** The API's event feed as a test drives it (app.ts passes integrations/'s bus). */
export class TestFeed implements EventFeed {
  readonly #listeners = new Set<(event: IntegrationEventJson) => void>();

  publish(event: IntegrationEventJson): void {
    for (const listener of this.#listeners) listener(event);
  }

  subscribe(listener: (event: IntegrationEventJson) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get size(): number {
    return this.#listeners.size;
  }
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: LnsStore;
  readonly bus: TestFeed;
  readonly metrics: Registry;
  readonly secret: Buffer;
  readonly live: GatewayLiveInfo[];
  /** Current wall clock of the API (token expiry); tests move it. */
  nowMs: number;
  /** Bearer header of `admin` (role admin) and `viewer` (role viewer). */
  adminAuth: string;
  viewerAuth: string;
  /** An injected request as admin unless headers say otherwise. */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-password';
export const VIEWER_PASSWORD = 'viewer-password';

export interface HarnessOptions {
  readonly loginThrottle?: LoginThrottleOptions;
  readonly corsOrigins?: readonly string[];
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const log = pino({ level: 'silent' });
  const db = new MemoryLevel<string, string>();
  const store = await openLnsStore({
    db,
    nodeId: 'n1',
    log,
    trimIntervalMs: 0,
    passwordParams: { N: 1024, r: 8, p: 1 },
  });
  await store.users.create({ id: 'admin', role: 'admin', password: ADMIN_PASSWORD });
  await store.users.create({ id: 'viewer', role: 'viewer', password: VIEWER_PASSWORD });
  const bus = new TestFeed();
  const metrics = new Registry();
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const httpLog: FastifyBaseLogger = log;
  const app: FastifyInstance = fastify({ loggerInstance: httpLog });
  const live: GatewayLiveInfo[] = [];
  const h: Harness = {
    app,
    store,
    bus,
    metrics,
    secret,
    live,
    nowMs: 1_700_000_000_000,
    adminAuth: '',
    viewerAuth: '',
    call(options: InjectOptions): Promise<LightMyRequestResponse> {
      return app.inject({
        ...options,
        headers: { authorization: h.adminAuth, ...options.headers },
      });
    },
    async close(): Promise<void> {
      await app.close();
      await store.close();
      await db.close();
    },
  };
  await registerApi(app, {
    store,
    bus,
    metrics,
    authSecret: secret,
    server: 'n1',
    log,
    listGatewayStatus: () => live,
    now: () => h.nowMs,
    loginThrottle: options.loginThrottle,
    corsOrigins: options.corsOrigins,
  });
  await app.ready();
  const token = async (username: string, password: string): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password },
    });
    return `Bearer ${res.json<{ token: string }>().token}`;
  };
  h.adminAuth = await token('admin', ADMIN_PASSWORD);
  h.viewerAuth = await token('viewer', VIEWER_PASSWORD);
  return h;
}

export const profileBody = { id: 'eu-a', name: 'EU868 class A', region: 'EU868' };
export const deviceBody = {
  id: '70-B3-D5-7E-D0-00-00-01',
  name: 'sensor 1',
  joinEui: '70B3D57ED0000000',
  appKey: '2B7E1516:28AED2A6:ABF71588:09CF4F3C',
  profileId: 'eu-a',
};
export const nodeBody = {
  id: '26:01:10:01',
  profileId: 'eu-a',
  nwkSKey: '00112233445566778899AABBCCDDEEFF',
  appSKey: 'ffeeddccbbaa99887766554433221100',
};
