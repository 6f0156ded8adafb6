/**
 * `lns backup` and `lns restore` with real node processes (issue 13): a backup taken from a
 * running node, refused when the file is truncated or damaged (and nothing written), restored
 * into a fresh node that has the data and the users, and that new node seeds a cluster: a
 * node joining it through LNS_DB_MASTER gets the data.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLns, startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';

const work = mkdtempSync(join(tmpdir(), 'lns-backup-e2e-'));
const nodes: LnsProcess[] = [];
const secret = 'backup-e2e-cluster-secret-0123456789';
/** The nodes run with LNS_CLUSTER_SECRET, so the CLI talking to them does too. */
const withSecret = { LNS_CLUSTER_SECRET: secret };
const auth = `Basic ${Buffer.from('admin:backup-admin-pw').toString('base64')}`;

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  rmSync(work, { recursive: true, force: true });
});

async function start(name: string, env: Record<string, string> = {}): Promise<LnsProcess> {
  const node = await startLns({ LNS_NODE: name, LNS_CLUSTER_SECRET: secret, ...env }, 60_000, {
    dataDir: join(work, name),
    keepData: true,
  });
  nodes.push(node);
  return node;
}

async function api(
  node: LnsProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`http://127.0.0.1:${node.httpPort}/api${path}`, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function waitHealthy(node: LnsProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${node.httpPort}/health`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${node.dataDir} did not become healthy`);
}

describe('lns backup and lns restore', () => {
  it('round trip through a real node; bad files refused; the restored node seeds a cluster', async () => {
    const origin = await start('origin', { LNS_ADMIN_PASSWORD: 'backup-admin-pw' });
    const gateway = { id: '0102030405060708', name: 'roof', txRfChain: 0 };
    expect((await api(origin, 'POST', '/gateways', gateway)).status).toBe(201);
    for (let i = 0; i < 300; i++) {
      const id = `aa${i.toString(16).padStart(14, '0')}`;
      const res = await api(origin, 'POST', '/gateways', { id, name: `gw ${i}`, txRfChain: 0 });
      expect(res.status).toBe(201);
    }
    const originCluster = ((await (await api(origin, 'GET', '/cluster')).json()) as { id: string })
      .id;

    // Online: the node keeps running while the backup is taken.
    const file = join(work, 'cluster.backup');
    const backup = await runLns(['backup', file, '--data-dir', origin.dataDir], withSecret, 60_000);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/backup written to .*cluster\.backup: \d+ records/);
    expect(backup.stdout).toContain(`cluster ${originCluster}, taken on node origin`);
    const again = await runLns(['backup', file, '--data-dir', origin.dataDir], withSecret);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists');

    const bytes = readFileSync(file);
    const truncated = join(work, 'truncated.backup');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const damaged = join(work, 'damaged.backup');
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(bytes.length / 2);
    flipped[middle] = flipped[middle]! ^ 0x01;
    writeFileSync(damaged, flipped);
    for (const [bad, word] of [
      [truncated, 'truncated'],
      [damaged, 'damaged'],
    ] as const) {
      const dataDir = join(work, `from-${word}`);
      const refused = await runLns(['restore', bad, '--data-dir', dataDir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`${bad}: ${word}`);
      expect(existsSync(dataDir), 'nothing half-written').toBe(false);
    }

    const restoredDir = join(work, 'restored');
    const restore = await runLns(['restore', file, '--data-dir', restoredDir]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored into ${join(restoredDir, 'db')}`);
    const twice = await runLns(['restore', file, '--data-dir', restoredDir]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('holds a database already');

    const restored = await start('restored');
    await waitHealthy(restored);
    // The users come with the data: the old admin password works.
    const gateways = (await (await api(restored, 'GET', '/gateways?range=[0,999]')).json()) as {
      id: string;
      name: string;
    }[];
    expect(gateways).toHaveLength(301);
    expect(gateways.find((g) => g.id === gateway.id)?.name).toBe('roof');
    const restoredCluster = (
      (await (await api(restored, 'GET', '/cluster')).json()) as { id: string }
    ).id;
    expect(restoredCluster).not.toBe(originCluster);
    const servers = (await (await api(restored, 'GET', '/servers')).json()) as { id: string }[];
    expect(servers.map((s) => s.id)).toEqual(['restored']);

    // It seeds a cluster: a new node pulls everything from it.
    const joiner = await start('joiner', { LNS_DB_MASTER: restored.clusterAddress });
    await waitHealthy(joiner);
    const joined = (await (
      await api(joiner, 'GET', '/gateways?range=[0,999]')
    ).json()) as unknown[];
    expect(joined).toHaveLength(301);
    const members = (await (await api(joiner, 'GET', '/cluster')).json()) as { id: string };
    expect(members.id).toBe(restoredCluster);
  }, 300_000);
});
