/**
 * A Basics Station gateway in a cluster of two real node processes: its WebSocket is on n1,
 * the device is owned by n2. The cluster answers as one network server: n1 forwards the copy
 * to n2, n2 answers, and the ACK leaves through n1's Station connection, once.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OwnershipView, devAddrKey } from '../../src/cluster/index.js';
import type { DevAddr, Eui64 } from '../../src/shared/ids.js';
import { SimDevice } from '../../src/sim/index.js';
import { StationClient, rawInteger } from '../../src/station/testing/station-client.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import { euClassAProfile } from '../helpers/profiles.js';

const SECRET = 'station-cluster-secret-0123456789';
const PASSWORD = 'station-cluster-admin';
const GW = 'b827ebfffe70c001' as Eui64;

let n1: LnsProcess;
let n2: LnsProcess;
let api1: RestClient;
let api2: RestClient;

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await get().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A DevAddr that n2 owns while n1 and n2 are the live members. */
function devAddrOwnedByN2(): DevAddr {
  const view = new OwnershipView(['n1', 'n2']);
  for (;;) {
    const devAddr = randomInt(0, 0x7fffffff).toString(16).padStart(8, '0') as DevAddr;
    if (view.owner(devAddrKey(devAddr)) === 'n2') return devAddr;
  }
}

beforeAll(async () => {
  const env = { LNS_CLUSTER_SECRET: SECRET, LNS_ADMIN_PASSWORD: PASSWORD };
  n1 = await startLns({ ...env, LNS_NODE: 'n1' }, 60_000);
  n2 = await startLns({ ...env, LNS_NODE: 'n2', LNS_DB_MASTER: n1.clusterAddress }, 60_000);
  for (const node of [n1, n2]) {
    await until(
      'two members up',
      async () => (await fetch(`http://127.0.0.1:${node.httpPort}/health`)).json(),
      (h) => (h as { status: string; cluster: { up: number } }).cluster.up === 2,
    );
  }
  api1 = new RestClient(n1.httpPort);
  api2 = new RestClient(n2.httpPort);
  await until('login n2', () => api2.login('admin', PASSWORD).then(() => true), Boolean);
  await api1.login('admin', PASSWORD);
  await api1.create('/api/profiles', euClassAProfile('eu-a', 'EU868 class A'));
  await api1.create('/api/gateways', { id: GW, name: 'station on n1' });
}, 180_000);

afterAll(async () => {
  const codes = await Promise.all([n2?.stop(), n1?.stop()]);
  expect(codes).toEqual([0, 0]);
});

it('Station on n1, device owned by n2: one ACK through n1, recorded once, gateway held by n1', async () => {
  const devAddr = devAddrOwnedByN2();
  const nwkSKey = '2b7e151628aed2a6abf7158809cf4f3c';
  const appSKey = '000102030405060708090a0b0c0d0e0f';
  await api1.create('/api/nodes', {
    id: devAddr,
    profileId: 'eu-a',
    nwkSKey,
    appSKey,
    fCntDown: 0,
  });
  await until(
    'n2 has the node and the gateway',
    async () =>
      (await api2.request('GET', `/api/nodes/${devAddr}`)).status +
      (await api2.request('GET', `/api/gateways/${GW}`)).status,
    (sum) => sum === 400,
  );
  const station = await StationClient.connect({ base: `ws://127.0.0.1:${n1.httpPort}` }, GW);
  try {
    station.version();
    await station.next('router_config');
    const device = new SimDevice({ session: { devAddr, nwkSKey, appSKey } });
    const xtime = (2n << 56n) | (0x11n << 48n) | BigInt(randomInt(0, 0x7fffffff));
    station.updf(device.uplink({ confirmed: true, fPort: 1, payload: Buffer.from('cluster') }), {
      dr: 5,
      freq: 868_100_000,
      xtime,
      rctx: 2,
    });
    const dn = await station.next('dnmsg', 10_000);
    expect(dn.msg).toMatchObject({ RxDelay: 1, RX1DR: 5, RX1Freq: 868_100_000, rctx: 2 });
    expect(rawInteger(dn.raw, 'xtime')).toBe(xtime);
    const decoded = device.decodeDownlink(Buffer.from(dn.msg.pdu as string, 'hex'));
    expect(decoded.micOk).toBe(true);
    expect(decoded.ack).toBe(true);
    station.dntxed(dn);

    interface Frame {
      dir: string;
      server: string;
      gateways: { gatewayEui: string; server: string }[];
    }
    const filter = encodeURIComponent(JSON.stringify({ devAddr }));
    const frames = await until(
      'the uplink and its ACK in the frames log',
      async () => (await api1.request<Frame[]>('GET', `/api/frames?filter=${filter}`)).body,
      (f) => f.some((x) => x.dir === 'down'),
    );
    const up = frames.find((f) => f.dir === 'up')!;
    // n2 (the owner) handled the uplink; the copy came through n1, which holds the gateway.
    expect(up.server).toBe('n2');
    expect(up.gateways).toEqual([expect.objectContaining({ gatewayEui: GW, server: 'n1' })]);
    expect(frames.filter((f) => f.dir === 'down')).toHaveLength(1);

    // On n2, which has no connection from it, the gateway shows as held by n1 and connected.
    const seen = await api2.request<Record<string, unknown>>('GET', `/api/gateways/${GW}`);
    expect(seen.body).toMatchObject({ protocol: 'basics-station', connected: true, server: 'n1' });

    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(station.all('dnmsg')).toHaveLength(1);
  } finally {
    await station.close();
  }
});
