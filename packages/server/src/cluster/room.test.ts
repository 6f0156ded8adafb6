import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { TxAckStatus } from '../ns/index.js';
import type { DownlinkFrame, Eui64, UplinkFrame } from '../shared/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import type { LocalDownlinks } from './downlink-relay.js';
import { ClusterUnknownNodeError } from './errors.js';
import { OwnershipView, devAddrKey, devEuiKey } from './ownership.js';
import { TOPICS } from './port.js';
import { ClusterRoom } from './room.js';
import { MemoryMesh } from './testing/memory-mesh.js';

const log = pino({ level: 'silent' });
const GW_A = '00000000000000aa' as Eui64;
const GW_B = '00000000000000bb' as Eui64;

/** A data uplink PHYPayload of `devAddr` (big-endian hex), as on air. */
function dataUp(devAddr: string): Buffer {
  const phy = Buffer.alloc(12);
  phy[0] = 0x40;
  phy.writeUInt32LE(Number.parseInt(devAddr, 16), 1);
  return phy;
}

function joinRequest(devEui: string): Buffer {
  const phy = Buffer.alloc(23);
  phy[0] = 0x00;
  phy.writeUInt32LE(Number.parseInt(devEui.slice(8), 16), 9);
  phy.writeUInt32LE(Number.parseInt(devEui.slice(0, 8), 16), 13);
  return phy;
}

function copy(phyPayload: Buffer, gatewayEui: Eui64, snrDb = 5): UplinkFrame {
  return {
    phyPayload,
    rxInfo: {
      gatewayEui,
      timestampUs: 1_000_000,
      rssiDbm: -80,
      snrDb,
      channel: 0,
      rfChain: 0,
      crcStatus: 'ok',
      antennas: [],
    },
    txInfo: {
      frequencyHz: 868_100_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
    },
  };
}

function downlink(gatewayEui: Eui64): DownlinkFrame {
  return {
    gatewayEui,
    phyPayload: Buffer.from('60f17dbe49', 'hex'),
    timing: { kind: 'timestamp', timestampUs: 2_000_000 },
    frequencyHz: 868_100_000,
    dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
    txPowerDbm: 14,
    polarizationInversion: true,
  };
}

/** A gateway socket that holds `gateways` and answers every send with `status`. */
class FakeGateways implements LocalDownlinks {
  readonly sent: DownlinkFrame[] = [];
  status: TxAckStatus = 'ok';
  constructor(readonly gateways: Set<Eui64> = new Set()) {}
  /** When each held gateway was last heard (monotonic ms); 0 unless a test says otherwise. */
  readonly heard = new Map<Eui64, number>();
  heardMs(gatewayEui: Eui64): number | undefined {
    return this.gateways.has(gatewayEui) ? (this.heard.get(gatewayEui) ?? 0) : undefined;
  }
  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    this.sent.push(frame);
    return Promise.resolve(this.status);
  }
}

interface Handled {
  readonly node: string;
  readonly frame: UplinkFrame;
  readonly receivedMs: number;
  readonly server: string | undefined;
}

function cluster(nodeIds: readonly string[]) {
  const mesh = new MemoryMesh();
  const clock = new FakeClock();
  const handled: Handled[] = [];
  const drained: string[] = [];
  const rooms = new Map<string, ClusterRoom>();
  const gateways = new Map<string, FakeGateways>();
  for (const nodeId of nodeIds) {
    const port = mesh.join(nodeId);
    const local = new FakeGateways();
    gateways.set(nodeId, local);
    rooms.set(
      nodeId,
      new ClusterRoom({
        port,
        clock,
        log,
        local,
        relayTimeoutMs: 1500,
        drainSelf: () => drained.push(nodeId),
        handle: (frame, receivedMs, server) =>
          handled.push({ node: nodeId, frame, receivedMs, server }),
      }),
    );
  }
  for (const room of rooms.values()) room.directory.refresh();
  const room = (id: string): ClusterRoom => rooms.get(id)!;
  const gws = (id: string): FakeGateways => gateways.get(id)!;
  return { mesh, clock, handled, drained, room, gws, rooms };
}

/** Waits for the mesh's microtask deliveries (and their answers) to run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A DevAddr that `owner` owns among `members`. */
function devAddrOwnedBy(owner: string, members: readonly string[]): string {
  const view = new OwnershipView(members);
  for (let i = 0; ; i++) {
    const devAddr = (0x26000000 + i).toString(16).padStart(8, '0');
    if (view.owner(devAddrKey(devAddr)) === owner) return devAddr;
  }
}

let rooms: Map<string, ClusterRoom> | undefined;
afterEach(() => {
  for (const r of rooms?.values() ?? []) r.close();
  rooms = undefined;
});

describe('uplink routing', () => {
  const members = ['n1', 'n2', 'n3'];

  it('keeps a copy of a device this node owns and forwards the others to their owner', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    const mine = devAddrOwnedBy('n1', members);
    const theirs = devAddrOwnedBy('n2', members);
    c.room('n1').route(copy(dataUp(mine), GW_A), c.clock.now());
    c.clock.advance(3);
    c.room('n1').route(copy(dataUp(theirs), GW_A), c.clock.now() - 3);
    await settle();
    expect(c.handled.map((h) => [h.node, h.server])).toEqual([
      ['n1', undefined],
      ['n2', 'n1'],
    ]);
    // The owner dates the copy by the age the forwarder measured, on its own clock.
    expect(c.handled[1]!.receivedMs).toBe(c.clock.now() - 3);
    expect(c.handled[1]!.frame.phyPayload).toEqual(dataUp(theirs));
    expect(c.room('n1').router.stats).toMatchObject({ local: 1, forwarded: 1 });
    expect(c.room('n2').router.stats).toMatchObject({ received: 1 });
  });

  it('routes a join-request by DevEUI, and frames without an identity stay where they land', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    const view = new OwnershipView(members);
    const devEui = '70b3d57ed0000001';
    const owner = view.owner(devEuiKey(devEui))!;
    const receiver = members.find((m) => m !== owner)!;
    c.room(receiver).route(copy(joinRequest(devEui), GW_A), c.clock.now());
    c.room(receiver).route(copy(Buffer.from('e0', 'hex'), GW_A), c.clock.now());
    await settle();
    expect(c.handled.map((h) => [h.node, h.frame.phyPayload.length])).toEqual([
      [receiver, 1],
      [owner, 23],
    ]);
  });

  it('processes a forwarded copy where it lands, even if that view disagrees', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    const devAddr = devAddrOwnedBy('n3', members);
    // n2 forwards a copy straight to n1 (a view that briefly disagreed): n1 must not bounce it.
    c.mesh.peer('n2')!.send('n1', TOPICS.uplink, {
      p: dataUp(devAddr).toString('base64'),
      r: copy(dataUp(devAddr), GW_B).rxInfo,
      t: copy(dataUp(devAddr), GW_B).txInfo,
      a: 0,
    });
    await settle();
    expect(c.handled.map((h) => [h.node, h.server])).toEqual([['n1', 'n2']]);
  });

  it('moves a dead node’s devices to the others at once', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    const devAddr = devAddrOwnedBy('n2', members);
    c.mesh.setDown('n2', true);
    c.room('n1').route(copy(dataUp(devAddr), GW_A), c.clock.now());
    await settle();
    const next = new OwnershipView(['n1', 'n3']).owner(devAddrKey(devAddr));
    expect(c.handled.map((h) => h.node)).toEqual([next]);
  });

  it('processes the copy here when the owner has no live link', () => {
    const c = cluster(members);
    rooms = c.rooms;
    const devAddr = devAddrOwnedBy('n2', members);
    // The link is gone but membership has not noticed yet.
    c.mesh.down.add('n2');
    c.room('n1').route(copy(dataUp(devAddr), GW_A), c.clock.now());
    expect(c.handled.map((h) => h.node)).toEqual(['n1']);
    expect(c.room('n1').router.stats.ownerUnreachable).toBe(1);
  });

  it('counts and drops a malformed forwarded copy', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    c.mesh.peer('n2')!.send('n1', TOPICS.uplink, { p: 'AAAA', r: { gatewayEui: 'nope' } });
    await settle();
    expect(c.handled).toEqual([]);
    expect(c.room('n1').router.stats.malformed).toBe(1);
  });
});

describe('downlink relay', () => {
  const members = ['n1', 'n2', 'n3'];

  it('sends through the local socket when this node holds the gateway', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    c.gws('n1').gateways.add(GW_A);
    await expect(c.room('n1').downlinks.send(downlink(GW_A))).resolves.toBe('ok');
    expect(c.gws('n1').sent).toHaveLength(1);
    expect(c.mesh.log).toEqual([]);
  });

  it('asks the node that forwarded the gateway’s copies and returns its TX_ACK verdict', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    c.gws('n2').gateways.add(GW_B);
    c.gws('n2').status = 'TOO_EARLY';
    const devAddr = devAddrOwnedBy('n1', members);
    c.room('n2').route(copy(dataUp(devAddr), GW_B), c.clock.now());
    await settle();
    const verdict = c.room('n1').downlinks.send(downlink(GW_B));
    await settle();
    await expect(verdict).resolves.toBe('TOO_EARLY');
    expect(c.gws('n2').sent.map((f) => f.phyPayload.toString('hex'))).toEqual(['60f17dbe49']);
    expect(c.gws('n3').sent).toEqual([]);
    expect(c.mesh.log.filter((m) => m.topic === TOPICS.downlink).map((m) => m.to)).toEqual(['n2']);
  });

  it('asks every live peer when nobody is known to hold the gateway; only the holder sends', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    c.gws('n3').gateways.add(GW_B);
    const verdict = c.room('n1').downlinks.send(downlink(GW_B));
    await settle();
    await expect(verdict).resolves.toBe('ok');
    expect(c.gws('n3').sent).toHaveLength(1);
    expect(c.gws('n2').sent).toHaveLength(0);
  });

  it('prefers the node whose copies are newer than an old path of its own (the gateway moved)', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    // GW_B talked to n1 once (its PULL path there is still fresh), then moved to n2.
    c.gws('n1').gateways.add(GW_B);
    c.gws('n1').heard.set(GW_B, c.clock.monotonicMs());
    c.clock.advance(5000);
    c.gws('n2').gateways.add(GW_B);
    const devAddr = devAddrOwnedBy('n1', members);
    c.room('n2').route(copy(dataUp(devAddr), GW_B), c.clock.now());
    await settle();
    const verdict = c.room('n1').downlinks.send(downlink(GW_B));
    await settle();
    await expect(verdict).resolves.toBe('ok');
    expect(c.gws('n2').sent).toHaveLength(1);
    expect(c.gws('n1').sent).toHaveLength(0);
    // The gateway comes back to n1 (newer datagram there): n1 sends itself again.
    c.clock.advance(1000);
    c.gws('n1').heard.set(GW_B, c.clock.monotonicMs());
    await expect(c.room('n1').downlinks.send(downlink(GW_B))).resolves.toBe('ok');
    expect(c.gws('n1').sent).toHaveLength(1);
  });

  it('waits for a peer until the window opens when the gateway confirms only on air', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    // n2's gateway (a Basics Station) reports the frame when it is on air, 5 s from now.
    let report: (status: TxAckStatus) => void = () => undefined;
    c.gws('n2').gateways.add(GW_B);
    c.gws('n2').send = (frame) => {
      c.gws('n2').sent.push(frame);
      return new Promise((resolve) => (report = resolve));
    };
    const devAddr = devAddrOwnedBy('n1', members);
    c.room('n2').route(copy(dataUp(devAddr), GW_B), c.clock.now());
    await settle();
    let settled: TxAckStatus | undefined;
    const verdict = c.room('n1').downlinks.send({
      ...downlink(GW_B),
      windowOpensMs: c.clock.now() + 5000,
    });
    void verdict.then((s) => (settled = s));
    await settle();
    c.clock.advance(4000);
    await settle();
    expect(settled).toBeUndefined();
    report('ok');
    await settle();
    expect(settled).toBe('ok');
    expect(c.room('n1').downlinks.stats.unanswered).toBe(0);
  });

  it('answers NO_PATH when no node holds the gateway, NO_ACK when a peer stays silent', async () => {
    const c = cluster(members);
    rooms = c.rooms;
    const none = c.room('n1').downlinks.send(downlink(GW_B));
    await settle();
    await expect(none).resolves.toBe('NO_PATH');
    // n2 never answers: its handler is gone (e.g. a node of another version).
    c.room('n2').close();
    c.gws('n3').gateways.clear();
    c.room('n3').close();
    const silent = c.room('n1').downlinks.send(downlink(GW_B));
    await settle();
    c.clock.advance(1500);
    await expect(silent).resolves.toBe('NO_ACK');
    expect(c.room('n1').downlinks.stats.unanswered).toBe(1);
  });
});

describe('takeover and drain', () => {
  it('never adds a gap on a node that was always alone', () => {
    const c = cluster(['n1']);
    rooms = c.rooms;
    expect(c.room('n1').ownership.fCntDownGap('26000001' as never)).toBe(0);
    expect(c.room('n1').ownership.ownsDevAddr('26000001' as never)).toBe(true);
  });

  it('raises FCntDown on the first downlink after taking a device over, and only then', () => {
    const members = ['n1', 'n2', 'n3'];
    const c = cluster(members);
    rooms = c.rooms;
    const devAddr = devAddrOwnedBy('n2', members) as never;
    const heir = new OwnershipView(['n1', 'n3']).owner(devAddrKey(devAddr))!;
    const own = c.room('n2').ownership;
    expect(own.fCntDownGap(devAddr)).toBe(64);
    expect(own.fCntDownGap(devAddr)).toBe(0);
    c.mesh.setDown('n2', true);
    const heirOwnership = c.room(heir).ownership;
    expect(heirOwnership.ownsDevAddr(devAddr)).toBe(true);
    expect(heirOwnership.fCntDownGap(devAddr)).toBe(64);
    expect(heirOwnership.fCntDownGap(devAddr)).toBe(0);
    // n2 comes back and owns the device again: the heir may have used counters meanwhile.
    c.mesh.setDown('n2', false);
    expect(own.ownsDevAddr(devAddr)).toBe(true);
    expect(own.fCntDownGap(devAddr)).toBe(64);
  });

  it('holds the counter of a session it created by a join', () => {
    const members = ['n1', 'n2'];
    const c = cluster(members);
    rooms = c.rooms;
    const devAddr = devAddrOwnedBy('n1', members) as never;
    c.room('n1').ownership.claim(devAddr);
    expect(c.room('n1').ownership.fCntDownGap(devAddr)).toBe(0);
  });

  it('a draining node leaves the owner function at once, everywhere', async () => {
    const members = ['n1', 'n2', 'n3'];
    const c = cluster(members);
    rooms = c.rooms;
    c.room('n2').drain.leaveOwnership();
    await settle();
    expect(c.room('n2').directory.owners).toEqual(['n1', 'n3']);
    expect(c.room('n1').directory.owners).toEqual(['n1', 'n3']);
    expect(c.room('n3').directory.owners).toEqual(['n1', 'n3']);
    const devAddr = devAddrOwnedBy('n2', members);
    c.room('n2').route(copy(dataUp(devAddr), GW_A), c.clock.now());
    await settle();
    expect(c.handled.map((h) => [h.node, h.server])).toEqual([
      [new OwnershipView(['n1', 'n3']).owner(devAddrKey(devAddr)), 'n2'],
    ]);
    // The node's other facts stay in its meta besides the flag.
    c.room('n2').drain.setMeta({ http: '127.0.0.1:1' });
    expect(c.mesh.peer('n2')!.meta).toEqual({ http: '127.0.0.1:1', draining: 'true' });
  });

  it('drains a peer on request and refuses unknown nodes', async () => {
    const c = cluster(['n1', 'n2']);
    rooms = c.rooms;
    c.room('n1').drain.requestDrain('n2');
    c.room('n1').drain.requestDrain('n1');
    await settle();
    expect(c.drained.sort()).toEqual(['n1', 'n2']);
    expect(() => c.room('n1').drain.requestDrain('n9')).toThrow(ClusterUnknownNodeError);
  });
});
