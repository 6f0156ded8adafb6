/**
 * Long on purpose: two node processes are started once for every scenario.
 *
 * LoRa Basics Station gateways against real node processes: a Station written in the tests
 * from the documented message formats (src/station/testing/station-client.ts) talks over
 * real WebSockets (ws:// to an EU868 node, wss:// to a US915 node with LNS_TLS_CERT/KEY);
 * devices are real LoRaWAN crypto (sim/). Expected values come from the Basics Station
 * documentation ("The LNS Protocol", its router_config examples) and RP002-1.0.4, not from
 * the server's tables.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAddr, Eui64 } from '../../src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../src/sim/index.js';
import { StationClient, discover, rawInteger } from '../../src/station/testing/station-client.js';
import type { StationClientOptions } from '../../src/station/testing/station-client.js';
import {
  EU863_DRS,
  EU868_CHANNELS_HZ,
  US902_DRS,
  US915_SUB_BAND_2_HZ,
  listenedChannels,
} from '../../src/station/testing/documented.js';
import type { Sx1301Board } from '../../src/station/testing/documented.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import { euClassAProfile } from '../helpers/profiles.js';

const PASSWORD = 'station-e2e-admin';
const GW = 'b827ebfffe6151ad' as Eui64;
const GW_SHORT = '0000000000000001' as Eui64;
const GW_TOKEN = 'b827ebfffe6151ae' as Eui64;
const GW_UDP = 'aa555a0000000010' as Eui64;
const GW_US = '0016c001ff10a235' as Eui64;
const TOKEN = 'tok-5up3r-s3cret';
const CERT = new URL('../../fixtures/tls/test-cert.pem', import.meta.url);
const KEY = new URL('../../fixtures/tls/test-key.pem', import.meta.url);

let eu: LnsProcess;
let us: LnsProcess;
let rest: RestClient;
let euOpts: StationClientOptions;
let station: StationClient;
let udpGw: FakeGateway;
let tmst = randomInt(0, 0x7fffffff);
/**
 * xtime of the next uplink: radio unit 1 and session 0x2a in the top bits (as a Station
 * writes them), so every value is beyond a double's 53 bits and must travel exactly.
 */
let xtimeUs = BigInt(randomInt(0, 0x7fffffff));

function nextXtime(): bigint {
  xtimeUs += 30_000_000n;
  return (1n << 56n) | (0x2an << 48n) | xtimeUs;
}

function nextTmst(): number {
  tmst = (tmst + 10_000_000) >>> 0;
  return tmst;
}

const profile = euClassAProfile('eu-a', 'EU868 class A');

function randomKey(): string {
  return Buffer.from(Array.from({ length: 16 }, () => randomInt(0, 256))).toString('hex');
}

let abpCount = 0;
async function abpDevice(): Promise<SimDevice> {
  abpCount += 1;
  const devAddr = `26b5a0${abpCount.toString(16).padStart(2, '0')}` as DevAddr;
  const nwkSKey = randomKey();
  const appSKey = randomKey();
  await rest.create('/api/nodes', {
    id: devAddr,
    profileId: 'eu-a',
    nwkSKey,
    appSKey,
    fCntDown: 0,
  });
  return new SimDevice({ session: { devAddr, nwkSKey, appSKey } });
}

interface FrameRow {
  dir: string;
  devAddr: string;
  gateways: { gatewayEui: string; server: string }[];
}

function framesOf(devAddr: string, predicate: (f: FrameRow[]) => boolean): Promise<FrameRow[]> {
  const filter = encodeURIComponent(JSON.stringify({ devAddr }));
  return rest.until<FrameRow[]>(`/api/frames?filter=${filter}`, predicate, 8000);
}

async function metric(node: LnsProcess, line: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${node.httpPort}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.split(' ')[1]);
}

function sinceNow(client: StationClient): number {
  return client.received.length;
}

beforeAll(async () => {
  // One after the other, so a node that started is stopped by afterAll even if the next fails.
  eu = await startLns({ LNS_ADMIN_PASSWORD: PASSWORD, LNS_REGION: 'EU868' }, 90_000);
  us = await startLns(
    {
      LNS_ADMIN_PASSWORD: PASSWORD,
      LNS_REGION: 'US915',
      LNS_TLS_CERT: fileURLToPath(CERT),
      LNS_TLS_KEY: fileURLToPath(KEY),
    },
    90_000,
  );
  rest = new RestClient(eu.httpPort);
  await rest.login('admin', PASSWORD);
  await rest.create('/api/profiles', profile);
  for (const id of [GW, GW_SHORT, GW_UDP]) await rest.create('/api/gateways', { id, name: id });
  await rest.create('/api/gateways', { id: GW_TOKEN, name: 'with token', stationToken: TOKEN });
  euOpts = { base: `ws://127.0.0.1:${eu.httpPort}` };
  station = await StationClient.connect(euOpts, GW);
  station.version();
  await station.next('router_config');
  udpGw = new FakeGateway({
    gatewayEui: GW_UDP,
    serverHost: '127.0.0.1',
    serverPort: eu.udpPort,
    bindHost: '127.0.0.1',
  });
  await udpGw.open();
}, 240_000);

afterAll(async () => {
  await station?.close();
  await udpGw?.close();
  const codes = [await eu?.stop(), await us?.stop()];
  expect(codes).toEqual([0, 0]);
});

describe('LoRa Basics Station gateways (LNS protocol)', () => {
  it('discovery answers the connection URI for ID6, EUI, hex and integer router ids', async () => {
    const asInteger = BigInt(`0x${GW}`);
    for (const router of [
      '"b827:ebff:fe61:51ad"',
      '"B8-27-EB-FF-FE-61-51-AD"',
      `"${GW}"`,
      asInteger.toString(),
      // The same 64 bits read as a signed number, as some Stations write them.
      BigInt.asIntN(64, asInteger).toString(),
    ]) {
      expect(await discover(euOpts, router)).toEqual({
        router: 'b827:ebff:fe61:51ad',
        muxs: expect.any(String) as string,
        uri: `ws://127.0.0.1:${eu.httpPort}/router-${GW}`,
      });
    }
    const short = await discover(euOpts, '"::1"');
    expect(short.router).toBe('::1');
    expect(short.uri).toBe(`ws://127.0.0.1:${eu.httpPort}/router-${GW_SHORT}`);
  });

  it('discovery of an unregistered gateway answers an error and no URI', async () => {
    const answer = await discover(euOpts, '"b827:ebff:fe00:ff"');
    expect(answer.router).toBe('b827:ebff:fe00:ff');
    expect(answer.error).toEqual(expect.any(String));
    expect(answer.uri).toBeUndefined();
    await expect(StationClient.connect(euOpts, 'b827ebfffe0000ff')).rejects.toThrow('HTTP 404');
  });

  it('version -> router_config for EU868 as the Basics Station documentation gives it', () => {
    const config = station.all('router_config')[0]!.msg;
    expect(config).toMatchObject({
      region: 'EU863',
      hwspec: 'sx1301/1',
      freq_range: [863000000, 870000000],
      DRs: EU863_DRS,
      NetID: null,
      JoinEui: null,
      nocca: false,
      nodc: false,
      nodwell: false,
    });
    expect(Math.abs((config.MuxTime as number) - Date.now() / 1000)).toBeLessThan(60);
    const boards = config.sx1301_conf as Sx1301Board[];
    expect(boards).toHaveLength(1);
    expect(listenedChannels(boards[0]!)).toEqual(EU868_CHANNELS_HZ);
  });

  it('a gateway with its own region gets that region’s router_config (node default EU868)', async () => {
    const eui = '0016c001ff10a236';
    await rest.create('/api/gateways', { id: eui, name: 'us gateway', region: 'US915' });
    const client = await StationClient.connect(euOpts, eui);
    try {
      client.version();
      const config = (await client.next('router_config')).msg;
      expect(config).toMatchObject({
        region: 'US902',
        freq_range: [902000000, 928000000],
        DRs: US902_DRS,
      });
      const board = (config.sx1301_conf as Sx1301Board[])[0]!;
      expect(listenedChannels(board)).toEqual(US915_SUB_BAND_2_HZ);
    } finally {
      await client.close();
    }
  });

  it('wss:// to a node with LNS_TLS_CERT/KEY: discovery URI and router_config for US915', async () => {
    const ca = readFileSync(CERT);
    // The US915 node serves HTTPS on its HTTP port; the test trusts its self-signed certificate.
    const login = await httpsJson(us.httpPort, 'POST', '/api/login', {
      username: 'admin',
      password: PASSWORD,
    });
    const token = (login.body as { token: string }).token;
    const created = await httpsJson(us.httpPort, 'POST', '/api/gateways', { id: GW_US }, token);
    expect(created.status).toBe(201);
    const opts: StationClientOptions = { base: `wss://127.0.0.1:${us.httpPort}`, ca };
    const answer = await discover(opts, '"16:c001:ff10:a235"');
    expect(answer.uri).toBe(`wss://127.0.0.1:${us.httpPort}/router-${GW_US}`);
    const usStation = await StationClient.connect(opts, answer.uri as string);
    try {
      usStation.version();
      const config = (await usStation.next('router_config')).msg;
      expect(config).toMatchObject({
        region: 'US902',
        hwspec: 'sx1301/1',
        freq_range: [902000000, 928000000],
        DRs: US902_DRS,
        NetID: null,
        JoinEui: null,
      });
      const board = (config.sx1301_conf as Sx1301Board[])[0]!;
      expect(listenedChannels(board)).toEqual(US915_SUB_BAND_2_HZ);
      expect(board.chan_Lora_std).toMatchObject({
        enable: true,
        bandwidth: 500000,
        spread_factor: 8,
      });
    } finally {
      await usStation.close();
    }
  });

  it('jreq -> dnmsg with the join-accept at RxDelay 5 and the uplink xtime and rctx', async () => {
    const devEui = 'b5a0000000000101' as Eui64;
    const joinEui = '70b3d57ed0000001' as Eui64;
    const appKey = randomKey();
    await rest.create('/api/devices', {
      id: devEui,
      name: 'otaa',
      joinEui,
      appKey,
      profileId: 'eu-a',
    });
    const device = new SimDevice({ identity: { devEui, joinEui, appKey } });
    const from = sinceNow(station);
    const xtime = nextXtime();
    station.jreq(device.joinRequest(0x2b1), { dr: 5, freq: 868_100_000, xtime, rctx: 1 });
    const dn = await station.next('dnmsg', 10_000, from);
    expect(dn.msg).toMatchObject({
      DevEui: 'B5-A0-00-00-00-00-01-01',
      dC: 0,
      RxDelay: 5,
      RX1DR: 5,
      RX1Freq: 868_100_000,
      rctx: 1,
    });
    expect(rawInteger(dn.raw, 'xtime')).toBe(xtime);
    expect(dn.msg.diid).toEqual(expect.any(Number));
    expect(dn.msg.priority).toEqual(expect.any(Number));
    expect(dn.msg.MuxTime).toEqual(expect.any(Number));
    expect(dn.msg.RX2DR).toBeUndefined();
    const accept = device.acceptJoin(Buffer.from(dn.msg.pdu as string, 'hex'), 0x2b1);
    station.dntxed(dn);
    const record = await rest.until<{ devAddr?: string }>(
      `/api/devices/${devEui}`,
      (d) => d.devAddr !== undefined,
    );
    expect(record.devAddr).toBe(accept.devAddr);
  });

  it('updf confirmed -> one ACK dnmsg in RX1; its dntxed is recorded', async () => {
    const device = await abpDevice();
    const devAddr = device.session!.devAddr;
    const from = sinceNow(station);
    const xtime = nextXtime();
    const txBefore = await metric(eu, 'lns_station_downlinks{outcome="dntxed"}');
    station.updf(device.uplink({ confirmed: true, fPort: 3, payload: Buffer.from('ping') }), {
      dr: 5,
      freq: 868_300_000,
      xtime,
      rctx: 0,
    });
    const dn = await station.next('dnmsg', 8000, from);
    expect(dn.msg).toMatchObject({ dC: 0, RxDelay: 1, RX1DR: 5, RX1Freq: 868_300_000, rctx: 0 });
    expect(rawInteger(dn.raw, 'xtime')).toBe(xtime);
    const decoded = device.decodeDownlink(Buffer.from(dn.msg.pdu as string, 'hex'));
    expect(decoded.micOk).toBe(true);
    expect(decoded.ack).toBe(true);
    station.dntxed(dn);
    const frames = await framesOf(devAddr, (f) => f.some((x) => x.dir === 'down'));
    expect(frames.filter((f) => f.dir === 'down')).toHaveLength(1);
    expect(await metric(eu, 'lns_station_downlinks{outcome="dntxed"}')).toBe(txBefore + 1);
    const gateway = (await rest.request<Record<string, unknown>>('GET', `/api/gateways/${GW}`))
      .body;
    expect(gateway).toMatchObject({ protocol: 'basics-station', connected: true, server: 'e2e' });
    expect((gateway.stats as { txEmitted: number }).txEmitted).toBeGreaterThanOrEqual(1);
    // RX2 opens one second after RX1: a transmitted frame is not sent again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(station.received.slice(from).filter((r) => r.msg.msgtype === 'dnmsg')).toHaveLength(1);
  });

  it('no dntxed by RX1 -> the frame goes again in RX2 (RX2DR/RX2Freq, the same xtime)', async () => {
    const device = await abpDevice();
    const from = sinceNow(station);
    const xtime = nextXtime();
    station.updf(device.uplink({ confirmed: true, payload: Buffer.from('retry') }), {
      dr: 4,
      freq: 868_500_000,
      xtime,
    });
    const rx1 = await station.next('dnmsg', 8000, from);
    expect(rx1.msg).toMatchObject({ RxDelay: 1, RX1DR: 4, RX1Freq: 868_500_000 });
    const rx2 = await station.next('dnmsg', 8000, station.received.indexOf(rx1) + 1);
    // [RP002-1.0.4 §2.4.7] RX2 869.525 MHz DR0 (the profile's), one second after RX1.
    expect(rx2.msg).toMatchObject({ RxDelay: 1, RX2DR: 0, RX2Freq: 869_525_000, dC: 0 });
    expect(rx2.msg.RX1DR).toBeUndefined();
    expect(rawInteger(rx2.raw, 'xtime')).toBe(xtime);
    expect(device.decodeDownlink(Buffer.from(rx2.msg.pdu as string, 'hex')).ack).toBe(true);
    station.dntxed(rx2);
    await framesOf(device.session!.devAddr, (f) => f.some((x) => x.dir === 'down'));
  });

  it('a UDP gateway and a Station gateway hearing one uplink make one frame with two gateways', async () => {
    const device = await abpDevice();
    const devAddr = device.session!.devAddr;
    const phy = device.uplink({ fPort: 9, payload: Buffer.from('both') });
    udpGw.pushUplink(phy, { tmst: nextTmst(), freqMhz: 868.1, datr: 'SF7BW125' });
    station.updf(phy, { dr: 5, freq: 868_100_000, xtime: nextXtime() });
    const frames = await framesOf(devAddr, (f) => f.some((x) => x.gateways.length === 2));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await framesOf(devAddr, () => true);
    expect(after).toHaveLength(1);
    expect(frames[0]!.gateways.map((g) => g.gatewayEui).sort()).toEqual([GW_UDP, GW].sort());
  });

  it('a gateway with a stationToken refuses a Station without it or with a wrong one', async () => {
    const refusedBefore = await metric(eu, 'lns_station_refused{code="STATION_UNAUTHORIZED"}');
    await expect(StationClient.connect(euOpts, GW_TOKEN)).rejects.toThrow('HTTP 401');
    await expect(
      StationClient.connect({ ...euOpts, headers: { authorization: 'not-the-token' } }, GW_TOKEN),
    ).rejects.toThrow('HTTP 401');
    const wrong = await discover(
      { ...euOpts, headers: { authorization: 'nope' } },
      `"${GW_TOKEN}"`,
    );
    expect(wrong.error).toEqual(expect.any(String));
    expect(wrong.uri).toBeUndefined();
    expect(await metric(eu, 'lns_station_refused{code="STATION_UNAUTHORIZED"}')).toBe(
      refusedBefore + 3,
    );
    // tc.key holds the header line as the Station sends it: `Authorization: <token>`.
    const right = { ...euOpts, headers: { authorization: TOKEN } };
    expect((await discover(right, `"${GW_TOKEN}"`)).uri).toBe(
      `ws://127.0.0.1:${eu.httpPort}/router-${GW_TOKEN}`,
    );
    const client = await StationClient.connect(right, GW_TOKEN);
    client.version();
    await client.next('router_config');
    await rest.until<{ connected?: boolean }>(
      `/api/gateways/${GW_TOKEN}`,
      (g) => g.connected === true,
    );
    await client.close();
    const gone = await rest.until<{ connected?: boolean; protocol?: string }>(
      `/api/gateways/${GW_TOKEN}`,
      (g) => g.connected === false,
    );
    expect(gone.protocol).toBe('basics-station');
  });

  it('bad input is counted and logged once; the connection stays open and timesync answers', async () => {
    const dropped = (code: string): Promise<number> =>
      metric(eu, `lns_station_dropped{code="${code}"}`);
    const before = {
      json: await dropped('STATION_INVALID_JSON'),
      type: await dropped('STATION_UNKNOWN_MSGTYPE'),
      region: await dropped('STATION_OTHER_REGION'),
      unsupported: await dropped('STATION_UNSUPPORTED'),
    };
    const device = await abpDevice();
    station.sendText('{"msgtype":"updf", not json');
    station.sendText('{"msgtype":"updf", still not json');
    station.sendText('{"msgtype":"bogus"}');
    station.sendText('{"msgtype":"rmtsh","rmtsh":[]}');
    // An US915 frequency on an EU868 gateway: another region's frame.
    station.updf(device.uplink({ payload: Buffer.from('x') }), {
      dr: 0,
      freq: 902_300_000,
      xtime: nextXtime(),
    });
    const from = sinceNow(station);
    station.sendText('{"msgtype":"timesync","txtime":1234567890}');
    const sync = await station.next('timesync', 5000, from);
    expect(sync.msg.txtime).toBe(1234567890);
    // GPS time = UTC + 18 s since 2017 [IERS], in microseconds since 1980-01-06.
    const gpsUs = (Date.now() - Date.UTC(1980, 0, 6) + 18_000) * 1000;
    expect(Math.abs((sync.msg.gpstime as number) - gpsUs)).toBeLessThan(10_000_000);
    expect(station.isOpen).toBe(true);
    expect(await dropped('STATION_INVALID_JSON')).toBe(before.json + 2);
    expect(await dropped('STATION_UNKNOWN_MSGTYPE')).toBe(before.type + 1);
    expect(await dropped('STATION_OTHER_REGION')).toBe(before.region + 1);
    expect(await dropped('STATION_UNSUPPORTED')).toBe(before.unsupported + 1);
    const warned = eu.logLines.filter(
      (l) => l.includes('station message dropped') && l.includes('STATION_INVALID_JSON'),
    );
    expect(warned).toHaveLength(1);
  });

  it('a message over 64 KiB closes that Station with 1009 (message too big); others go on', async () => {
    const big = await StationClient.connect(euOpts, GW_SHORT);
    big.version();
    await big.next('router_config');
    big.sendText(`{"msgtype":"updf","pad":"${'x'.repeat(70 * 1024)}"}`);
    expect(await big.closed()).toBe(1009);
    const from = sinceNow(station);
    station.sendText('{"msgtype":"timesync","txtime":42}');
    expect((await station.next('timesync', 5000, from)).msg.txtime).toBe(42);
  });
});

/** One HTTPS JSON request to a node with the test certificate. */
function httpsJson(
  port: number,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: readFileSync(CERT),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
