/**
 * The cluster port of a real node process against strangers (issue 12): hundreds of
 * unauthenticated connections announcing 60 MiB frames and pushing a MiB each, then floods of
 * idle connections from one address and from many. Each announced frame is refused from its
 * header, connections over the limits get `refused busy` and are closed, the refusals are
 * counted (/metrics) and logged, the node's memory does not grow, and a peer that knows the
 * secret still completes a handshake.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../packages/db-sync/src/clock.js';
import { RawPeer } from '../../packages/db-sync/src/test/raw-peer.js';
import { dialLink } from '../../packages/db-sync/src/transport/index.js';
import type { ConnectionStats } from '../../packages/db-sync/src/index.js';
import { startLns } from '../../packages/server/test/helpers/lns-process.js';
import type { LnsProcess } from '../../packages/server/test/helpers/lns-process.js';
import { until } from '../helpers/until.js';

const SECRET = randomBytes(32).toString('hex');
const MiB = 1024 * 1024;

let node: LnsProcess;

beforeAll(async () => {
  node = await startLns({ LNS_NODE: 'port', LNS_CLUSTER_SECRET: SECRET }, 60_000);
});

afterAll(async () => {
  await node?.stop();
});

/** Resident set size of the node process, from the kernel. */
function rssBytes(): number {
  const status = readFileSync(`/proc/${node.child.pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error('no VmRSS');
  return Number(kb) * 1024;
}

/** The node's `lns_cluster_port_connections{kind}` gauges (db-sync's ConnectionStats). */
async function portCounters(): Promise<ConnectionStats> {
  const text = await (await fetch(`http://127.0.0.1:${node.httpPort}/metrics`)).text();
  const read = (kind: keyof ConnectionStats): number => {
    const m = new RegExp(`^lns_cluster_port_connections\\{kind="${kind}"\\} (\\d+)`, 'm').exec(
      text,
    );
    if (m === null) throw new Error(`no lns_cluster_port_connections{kind="${kind}"}`);
    return Number(m[1]);
  };
  return {
    open: read('open'),
    handshaking: read('handshaking'),
    accepted: read('accepted'),
    handshakeFailed: read('handshakeFailed'),
    refusedTotal: read('refusedTotal'),
    refusedPerAddress: read('refusedPerAddress'),
  };
}

/** Opens `count` connections, `perAddress` from each of 127.0.0.<first>, 127.0.0.<first+1>... */
async function connectMany(count: number, perAddress: number, first: number): Promise<RawPeer[]> {
  const peers: Promise<RawPeer>[] = [];
  for (let i = 0; i < count; i += 1) {
    peers.push(
      RawPeer.connect(node.clusterAddress, `127.0.0.${first + Math.floor(i / perAddress)}`),
    );
  }
  return Promise.all(peers);
}

function refusedBusy(peers: readonly RawPeer[]): number {
  return peers.filter((p) => p.frames[0]?.t === 'refused' && p.frames[0].reason === 'busy').length;
}

/** A real handshake with the node's secret (a `control` link, as `lns` tools open). */
async function authenticatedHandshake(): Promise<string> {
  const link = await dialLink({
    address: node.clusterAddress,
    self: { nodeId: 'tester', clusterId: 'any' },
    secret: SECRET,
    purpose: 'control',
    timing: { clock: systemClock, heartbeatMs: 0, deadAfterMs: 10_000 },
    timeoutMs: 10_000,
  });
  const peer = link.peer.nodeId;
  link.close('done');
  return peer;
}

describe('the cluster port of a real node against unauthenticated connections', () => {
  it('refuses huge frames and connections over its limits; memory stays flat', async () => {
    const junk = Buffer.alloc(4 * MiB, 0x7b);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(60 * MiB, 0);
    const rssBefore = rssBytes();

    // 1. 400 connections from 40 addresses, each announcing a 60 MiB frame and sending 4 MiB
    //    of it: without a cap before authentication the node buffers 4 MiB for each one it
    //    lets into a handshake (1.6 GiB without connection limits, 256 MiB with them).
    const huge = await connectMany(400, 10, 10);
    for (const p of huge) {
      p.write(header);
      p.write(junk);
    }
    for (const p of huge) expect(await p.whenClosed(20_000)).toBe(true);
    const rssAfterHuge = rssBytes();
    const hugeRefusedBusy = refusedBusy(huge);

    // 2. 200 idle connections from one address: 16 may wait for their handshake, the rest are
    //    refused at once; a peer with the secret (from 127.0.0.1) still gets in meanwhile.
    const oneAddress = await connectMany(200, 200, 60);
    const closedOf = (peers: readonly RawPeer[]): number => peers.filter((p) => p.closed).length;
    await until(
      'one-address flood answered',
      () => Promise.resolve(Math.min(refusedBusy(oneAddress), closedOf(oneAddress))),
      (n) => n >= 184,
    );
    expect(refusedBusy(oneAddress)).toBe(184);
    expect(await authenticatedHandshake()).toBe('port');

    // 3. 300 idle connections from 30 more addresses: at most 64 wait in all.
    const many = await connectMany(300, 10, 70);
    await until(
      'many-address flood answered',
      () => Promise.resolve(Math.min(refusedBusy(many), closedOf(many))),
      (n) => n >= 300 - 64,
    );
    const waiting = [...oneAddress, ...many].filter((p) => !p.closed).length;
    expect(waiting).toBeLessThanOrEqual(64);

    // The waiting ones meet the handshake deadline (5 s); then all is as before.
    for (const p of [...oneAddress, ...many]) expect(await p.whenClosed(20_000)).toBe(true);
    const counters = await until(
      'no connection left',
      portCounters,
      (c) => c.open === 0 && c.handshaking === 0,
    );
    expect(await authenticatedHandshake()).toBe('port');
    const rssAfter = rssBytes();

    const refusals = node.logLines.filter((l) =>
      l.includes('cluster port refused connections over its limits'),
    );
    const figures = {
      connections: huge.length + oneAddress.length + many.length,
      hugeFrameConnections: huge.length,
      hugeRefusedBusy,
      waitingAtOnce: waiting,
      refusedTotal: counters.refusedTotal,
      refusedPerAddress: counters.refusedPerAddress,
      handshakeFailed: counters.handshakeFailed,
      refusalLogLines: refusals.length,
      rssBeforeMiB: +(rssBefore / MiB).toFixed(1),
      rssAfterHugeFramesMiB: +(rssAfterHuge / MiB).toFixed(1),
      rssAfterMiB: +(rssAfter / MiB).toFixed(1),
    };
    process.stdout.write(`cluster-port figures: ${JSON.stringify(figures)}\n`);

    // Every refusal is counted (a client may miss its refusal frame, the node never misses
    // one); every admitted stranger failed its handshake; the floods were logged, not line
    // by line.
    const seenRefused = refusedBusy(huge) + refusedBusy(oneAddress) + refusedBusy(many);
    expect(counters.refusedPerAddress).toBeGreaterThanOrEqual(184);
    expect(counters.refusedTotal + counters.refusedPerAddress).toBeGreaterThanOrEqual(seenRefused);
    // Read between the two handshakes with the secret: the first one is the only success.
    expect(counters.accepted).toBe(counters.handshakeFailed + 1);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.length).toBeLessThan(10);
    // No frame of a stranger was buffered: the node holds what it held before, give or take
    // the sockets' and the allocator's own noise.
    expect(rssAfterHuge - rssBefore).toBeLessThan(64 * MiB);
    expect(rssAfter - rssBefore).toBeLessThan(64 * MiB);
    for (const p of [...huge, ...oneAddress, ...many]) p.destroy();
  });
});
