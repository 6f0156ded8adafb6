/**
 * Long on purpose: the table of every region's receive windows, each row written from the
 * LoRaWAN Regional Parameters, not from lns's own region tables.
 *
 * One real `lns start` process per default region, driven over real UDP by a reference
 * lora_pkt_fwd 4.0.1 forwarder (third-party-forwarders.ts). Every device's region differs from
 * the node's LNS_REGION (and from the gateway's region where one is set): the profile's region
 * must decide the uplink's DR index, the RX1 channel and data rate and the RX2 parameters.
 *
 * Sources [RP002-1.0.4]: §2.4 EU868, §2.5 US915, §2.6 CN779, §2.7 EU433, §2.8 AU915, §2.10
 * AS923 (groups AS923-2/-3/-4: channels and RX2 shifted by -1.8/-6.6/-5.9 MHz, §2.10.2), §2.11
 * KR920, §2.12 IN865, §2.13 RU864; CN470 is the 96-channel plan of [RP 1.0.3revA §2.7], the one
 * lns implements (lorawan/region/README.md).
 * - US915 / AU915: RX1 channel = uplink channel modulo 8; downlink channel k is 923.3 + 0.6·k
 *   MHz. US915 uplink channel n < 64 is 902.3 + 0.2·n, channel 64 + n is 903.0 + 1.6·n; AU915
 *   915.2 + 0.2·n and 915.9 + 1.6·n. US915 RX1 DR (offset 0): DR0-3 -> DR10-13, DR4 -> DR13;
 *   AU915: DR0-5 -> DR8-13, DR6 -> DR13. RX2: 923.3 MHz DR8 (SF12BW500) in both.
 * - CN470: uplink channel n is 470.3 + 0.2·n, downlink channel k 500.3 + 0.2·k, RX1 channel =
 *   uplink channel modulo 48; RX2 505.3 MHz DR0.
 * - Every other region: RX1 on the uplink channel; RX1 DR = uplink DR - RX1DROffset (not below
 *   DR0; AS923 cells chosen so DownlinkDwellTime 0 and 1 agree).
 * - Join-accept: RX1 after JOIN_ACCEPT_DELAY1 (5 s) with offset 0 (the device has no
 *   RX1DROffset before the accept), RX2 after 6 s on the region's default RX2.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAddr, Eui64 } from '../../src/shared/ids.js';
import { SimDevice } from '../../src/sim/index.js';
import { startLns } from '../helpers/lns-process.js';
import type { LnsProcess } from '../helpers/lns-process.js';
import { RestClient } from '../helpers/rest-client.js';
import { UdpForwarder, pushBody, referenceRxpk, txHz } from './third-party-forwarders.js';

const ADMIN_PASSWORD = 'regions-admin-password';
const MHZ = 1_000_000;

interface DataCase {
  /** Uplink channel frequency and data rate. */
  readonly upHz: number;
  readonly upDatr: string;
  readonly rx1DrOffset: number;
  /** Expected RX1: frequency and data rate. */
  readonly rx1Hz: number;
  readonly rx1Datr: string;
}

interface JoinCase {
  readonly upHz: number;
  readonly upDatr: string;
  readonly rx1Hz: number;
  readonly rx1Datr: string;
  readonly rx2Hz: number;
  readonly rx2Datr: string;
}

interface RegionCase {
  readonly region: string;
  readonly data: readonly DataCase[];
  readonly join: JoinCase;
}

const mhz = (v: number): number => Math.round(v * MHZ);

/** The table, row by row from the sources in the header. */
const regionCases: readonly RegionCase[] = [
  {
    region: 'US915',
    data: [
      // The two cases. Channel 0 DR0 -> downlink channel 0, DR10.
      {
        upHz: mhz(902.3),
        upDatr: 'SF10BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(923.3),
        rx1Datr: 'SF10BW500',
      },
      // Channel 8 (902.3 + 1.6) DR3 -> downlink channel 8 mod 8 = 0, DR13.
      {
        upHz: mhz(903.9),
        upDatr: 'SF7BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(923.3),
        rx1Datr: 'SF7BW500',
      },
      // 500 kHz channel 65 (903.0 + 1.6) DR4 -> downlink channel 1 (923.9), DR13.
      {
        upHz: mhz(904.6),
        upDatr: 'SF8BW500',
        rx1DrOffset: 0,
        rx1Hz: mhz(923.9),
        rx1Datr: 'SF7BW500',
      },
      // Channel 11 DR2, RX1DROffset 2 -> downlink channel 3 (925.1), DR10.
      {
        upHz: mhz(904.5),
        upDatr: 'SF8BW125',
        rx1DrOffset: 2,
        rx1Hz: mhz(925.1),
        rx1Datr: 'SF10BW500',
      },
    ],
    // Channel 15 DR1 -> downlink channel 7 (927.5), DR11.
    join: {
      upHz: mhz(905.3),
      upDatr: 'SF9BW125',
      rx1Hz: mhz(927.5),
      rx1Datr: 'SF9BW500',
      rx2Hz: mhz(923.3),
      rx2Datr: 'SF12BW500',
    },
  },
  {
    region: 'AU915',
    data: [
      // Channel 8 (915.2 + 1.6) DR5 -> downlink channel 0, DR13.
      {
        upHz: mhz(916.8),
        upDatr: 'SF7BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(923.3),
        rx1Datr: 'SF7BW500',
      },
      // 500 kHz channel 65 (915.9 + 1.6) DR6 -> downlink channel 1 (923.9), DR13.
      {
        upHz: mhz(917.5),
        upDatr: 'SF8BW500',
        rx1DrOffset: 0,
        rx1Hz: mhz(923.9),
        rx1Datr: 'SF7BW500',
      },
    ],
    // Channel 11 DR2 -> downlink channel 3 (925.1), DR10.
    join: {
      upHz: mhz(917.4),
      upDatr: 'SF10BW125',
      rx1Hz: mhz(925.1),
      rx1Datr: 'SF10BW500',
      rx2Hz: mhz(923.3),
      rx2Datr: 'SF12BW500',
    },
  },
  {
    region: 'AS923',
    // DR5 offset 2 -> DR3.
    data: [
      {
        upHz: mhz(923.2),
        upDatr: 'SF7BW125',
        rx1DrOffset: 2,
        rx1Hz: mhz(923.2),
        rx1Datr: 'SF9BW125',
      },
    ],
    join: {
      upHz: mhz(923.4),
      upDatr: 'SF10BW125',
      rx1Hz: mhz(923.4),
      rx1Datr: 'SF10BW125',
      rx2Hz: mhz(923.2),
      rx2Datr: 'SF10BW125',
    },
  },
  {
    region: 'AS923-2',
    data: [
      {
        upHz: mhz(921.6),
        upDatr: 'SF8BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(921.6),
        rx1Datr: 'SF8BW125',
      },
    ],
    join: {
      upHz: mhz(921.4),
      upDatr: 'SF9BW125',
      rx1Hz: mhz(921.4),
      rx1Datr: 'SF9BW125',
      rx2Hz: mhz(921.4),
      rx2Datr: 'SF10BW125',
    },
  },
  {
    region: 'AS923-3',
    // DR5 offset 1 -> DR4.
    data: [
      {
        upHz: mhz(916.8),
        upDatr: 'SF7BW125',
        rx1DrOffset: 1,
        rx1Hz: mhz(916.8),
        rx1Datr: 'SF8BW125',
      },
    ],
    join: {
      upHz: mhz(916.6),
      upDatr: 'SF10BW125',
      rx1Hz: mhz(916.6),
      rx1Datr: 'SF10BW125',
      rx2Hz: mhz(916.6),
      rx2Datr: 'SF10BW125',
    },
  },
  {
    region: 'AS923-4',
    data: [
      {
        upHz: mhz(917.5),
        upDatr: 'SF9BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(917.5),
        rx1Datr: 'SF9BW125',
      },
    ],
    join: {
      upHz: mhz(917.3),
      upDatr: 'SF8BW125',
      rx1Hz: mhz(917.3),
      rx1Datr: 'SF8BW125',
      rx2Hz: mhz(917.3),
      rx2Datr: 'SF10BW125',
    },
  },
  {
    region: 'IN865',
    // DR3 offset 1 -> DR2.
    data: [
      {
        upHz: 865_402_500,
        upDatr: 'SF9BW125',
        rx1DrOffset: 1,
        rx1Hz: 865_402_500,
        rx1Datr: 'SF10BW125',
      },
    ],
    join: {
      upHz: mhz(865.985),
      upDatr: 'SF11BW125',
      rx1Hz: mhz(865.985),
      rx1Datr: 'SF11BW125',
      rx2Hz: mhz(866.55),
      rx2Datr: 'SF10BW125',
    },
  },
  {
    region: 'KR920',
    // DR4 offset 3 -> DR1.
    data: [
      {
        upHz: mhz(922.3),
        upDatr: 'SF8BW125',
        rx1DrOffset: 3,
        rx1Hz: mhz(922.3),
        rx1Datr: 'SF11BW125',
      },
    ],
    join: {
      upHz: mhz(922.5),
      upDatr: 'SF7BW125',
      rx1Hz: mhz(922.5),
      rx1Datr: 'SF7BW125',
      rx2Hz: mhz(921.9),
      rx2Datr: 'SF12BW125',
    },
  },
  {
    region: 'CN470',
    // Channel 50 DR5 offset 2 -> downlink channel 50 mod 48 = 2 (500.7), DR3.
    data: [
      {
        upHz: mhz(480.3),
        upDatr: 'SF7BW125',
        rx1DrOffset: 2,
        rx1Hz: mhz(500.7),
        rx1Datr: 'SF9BW125',
      },
    ],
    // Channel 3 DR2 -> downlink channel 3 (500.9), DR2.
    join: {
      upHz: mhz(470.9),
      upDatr: 'SF10BW125',
      rx1Hz: mhz(500.9),
      rx1Datr: 'SF10BW125',
      rx2Hz: mhz(505.3),
      rx2Datr: 'SF12BW125',
    },
  },
  {
    region: 'RU864',
    // DR1 offset 1 -> DR0.
    data: [
      {
        upHz: mhz(868.9),
        upDatr: 'SF11BW125',
        rx1DrOffset: 1,
        rx1Hz: mhz(868.9),
        rx1Datr: 'SF12BW125',
      },
    ],
    join: {
      upHz: mhz(869.1),
      upDatr: 'SF9BW125',
      rx1Hz: mhz(869.1),
      rx1Datr: 'SF9BW125',
      rx2Hz: mhz(869.1),
      rx2Datr: 'SF12BW125',
    },
  },
  {
    region: 'EU433',
    data: [
      {
        upHz: mhz(433.375),
        upDatr: 'SF8BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(433.375),
        rx1Datr: 'SF8BW125',
      },
    ],
    join: {
      upHz: mhz(433.575),
      upDatr: 'SF12BW125',
      rx1Hz: mhz(433.575),
      rx1Datr: 'SF12BW125',
      rx2Hz: mhz(434.665),
      rx2Datr: 'SF12BW125',
    },
  },
  {
    region: 'CN779',
    // DR5 offset 5 -> DR0.
    data: [
      {
        upHz: mhz(779.7),
        upDatr: 'SF7BW125',
        rx1DrOffset: 5,
        rx1Hz: mhz(779.7),
        rx1Datr: 'SF12BW125',
      },
    ],
    join: {
      upHz: mhz(779.9),
      upDatr: 'SF10BW125',
      rx1Hz: mhz(779.9),
      rx1Datr: 'SF10BW125',
      rx2Hz: mhz(786.0),
      rx2Datr: 'SF12BW125',
    },
  },
  {
    region: 'EU868',
    data: [
      // DR3 offset 1 -> DR2.
      {
        upHz: mhz(868.3),
        upDatr: 'SF9BW125',
        rx1DrOffset: 1,
        rx1Hz: mhz(868.3),
        rx1Datr: 'SF10BW125',
      },
      // A CFList channel: RX1 answers on it.
      {
        upHz: mhz(867.1),
        upDatr: 'SF7BW125',
        rx1DrOffset: 0,
        rx1Hz: mhz(867.1),
        rx1Datr: 'SF7BW125',
      },
    ],
    join: {
      upHz: mhz(868.1),
      upDatr: 'SF12BW125',
      rx1Hz: mhz(868.1),
      rx1Datr: 'SF12BW125',
      rx2Hz: mhz(869.525),
      rx2Datr: 'SF12BW125',
    },
  },
];

/**
 * The nodes: EU868 by default for every other region; the EU868 devices run on a US915 node
 * whose gateway says AS923, so neither the node's nor the gateway's region can be the one read.
 */
const nodes = [
  {
    lnsRegion: 'EU868',
    gatewayRegion: undefined,
    cases: regionCases.filter((c) => c.region !== 'EU868'),
  },
  {
    lnsRegion: 'US915',
    gatewayRegion: 'AS923',
    cases: regionCases.filter((c) => c.region === 'EU868'),
  },
] as const;

const randomKey = (): string =>
  Buffer.from(Array.from({ length: 16 }, () => randomInt(0, 256))).toString('hex');

describe.each(nodes)('a node with LNS_REGION=$lnsRegion', ({ lnsRegion, gatewayRegion, cases }) => {
  const gatewayEui = lnsRegion === 'EU868' ? 'aa555a00000e0868' : 'aa555a00000e0915';
  let node: LnsProcess;
  let rest: RestClient;
  let gw: UdpForwarder;
  let tmst = randomInt(0, 0x7fffffff);
  let seq = 0;

  const nextTmst = (): number => {
    tmst = (tmst + 20_000_000) >>> 0;
    return tmst;
  };

  /** A row starts clean even when the one before failed half-way. */
  function resetGateway(): void {
    gw.downlinks.length = 0;
    gw.txAckScript.length = 0;
  }

  async function profile(region: string, rx1DrOffset: number): Promise<string> {
    resetGateway();
    seq += 1;
    const id = `${region.toLowerCase()}-${seq}`;
    // Only region and offset: the RX2 defaults come from the region given (not LNS_REGION).
    await rest.create('/api/profiles', { id, region, rx1DrOffset, adr: true });
    return id;
  }

  /** The next PULL_RESP on the gateway (bounded wait). */
  async function nextDownlink(timeoutMs = 8000) {
    expect(await gw.waitFor(() => gw.downlinks.length > 0, timeoutMs)).toBe(true);
    return gw.downlinks.shift()!;
  }

  beforeAll(async () => {
    node = await startLns({ LNS_ADMIN_PASSWORD: ADMIN_PASSWORD, LNS_REGION: lnsRegion });
    rest = new RestClient(node.httpPort);
    await rest.login('admin', ADMIN_PASSWORD);
    await rest.create('/api/gateways', {
      id: gatewayEui,
      name: 'reference forwarder',
      ...(gatewayRegion === undefined ? {} : { region: gatewayRegion }),
    });
    gw = new UdpForwarder({ gatewayEui, serverPort: node.udpPort, twoSockets: true });
    await gw.open();
    gw.pullData();
    expect(await gw.waitFor(() => gw.pullAcks > 0, 5000)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await gw?.close();
    if (node) expect(await node.stop()).toBe(0);
  }, 30_000);

  const dataRows = cases.flatMap((c) => c.data.map((d) => ({ region: c.region, ...d })));

  it.each(dataRows)(
    '$region: confirmed uplink at $upHz Hz $upDatr (RX1DROffset $rx1DrOffset) is ACKed in RX1 at $rx1Hz Hz $rx1Datr',
    async (row) => {
      const profileId = await profile(row.region, row.rx1DrOffset);
      seq += 1;
      const devAddr = `26e2e1${seq.toString(16).padStart(2, '0')}` as DevAddr;
      const nwkSKey = randomKey();
      const appSKey = randomKey();
      await rest.create('/api/nodes', { id: devAddr, profileId, nwkSKey, appSKey, fCntDown: 0 });
      const device = new SimDevice({ session: { devAddr, nwkSKey, appSKey } });

      const upTmst = nextTmst();
      const phy = device.uplink({ confirmed: true, fPort: 1, payload: Buffer.from([seq]) });
      gw.push(pushBody([referenceRxpk(phy, { tmst: upTmst, freqHz: row.upHz, datr: row.upDatr })]));

      const { txpk, phyPayload } = await nextDownlink();
      expect({ tmst: txpk.tmst, hz: txHz(txpk.freq), datr: txpk.datr }).toEqual({
        tmst: (upTmst + 1_000_000) >>> 0,
        hz: row.rx1Hz,
        datr: row.rx1Datr,
      });
      expect(txpk).toMatchObject({ modu: 'LORA', codr: '4/5', ipol: true });
      const decoded = device.decodeDownlink(phyPayload);
      expect(decoded.micOk).toBe(true);
      expect(decoded.ack).toBe(true);
    },
  );

  const joinRows = cases.map((c) => ({ region: c.region, ...c.join }));

  it.each(joinRows)(
    '$region: join-request at $upHz Hz $upDatr gets RX1 at $rx1Hz Hz $rx1Datr, then RX2 at $rx2Hz Hz $rx2Datr',
    async (row) => {
      // The profile's offset must not touch the join-accept's own RX1.
      const profileId = await profile(row.region, 1);
      seq += 1;
      const devEui = `70b3d57ed00e${seq.toString(16).padStart(4, '0')}` as Eui64;
      const joinEui = '70b3d57ed00e0000' as Eui64;
      const appKey = randomKey();
      await rest.create('/api/devices', { id: devEui, name: devEui, joinEui, appKey, profileId });
      const device = new SimDevice({ identity: { devEui, joinEui, appKey } });

      // The forwarder refuses RX1 (its jitqueue's TOO_EARLY for a tmst already past), so lns
      // must move on to RX2: both windows' parameters are seen.
      gw.txAckScript.push('TOO_EARLY');
      const upTmst = nextTmst();
      const devNonce = 0x100 + seq;
      const joinRequest = device.joinRequest(devNonce);
      gw.push(
        pushBody([
          referenceRxpk(joinRequest, { tmst: upTmst, freqHz: row.upHz, datr: row.upDatr }),
        ]),
      );

      const rx1 = await nextDownlink();
      expect({ tmst: rx1.txpk.tmst, hz: txHz(rx1.txpk.freq), datr: rx1.txpk.datr }).toEqual({
        tmst: (upTmst + 5_000_000) >>> 0,
        hz: row.rx1Hz,
        datr: row.rx1Datr,
      });
      const rx2 = await nextDownlink();
      expect({ tmst: rx2.txpk.tmst, hz: txHz(rx2.txpk.freq), datr: rx2.txpk.datr }).toEqual({
        tmst: (upTmst + 6_000_000) >>> 0,
        hz: row.rx2Hz,
        datr: row.rx2Datr,
      });
      expect(rx2.phyPayload.equals(rx1.phyPayload)).toBe(true);
      const accept = device.acceptJoin(rx2.phyPayload, devNonce);
      expect(accept.dlSettings.rx1DrOffset).toBe(1);
    },
  );
});
