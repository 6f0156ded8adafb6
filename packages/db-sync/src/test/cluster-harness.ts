import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startCluster } from '../cluster/index.js';
import type { Cluster, ClusterEvents, ClusterOptions, ClusterTiming } from '../cluster/index.js';

/** Timers scaled down for loopback tests; periodic repair and trimming are run by hand. */
export const fastTiming: ClusterTiming = {
  heartbeatMs: 100,
  deadAfterMs: 1500,
  connectTimeoutMs: 2000,
  reconnectMinMs: 20,
  reconnectMaxMs: 300,
  antiEntropyIntervalMs: 0,
  trimIntervalMs: 0,
  flushIntervalMs: 100,
};

/** A random secret per run, as a first start generates one (never a human-chosen one). */
export const SECRET = randomBytes(32).toString('hex');

/** A temporary root for the data directories of one test, and the nodes started in it. */
export class TestCluster {
  private rootDir: string | undefined;
  private readonly nodes = new Set<Cluster>();

  static async create(): Promise<TestCluster> {
    const tc = new TestCluster();
    await tc.setUp();
    return tc;
  }

  /** Makes a fresh root directory (see {@link useTestCluster}). */
  async setUp(): Promise<void> {
    this.rootDir = await mkdtemp(join(tmpdir(), 'lns-cluster-'));
  }

  get root(): string {
    if (this.rootDir === undefined) throw new Error('TestCluster used outside a test');
    return this.rootDir;
  }

  dir(nodeId: string): string {
    return join(this.root, nodeId);
  }

  /** Starts node `nodeId` on 127.0.0.1, any port, data under the root. */
  async start(nodeId: string, options: Partial<ClusterOptions> = {}): Promise<Cluster> {
    const cluster = await startCluster({
      dataDir: options.store === undefined ? this.dir(nodeId) : undefined,
      nodeId,
      secret: SECRET,
      listenHost: '127.0.0.1',
      listenPort: 0,
      advertise: '127.0.0.1:0',
      version: '0.0.0-test',
      ...options,
      timing: { ...fastTiming, ...options.timing },
    });
    this.nodes.add(cluster);
    return cluster;
  }

  /**
   * Starts the first id as a new cluster and every other one joined through it (db_master),
   * and resolves once every node sees all of them up.
   */
  async startJoined<const T extends readonly string[]>(
    ids: T,
    options: Partial<ClusterOptions> = {},
  ): Promise<{ -readonly [K in keyof T]: Cluster }> {
    const [first, ...others] = ids;
    if (first === undefined) throw new Error('no node ids');
    const seed = await this.start(first, options);
    const nodes = [seed];
    for (const id of others) {
      const node = await this.start(id, { ...options, dbMaster: seed.advertise });
      await node.whenState('ok', 15_000);
      nodes.push(node);
    }
    await eventually(() => nodes.every((n) => allUp(n, nodes.length)), `${ids.join(', ')} up`);
    return nodes as { -readonly [K in keyof T]: Cluster };
  }

  async stop(cluster: Cluster, options: { abrupt?: boolean } = {}): Promise<void> {
    this.nodes.delete(cluster);
    await cluster.close(options);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.nodes].map((c) => c.close()));
    this.nodes.clear();
    if (this.rootDir !== undefined) await rm(this.rootDir, { recursive: true, force: true });
    this.rootDir = undefined;
  }
}

/**
 * The TestCluster of each test of the calling file: a fresh root before each test; its nodes
 * closed and the root removed after it.
 */
export function useTestCluster(): TestCluster {
  const tc = new TestCluster();
  beforeEach(() => tc.setUp());
  afterEach(() => tc.dispose());
  return tc;
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The next `event` of `cluster` (with a deadline). */
export function nextEvent<K extends keyof ClusterEvents>(
  cluster: Cluster,
  event: K,
  match: (e: ClusterEvents[K]) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<ClusterEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for event ${event}`));
    }, timeoutMs);
    const off = cluster.on(event, (e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** True when every member the cluster lists (self included) is `up`, and there are `n`. */
export function allUp(cluster: Cluster, n: number): boolean {
  const members = cluster.members();
  return members.length === n && members.every((m) => m.status === 'up');
}

/** Digests of `tables` on `cluster`, in order. */
export async function digests(cluster: Cluster, tables: readonly string[]): Promise<string[]> {
  return Promise.all(tables.map((t) => cluster.store.digest(t)));
}

/** Waits until every cluster has the same digests of `tables`. */
export async function converged(
  clusters: readonly Cluster[],
  tables: readonly string[],
  timeoutMs = 20_000,
): Promise<void> {
  await eventually(
    async () => {
      const all = await Promise.all(clusters.map((c) => digests(c, tables)));
      const first = JSON.stringify(all[0]);
      return all.every((d) => JSON.stringify(d) === first);
    },
    `equal digests of ${tables.join(',')}`,
    timeoutMs,
  );
}
