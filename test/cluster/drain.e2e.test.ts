/**
 * Drain (issue 8, SPEC LNS_DRAIN_S): a node asked to leave says `draining` on /health (503)
 * for the grace period, leaves device ownership at once (its devices' uplinks are processed
 * by the others while it still runs), then exits 0. SIGTERM, `lns cluster drain <node>` and
 * `POST /api/servers/<name>/drain` all do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import type { FakeGateway } from '../../packages/server/src/sim/index.js';
import { runLns } from '../../packages/server/test/helpers/lns-process.js';
import {
  SECRET,
  ThreeNodes,
  expectOneFrame,
  openGatewayOn,
  until,
} from '../helpers/one-network-server.js';
import type { NodeName } from '../helpers/one-network-server.js';

const GW = 'b827ebfffe0d0001' as Eui64;
const DRAIN_S = 8;

const cluster = new ThreeNodes({ LNS_DRAIN_S: String(DRAIN_S) });
let gw: FakeGateway;
let tmst = 10_000_000;

beforeAll(async () => {
  await cluster.setUp([GW]);
  ({ gw } = await openGatewayOn(cluster, GW, 'n1'));
  cluster.gateways.push(gw);
});

afterAll(() => cluster.stop());

function exited(name: NodeName): Promise<number | null> {
  const child = cluster.node(name).child;
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** A device `draining` owns among `members`, created (everywhere) before the drain starts. */
async function deviceOf(draining: NodeName, members: readonly NodeName[]) {
  return cluster.abpDevice(draining, 'class-a', members);
}

/**
 * While `draining` still runs, an uplink of a device it owned is processed by another node,
 * exactly once.
 */
async function expectOwnershipMoved(
  draining: NodeName,
  device: Awaited<ReturnType<typeof deviceOf>>,
): Promise<void> {
  const devAddr = device.session!.devAddr;
  gw.pushUplink(device.uplink({ payload: Buffer.from('while draining') }), { tmst: (tmst += 1e6) });
  const frames = await until(
    'frame',
    () => cluster.frames(devAddr),
    (f) => f.length > 0,
  );
  const frame = expectOneFrame(frames, 0);
  expect(frame.server).not.toBe(draining);
  // It still runs: ownership moved before the grace period ended.
  expect(cluster.node(draining).child.exitCode).toBeNull();
}

describe('drain', () => {
  it('SIGTERM: 503 draining, ownership moves at once, exit 0 after LNS_DRAIN_S', async () => {
    const device = await deviceOf('n3', ['n1', 'n2', 'n3']);
    const done = exited('n3');
    const askedMs = Date.now();
    cluster.node('n3').child.kill('SIGTERM');
    const health = await until(
      'n3 draining',
      () => cluster.health('n3'),
      (h) => h.code === 503 && h.body.status === 'draining',
      5000,
    );
    expect(health.body.status).toBe('draining');
    await expectOwnershipMoved('n3', device);
    // The others list it as leaving (from its heartbeats) until it is gone.
    const servers = await until(
      'n3 leaving on n1',
      async () =>
        (
          await (
            await cluster.api('n1')
          ).request<{ id: string; status: string }[]>('GET', '/api/servers')
        ).body,
      (list) => list.some((x) => x.id === 'n3' && x.status === 'leaving'),
      3000,
    );
    expect(servers.find((x) => x.id === 'n1')?.status).toBe('up');
    expect(await done).toBe(0);
    // Not before the grace period (a little slack for timer granularity).
    expect(Date.now() - askedMs).toBeGreaterThanOrEqual(DRAIN_S * 1000 - 200);
    await cluster.forget('n3');
  });

  it('lns cluster drain <node> on another node drains that node', async () => {
    // n3 has left: the members list still names it (down), but it owns nothing.
    const device = await deviceOf('n2', ['n1', 'n2']);
    const done = exited('n2');
    const n1 = cluster.node('n1');
    const run = await runLns(['cluster', 'drain', 'n2'], {
      LNS_NODE: 'n1',
      LNS_DATA_DIR: n1.dataDir,
      LNS_HTTP_HOST: '127.0.0.1',
      LNS_HTTP_PORT: String(n1.httpPort),
      LNS_CLUSTER_SECRET: SECRET,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('draining n2\n');
    await until(
      'n2 draining',
      () => cluster.health('n2'),
      (h) => h.code === 503 && h.body.status === 'draining',
      5000,
    );
    await expectOwnershipMoved('n2', device);
    expect(await done).toBe(0);
    await cluster.forget('n2');
  });

  it('POST /api/servers/<name>/drain: 404 for a stranger, 202 and exit for a member', async () => {
    const api = await cluster.api('n1');
    const stranger = await api.request<{ error: string }>('POST', '/api/servers/n9/drain');
    expect(stranger.status).toBe(404);
    expect(stranger.body.error).toBe('not_found');
    const done = exited('n1');
    const res = await api.request<{ id: string; status: string }>('POST', '/api/servers/n1/drain');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: 'n1', status: 'leaving' });
    const health = await cluster.health('n1');
    expect(health).toMatchObject({ code: 503, body: { status: 'draining' } });
    expect(await done).toBe(0);
  });
});
