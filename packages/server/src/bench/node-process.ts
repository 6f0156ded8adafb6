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
  /** The node's process id (CPU and RSS are read from /proc). */
  readonly pid: number;
  /** JSON REST call with the admin token; throws unless the status is 2xx. */
  rest<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** How many records of `resource` this node holds (Content-Range of a one-record page). */
  count(resource: string): Promise<number>;
  /** The node's GET /health (status code and body). */
  health(): Promise<{ code: number; up: number }>;
  /** The node's GET /metrics text (Prometheus). */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export interface BenchNodeOptions {
  readonly timeoutMs?: number;
  /**
   * Writes records into the node's database (`<data dir>/db`) before its first start: large
   * set-ups (100 000 devices) through the store code itself instead of one REST call each.
   */
  readonly seed?: (dbLocation: string) => Promise<void>;
}

export async function startBenchNode(
  name: string,
  env: Record<string, string>,
  password: string,
  options: BenchNodeOptions = {},
): Promise<BenchNode> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'lns-bench-node-'));
  try {
    await options.seed?.(join(dataDir, 'db'));
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // Profiling a bench node: LNS_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.LNS_BENCH_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  const args = fromSource
    ? [...nodeArgs, '--conditions=source', '--import', 'tsx', entry, 'start']
    : [...nodeArgs, entry, 'start'];
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
  /** A JSON call; `withAuth` logs in first. Throws unless the status is 2xx. */
  const call = async (
    method: string,
    path: string,
    body: unknown,
    withAuth: boolean,
  ): Promise<{ json: unknown; headers: Headers }> => {
    if (withAuth && !token) {
      const login = await call('POST', '/api/login', { username: 'admin', password }, false);
      token = (login.json as { token: string }).token;
    }
    const headers: Record<string, string> = {};
    if (withAuth) headers.authorization = `Bearer ${token}`;
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
    return { json: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    name,
    ...ports,
    pid: child.pid ?? 0,
    async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
      return (await call(method, path, body, true)).json as T;
    },
    async count(resource) {
      const { headers } = await call('GET', `/api/${resource}?range=[0,0]`, undefined, true);
      return Number(/\/(\d+)$/.exec(headers.get('content-range') ?? '')?.[1] ?? 0);
    },
    async health() {
      const res = await fetch(`${base}/health`);
      const body = (await res.json()) as { cluster?: { up?: number } };
      return { code: res.status, up: body.cluster?.up ?? 0 };
    },
    async metrics() {
      return (await fetch(`${base}/metrics`)).text();
    },
    stop,
  };
}
