/**
 * Forwarding cost of the cluster (issue 8): confirmed uplinks per second and the latency a
 * device sees (PUSH_DATA sent → its ACK's PULL_RESP received) on three real node processes
 * whose two gateways, held by n1 and n2, hear every uplink, next to the same load on one node
 * in the same run. Devices are ABP with random DevAddrs, so owners spread over n1..n3: about a
 * third of the uplinks are owned by n3, which holds neither gateway (both copies forwarded,
 * the ACK relayed). Load: a fixed count sent as fast as the nodes answer, with a bounded
 * number in flight; one warm-up round per device is not timed.
 */
import { randomBytes } from 'node:crypto';
import { OwnershipView, devAddrKey } from '../cluster/index.js';
import { APP_S_KEY, NWK_S_KEY, testProfile } from '../ns/testing/records.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { FakeGateway, SimDevice } from '../sim/index.js';
import { startBenchNode } from './node-process.js';
import type { BenchNode } from './node-process.js';
import { percentile, until } from './stats.js';

export interface ClusterForwardingResult {
  readonly bench: 'cluster-forwarding';
  readonly measure: 'ack';
  readonly nodes: 3;
  readonly devices: number;
  readonly uplinks: number;
  readonly copiesPerUplink: 2;
  readonly inFlight: number;
  readonly dedupWindowMs: number;
  /** Share of devices owned by the node holding neither gateway. */
  readonly ownedByGatewaylessNode: number;
  readonly clusterUplinksPerSec: number;
  readonly clusterP50Ms: number;
  readonly clusterP99Ms: number;
  readonly clusterLost: number;
  readonly singleUplinksPerSec: number;
  readonly singleP50Ms: number;
  readonly singleP99Ms: number;
  readonly singleLost: number;
  /** clusterUplinksPerSec / singleUplinksPerSec. */
  readonly ratio: number;
}

export interface ClusterForwardingOptions {
  readonly devices?: number;
  /** Timed uplinks per device (after one warm-up uplink each). */
  readonly rounds?: number;
  readonly inFlight?: number;
  readonly dedupWindowMs?: number;
}

const PASSWORD = 'bench-cluster-forwarding';
const SECRET = 'bench-cluster-forwarding-secret-0123456789';
const GW_A = 'b827ebfffe0c0001' as Eui64;
const GW_B = 'b827ebfffe0c0002' as Eui64;
/** An uplink whose ACK has not come after this long is counted lost (RX2 is at 2 s). */
const LOST_AFTER_MS = 5000;

/** Random distinct DevAddrs (any NwkID: the nodes look sessions up by the whole address). */
function randomDevAddrs(count: number): DevAddr[] {
  const set = new Set<string>();
  while (set.size < count) set.add(randomBytes(4).toString('hex'));
  return [...set] as DevAddr[];
}

async function provision(nodes: readonly BenchNode[], devAddrs: readonly DevAddr[]): Promise<void> {
  const first = nodes[0]!;
  await first.rest('POST', '/api/profiles', testProfile({ id: 'class-a', name: 'class-a' }));
  for (const id of [GW_A, GW_B]) {
    await first.rest('POST', '/api/gateways', { id, name: id, txRfChain: 0 });
  }
  for (const id of devAddrs) {
    await first.rest('POST', '/api/nodes', {
      id,
      profileId: 'class-a',
      nwkSKey: NWK_S_KEY,
      appSKey: APP_S_KEY,
      fCntDown: 0,
    });
  }
  // Every node has every device and both gateways before traffic starts.
  for (const node of nodes) {
    for (const path of [...devAddrs.map((d) => `/api/nodes/${d}`), `/api/gateways/${GW_B}`]) {
      await until(`${node.name} has ${path}`, () => node.rest('GET', path).then(() => true));
    }
  }
}

async function openGateway(eui: Eui64, node: BenchNode): Promise<FakeGateway> {
  const gw = new FakeGateway({
    gatewayEui: eui,
    serverHost: '127.0.0.1',
    serverPort: node.udpPort,
    bindHost: '127.0.0.1',
  });
  await gw.open();
  for (let i = 0; i < 20; i++) {
    gw.pullData();
    if (await gw.waitFor(() => gw.acks.some((a) => a.type === 'PULL_ACK'), 500)) return gw;
  }
  await gw.close();
  throw new Error(`${eui}: no PULL_ACK from ${node.name}`);
}

interface RunResult {
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly lost: number;
}

/**
 * Sends `rounds` confirmed uplinks per device through both gateways (the better copy
 * alternating between them) with at most `inFlight` unanswered; a device has one uplink in
 * flight at a time. Returns throughput and latency of the timed part.
 */
async function drive(
  gateways: readonly [FakeGateway, FakeGateway],
  devAddrs: readonly DevAddr[],
  rounds: number,
  inFlight: number,
): Promise<RunResult> {
  const devices = devAddrs.map(
    (devAddr) => new SimDevice({ session: { devAddr, nwkSKey: NWK_S_KEY, appSKey: APP_S_KEY } }),
  );
  const seen = [0, 0];
  let tmst = 1_000_000;
  const pass = async (
    count: number,
  ): Promise<{ latencies: number[]; lost: number; ms: number }> => {
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let lost = 0;
    let next = 0;
    const start = Date.now();
    let lastDone = start;
    while (next < count || pending.size > 0) {
      while (pending.size < inFlight && next < count) {
        const i = next % devices.length;
        const devAddr = devAddrs[i]!;
        if (pending.has(devAddr)) break;
        next++;
        const phy = devices[i]!.uplink({ confirmed: true, payload: Buffer.from('bench') });
        pending.set(devAddr, Date.now());
        gateways.forEach((gw, g) => {
          tmst = (tmst + 1000) >>> 0;
          gw.pushUplink(phy, { tmst, lsnr: (i + g) % 2 === 0 ? 9 : 2, rssi: -70 });
        });
      }
      await Promise.race(
        gateways.map((gw, g) => gw.waitFor(() => gw.downlinks.length > seen[g]!, 100)),
      );
      gateways.forEach((gw, g) => {
        for (; seen[g]! < gw.downlinks.length; seen[g]!++) {
          const d = gw.downlinks[seen[g]!]!;
          const devAddr = d.phyPayload.readUInt32LE(1).toString(16).padStart(8, '0');
          const sentMs = pending.get(devAddr);
          if (sentMs === undefined) continue;
          pending.delete(devAddr);
          latencies.push(d.receivedMs - sentMs);
          lastDone = Math.max(lastDone, d.receivedMs);
        }
        // The gateway keeps everything it got; the bench needs only what it has not read.
        if (seen[g]! > 10_000) {
          gw.downlinks.splice(0, seen[g]);
          gw.acks.splice(0);
          seen[g] = 0;
        }
      });
      const now = Date.now();
      for (const [devAddr, sentMs] of pending) {
        if (now - sentMs > LOST_AFTER_MS) {
          pending.delete(devAddr);
          lost++;
        }
      }
    }
    return { latencies, lost, ms: lastDone - start };
  };
  await pass(devices.length);
  const timed = await pass(devices.length * rounds);
  const sorted = [...timed.latencies].sort((a, b) => a - b);
  return {
    perSec: Math.round(timed.latencies.length / (timed.ms / 1000)),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    lost: timed.lost,
  };
}

/** Starts `names` (the first as master), provisions them, runs the load, stops everything. */
async function runOn(
  names: readonly string[],
  devAddrs: readonly DevAddr[],
  options: Required<ClusterForwardingOptions>,
): Promise<RunResult> {
  const nodes: BenchNode[] = [];
  const gateways: FakeGateway[] = [];
  try {
    const env = { LNS_CLUSTER_SECRET: SECRET, LNS_DEDUP_WINDOW_MS: String(options.dedupWindowMs) };
    for (const name of names) {
      const master: Record<string, string> =
        nodes[0] === undefined ? {} : { LNS_DB_MASTER: nodes[0].clusterAddress };
      nodes.push(await startBenchNode(name, { ...env, ...master }, PASSWORD));
    }
    for (const node of nodes) {
      await until(`${node.name} healthy with ${names.length} up`, async () => {
        const h = await node.health();
        return h.code === 200 && h.up === names.length;
      });
    }
    await provision(nodes, devAddrs);
    // Gateway A on the first node, B on the second (the same node when alone).
    gateways.push(await openGateway(GW_A, nodes[0]!));
    gateways.push(await openGateway(GW_B, nodes[Math.min(1, nodes.length - 1)]!));
    return await drive([gateways[0]!, gateways[1]!], devAddrs, options.rounds, options.inFlight);
  } finally {
    for (const gw of gateways) await gw.close();
    for (const node of nodes) await node.stop();
  }
}

export async function runClusterForwardingBench(
  opts: ClusterForwardingOptions = {},
): Promise<ClusterForwardingResult> {
  const options: Required<ClusterForwardingOptions> = {
    devices: 300,
    rounds: 10,
    inFlight: 48,
    dedupWindowMs: 50,
    ...opts,
  };
  const devAddrs = randomDevAddrs(options.devices);
  const names = ['n1', 'n2', 'n3'] as const;
  const view = new OwnershipView(names);
  const gatewayless = devAddrs.filter((d) => view.owner(devAddrKey(d)) === 'n3').length;
  const cluster = await runOn(names, devAddrs, options);
  const single = await runOn(['n1'], devAddrs, options);
  const uplinks = options.devices * options.rounds;
  for (const [what, run] of [
    ['cluster', cluster],
    ['single', single],
  ] as const) {
    // A few late ACKs under load are a result; many mean the bench measured nothing useful.
    if (run.lost > uplinks * 0.05) throw new Error(`${what}: ${run.lost} of ${uplinks} ACKs lost`);
  }
  return {
    bench: 'cluster-forwarding',
    measure: 'ack',
    nodes: 3,
    devices: options.devices,
    uplinks,
    copiesPerUplink: 2,
    inFlight: options.inFlight,
    dedupWindowMs: options.dedupWindowMs,
    ownedByGatewaylessNode: Math.round((gatewayless / options.devices) * 1000) / 1000,
    clusterUplinksPerSec: cluster.perSec,
    clusterP50Ms: cluster.p50Ms,
    clusterP99Ms: cluster.p99Ms,
    clusterLost: cluster.lost,
    singleUplinksPerSec: single.perSec,
    singleP50Ms: single.p50Ms,
    singleP99Ms: single.p99Ms,
    singleLost: single.lost,
    ratio: Math.round((cluster.perSec / single.perSec) * 1000) / 1000,
  };
}
