/**
 * The table of "ONE network server" scenarios, registered as vitest cases on a ThreeNodes
 * cluster whose gateways reach the nodes through `placement`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import type { FakeGateway } from '../../packages/server/src/sim/index.js';
import { SimDevice } from '../../packages/server/src/sim/index.js';
import {
  NODE_NAMES,
  QUIET_MS,
  ThreeNodes,
  downlinksFor,
  expectOneFrame,
  hearBy,
  sleep,
  until,
} from './one-network-server.js';
import type { GatewayPlacement, NodeName } from './one-network-server.js';

const GW_A = 'b827ebfffe0a0001' as Eui64;
const GW_B = 'b827ebfffe0b0002' as Eui64;
/** The worse gateway hears the device at SNR 2 dB, the better one at 9 dB. */
const WORSE = 2;
const BETTER = 9;

export function oneNetworkServerScenarios(placement: GatewayPlacement): void {
  const cluster = new ThreeNodes();
  let gwA: FakeGateway;
  let gwB: FakeGateway;
  /** Nodes holding gateway A and B, and the one holding none. */
  let holderA: NodeName;
  let holderB: NodeName;
  let spare: NodeName;
  let tmst = 100_000_000;
  const nextTmst = (): number => (tmst += 5_000_000);

  beforeAll(async () => {
    await cluster.setUp([GW_A, GW_B]);
    ({ gw: gwA, holder: holderA } = await placement.open(cluster, GW_A, []));
    ({ gw: gwB, holder: holderB } = await placement.open(cluster, GW_B, [holderA]));
    cluster.gateways.push(gwA, gwB);
    spare = NODE_NAMES.find((n) => n !== holderA && n !== holderB)!;
  });

  afterAll(() => cluster.stop());

  it('an unconfirmed uplink heard through two nodes is ONE frame, ONE event, no downlink', async () => {
    // Owned by the node that holds neither gateway: both copies are forwarded.
    const device = await cluster.abpDevice(spare, 'class-a');
    const devAddr = device.session!.devAddr;
    const phy = device.uplink({ payload: Buffer.from('one frame'), fPort: 5 });
    hearBy(phy, [
      { gw: gwA, lsnr: WORSE, tmst: nextTmst() },
      { gw: gwB, lsnr: BETTER, tmst: nextTmst() },
    ]);
    await until(
      'the frame',
      () => cluster.frames(devAddr),
      (f) => f.some((x) => x.dir === 'up'),
    );
    await sleep(QUIET_MS);
    const frame = expectOneFrame(await cluster.frames(devAddr, holderB), 0);
    expect(frame.data).toBe(Buffer.from('one frame').toString('hex'));
    expect(frame.server).toBe(spare);
    expect(frame.gateways.map((g) => [g.gatewayEui, g.server]).sort()).toEqual(
      [
        [GW_A, holderA],
        [GW_B, holderB],
      ].sort(),
    );
    const ups = cluster.sink.events.filter((e) => e.type === 'up' && e.devAddr === devAddr);
    expect(ups).toHaveLength(1);
    expect(ups[0]!.rxInfo).toHaveLength(2);
    expect(downlinksFor(gwA, devAddr)).toEqual([]);
    expect(downlinksFor(gwB, devAddr)).toEqual([]);
  });

  it('a confirmed uplink gets ONE ACK, through the better gateway, on another node', async () => {
    // The owner holds the worse gateway: the answer must still leave through the better one.
    const device = await cluster.abpDevice(holderA, 'class-a');
    const devAddr = device.session!.devAddr;
    const phy = device.uplink({ confirmed: true, payload: Buffer.from('ack me') });
    const tmstB = nextTmst();
    hearBy(phy, [
      { gw: gwA, lsnr: WORSE, tmst: nextTmst() },
      { gw: gwB, lsnr: BETTER, tmst: tmstB },
    ]);
    expect(await gwB.waitFor(() => downlinksFor(gwB, devAddr).length > 0, 5000)).toBe(true);
    await sleep(QUIET_MS);
    expect(downlinksFor(gwA, devAddr)).toEqual([]);
    const [ack, ...more] = downlinksFor(gwB, devAddr);
    expect(more).toEqual([]);
    const decoded = device.decodeDownlink(ack!);
    expect(decoded).toMatchObject({ micOk: true, ack: true });
    // The counter it used is the one the cluster stored as spent (FCntDown is persisted before
    // sending); a node that never sent to the device before starts above it (takeover gap).
    const stored = await until(
      'stored fCntDown',
      () => cluster.session(spare, devAddr),
      (n) => n.fCntDown === decoded.fCnt + 1,
    );
    expect(stored.fCntDown).toBe(decoded.fCnt + 1);
    // RX1 of the better gateway's copy [L2 1.0.4 §3.3.1]: its tmst plus RECEIVE_DELAY1.
    expect(gwB.downlinks.at(-1)!.packet.txpk.tmst).toBe(tmstB + 1_000_000);
    expectOneFrame(await cluster.frames(devAddr), 0);
  });

  it('a downlink queued on a node without gateways reaches the device once', async () => {
    const device = await cluster.abpDevice(holderB, 'class-a');
    const devAddr = device.session!.devAddr;
    const queued = await (
      await cluster.api(spare)
    ).request('POST', `/api/nodes/${devAddr}/queue`, {
      fPort: 7,
      data: Buffer.from('from the spare node').toString('base64'),
      confirmed: false,
    });
    expect(queued.status).toBe(201);
    // The queue item replicates to the owner before the device's next uplink.
    await until(
      'queue on the owner',
      async () =>
        (
          await (
            await cluster.api(holderB)
          ).request<unknown[]>('GET', `/api/nodes/${devAddr}/queue`)
        ).body,
      (items) => items.length === 1,
    );
    hearBy(device.uplink({ payload: Buffer.from('x') }), [
      { gw: gwA, lsnr: BETTER, tmst: nextTmst() },
      { gw: gwB, lsnr: WORSE, tmst: nextTmst() },
    ]);
    expect(await gwA.waitFor(() => downlinksFor(gwA, devAddr).length > 0, 5000)).toBe(true);
    await sleep(QUIET_MS);
    expect(downlinksFor(gwB, devAddr)).toEqual([]);
    const all = downlinksFor(gwA, devAddr);
    expect(all).toHaveLength(1);
    const decoded = device.decodeDownlink(all[0]!);
    expect(decoded).toMatchObject({ micOk: true, fPort: 7 });
    expect(decoded.payload.toString()).toBe('from the spare node');
  });

  it('a join-request heard through two nodes gets ONE join-accept; the session works anywhere', async () => {
    const identity = {
      devEui: '70b3d57ed0000a01' as Eui64,
      joinEui: '70b3d57ed0000001' as Eui64,
      appKey: '00112233445566778899aabbccddeeff',
    };
    await (
      await cluster.api(spare)
    ).create('/api/devices', {
      id: identity.devEui,
      name: 'otaa',
      profileId: 'class-a',
      joinEui: identity.joinEui,
      appKey: identity.appKey,
    });
    for (const name of cluster.nodes.keys()) {
      const c = await cluster.api(name);
      await until(
        `${name} has the device`,
        () => c.request('GET', `/api/devices/${identity.devEui}`),
        (r) => r.status === 200,
      );
    }
    const device = new SimDevice({ identity });
    const devNonce = 0x0a01;
    const isJoinAccept = (p: Buffer): boolean => p[0] === 0x20;
    const accepts = (): Buffer[] =>
      [...gwA.downlinks, ...gwB.downlinks].map((d) => d.phyPayload).filter(isJoinAccept);
    hearBy(device.joinRequest(devNonce), [
      { gw: gwA, lsnr: WORSE, tmst: nextTmst() },
      { gw: gwB, lsnr: BETTER, tmst: nextTmst() },
    ]);
    expect(await gwB.waitFor(() => accepts().length > 0, 8000)).toBe(true);
    await sleep(QUIET_MS);
    expect(accepts()).toHaveLength(1);
    expect(gwA.downlinks.map((d) => d.phyPayload).filter(isJoinAccept)).toEqual([]);
    device.acceptJoin(accepts()[0]!, devNonce);
    const devAddr = device.session!.devAddr;
    const joins = cluster.sink.events.filter((e) => e.type === 'join' && e.devAddr === devAddr);
    expect(joins).toHaveLength(1);
    // The first data uplink lands on one node only, whichever: it finds its session.
    gwA.pushUplink(device.uplink({ payload: Buffer.from('first') }), { tmst: nextTmst() });
    await until(
      'first frame',
      () => cluster.frames(devAddr),
      (f) => f.length === 1,
    );
    gwB.pushUplink(device.uplink({ payload: Buffer.from('second') }), { tmst: nextTmst() });
    const frames = await until(
      'second frame',
      () => cluster.frames(devAddr),
      (f) => f.length === 2,
    );
    expect(frames.map((f) => f.fCnt).sort()).toEqual([0, 1]);
    expect((await cluster.events('mic_failed')).filter((e) => e.entity === devAddr)).toEqual([]);
    expect((await cluster.events('unknown_devaddr')).filter((e) => e.entity === devAddr)).toEqual(
      [],
    );
  });

  it('a class C downlink is sent once, by the owner alone; no other node spends a counter', async () => {
    const device = await cluster.abpDevice(holderA, 'class-c');
    const devAddr = device.session!.devAddr;
    // The device is heard through gateway B first: that is where class C answers go.
    gwB.pushUplink(device.uplink({ payload: Buffer.from('hello') }), { tmst: nextTmst() });
    await until(
      'frame',
      () => cluster.frames(devAddr),
      (f) => f.length === 1,
    );
    const res = await (
      await cluster.api(spare)
    ).request('POST', `/api/nodes/${devAddr}/queue`, {
      fPort: 9,
      data: Buffer.from('class c').toString('base64'),
      confirmed: false,
    });
    expect(res.status).toBe(201);
    expect(await gwB.waitFor(() => downlinksFor(gwB, devAddr).length > 0, 5000)).toBe(true);
    await sleep(QUIET_MS);
    const sent = downlinksFor(gwB, devAddr);
    expect(sent).toHaveLength(1);
    expect(downlinksFor(gwA, devAddr)).toEqual([]);
    expect(gwB.downlinks.at(-1)!.packet.txpk.imme).toBe(true);
    const decoded = device.decodeDownlink(sent[0]!);
    expect(decoded.payload.toString()).toBe('class c');
    const txErrors = (await cluster.events('tx_error')).filter((e) => e.entity === devAddr);
    expect(txErrors).toEqual([]);
    // The owner spent one counter; no other node stepped it (each would have sent or logged).
    await sleep(QUIET_MS);
    for (const name of cluster.nodes.keys()) {
      expect((await cluster.session(name, devAddr)).fCntDown, name).toBe(decoded.fCnt + 1);
    }
  });

  it('kill -9 of a node: its devices and gateways move, ACKs keep fresh counters; it rejoins', async () => {
    const victim = holderB;
    const device = await cluster.abpDevice(victim, 'class-a');
    const devAddr = device.session!.devAddr;
    const used: number[] = [];
    const ackThrough = async (gw: FakeGateway): Promise<void> => {
      const before = downlinksFor(gw, devAddr).length;
      gw.pushUplink(device.uplink({ confirmed: true }), { tmst: nextTmst(), lsnr: BETTER });
      expect(await gw.waitFor(() => downlinksFor(gw, devAddr).length > before, 8000)).toBe(true);
      const decoded = device.decodeDownlink(downlinksFor(gw, devAddr).at(-1)!);
      expect(decoded).toMatchObject({ micOk: true, ack: true });
      used.push(decoded.fCnt);
    };
    await ackThrough(gwB);
    await ackThrough(gwB);
    // The last FCntDown reached the others before the kill (writes replicate in ms).
    await sleep(500);
    const dataDir = cluster.node(victim).dataDir;
    await cluster.node(victim).kill();
    cluster.nodes.delete(victim);
    await cluster.waitHealthy(2);
    const moved = await placement.move(cluster, gwB, victim);
    gwB = moved.gw;
    cluster.gateways.push(gwB);
    expect(moved.holder).not.toBe(victim);
    await ackThrough(gwB);
    await ackThrough(gwB);
    // Every FCntDown is fresh: above all before it, never one used twice.
    expect(new Set(used).size).toBe(used.length);
    expect([...used].sort((a, b) => a - b)).toEqual(used);
    // The node comes back with its data and catches up; counters stay fresh after it.
    await cluster.start(victim, {}, dataDir);
    await cluster.waitHealthy(3);
    await until(
      `${victim} caught up`,
      async () =>
        (
          await (
            await cluster.api(victim)
          ).request<{ fCntUp?: number }>('GET', `/api/nodes/${devAddr}`)
        ).body,
      (n) => n.fCntUp === 3,
    );
    await ackThrough(gwB);
    expect(new Set(used).size).toBe(used.length);
    expect([...used].sort((a, b) => a - b)).toEqual(used);
    expect(used.length).toBe(5);
  });
}

export { GW_A, GW_B };
