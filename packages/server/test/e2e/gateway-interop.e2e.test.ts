/**
 * Long on purpose: one node for every forwarder dialect of the tables below.
 *
 * Gateway interop over real UDP against a real `lns start` process, with datagrams as
 * third-party packet forwarders send them (third-party-forwarders.ts): SPEC "Gateway side" asks
 * for `tmst`, `freq`, `datr` and `data` only, everything else may be missing or null; `stat` -1
 * is dropped, 0 or missing taken; a `size` that disagrees with `data` is counted and `data`
 * wins; TOO_EARLY for a tmst-timed RX1 means RX2; strangers' EUIs are bounded.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAddr } from '../../src/shared/ids.js';
import { SimDevice } from '../../src/sim/index.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import {
  UdpForwarder,
  npmPacketForwarderBody,
  pushBody,
  pythonEmulatorBody,
  referenceRxpk,
  referenceStat,
  txHz,
} from './third-party-forwarders.js';
import type { RadioMeta } from './third-party-forwarders.js';

const ADMIN_PASSWORD = 'interop-admin-password';
const REFERENCE_GW = 'aa555a0000000a01';
const NPM_GW = 'aa555a0000000a02';
const PYTHON_GW = 'aa555a0000000a03';

interface FrameRecord {
  dir: 'up' | 'down';
  fCnt: number;
  data: string;
  gateways: { gatewayEui: string; rssi: number; lsnr: number; freq: number; datr: string }[];
}

let node: LnsProcess;
let rest: RestClient;
let reference: UdpForwarder;
let npm: UdpForwarder;
let python: UdpForwarder;
let tmst = randomInt(0, 0x7fffffff);
let devices = 0;

const nextTmst = (): number => {
  tmst = (tmst + 20_000_000) >>> 0;
  return tmst;
};

const randomKey = (): string =>
  Buffer.from(Array.from({ length: 16 }, () => randomInt(0, 256))).toString('hex');

async function abpDevice(): Promise<SimDevice> {
  devices += 1;
  const devAddr = `26e2e2${devices.toString(16).padStart(2, '0')}` as DevAddr;
  const nwkSKey = randomKey();
  const appSKey = randomKey();
  await rest.create('/api/nodes', { id: devAddr, profileId: 'eu', nwkSKey, appSKey, fCntDown: 0 });
  return new SimDevice({ session: { devAddr, nwkSKey, appSKey } });
}

async function framesOf(devAddr: string, count: number): Promise<FrameRecord[]> {
  const filter = encodeURIComponent(JSON.stringify({ devAddr }));
  return rest.until<FrameRecord[]>(`/api/frames?filter=${filter}`, (f) => f.length >= count);
}

async function metric(name: string): Promise<number> {
  const text = await fetch(`${rest.baseUrl}/metrics`).then((r) => r.text());
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

async function opened(gatewayEui: string, twoSockets: boolean): Promise<UdpForwarder> {
  const gw = new UdpForwarder({ gatewayEui, serverPort: node.udpPort, twoSockets });
  await gw.open();
  return gw;
}

beforeAll(async () => {
  node = await startLns({ LNS_ADMIN_PASSWORD: ADMIN_PASSWORD });
  rest = new RestClient(node.httpPort);
  await rest.login('admin', ADMIN_PASSWORD);
  await rest.create('/api/profiles', { id: 'eu', region: 'EU868', adr: false });
  for (const id of [REFERENCE_GW, NPM_GW, PYTHON_GW]) {
    await rest.create('/api/gateways', { id, name: id });
  }
  reference = await opened(REFERENCE_GW, true);
  npm = await opened(NPM_GW, false);
  python = await opened(PYTHON_GW, false);
  reference.pullData();
  expect(await reference.waitFor(() => reference.pullAcks > 0, 5000)).toBe(true);
}, 60_000);

afterAll(async () => {
  await reference?.close();
  await npm?.close();
  await python?.close();
  if (node) expect(await node.stop()).toBe(0);
}, 30_000);

/** A forwarder dialect: which gateway sends it and how it writes the PUSH_DATA body. */
interface Dialect {
  readonly name: string;
  readonly gateway: () => UdpForwarder;
  readonly gatewayEui: string;
  readonly body: (phy: Buffer, meta: RadioMeta) => string;
  /** What the frame log must show for this copy (rssi/lsnr as sent, 0 when left out). */
  readonly rssi: number;
  readonly lsnr: number;
}

const dialects: readonly Dialect[] = [
  {
    name: 'lora_pkt_fwd 4.0.1 (two sockets, rxpk and stat in one datagram)',
    gateway: () => reference,
    gatewayEui: REFERENCE_GW,
    body: (phy, m) => pushBody([referenceRxpk(phy, { ...m, rssi: -57, lsnr: 9.5 })], referenceStat),
    rssi: -57,
    lsnr: 9.5,
  },
  {
    name: 'npm packet-forwarder (time, tmms, chan, rfch: null)',
    gateway: () => npm,
    gatewayEui: NPM_GW,
    body: (phy, m) => npmPacketForwarderBody(phy, { ...m, rssi: -60, lsnr: 7 }),
    rssi: -60,
    lsnr: 7,
  },
  {
    name: 'Python emulator (size = base64 length; no rfch, time, stat)',
    gateway: () => python,
    gatewayEui: PYTHON_GW,
    body: (phy, m) => pythonEmulatorBody(phy, { ...m, rssi: -70, lsnr: 5.5 }),
    rssi: -70,
    lsnr: 5.5,
  },
  {
    name: 'the SPEC minimum: tmst, freq, datr and data only',
    gateway: () => npm,
    gatewayEui: NPM_GW,
    body: (phy, m) =>
      JSON.stringify({
        rxpk: [
          {
            tmst: m.tmst,
            freq: m.freqHz / 1e6,
            datr: m.datr,
            data: phy.toString('base64'),
          },
        ],
      }),
    rssi: 0,
    lsnr: 0,
  },
  {
    name: 'stat 0 (no CRC) and a numeric time (lora_pkt_fwd 3.x GPS builds)',
    gateway: () => reference,
    gatewayEui: REFERENCE_GW,
    body: (phy, m) =>
      `{"rxpk":[{"tmst":${m.tmst},"time":1714557600123,"chan":1,"rfch":0,"freq":${(m.freqHz / 1e6).toFixed(6)},"stat":0,"modu":"LORA","datr":"${m.datr}","codr":"4/5","lsnr":-2.5,"rssi":-101,"size":${phy.length},"data":"${phy.toString('base64')}"}]}`,
    rssi: -101,
    lsnr: -2.5,
  },
];

describe('uplinks as third-party forwarders send them', () => {
  it.each(dialects)('$name: the uplink is delivered once, read as sent', async (d) => {
    const device = await abpDevice();
    const payload = Buffer.from(`from ${d.gatewayEui}`);
    const phy = device.uplink({ fPort: 3, payload });
    const pushAcks = d.gateway().pushAcks;
    d.gateway().push(d.body(phy, { tmst: nextTmst(), freqHz: 868_300_000, datr: 'SF9BW125' }));
    const [frame] = await framesOf(device.session!.devAddr, 1);
    expect(frame).toMatchObject({ dir: 'up', fCnt: 0, data: payload.toString('hex') });
    expect(frame!.gateways).toEqual([
      expect.objectContaining({
        gatewayEui: d.gatewayEui,
        rssi: d.rssi,
        lsnr: d.lsnr,
        freq: 868.3,
        datr: 'SF9BW125',
      }),
    ]);
    expect(await d.gateway().waitFor(() => d.gateway().pushAcks > pushAcks, 2000)).toBe(true);
  });

  it('counts a size that disagrees with the data, and the data wins', async () => {
    const before = await metric('lns_udp_rxpk_size_mismatch_total');
    const device = await abpDevice();
    const payload = Buffer.from('size is wrong');
    python.push(
      pythonEmulatorBody(device.uplink({ fPort: 4, payload }), {
        tmst: nextTmst(),
        freqHz: 868_100_000,
        datr: 'SF7BW125',
      }),
    );
    const [frame] = await framesOf(device.session!.devAddr, 1);
    expect(frame?.data).toBe(payload.toString('hex'));
    expect(await metric('lns_udp_rxpk_size_mismatch_total')).toBe(before + 1);
  });

  it('drops a CRC-failed rxpk (stat -1) and counts it; the next good one goes through', async () => {
    const before = await metric('lns_uplinks_crc_error_total');
    const device = await abpDevice();
    const bad = device.uplink({ fPort: 5, payload: Buffer.from('noise') });
    const good = device.uplink({ fPort: 5, payload: Buffer.from('clean') });
    const meta = { tmst: nextTmst(), freqHz: 868_500_000, datr: 'SF7BW125' };
    reference.push(pushBody([referenceRxpk(bad, meta).replace('"stat":1', '"stat":-1')]));
    reference.push(pushBody([referenceRxpk(good, { ...meta, tmst: nextTmst() })]));
    await framesOf(device.session!.devAddr, 1);
    // Give a wrongly accepted bad copy time to show up too.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const frames = await framesOf(device.session!.devAddr, 1);
    expect(frames.map((f) => [f.fCnt, f.data])).toEqual([
      [1, Buffer.from('clean').toString('hex')],
    ]);
    expect(await metric('lns_uplinks_crc_error_total')).toBe(before + 1);
  });
});

describe('downlinks a reference forwarder refuses in RX1', () => {
  it.each(['TOO_EARLY', 'TOO_LATE'])(
    'RX1 answered %s: the same ACK goes out in RX2 (tmst + 2 s, 869.525 MHz SF12BW125)',
    async (error) => {
      reference.downlinks.length = 0;
      const device = await abpDevice();
      const devAddr = device.session!.devAddr;
      reference.txAckScript.push(error);
      const upTmst = nextTmst();
      const phy = device.uplink({ confirmed: true, fPort: 6, payload: Buffer.from('ack me') });
      reference.push(
        pushBody([referenceRxpk(phy, { tmst: upTmst, freqHz: 868_100_000, datr: 'SF7BW125' })]),
      );

      expect(await reference.waitFor(() => reference.downlinks.length >= 2, 8000)).toBe(true);
      const [rx1, rx2] = reference.downlinks;
      expect(rx1!.txpk).toMatchObject({ tmst: (upTmst + 1_000_000) >>> 0, datr: 'SF7BW125' });
      expect({ tmst: rx2!.txpk.tmst, hz: txHz(rx2!.txpk.freq), datr: rx2!.txpk.datr }).toEqual({
        tmst: (upTmst + 2_000_000) >>> 0,
        hz: 869_525_000,
        datr: 'SF12BW125',
      });
      expect(rx2!.phyPayload.equals(rx1!.phyPayload)).toBe(true);
      const decoded = device.decodeDownlink(rx2!.phyPayload);
      expect(decoded.micOk && decoded.ack).toBe(true);

      const frames = await framesOf(devAddr, 2);
      expect(frames.filter((f) => f.dir === 'down')).toHaveLength(1);
      const filter = encodeURIComponent(JSON.stringify({ kind: 'tx_error' }));
      const errors = await rest.request<{ entity: string }[]>(
        'GET',
        `/api/events?filter=${filter}`,
      );
      expect(errors.body.filter((e) => e.entity === devAddr)).toEqual([]);
    },
  );
});

describe('gateways that are not registered', () => {
  it('keeps at most 1 000 of them, never at the cost of a registered one', async () => {
    // The registered reference forwarder's pull path is older than every stranger below.
    const evictedBefore = await metric('lns_gateways_unregistered_evicted');
    const seenBefore = await metric('lns_gateways_seen');
    const strangers = await opened('fe00000000000000', false);
    try {
      const count = 1500;
      let acked = 0;
      for (let i = 0; i < count; i += 100) {
        for (let j = i; j < Math.min(count, i + 100); j++) {
          const eui = Buffer.alloc(8);
          eui.writeUInt32BE(0xfe000000, 0);
          eui.writeUInt32BE(j + 1, 4);
          strangers.sendRaw(Buffer.concat([Buffer.from([0x02, 0x00, j & 0xff, 0x02]), eui]));
        }
        acked = Math.min(count, i + 100);
        expect(await strangers.waitFor(() => strangers.pullAcks >= acked, 5000)).toBe(true);
      }
      expect(await metric('lns_gateways_unregistered_evicted')).toBe(evictedBefore + 500);
      // The registered gateways this node has heard, plus 1 000 strangers.
      expect(await metric('lns_gateways_seen')).toBe(seenBefore + 1000);

      reference.downlinks.length = 0;
      const device = await abpDevice();
      const phy = device.uplink({ confirmed: true, fPort: 7, payload: Buffer.from('still') });
      reference.push(
        pushBody([referenceRxpk(phy, { tmst: nextTmst(), freqHz: 868_100_000, datr: 'SF7BW125' })]),
      );
      expect(await reference.waitFor(() => reference.downlinks.length > 0, 8000)).toBe(true);
      expect(device.decodeDownlink(reference.downlinks[0]!.phyPayload).ack).toBe(true);
    } finally {
      await strangers.close();
    }
  });
});
