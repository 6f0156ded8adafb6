/**
 * `lns local-cluster` starts real nodes joined into one cluster and writes an nginx config
 * that nginx accepts; `lns user add` creates a user through the local node, and the user
 * reaches the other node. Ctrl-C (SIGTERM) stops everything. A second run reuses the folder
 * and prints the admin password that works; a taken load-balancer port is said, or avoided.
 */
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runLns } from '../../packages/server/test/helpers/lns-process.js';
import { killGroup, spawnGroup } from '../../packages/server/test/helpers/process-group.js';
import { ensureDebianPackages } from '../helpers/debian.js';
import { freeUdpPort } from '../helpers/nginx.js';

const mainTs = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lns-local-cluster-'));
let child: ChildProcess | undefined;

afterAll(() => {
  // The whole group: the nodes local-cluster started go too, even after a failed assertion,
  // and even when local-cluster itself already exited.
  if (child !== undefined) killGroup(child);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `lns local-cluster` on `dir`; resolves with its output once ready (or when it exits). */
async function runLocalCluster(
  extraArgs: string[],
  env: Record<string, string>,
): Promise<{ out: string; err: string }> {
  child = spawnGroup(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      mainTs,
      'local-cluster',
      '--nodes',
      '2',
      '--dir',
      dir,
      '--http-port',
      '0',
      '--cluster-port',
      '0',
      ...extraArgs,
    ],
    // Its own process group (recorded for the run's teardown), so afterAll can stop it and
    // its nodes at once.
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const running = child;
  let out = '';
  let err = '';
  running.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  running.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes('ready: 2 nodes') && Date.now() < deadline && running.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
  }
  return { out, err };
}

async function stopLocalCluster(): Promise<number | null> {
  const running = child!;
  if (running.exitCode !== null) return running.exitCode;
  const exited = new Promise<number | null>((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  return exited;
}

describe('lns local-cluster and lns user add', () => {
  it('runs two joined nodes with a valid nginx config, adds a user, and stops on SIGTERM', async () => {
    const lbPort = await freeUdpPort();
    const { out, err } = await runLocalCluster(['--udp-port', String(lbPort)], {
      LNS_ADMIN_PASSWORD: 'local-cluster-pw',
    });
    expect(out, err).toContain('ready: 2 nodes');
    expect(out).toContain('admin password: local-cluster-pw  (kept in');
    const httpPorts = [...out.matchAll(/^n\d .* http:\/\/127\.0\.0\.1:(\d+) /gm)].map((m) =>
      Number(m[1]),
    );
    expect(httpPorts).toHaveLength(2);
    for (const port of httpPorts) {
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
        status: string;
        cluster: { members: number; up: number };
      };
      expect(health).toMatchObject({ status: 'ok', cluster: { members: 2, up: 2 } });
    }

    ensureDebianPackages(['nginx', 'libnginx-mod-stream'], ['/usr/sbin/nginx']);
    const conf = join(dir, 'nginx', 'nginx.conf');
    expect(readFileSync(join(dir, 'nginx', 'lns-lb.conf'), 'utf8')).toContain(
      `listen 127.0.0.1:${lbPort} udp`,
    );
    execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', join(dir, 'nginx'), '-c', conf]);

    // Addressed by its data dir, as the output says (its secret and address are there).
    expect(out).toContain(`cluster status --data-dir ${join(dir, 'n1')}`);
    const added = await runLns(
      ['user', 'add', 'bob', '--role', 'viewer', '--data-dir', join(dir, 'n1')],
      {
        LNS_USER_PASSWORD: 'bob-password-1',
      },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`created user bob (viewer) on http://127.0.0.1:${httpPorts[0]}`);
    // The user was written on n1 and replicated: bob logs in on n2, read-only.
    const login = await fetch(`http://127.0.0.1:${httpPorts[1]}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'bob-password-1' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const write = await fetch(`http://127.0.0.1:${httpPorts[1]}/api/gateways`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: '0102030405060708', name: 'x', txRfChain: 0 }),
    });
    expect(write.status).toBe(403);

    expect(await stopLocalCluster()).toBe(0);
    for (const port of httpPorts) {
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    }
  });

  it('a second run reuses the folder, prints the password that works, and avoids a taken UDP port', async () => {
    // Whoever holds 1700 (a single node, another test, or this socket): the default is taken.
    const blocker = await holdUdpPort(1700);
    try {
      const taken = await runLns(['local-cluster', '--dir', dir, '--udp-port', '1700']);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain('UDP port 1700 for the load balancer is in use');

      const { out, err } = await runLocalCluster([], { LNS_ADMIN_PASSWORD: 'another-password' });
      expect(out, err).toContain('ready: 2 nodes');
      expect(out).toContain(
        "admin password: local-cluster-pw  (reused: this folder's first run set it; LNS_ADMIN_PASSWORD ignored",
      );
      const lb = /gateways → 127\.0\.0\.1:(\d+)\) {2}\(UDP 1700 is in use/.exec(out);
      expect(lb, out).not.toBeNull();
      expect(readFileSync(join(dir, 'nginx', 'lns-lb.conf'), 'utf8')).toContain(
        `listen 127.0.0.1:${lb![1]} udp`,
      );
      const port = Number(/^n1 .* http:\/\/127\.0\.0\.1:(\d+) /m.exec(out)![1]);
      const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'local-cluster-pw' }),
      });
      expect(login.status).toBe(200);
      const status = await runLns(['cluster', 'status', '--data-dir', join(dir, 'n2')]);
      expect(status.code, status.stdout + status.stderr).toBe(0);
      expect(status.stdout).toContain('asked node n2');
      expect(await stopLocalCluster()).toBe(0);
    } finally {
      blocker?.close();
    }
  });
});

/** Binds `port` on 127.0.0.1 if it is free; undefined when something holds it already. */
function holdUdpPort(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(undefined));
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}
