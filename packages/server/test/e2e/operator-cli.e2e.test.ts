/**
 * The operator's first hour (issue 13) with real node processes: the start output names the
 * URLs and says when LNS_ADMIN_PASSWORD is ignored; `lns user passwd` works through a running
 * node and on a stopped node's database; the CLI reaches the node it is pointed at and its
 * errors name the address tried, why, and the secret used.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runLns, startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';

const dirs: string[] = [];
const nodes: LnsProcess[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lns-operator-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, env: Record<string, string> = {}): Promise<LnsProcess> {
  const node = await startLns(env, 30_000, { dataDir, keepData: true });
  nodes.push(node);
  return node;
}

async function loginStatus(node: LnsProcess, password: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${node.httpPort}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  return res.status;
}

/** Waits until the banner (printed after the listening log line) is complete. */
async function bannerOf(node: LnsProcess): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  while (!node.logLines.some((l) => l.startsWith('  cluster')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return node.logLines.filter((l) => !l.startsWith('{'));
}

describe('a node from its first start: start output and lns user passwd', () => {
  it('prints the URLs, says when LNS_ADMIN_PASSWORD is ignored, and passwd works stopped or running', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    let banner = await bannerOf(first);
    expect(banner).toContain(`  admin UI   http://127.0.0.1:${first.httpPort}/admin/`);
    expect(banner.some((l) => l.includes(`http://127.0.0.1:${first.httpPort}/api `))).toBe(true);
    expect(banner.some((l) => l.includes(`UDP 127.0.0.1:${first.udpPort}`))).toBe(true);
    const generated = /with password (\S+)/.exec(banner.join('\n'))?.[1];
    expect(generated).toBeTruthy();
    expect(banner.some((l) => l.includes('ignored'))).toBe(false);
    await first.stop();

    // The walkthrough's `LNS_ADMIN_PASSWORD=... npm start` after a plain first start.
    const second = await start(dataDir, { LNS_ADMIN_PASSWORD: 'change-me-please' });
    banner = await bannerOf(second);
    expect(
      banner.filter((l) => l.includes('admin exists; LNS_ADMIN_PASSWORD ignored')),
    ).toHaveLength(1);
    expect(await loginStatus(second, 'change-me-please')).toBe(401);
    expect(await loginStatus(second, generated!)).toBe(200);
    await second.stop();

    // Stopped: the database is written directly (the node's name comes from its node.json).
    const offline = await runLns(['user', 'passwd', 'admin', '--data-dir', dataDir], {
      LNS_USER_PASSWORD: 'walkthrough-pw',
    });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain('(the node is stopped)');

    // At a terminal (`script` gives a pseudo-terminal): asked twice, never echoed.
    const typed = 'typed-secret-1';
    const screen = await runInTerminal(['user', 'passwd', 'admin', '--data-dir', dataDir], typed);
    expect(screen).toContain('new password for admin:');
    expect(screen).toContain('again:');
    expect(screen).toContain('(the node is stopped)');
    expect(screen, JSON.stringify(screen)).not.toContain(typed);

    const node = await start(dataDir);
    expect(await loginStatus(node, typed)).toBe(200);
    expect(await loginStatus(node, 'walkthrough-pw')).toBe(401);

    // Running: through its API, found by its data dir; the password from standard input.
    const online = await runLnsWithInput(
      ['user', 'passwd', 'admin', '--data-dir', dataDir],
      'third-password\n',
    );
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toContain(`changed through http://127.0.0.1:${node.httpPort}`);
    expect(await loginStatus(node, 'third-password')).toBe(200);

    const unknown = await runLns(['user', 'passwd', 'nobody', '--data-dir', dataDir], {
      LNS_USER_PASSWORD: 'whatever-pw',
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('user nobody does not exist');
    const short = await runLns(['user', 'passwd', 'admin', '--data-dir', dataDir], {
      LNS_USER_PASSWORD: 'short',
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 8 characters');
    expect(await loginStatus(node, 'third-password')).toBe(200);
    await node.stop();
  }, 300_000);
});

describe('lns cluster: the target and what errors name', () => {
  it('reaches the node on --data-dir; errors name the address, why it was tried, and the secret', async () => {
    const a = await start(tempDir(), { LNS_NODE: 'alpha' });
    const b = await start(tempDir(), { LNS_NODE: 'beta', LNS_ADMIN_PASSWORD: 'beta-password' });
    for (const [node, name] of [
      [a, 'alpha'],
      [b, 'beta'],
    ] as const) {
      const status = await runLns(['cluster', 'status', '--data-dir', node.dataDir]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(`asked node ${name} at http://127.0.0.1:${node.httpPort}`);
    }

    // The node at --node is alpha; the secret is beta's: 401, and the error says so.
    const mixed = [
      'cluster',
      'status',
      '--node',
      `127.0.0.1:${a.httpPort}`,
      '--data-dir',
      b.dataDir,
    ];
    const wrong = await runLns(mixed);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`http://127.0.0.1:${a.httpPort} refused the admin token`);
    expect(wrong.stderr).toContain(join(b.dataDir, 'cluster.secret'));
    expect(wrong.stderr).toContain('because --node');
    await a.stop();
    const gone = await runLns(mixed);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(
      `no node answers at http://127.0.0.1:${a.httpPort} (ECONNREFUSED)`,
    );

    // Adding an address nothing listens at: the cause, in the CLI and in the REST answer.
    const closed = await closedTcpPort();
    const add = await runLns(['cluster', 'add', `127.0.0.1:${closed}`, '--data-dir', b.dataDir]);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(
      `cannot reach 127.0.0.1:${closed}: connection refused (ECONNREFUSED)`,
    );
    expect(add.stderr).not.toContain('database unavailable');
    const res = await fetch(`http://127.0.0.1:${b.httpPort}/api/servers`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin:beta-password').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ address: `127.0.0.1:${closed}` }),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: 'peer_unreachable',
      message: expect.stringContaining(`cannot reach 127.0.0.1:${closed}: connection refused`),
    });
    await b.stop();
  }, 300_000);
});

const mainTs = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const lnsArgs = ['--conditions=source', '--import', 'tsx', mainTs];

function runLnsWithInput(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...lnsArgs, ...args],
      { timeout: 30_000, env: { ...process.env, LNS_USER_PASSWORD: '' } },
      (err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

/** Runs lns under `script` (a pseudo-terminal), typing `password` at each prompt. */
function runInTerminal(args: string[], password: string): Promise<string> {
  const command = [process.execPath, ...lnsArgs, ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    let out = '';
    const child = execFile(
      'script',
      ['-qec', command, '/dev/null'],
      { timeout: 30_000, env: { ...process.env, LNS_USER_PASSWORD: '' } },
      (err) => (err ? reject(new Error(`${err.message}\n${out}`)) : resolve(out)),
    );
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    // Type once the prompt is on the screen, as a person would.
    const prompts = ['new password for admin:', 'again:'];
    let seen = 0;
    const timer = setInterval(() => {
      const next = prompts[seen];
      if (next === undefined) return clearInterval(timer);
      if (out.includes(next)) {
        seen += 1;
        child.stdin?.write(`${password}\r`);
      }
    }, 50);
    child.once('exit', () => clearInterval(timer));
  });
}

async function closedTcpPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
