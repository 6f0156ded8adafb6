/**
 * `lns local-cluster` starts real nodes joined into one cluster and writes an nginx config
 * that nginx accepts; `lns user add` creates a user through the local node, and the user
 * reaches the other node. Ctrl-C (SIGTERM) stops everything.
 */
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runLns } from '../../packages/server/test/helpers/lns-process.js';
import { killGroup, spawnGroup } from '../../packages/server/test/helpers/process-group.js';
import { NGINX_STREAM, ensureDebianPackages } from '../helpers/debian.js';
import { freeUdpPort } from '../helpers/nginx.js';

const mainTs = fileURLToPath(new URL('../../packages/server/src/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lns-local-cluster-'));
let child: ChildProcess | undefined;

afterAll(() => {
  // local-cluster and the nodes it started share its process group: all of them go, even when
  // the test failed before its own SIGTERM (it once left two nodes running).
  if (child) killGroup(child);
  rmSync(dir, { recursive: true, force: true });
});

describe('lns local-cluster and lns user add', () => {
  it('runs two joined nodes with a valid nginx config, adds a user, and stops on SIGTERM', async () => {
    const lbPort = await freeUdpPort();
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
        '--udp-port',
        String(lbPort),
        '--http-port',
        '0',
        '--cluster-port',
        '0',
      ],
      {
        env: { ...process.env, LNS_ADMIN_PASSWORD: 'local-cluster-pw' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const deadline = Date.now() + 120_000;
    while (!out.includes('ready: 2 nodes') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(out, err).toContain('ready: 2 nodes');
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

    ensureDebianPackages(NGINX_STREAM.packages, NGINX_STREAM.files);
    const conf = join(dir, 'nginx', 'nginx.conf');
    expect(readFileSync(join(dir, 'nginx', 'lns-lb.conf'), 'utf8')).toContain(
      `listen 127.0.0.1:${lbPort} udp`,
    );
    execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', join(dir, 'nginx'), '-c', conf]);

    const added = await runLns(['user', 'add', 'bob', '--role', 'viewer'], {
      LNS_NODE: 'n1',
      LNS_DATA_DIR: join(dir, 'n1'),
      LNS_HTTP_HOST: '127.0.0.1',
      LNS_HTTP_PORT: String(httpPorts[0]),
      LNS_CLUSTER_SECRET: readFileSync(join(dir, 'cluster.secret'), 'utf8').trim(),
      LNS_USER_PASSWORD: 'bob-password-1',
    });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('created user bob (viewer)');
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

    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const port of httpPorts) {
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    }
  });
});
