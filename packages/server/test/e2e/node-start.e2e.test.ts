import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePacket, encodePacket } from '../../src/udp/index.js';
import type { Eui64 } from '../../src/shared/ids.js';
import { runLns, startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';

const gatewayEui = '0102030405060708' as Eui64;

describe('lns start: a node answering gateways and load balancers', () => {
  let node: LnsProcess;

  // A start through tsx takes tens of seconds while the other suites load both cores.
  beforeAll(async () => {
    node = await startLns({}, 60_000);
  }, 90_000);

  afterAll(async () => {
    expect(await node.stop()).toBe(0);
  }, 30_000);

  it('reports ok on /health with the SPEC shape', async () => {
    const res = await fetch(`http://127.0.0.1:${node.httpPort}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      node: 'e2e',
      udp: 'ok',
      cluster: { members: 1, up: 1 },
    });
    expect(typeof body.uptimeS).toBe('number');
  });

  it('answers PULL_DATA with PULL_ACK over real UDP, after a malformed datagram', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const reply = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no PULL_ACK within 5 s')), 5000);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
    socket.send(Buffer.from('garbage'), node.udpPort, '127.0.0.1');
    socket.send(
      encodePacket({ type: 'PULL_DATA', version: 2, token: 0x0a0b, gatewayEui }),
      node.udpPort,
      '127.0.0.1',
    );
    expect(decodePacket(await reply)).toEqual({ type: 'PULL_ACK', version: 2, token: 0x0a0b });
    await new Promise<void>((resolve) => socket.close(resolve));
  });
});

describe('lns start with bad configuration', () => {
  it.each([
    ['LNS_UDP_PORT', { LNS_UDP_PORT: '70000' }],
    ['LNS_HTTP_HOST', { LNS_HTTP_HOST: 'not a host' }],
    ['LNS_NET_ID', { LNS_NET_ID: 'xyz' }],
    ['LNS_REGION', { LNS_REGION: 'XX999' }],
    ['LNS_LOG_LEVEL', { LNS_LOG_LEVEL: 'loud' }],
    ['LNS_DB_MASTER', { LNS_DB_MASTER: 'nohostport' }],
    ['LNS_CORS_ORIGINS', { LNS_CORS_ORIGINS: 'https://ok.example,*' }],
    ['LNS_ADMIN_PASSWORD', { LNS_ADMIN_PASSWORD: 'short' }],
    // A human-chosen passphrase: 21 characters of a-z and '-', about 123 bits (128 needed).
    ['LNS_CLUSTER_SECRET', { LNS_CLUSTER_SECRET: 'correct-horse-battery' }],
  ])('stops with exit code 2 and one line naming %s', async (setting, env) => {
    const result = await runLns(['start'], env);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(setting);
  });

  it('stops with exit code 2 naming LNS_CLUSTER_SECRET when cluster.secret holds a weak secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lns-weak-secret-'));
    try {
      writeFileSync(join(dataDir, 'cluster.secret'), 'changeme-changeme\n');
      const result = await runLns(['start'], { LNS_DATA_DIR: dataDir });
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/LNS_CLUSTER_SECRET: .*cluster\.secret has about \d+ bits/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown command with exit code 2', async () => {
    const result = await runLns(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });
});

describe('first start', () => {
  it('creates user admin with a generated password printed once, kept across restarts', async () => {
    const first = await startLns({}, 30_000, { keepData: true });
    let second: LnsProcess | undefined;
    try {
      const banner = first.logLines.find((l) => l.includes('created user "admin"'));
      const password = /with password (\S+)/.exec(banner ?? '')?.[1];
      expect(password, 'first start prints the generated password').toBeTruthy();
      // Never in a structured log line: logs may be shipped elsewhere.
      expect(first.logLines.filter((l) => l.startsWith('{') && l.includes(password!))).toEqual([]);
      const login = async (port: number) =>
        (
          await fetch(`http://127.0.0.1:${port}/api/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'admin', password }),
          })
        ).status;
      expect(await login(first.httpPort)).toBe(200);
      expect(await first.stop()).toBe(0);

      second = await startLns({}, 30_000, { dataDir: first.dataDir });
      expect(second.logLines.some((l) => l.includes('created user "admin"'))).toBe(false);
      expect(await login(second.httpPort)).toBe(200);
    } finally {
      await first.stop();
      if (second) await second.stop();
    }
  });
});
