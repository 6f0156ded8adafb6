/**
 * Long on purpose: one process started once for every scenario of the table.
 *
 * One real `lns start` process on loopback, driven as operators and gateways drive it: REST to
 * register profiles, gateways and devices; real UDP datagrams from software packet forwarders
 * carrying frames built with real LoRaWAN crypto. Each scenario uses its own devices.
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DevAddr, Eui64 } from '../../src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../src/sim/index.js';
import type { DecodedDownlink } from '../../src/sim/index.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import { euClassAProfile } from '../helpers/profiles.js';

const ADMIN_PASSWORD = 'e2e-admin-password';
const GW1 = 'aa555a0000000001' as Eui64;
const GW2 = 'aa555a0000000002' as Eui64;
const UNREGISTERED_GW = 'aa555a00000000ff' as Eui64;

interface FrameRecord {
  dir: 'up' | 'down';
  devAddr: string;
  devEui?: string;
  fCnt: number;
  fPort?: number;
  data: string;
  confirmed: boolean;
  gateways: { gatewayEui: string; lsnr: number }[];
}
interface EventRecord {
  kind: string;
  entity: string;
  text: string;
}

let node: LnsProcess;
let rest: RestClient;
let gw1: FakeGateway;
let gw2: FakeGateway;
let tmst = randomInt(0, 0x7fffffff);

function nextTmst(): number {
  tmst = (tmst + 10_000_000) >>> 0;
  return tmst;
}

const profileA = euClassAProfile('class-a', 'Class A EU868');

let abpCounter = 0;
/** Registers an ABP node over REST and returns the matching software device. */
async function abpDevice(profileId = 'class-a'): Promise<SimDevice> {
  abpCounter += 1;
  const devAddr = `26e2e0${abpCounter.toString(16).padStart(2, '0')}` as DevAddr;
  const nwkSKey = randomKey();
  const appSKey = randomKey();
  await rest.create('/api/nodes', { id: devAddr, profileId, nwkSKey, appSKey, fCntDown: 0 });
  return new SimDevice({ session: { devAddr, nwkSKey, appSKey } });
}

/** Every key handed to the node, to check none of them reaches its log. */
const keysUsed: string[] = [];

function randomKey(): string {
  const key = Buffer.from(Array.from({ length: 16 }, () => randomInt(0, 256))).toString('hex');
  keysUsed.push(key);
  return key;
}

async function framesOf(devAddr: string, count: number): Promise<FrameRecord[]> {
  const filter = encodeURIComponent(JSON.stringify({ devAddr }));
  return rest.until<FrameRecord[]>(`/api/frames?filter=${filter}`, (f) => f.length >= count);
}

async function eventOf(kind: string, entity: string): Promise<EventRecord> {
  const filter = encodeURIComponent(JSON.stringify({ kind }));
  const events = await rest.until<EventRecord[]>(`/api/events?filter=${filter}`, (e) =>
    e.some((x) => x.entity === entity),
  );
  return events.find((x) => x.entity === entity)!;
}

/** Waits for the next downlink on a gateway (bounded) and decodes it as the device would. */
async function nextDownlink(gw: FakeGateway, device: SimDevice, timeoutMs = 4000) {
  expect(await gw.waitFor(() => gw.downlinks.length > 0, timeoutMs)).toBe(true);
  const down = gw.downlinks.shift()!;
  return { txpk: down.packet.txpk, decoded: device.decodeDownlink(down.phyPayload) };
}

async function noDownlink(gw: FakeGateway, waitMs = 1500): Promise<void> {
  expect(await gw.waitFor(() => gw.downlinks.length > 0, waitMs)).toBe(false);
}

function expectAck(decoded: DecodedDownlink): void {
  expect(decoded.micOk).toBe(true);
  expect(decoded.ack).toBe(true);
}

beforeAll(async () => {
  // Debug level logs every packet: the strictest setting for the key-redaction check below.
  node = await startLns({
    LNS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LNS_NET_ID: '000013',
    LNS_LOG_LEVEL: 'debug',
  });
  rest = new RestClient(node.httpPort);
  await rest.login('admin', ADMIN_PASSWORD);
  await rest.create('/api/profiles', profileA);
  await rest.create('/api/profiles', {
    ...profileA,
    id: 'class-c',
    name: 'Class C',
    deviceClass: 'C',
  });
  // Upper case and separators are normalised (SPEC: EUIs are lowercase hex without separators).
  await rest.create('/api/gateways', { id: 'AA-55-5A-00-00-00-00-01', name: 'gw1', txRfChain: 0 });
  await rest.create('/api/gateways', { id: GW2, name: 'gw2', txRfChain: 0 });
  gw1 = new FakeGateway({
    gatewayEui: GW1,
    serverHost: '127.0.0.1',
    serverPort: node.udpPort,
    bindHost: '127.0.0.1',
  });
  gw2 = new FakeGateway({
    gatewayEui: GW2,
    serverHost: '127.0.0.1',
    serverPort: node.udpPort,
    bindHost: '127.0.0.1',
  });
  await gw1.open();
  await gw2.open();
  gw1.pullData();
  gw2.pullData();
  expect(await gw1.waitFor(() => gw1.acks.some((a) => a.type === 'PULL_ACK'), 5000)).toBe(true);
  expect(await gw2.waitFor(() => gw2.acks.some((a) => a.type === 'PULL_ACK'), 5000)).toBe(true);
  // Starting a node process takes well over vitest's 10 s hook default on a loaded machine.
}, 60_000);

afterAll(async () => {
  await gw1?.close();
  await gw2?.close();
  if (node) expect(await node.stop()).toBe(0);
}, 30_000);

describe('a single node takes real gateway traffic', () => {
  it('delivers an unconfirmed ABP uplink once: frames log and /api/stream, no downlink', async () => {
    const device = await abpDevice();
    const ws = new WebSocket(`ws://127.0.0.1:${node.httpPort}/api/stream?token=${rest.token}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const streamed = new Promise<Record<string, unknown>>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const event = JSON.parse(data.toString()) as Record<string, unknown>;
        if (event.type === 'up' && event.devAddr === device.session!.devAddr) resolve(event);
      });
    });
    gw1.pushUplink(device.uplink({ fPort: 7, payload: Buffer.from('temp=21') }), {
      tmst: nextTmst(),
    });
    const [frame] = await framesOf(device.session!.devAddr, 1);
    expect(frame).toMatchObject({
      dir: 'up',
      fCnt: 0,
      fPort: 7,
      data: Buffer.from('temp=21').toString('hex'),
      confirmed: false,
    });
    const event = await streamed;
    expect(event).toMatchObject({
      type: 'up',
      fCnt: 0,
      fPort: 7,
      data: Buffer.from('temp=21').toString('base64'),
    });
    expect((event.rxInfo as { gatewayEui: string }[])[0]?.gatewayEui).toBe(GW1);
    ws.close();
    await noDownlink(gw1, 1200);
  });

  it('ACKs a confirmed uplink in RX1: tmst + 1 s, uplink frequency and data rate, valid MIC', async () => {
    const device = await abpDevice();
    const upTmst = nextTmst();
    gw1.pushUplink(device.uplink({ confirmed: true, payload: Buffer.from([1, 2, 3]) }), {
      tmst: upTmst,
      freqMhz: 868.3,
      datr: 'SF9BW125',
    });
    const { txpk, decoded } = await nextDownlink(gw1, device);
    expectAck(decoded);
    expect(txpk.tmst).toBe((upTmst + 1_000_000) >>> 0);
    expect(txpk.freq).toBe(868.3);
    expect(txpk.datr).toBe('SF9BW125');
    expect(txpk.ipol).toBe(true);
    expect(decoded.fCnt).toBe(0);
  });

  it('never delivers a replayed frame and reports fcnt_replay', async () => {
    const device = await abpDevice();
    const devAddr = device.session!.devAddr;
    device.fCntUp = 5;
    const old = device.uplink({ payload: Buffer.from('a') }, 3);
    gw1.pushUplink(device.uplink({ payload: Buffer.from('b') }), { tmst: nextTmst() });
    await framesOf(devAddr, 1);
    gw1.pushUplink(old, { tmst: nextTmst() });
    const event = await eventOf('fcnt_replay', devAddr);
    expect(event.text).toMatch(/3|replay/i);
    gw1.pushUplink(device.uplink({ payload: Buffer.from('c') }), { tmst: nextTmst() });
    const frames = await framesOf(devAddr, 2);
    expect(
      frames
        .filter((f) => f.dir === 'up')
        .map((f) => f.fCnt)
        .sort(),
    ).toEqual([5, 6]);
  });

  it('makes one frame of two gateways hearing it, lists both, answers through the best', async () => {
    const device = await abpDevice();
    const frame = device.uplink({ confirmed: true, payload: Buffer.from('x') });
    const upTmst = nextTmst();
    gw1.pushUplink(frame, { tmst: upTmst, lsnr: -3, rssi: -110 });
    gw2.pushUplink(frame, { tmst: upTmst + 17, lsnr: 8.5, rssi: -70 });
    const { decoded } = await nextDownlink(gw2, device);
    expectAck(decoded);
    expect(gw1.downlinks).toHaveLength(0);
    const frames = await framesOf(device.session!.devAddr, 1);
    const ups = frames.filter((f) => f.dir === 'up');
    expect(ups).toHaveLength(1);
    expect(ups[0]!.gateways.map((g) => g.gatewayEui).sort()).toEqual([GW1, GW2]);
  });

  it('joins an OTAA device; the derived keys work; a repeated DevNonce is refused', async () => {
    const devEui = '70b3d57ed0000001' as Eui64;
    const joinEui = '70b3d57ed00000aa' as Eui64;
    const appKey = randomKey();
    await rest.create('/api/devices', {
      id: devEui,
      name: 'otaa-1',
      joinEui,
      appKey: appKey.toUpperCase(),
      profileId: 'class-a',
    });
    const device = new SimDevice({ identity: { devEui, joinEui, appKey } });
    const joinTmst = nextTmst();
    gw1.pushUplink(device.joinRequest(0x1234), { tmst: joinTmst, freqMhz: 868.5 });
    expect(await gw1.waitFor(() => gw1.downlinks.length > 0, 8000)).toBe(true);
    const accept = gw1.downlinks.shift()!;
    expect(accept.packet.txpk.tmst).toBe((joinTmst + 5_000_000) >>> 0);
    const plain = device.acceptJoin(accept.phyPayload, 0x1234);
    // NetID 000013 is type 0: the DevAddr's top 7 bits are the NwkID 0x13 [L2 1.0.4 §6.1.1].
    expect(parseInt(plain.devAddr, 16) >>> 25).toBe(0x13);
    expect(plain.netId).toBe('000013');

    gw1.pushUplink(device.uplink({ confirmed: true, payload: Buffer.from('joined') }), {
      tmst: nextTmst(),
    });
    const { decoded } = await nextDownlink(gw1, device);
    expectAck(decoded);
    const frames = await framesOf(plain.devAddr, 2);
    expect(frames.find((f) => f.dir === 'up')).toMatchObject({
      devEui,
      data: Buffer.from('joined').toString('hex'),
    });
    expect(frames.find((f) => f.dir === 'down')).toMatchObject({ devEui, fCnt: 0 });
    const dev = await rest.request<{ devAddr: string; lastJoin: string }>(
      'GET',
      `/api/devices/${devEui}`,
    );
    expect(dev.body.devAddr).toBe(plain.devAddr);

    // Within a second of the first, identical bytes are a late gateway copy, not a replay;
    // wait past that (defaultNetworkServerTuning.lateCopyMs) so this is a real replay.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gw1.pushUplink(device.joinRequest(0x1234), { tmst: nextTmst() });
    await eventOf('devnonce_reused', devEui);
    await noDownlink(gw1, 1500);
  });

  it('delivers a queued downlink on the next uplink', async () => {
    const device = await abpDevice();
    const devAddr = device.session!.devAddr;
    const queued = await rest.create<{ id: string }>(`/api/nodes/${devAddr}/queue`, {
      fPort: 42,
      data: Buffer.from('set interval 60').toString('base64'),
      confirmed: false,
    });
    expect(queued.id).toBeTruthy();
    gw1.pushUplink(device.uplink({ payload: Buffer.from('ping') }), { tmst: nextTmst() });
    const { decoded } = await nextDownlink(gw1, device);
    expect(decoded.micOk).toBe(true);
    expect(decoded.fPort).toBe(42);
    expect(decoded.payload.toString()).toBe('set interval 60');
    const queue = await rest.until<unknown[]>(`/api/nodes/${devAddr}/queue`, (q) => q.length === 0);
    expect(queue).toEqual([]);
  });

  it('sends a class C downlink at once on RX2 parameters through the last gateway', async () => {
    const device = await abpDevice('class-c');
    const devAddr = device.session!.devAddr;
    gw2.pushUplink(device.uplink({ payload: Buffer.from('hi') }), { tmst: nextTmst() });
    await framesOf(devAddr, 1);
    await rest.create(`/api/nodes/${devAddr}/queue`, {
      fPort: 3,
      data: Buffer.from('on').toString('base64'),
      confirmed: false,
    });
    const { txpk, decoded } = await nextDownlink(gw2, device);
    expect(txpk.imme).toBe(true);
    expect(txpk.freq).toBe(869.525);
    expect(txpk.datr).toBe('SF12BW125');
    expect(decoded.micOk).toBe(true);
    expect(decoded.payload.toString()).toBe('on');
  });

  it('drops uplinks of unregistered gateways with an unknown_gateway event', async () => {
    const stranger = new FakeGateway({
      gatewayEui: UNREGISTERED_GW,
      serverHost: '127.0.0.1',
      serverPort: node.udpPort,
      bindHost: '127.0.0.1',
    });
    await stranger.open();
    const device = await abpDevice();
    stranger.pushUplink(device.uplink({ payload: Buffer.from('?') }), { tmst: nextTmst() });
    await eventOf('unknown_gateway', UNREGISTERED_GW);
    // The PUSH_ACK still comes: it says "received", not "accepted" [GWMP §7].
    expect(
      await stranger.waitFor(() => stranger.acks.some((a) => a.type === 'PUSH_ACK'), 2000),
    ).toBe(true);
    await stranger.close();
  });

  it('ignores malformed datagrams while traffic goes on, and counts them', async () => {
    const device = await abpDevice();
    gw1.sendRaw(Buffer.from('not a datagram'));
    gw1.sendRaw(
      Buffer.from([
        0x02,
        0x00,
        0x01,
        0x00,
        ...Buffer.from(GW1, 'hex'),
        ...Buffer.from('{"rxpk":[{"tmst":"x"}]}'),
      ]),
    );
    gw1.sendRaw(Buffer.from([0x07, 0x00, 0x00, 0x02]));
    gw1.pushUplink(device.uplink({ payload: Buffer.from('still here') }), { tmst: nextTmst() });
    const [frame] = await framesOf(device.session!.devAddr, 1);
    expect(frame?.data).toBe(Buffer.from('still here').toString('hex'));
    const metrics = await fetch(`${rest.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/lns_udp_datagrams_dropped\{reason="UDP_UNKNOWN_VERSION"\} [1-9]/);
    expect(metrics).toMatch(/lns_udp_datagrams_dropped\{reason="UDP_MISSING_FIELD"\} [1-9]/);
    expect(metrics).toMatch(/lns_uplinks_processed_total [1-9]/);
    const health = await fetch(`${rest.baseUrl}/health`);
    expect(health.status).toBe(200);
  });

  it('POSTs the SPEC integration event to an HTTP integration created over REST', async () => {
    const received: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const { port } = hook.address() as { port: number };
    try {
      await rest.create('/api/integrations', {
        id: 'e2e-hook',
        type: 'http',
        url: `http://127.0.0.1:${port}/uplinks`,
        headers: { 'x-api-key': 'hook-key' },
        events: ['up'],
        enabled: true,
      });
      const device = await abpDevice();
      // The node picks the new integration up from the store change; give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 300));
      gw1.pushUplink(device.uplink({ fPort: 5, payload: Buffer.from('to the hook') }), {
        tmst: nextTmst(),
      });
      const deadline = Date.now() + 5000;
      while (
        !received.some((r) => r.body.devAddr === device.session!.devAddr) &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const event = received.find((r) => r.body.devAddr === device.session!.devAddr);
      expect(event?.headers['x-api-key']).toBe('hook-key');
      expect(event?.body).toMatchObject({
        type: 'up',
        fCnt: 0,
        fPort: 5,
        data: Buffer.from('to the hook').toString('base64'),
        txInfo: { freq: 868.1, datr: 'SF7BW125' },
      });
      const metrics = await fetch(`${rest.baseUrl}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(
        /lns_integration_events\{integration="e2e-hook",type="http",outcome="sent"\} [1-9]/,
      );
    } finally {
      await rest.request('DELETE', '/api/integrations/e2e-hook');
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it('shows live gateway state: last seen, server and traffic counts', async () => {
    const res = await rest.request<{
      lastSeen: string;
      server: string;
      stats: { uplinks: number; downlinks: number };
    }>('GET', `/api/gateways/${GW1}`);
    expect(res.status).toBe(200);
    expect(res.body.server).toBe('e2e');
    expect(Date.parse(res.body.lastSeen)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.stats.uplinks).toBeGreaterThanOrEqual(5);
    expect(res.body.stats.downlinks).toBeGreaterThanOrEqual(3);
  });

  it('never writes key material to its log, even at debug level', () => {
    expect(keysUsed.length).toBeGreaterThan(5);
    expect(node.logLines.length).toBeGreaterThan(20);
    const log = node.logLines.join('\n').toLowerCase();
    expect(keysUsed.filter((key) => log.includes(key))).toEqual([]);
    expect(log).not.toContain(ADMIN_PASSWORD);
  });
});
