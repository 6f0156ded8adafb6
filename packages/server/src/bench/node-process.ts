/**
 * A real `lns start` child process for benchmarks: loopback, OS-chosen ports read from the
 * node's "node listening" log line, a fresh data dir removed on stop, and a small REST client.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachLine, listeningPorts } from '../cli/index.js';
import type { ListeningPorts } from '../cli/index.js';

/** The source entry through tsx (`npm run bench`), or the built one when this file is built. */
const fromSource = import.meta.url.endsWith('.ts');
const entry = fileURLToPath(new URL(fromSource ? '../main.ts' : '../main.js', import.meta.url));

export interface BenchNode {
  readonly name: string;
  readonly httpPort: number;
  readonly udpPort: number;
  readonly clusterAddress: string;
  /** JSON REST call with the admin token; throws unless the status is 2xx. */
  rest<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The node's GET /health (status code and body). */
  health(): Promise<{ code: number; up: number }>;
  stop(): Promise<void>;
}

export async function startBenchNode(
  name: string,
  env: Record<string, string>,
  password: string,
  timeoutMs = 60_000,
): Promise<BenchNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lns-bench-node-'));
  const args = fromSource
    ? ['--conditions=source', '--import', 'tsx', entry, 'start']
    : [entry, 'start'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      LNS_NODE: name,
      LNS_DATA_DIR: dataDir,
      LNS_ADMIN_PASSWORD: password,
      LNS_LOG_LEVEL: 'info',
      LNS_DRAIN_S: '0',
      LNS_UDP_HOST: '127.0.0.1',
      LNS_UDP_PORT: '0',
      LNS_HTTP_HOST: '127.0.0.1',
      LNS_HTTP_PORT: '0',
      LNS_CLUSTER_HOST: '127.0.0.1',
      LNS_CLUSTER_PORT: '0',
      LNS_ADVERTISE: '127.0.0.1:0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let ports: ListeningPorts;
  try {
    ports = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not start: ${stderr}`)),
        timeoutMs,
      );
      void exited.then(() => reject(new Error(`${name} exited: ${stderr}`)));
      // Past the start line only the pipe has to keep flowing.
      forEachLine(child.stdout, (line) => {
        const found = listeningPorts(line);
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found);
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const base = `http://127.0.0.1:${ports.httpPort}`;
  let token = '';
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status < 200 || res.status > 299) {
      throw new Error(`${name}: ${method} ${path}: ${res.status} ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    name,
    ...ports,
    async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
      if (!token) {
        token = (
          await call<{ token: string }>('POST', '/api/login', { username: 'admin', password })
        ).token;
      }
      return call<T>(method, path, body);
    },
    async health() {
      const res = await fetch(`${base}/health`);
      const body = (await res.json()) as { cluster?: { up?: number } };
      return { code: res.status, up: body.cluster?.up ?? 0 };
    },
    stop,
  };
}
