/**
 * Replication benchmarks (`npm run bench -w @lns/db-sync`): one JSON line per result on stdout.
 *
 * - replication-lag: 3 nodes on loopback (in this one process), 5 000 writes/s spread over the
 *   three, lag from the write call to the commit on each other node.
 * - join: time for a new node to join (db_master) a database of 100 000 and 1 000 000
 *   session-sized records, from its start to state `ok`.
 *
 * Timing uses the real clocks: this is a measurement, not logic.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCluster } from '../cluster/index.js';
import type { Cluster, ClusterOptions } from '../cluster/index.js';
import type { WriteOp } from '../types.js';

const SECRET = randomBytes(32).toString('hex');

function print(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return sorted[i] as number;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** A session as lns stores it: some 350 bytes of JSON. */
function session(i: number): object {
  const hex = i.toString(16).padStart(8, '0');
  return {
    id: hex,
    devEui: `70b3d57ed0${hex.slice(2)}`,
    profileId: 'eu868-class-a',
    nwkSKey: `2b7e151628aed2a6abf7158809cf${hex.slice(0, 4)}`,
    appSKey: `3c7e151628aed2a6abf7158809cf${hex.slice(4)}`,
    fCntUp: i % 65536,
    fCntDown: (i * 7) % 65536,
    lastRx: '2025-01-01T00:00:00.000Z',
    adr: { enabled: true, dataRate: 5, txPower: 14, nbTrans: 1, history: [-7.5, -6.25, -9] },
    battery: 254,
    margin: 12,
  };
}

async function node(
  root: string,
  nodeId: string,
  extra: Partial<ClusterOptions> = {},
): Promise<Cluster> {
  return startCluster({
    dataDir: join(root, nodeId),
    nodeId,
    secret: SECRET,
    listenHost: '127.0.0.1',
    listenPort: 0,
    advertise: '127.0.0.1:0',
    timing: { antiEntropyIntervalMs: 0 },
    ...extra,
  });
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function lagBench(root: string): Promise<object> {
  const writesPerSec = 5000;
  const seconds = 8;
  const a = await node(root, 'lag-a');
  const b = await node(root, 'lag-b', { dbMaster: a.advertise });
  await b.whenState('ok', 60_000);
  const c = await node(root, 'lag-c', { dbMaster: a.advertise });
  await c.whenState('ok', 60_000);
  const nodes = [a, b, c];
  await waitUntil(
    () => nodes.every((n) => n.members().every((m) => m.status === 'up')),
    10_000,
    'up',
  );

  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  for (const n of nodes) {
    n.store.onChange((event) => {
      if (event.source !== 'remote') return;
      const now = performance.now();
      for (const op of event.ops) {
        const t = sentAt.get(op.key);
        if (t !== undefined && op.table === 'bench') lags.push(now - t);
      }
    });
  }
  const total = writesPerSec * seconds;
  const tickMs = 10;
  const perTick = (writesPerSec * tickMs) / 1000;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  let written = 0;
  while (written < total) {
    const due = Math.min(
      total,
      Math.floor(((performance.now() - start) / 1000) * writesPerSec) + perTick,
    );
    for (; written < due; written += 1) {
      const writer = nodes[written % 3] as Cluster;
      const key = `k${written}`;
      sentAt.set(key, performance.now());
      pending.push(writer.store.table('bench').put(key, session(written)));
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  await waitUntil(() => lags.length >= total * 2, 60_000, 'every write on both other nodes');
  const sorted = lags.sort((x, y) => x - y);
  await Promise.all(nodes.map((n) => n.close()));
  return {
    bench: 'replication-lag',
    nodes: 3,
    writesPerSec,
    achievedPerSec: Math.round(total / elapsedS),
    writes: total,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}

async function joinBench(root: string, records: number): Promise<object> {
  const master = await node(root, `join-master-${records}`);
  const batchSize = 2000;
  for (let i = 0; i < records; i += batchSize) {
    const ops: WriteOp[] = [];
    for (let j = i; j < Math.min(records, i + batchSize); j += 1) {
      ops.push({ table: 'nodes', key: j.toString(16).padStart(8, '0'), value: session(j) });
    }
    await master.store.batch(ops);
  }
  const start = performance.now();
  const joiner = await node(root, `join-new-${records}`, { dbMaster: master.advertise });
  await joiner.whenState('ok', 30 * 60_000);
  const seconds = (performance.now() - start) / 1000;
  const loaded = await joiner.store.table('nodes').count();
  await Promise.all([joiner.close(), master.close()]);
  if (loaded !== records) throw new Error(`joined node holds ${loaded} of ${records} records`);
  return {
    bench: 'join',
    records,
    seconds: round(seconds),
    recordsPerSec: Math.round(records / seconds),
  };
}

const root = await mkdtemp(join(tmpdir(), 'lns-db-sync-bench-'));
try {
  const benches: (() => Promise<object>)[] = [
    () => lagBench(root),
    () => joinBench(root, 100_000),
    () => joinBench(root, 1_000_000),
  ];
  for (const run of benches) {
    try {
      print(await run());
    } catch (err) {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
