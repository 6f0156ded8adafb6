/**
 * Issue 12, "Tests that prove it": a running node (`lns start`, a real process on real
 * sockets) under hostile input.
 * - REST: requests generated from the route schemas with fast-check (bodies, ids, list
 *   queries, broken JSON, content types, credentials) → never a 5xx, never a hang.
 * - UDP: a million datagrams (random bytes, mutated valid packets, valid GWMP headers with
 *   hostile JSON) → the node keeps running, its memory stays bounded, and valid uplinks sent
 *   during the flood are still processed.
 * The figures (requests, 5xx, datagrams, RSS before/after) are printed as one JSON line.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAddr, Eui64 } from '../../src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../src/sim/index.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import { fuzzRequest } from './rest-requests.js';
import type { FuzzRequest } from './rest-requests.js';
import { HostileDatagrams } from './udp-datagrams.js';
import { flood } from './udp-flood.js';

const ADMIN_PASSWORD = 'hostile-admin-password';
const VIEWER_PASSWORD = 'hostile-viewer-password';
/** Requests the property sends (fast-check runs; a failure adds its shrinking runs). */
const REST_RUNS = 3000;
const DATAGRAMS = 1_000_000;
/** Valid uplinks slipped into the flood, evenly spread. */
const VALID_UPLINKS = 20;
/** A reply slower than this is a hang: no request of the suite needs a fraction of it. */
const HANG_MS = 20_000;
/**
 * What the flood may add to the node's resident memory. Generous on purpose: the V8 heap grows
 * and shrinks by tens of MiB as it collects (a flood with registered gateways only swung
 * between +12 and +66 MiB); a leak of 128 bytes per datagram would exceed it.
 */
const RSS_GROWTH_BOUND = 128 * 1024 * 1024;
const SEED = 0x12_1e57;

const FLOOD_GATEWAY = 'aa555a00000000f2' as Eui64;
const FLOOD_NODE = {
  devAddr: '260000f2' as DevAddr,
  nwkSKey: '2b7e151628aed2a6abf7158809cf4f3c',
  appSKey: '000102030405060708090a0b0c0d0e0f',
};

let node: LnsProcess;
let rest: RestClient;
let base: string;
const auth: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };
const report = {
  requests: 0,
  status5xx: 0,
  hangs: 0,
  statuses: {} as Record<string, number>,
  datagrams: 0,
  datagramBytes: 0,
  datagramsReceivedByNode: 0,
  floodMs: 0,
  validUplinksSent: 0,
  validUplinksProcessed: 0,
  rssBeforeMiB: 0,
  rssAfterMiB: 0,
  /** RSS at each tenth of the flood: a leak climbs steadily, a working set levels off. */
  rssSamplesMiB: [] as number[],
  /** Entries of the node's gateway table after the flood (hostile EUIs included). */
  gatewaysSeen: 0,
};

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * The node's RSS once the flood is over: the least of samples over a few quiet seconds, in
 * which V8 collects and gives back the heap it grew for the burst. What a leak holds stays.
 */
async function settledRss(pid: number): Promise<number> {
  let least = rssBytes(pid);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    least = Math.min(least, rssBytes(pid));
  }
  return least;
}

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function login(username: string, password: string): Promise<string> {
  const client = new RestClient(node.httpPort);
  await client.login(username, password);
  return `Bearer ${client.token}`;
}

/** Sends one generated request; its status, or `hang` / the network error's text. */
async function send(request: FuzzRequest): Promise<number | string> {
  const headers: Record<string, string> = {};
  if (request.auth === 'admin' || request.auth === 'viewer') {
    headers.authorization = auth[request.auth];
  } else if (request.auth !== 'none') {
    headers.authorization = request.auth.raw;
  }
  const withBody = request.body !== undefined && !['GET', 'HEAD'].includes(request.method);
  if (withBody) headers['content-type'] = request.contentType ?? 'application/json';
  report.requests += 1;
  try {
    const res = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      body: withBody ? request.body : undefined,
      signal: AbortSignal.timeout(HANG_MS),
    });
    await res.arrayBuffer();
    report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
    if (res.status >= 500) report.status5xx += 1;
    return res.status;
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      report.hangs += 1;
      return 'hang';
    }
    const cause = (err as { cause?: unknown }).cause;
    return `${name}: ${(err as Error).message} ${cause instanceof Error ? cause.message : ''}`;
  }
}

/** The sum of a metric's samples whose line starts with `prefix` (name and labels). */
async function metric(prefix: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(prefix)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Datagrams the node read from its socket: each is counted once, by type or as `invalid`. */
async function datagramsRead(): Promise<number> {
  return metric('lns_udp_datagrams_received');
}

beforeAll(async () => {
  // A busy 2-core CI machine can take its time to start a node through tsx.
  node = await startLns({ LNS_ADMIN_PASSWORD: ADMIN_PASSWORD }, 120_000);
  base = `http://127.0.0.1:${node.httpPort}`;
  rest = new RestClient(node.httpPort);
  await rest.login('admin', ADMIN_PASSWORD);
  auth.admin = `Bearer ${rest.token}`;
  await rest.create('/api/users', { id: 'fuzz-viewer', password: VIEWER_PASSWORD, role: 'viewer' });
  auth.viewer = await login('fuzz-viewer', VIEWER_PASSWORD);
  // Records the generated ids hit now and then, so updates and deletes reach the store.
  await rest.create('/api/profiles', { id: 'fuzz-profile' });
  await rest.create('/api/gateways', { id: 'aa555a00000000f1', name: 'fuzz' });
  await rest.create('/api/devices', {
    id: '70b3d57ed00000f1',
    joinEui: '70b3d57ed0000000',
    appKey: FLOOD_NODE.nwkSKey,
    profileId: 'fuzz-profile',
  });
  await rest.create('/api/nodes', {
    id: '260000f1',
    profileId: 'fuzz-profile',
    nwkSKey: FLOOD_NODE.nwkSKey,
    appSKey: FLOOD_NODE.appSKey,
  });
  await rest.create('/api/integrations', {
    id: 'fuzz-hook',
    type: 'http',
    url: 'http://127.0.0.1:9/hook',
    headers: { Authorization: 'Bearer fuzz-secret' },
    enabled: false,
  });
}, 180_000);

afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ suite: 'hostile-input', ...report })}\n`);
  await node?.stop();
});

describe('a running node under hostile input', () => {
  it('logs a failed login at info, without the password, and records it as an event', async () => {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'fuzz-viewer', password: 'not-the-password-42' }),
    });
    expect(res.status).toBe(401);
    await expect
      .poll(() => node.logLines.some((l) => l.includes('"login failed"')), { timeout: 10_000 })
      .toBe(true);
    const line = JSON.parse(node.logLines.find((l) => l.includes('"login failed"'))!) as {
      level: number;
      user: string;
      address: string;
    };
    expect(line).toMatchObject({ level: 30, user: 'fuzz-viewer', address: '127.0.0.1' });
    expect(node.logLines.join('\n')).not.toContain('not-the-password-42');
    const events = await rest.request<{ entity: string }[]>(
      'GET',
      `/api/events?filter=${encodeURIComponent('{"kind":"login_failed"}')}`,
    );
    expect(events.body.map((e) => e.entity)).toContain('fuzz-viewer');
  });

  it(`REST: ${REST_RUNS} requests generated from the route schemas, never a 5xx, never a hang`, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (request) => {
        const status = await send(request);
        if (typeof status === 'number' && status < 500) return true;
        failures.push(`${request.method} ${request.path} → ${status}`);
        return false;
      }),
      { numRuns: REST_RUNS, seed: SEED },
    );
    expect(failures).toEqual([]);
    expect(report.status5xx).toBe(0);
    expect(report.hangs).toBe(0);
    // The API still serves the admin afterwards (nothing the fuzz sent broke it).
    expect((await rest.request('GET', '/api/profiles')).status).toBe(200);
  }, 600_000);

  it(`UDP: ${DATAGRAMS} hostile datagrams; the node lives, memory stays bounded, valid uplinks get through`, async () => {
    await rest.create('/api/profiles', { id: 'flood-profile' });
    await rest.create('/api/gateways', { id: FLOOD_GATEWAY, name: 'flood' });
    await rest.create('/api/nodes', {
      id: FLOOD_NODE.devAddr,
      profileId: 'flood-profile',
      nwkSKey: FLOOD_NODE.nwkSKey,
      appSKey: FLOOD_NODE.appSKey,
    });
    const gateway = new FakeGateway({
      gatewayEui: FLOOD_GATEWAY,
      serverHost: '127.0.0.1',
      serverPort: node.udpPort,
      bindHost: '127.0.0.1',
    });
    await gateway.open();
    try {
      const device = new SimDevice({ session: FLOOD_NODE });
      const datagrams = new HostileDatagrams(SEED, [FLOOD_GATEWAY, 'aa555a00000000f1' as Eui64]);
      const readBefore = await datagramsRead();
      const pid = node.child.pid!;
      const rssBefore = rssBytes(pid);
      const every = DATAGRAMS / VALID_UPLINKS;
      let nextValid = every / 2;
      let nextSample = 0;
      let tmst = 5_000_000;
      const result = await flood({
        host: '127.0.0.1',
        port: node.udpPort,
        total: DATAGRAMS,
        batch: 256,
        next: () => datagrams.next(),
        between: (sent) => {
          if (sent >= nextSample) {
            report.rssSamplesMiB.push(mib(rssBytes(pid)));
            nextSample += DATAGRAMS / 10;
          }
          if (sent < nextValid) return;
          nextValid += every;
          tmst = (tmst + 3_000_000) >>> 0;
          const payload = Buffer.from(`valid ${report.validUplinksSent}`);
          gateway.pushUplink(device.uplink({ fPort: 7, payload }), { tmst });
          report.validUplinksSent += 1;
        },
      });
      report.datagrams = result.sent;
      report.datagramBytes = result.bytes;
      report.floodMs = result.ms;
      const filter = encodeURIComponent(JSON.stringify({ devAddr: FLOOD_NODE.devAddr }));
      const frames = await rest.until<{ fCnt: number }[]>(
        `/api/frames?filter=${filter}&range=[0,99]`,
        (body) => body.length >= VALID_UPLINKS,
        30_000,
      );
      report.validUplinksProcessed = frames.length;
      report.rssBeforeMiB = mib(rssBefore);
      const rssAfter = await settledRss(pid);
      report.rssAfterMiB = mib(rssAfter);
      report.datagramsReceivedByNode = (await datagramsRead()) - readBefore;
      report.gatewaysSeen = await metric('lns_gateways_seen');

      expect(node.child.exitCode).toBeNull();
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect(result.sent).toBe(DATAGRAMS);
      expect(report.validUplinksSent).toBe(VALID_UPLINKS);
      expect(frames.map((f) => f.fCnt).sort((a, b) => a - b)).toEqual(
        Array.from({ length: VALID_UPLINKS }, (_, i) => i),
      );
      expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_BOUND);
      // Flow control kept the socket buffer from overflowing: the node read what was sent.
      expect(report.datagramsReceivedByNode).toBeGreaterThanOrEqual(DATAGRAMS);
    } finally {
      await gateway.close();
    }
  }, 900_000);
});
