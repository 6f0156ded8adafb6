/**
 * Three (and more) real `lns start` processes on loopback, replicating over real TCP links:
 * the Mnesia-style join through LNS_DB_MASTER and through POST /api/servers, writes seen on
 * every node, conflicting writes converging, a node killed with SIGKILL catching up, removal,
 * and a node with the wrong secret refused.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLns, startLns } from '../../packages/server/test/helpers/lns-process.js';
import type { LnsProcess } from '../../packages/server/test/helpers/lns-process.js';
import { RestClient } from '../../packages/server/test/helpers/rest-client.js';
import { until } from '../helpers/until.js';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../packages/server/src/sim/index.js';
import { OwnershipView, devAddrKey } from '../../packages/server/src/cluster/index.js';
import { euClassAProfile } from '../../packages/server/test/helpers/profiles.js';

const SECRET = randomBytes(32).toString('hex');
const PASSWORD = 'cluster-e2e-admin';

interface Health {
  status: string;
  cluster: { id: string; members: number; up: number };
}
interface Server {
  id: string;
  address: string;
  status: string;
}
interface ClusterInfo {
  id: string;
  state: string;
  digests: Record<string, string>;
}

const nodes: LnsProcess[] = [];
const clients = new Map<LnsProcess, RestClient>();

async function start(
  name: string,
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<LnsProcess> {
  const node = await startLns(
    { LNS_NODE: name, LNS_CLUSTER_SECRET: SECRET, LNS_ADMIN_PASSWORD: PASSWORD, ...env },
    60_000,
    dataDir === undefined ? { keepData: true } : { dataDir, keepData: true },
  );
  nodes.push(node);
  return node;
}

async function health(node: LnsProcess): Promise<{ code: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${node.httpPort}/health`);
  return { code: res.status, body: (await res.json()) as Health };
}

async function client(node: LnsProcess): Promise<RestClient> {
  let c = clients.get(node);
  if (!c) {
    c = new RestClient(node.httpPort);
    await until('login', () => c!.login('admin', PASSWORD).then(() => true), Boolean);
    clients.set(node, c);
  }
  return c;
}

async function digests(node: LnsProcess): Promise<Record<string, string>> {
  const res = await (await client(node)).request<ClusterInfo>('GET', '/api/cluster');
  return res.body.digests;
}

async function waitConverged(
  group: LnsProcess[],
  timeoutMs = 30_000,
): Promise<Record<string, string>> {
  return until(
    'equal digests',
    async () => Promise.all(group.map(digests)),
    (all) => all.every((d) => JSON.stringify(d) === JSON.stringify(all[0])),
    timeoutMs,
  ).then((all) => all[0]!);
}

const profile = euClassAProfile;

let n1: LnsProcess;
let n2: LnsProcess;
let n3: LnsProcess;

beforeAll(async () => {
  n1 = await start('n1');
  const c1 = await client(n1);
  await c1.create('/api/profiles', profile('before-join', 'created on n1 before anyone joined'));
});

afterAll(async () => {
  for (const node of nodes) await node.stop();
  // keepData left the data dirs (and the db.bak-* backups inside them) for restarts.
  for (const node of nodes) rmSync(node.dataDir, { recursive: true, force: true });
});

describe('a cluster of real node processes', () => {
  it('joins a node through LNS_DB_MASTER: starting, then ok with all the data', async () => {
    n2 = await start('n2', { LNS_DB_MASTER: n1.clusterAddress });
    const h = await until(
      'n2 ok',
      () => health(n2),
      (x) => x.code === 200 && x.body.status === 'ok',
    );
    expect(h.body.cluster).toMatchObject({ members: 2, up: 2 });
    expect(h.body.cluster.id).toBe((await health(n1)).body.cluster.id);
    const c2 = await client(n2);
    const res = await c2.request<{ name: string }>('GET', '/api/profiles/before-join');
    expect(res.body.name).toBe('created on n1 before anyone joined');
  });

  it('adds a running node through POST /api/servers on a node other than the first', async () => {
    n3 = await start('n3');
    const c3alone = await client(n3);
    await c3alone.create('/api/profiles', profile('n3-own', 'old data of n3'));
    clients.delete(n3);
    const c2 = await client(n2);
    const res = await c2.request<Server>('POST', '/api/servers', { address: n3.clusterAddress });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ id: 'n3' });
    await until(
      'n3 ok',
      () => health(n3),
      (x) => x.code === 200 && x.body.cluster.members === 3,
    );
    // Its old data was saved aside, never deleted, and replaced by the cluster's.
    expect(readdirSync(n3.dataDir).some((d) => d.startsWith('db.bak-'))).toBe(true);
    const c3 = await client(n3);
    expect((await c3.request('GET', '/api/profiles/n3-own')).status).toBe(404);
    expect((await c3.request('GET', '/api/profiles/before-join')).status).toBe(200);
    for (const node of [n1, n2, n3]) {
      const servers = await until(
        'every node lists three servers up',
        async () => (await (await client(node)).request<Server[]>('GET', '/api/servers')).body,
        (s) => s.length === 3 && s.every((x) => x.status === 'up'),
      );
      expect(servers.map((s) => s.id)).toEqual(['n1', 'n2', 'n3']);
    }
  });

  it('lns cluster status and push work against the node on this machine', async () => {
    const env = {
      LNS_NODE: 'n1',
      LNS_DATA_DIR: n1.dataDir,
      LNS_HTTP_HOST: '127.0.0.1',
      LNS_HTTP_PORT: String(n1.httpPort),
      // These nodes take the secret from the environment, so the CLI does too.
      LNS_CLUSTER_SECRET: SECRET,
    };
    const status = await runLns(['cluster', 'status'], env);
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.trim().split('\n');
    // It names the node it asked, at the address it used.
    expect(lines[0]).toMatch(
      new RegExp(`^cluster \\S+ \\(asked node n1 at http://127\\.0\\.0\\.1:${n1.httpPort}, ok\\)$`),
    );
    expect(lines[1]).toMatch(/^NAME\s+ADDRESS\s+STATUS/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['n1', n1.clusterAddress, 'up'],
      ['n2', n2.clusterAddress, 'up'],
      ['n3', n3.clusterAddress, 'up'],
    ]);
    const push = await runLns(['cluster', 'push'], env);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/^n2: \d+ records sent$/m);
    expect(push.stdout).toMatch(/^n3: \d+ records sent$/m);
  });

  it('shows a write made on any node on every other node', async () => {
    const c3 = await client(n3);
    const res = await c3.request('POST', '/api/gateways', {
      id: 'b827ebfffe00aa01',
      name: 'written on n3',
      txRfChain: 0,
    });
    expect(res.status).toBe(201);
    // The 2xx waited for the live peers: nothing is missing.
    expect(res.headers.get('lns-replication-missing')).toBeNull();
    for (const node of [n1, n2]) {
      const got = await (
        await client(node)
      ).request<{ name: string }>('GET', '/api/gateways/b827ebfffe00aa01');
      expect(got.body.name).toBe('written on n3');
    }
  });

  it('lists frames of the whole cluster from any node (each node answers for its own log)', async () => {
    const c1 = await client(n1);
    await c1.create('/api/profiles', profile('frames-p', 'for the frames test'));
    await c1.create('/api/gateways', { id: 'b827ebfffe00bb01', name: 'on n1', txRfChain: 0 });
    // A device that n1 owns: the owner handles (and logs) its uplinks, whoever hears them.
    const owners = new OwnershipView(['n1', 'n2', 'n3']);
    let devAddr = 0x26cc0001;
    while (owners.owner(devAddrKey(devAddr.toString(16))) !== 'n1') devAddr++;
    const session = {
      devAddr: devAddr.toString(16),
      nwkSKey: '0123456789abcdef0123456789abcdef',
      appSKey: 'fedcba9876543210fedcba9876543210',
    };
    await c1.create('/api/nodes', {
      id: session.devAddr,
      profileId: 'frames-p',
      fCntDown: 0,
      nwkSKey: session.nwkSKey,
      appSKey: session.appSKey,
    });
    const gw = new FakeGateway({
      gatewayEui: 'b827ebfffe00bb01' as Eui64,
      serverHost: '127.0.0.1',
      serverPort: n1.udpPort,
      bindHost: '127.0.0.1',
    });
    await gw.open();
    try {
      const device = new SimDevice({ session: session as never });
      gw.pushUplink(device.uplink({ payload: Buffer.from('seen by n1') }), { tmst: 1_000_000 });
      const filter = encodeURIComponent(JSON.stringify({ devAddr: session.devAddr }));
      for (const reader of [n2, n3]) {
        const frames = await until(
          `frames read on ${reader === n2 ? 'n2' : 'n3'}`,
          async () =>
            (
              await (
                await client(reader)
              ).request<{ server: string; data: string }[]>('GET', `/api/frames?filter=${filter}`)
            ).body,
          (f) => f.length === 1,
        );
        expect(frames[0]).toMatchObject({
          server: 'n1',
          data: Buffer.from('seen by n1').toString('hex'),
        });
      }
      // Asked as a peer (local=1), n2 has none of them: they live in n1's log only.
      const own = await (
        await client(n2)
      ).request<unknown[]>('GET', `/api/frames?filter=${filter}&local=1`);
      expect(own.body).toEqual([]);
    } finally {
      await gw.close();
    }
  });

  it('converges concurrent conflicting writes to one value everywhere', async () => {
    const [c1, c2] = await Promise.all([client(n1), client(n2)]);
    await c1.create('/api/profiles', profile('contested', 'initial'));
    await Promise.all([
      c1.request('PUT', '/api/profiles/contested', profile('contested', 'from n1')),
      c2.request('PUT', '/api/profiles/contested', profile('contested', 'from n2')),
    ]);
    await waitConverged([n1, n2, n3]);
    const names = await Promise.all(
      [n1, n2, n3].map(
        async (n) =>
          (await (await client(n)).request<{ name: string }>('GET', '/api/profiles/contested')).body
            .name,
      ),
    );
    expect(new Set(names).size).toBe(1);
    expect(['from n1', 'from n2']).toContain(names[0]);
  });

  it("a password change on one node voids the user's tokens on every node (issue 12)", async () => {
    const c1 = await client(n1);
    await c1.create('/api/users', { id: 'ops', password: 'ops-password-1', role: 'viewer' });
    // The user reaches the other nodes; a token from n2 works on n3 (same signing secret).
    // Wait for the user on n2 before logging in: failed logins there would start a back-off.
    const c2 = await client(n2);
    await until(
      'ops on n2',
      () => c2.request('GET', '/api/users/ops'),
      (r) => r.status === 200,
    );
    const ops = new RestClient(n2.httpPort);
    await ops.login('ops', 'ops-password-1');
    const onN3 = () =>
      fetch(`http://127.0.0.1:${n3.httpPort}/api/profiles`, {
        headers: { authorization: `Bearer ${ops.token}` },
      }).then((res) => res.status);
    expect(await until('token of n2 on n3', onN3, (status) => status === 200)).toBe(200);
    const changed = await c1.request('PUT', '/api/users/ops', { password: 'ops-password-2' });
    expect(changed.status).toBe(200);
    expect(await until('token void on n3', onN3, (status) => status === 401)).toBe(401);
    const onN2 = await ops.request('GET', '/api/profiles');
    expect(onN2.status).toBe(401);
    await c1.request('DELETE', '/api/users/ops');
  });

  it('catches up a node killed with SIGKILL during a stream of writes', async () => {
    const c1 = await client(n1);
    const before = (await c1.request<unknown[]>('GET', '/api/gateways?range=[0,999]')).body.length;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      writes.push(
        c1.request('POST', '/api/gateways', {
          id: `00000000000000${i.toString(16).padStart(2, '0')}`,
          name: `gw ${i}`,
          txRfChain: 0,
        }),
      );
      if (i === 20) await n2.kill();
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(writes);
    const dataDir = n2.dataDir;
    nodes.splice(nodes.indexOf(n2), 1);
    clients.delete(n2);
    n2 = await start('n2', {}, dataDir);
    await until(
      'n2 back up',
      () => health(n2),
      (x) => x.code === 200 && x.body.cluster.up === 3,
    );
    const d = await waitConverged([n1, n2, n3]);
    expect(Object.keys(d)).toContain('gateways');
    const count = await (await client(n2)).request<unknown[]>('GET', '/api/gateways?range=[0,999]');
    expect(count.body.length).toBe(before + 60);
  });

  it('removes a node: it answers 503 on /health and receives nothing more', async () => {
    const c1 = await client(n1);
    const res = await c1.request('DELETE', '/api/servers/n3');
    expect(res.status).toBe(200);
    await until(
      'n3 draining',
      () => health(n3),
      (x) => x.code === 503 && x.body.status === 'draining',
    );
    await c1.create('/api/profiles', profile('after-removal', 'n3 must not get this'));
    await until(
      'n2 has the write',
      async () => (await (await client(n2)).request('GET', '/api/profiles/after-removal')).status,
      (s) => s === 200,
    );
    const servers = (await c1.request<Server[]>('GET', '/api/servers')).body;
    expect(servers.map((s) => s.id)).toEqual(['n1', 'n2']);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await (await client(n3)).request('GET', '/api/profiles/after-removal')).status).toBe(
      404,
    );
  });

  it('refuses a node with the wrong secret, with the reason on both sides', async () => {
    const intruder = await startLns(
      {
        LNS_NODE: 'n9',
        LNS_CLUSTER_SECRET: randomBytes(32).toString('hex'),
        LNS_ADMIN_PASSWORD: PASSWORD,
        LNS_DB_MASTER: n1.clusterAddress,
      },
      60_000,
    );
    nodes.push(intruder);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const h = await health(intruder);
    expect(h.code).toBe(503);
    expect(h.body.status).toBe('starting');
    const c1 = await client(n1);
    const events = await until(
      'refusal event on n1',
      async () =>
        (
          await c1.request<{ kind: string; text: string }[]>(
            'GET',
            `/api/events?filter=${encodeURIComponent('{"kind":"cluster_refused"}')}`,
          )
        ).body,
      (e) => e.length > 0,
    );
    expect(events[0]!.text).toMatch(/secret|auth/i);
    expect(intruder.logLines.join('\n')).toMatch(/secret|auth/i);
  });
});
