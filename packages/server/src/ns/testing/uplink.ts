/**
 * Builders for the uplink tests: records, gateway copies of real (signed, encrypted) frames,
 * and a harness that runs a NetworkServer on memory ports with a recording scheduler. Test
 * code only; nothing in lns imports it.
 */
import { pino } from 'pino';
import { SessionCrypto, buildDataFrame, buildJoinRequest, getRegion } from '../../lorawan/index.js';
import type { DataUpMType, RegionName } from '../../lorawan/index.js';
import type { Clock, DevAddr, Eui64, UplinkFrame } from '../../shared/index.js';
import { defaultNsConfig } from '../config.js';
import type { NsConfig } from '../config.js';
import type { Device, Gateway, NodeSession, Profile } from '../model.js';
import type { DeviceOwnership } from '../ports.js';
import {
  APP_KEY,
  APP_S_KEY,
  DEV_ADDR,
  DEV_EUI,
  JOIN_EUI,
  NWK_S_KEY,
  testProfile,
  testSession,
} from './records.js';
import { NetworkServer } from '../network-server.js';
import type { NetworkServerTuning } from '../network-server.js';
import { RecordingScheduler, createMemoryPorts } from './memory-ports.js';
import type { MemoryPorts } from './memory-ports.js';

export const GW_1 = '0000000000000001' as Eui64;
export const GW_2 = '0000000000000002' as Eui64;
export const GW_3 = '0000000000000003' as Eui64;
export { APP_KEY, APP_S_KEY, DEV_ADDR, DEV_EUI, JOIN_EUI, NWK_S_KEY, testProfile, testSession };

export function testDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: DEV_EUI,
    name: 'dev',
    joinEui: JOIN_EUI,
    appKey: APP_KEY,
    profileId: 'p1',
    ...overrides,
  };
}

export function testGateway(id: Eui64, overrides: Partial<Gateway> = {}): Gateway {
  return { id, name: `gw ${id}`, txRfChain: 0, ...overrides };
}

export interface CopyOptions {
  readonly gatewayEui?: Eui64;
  readonly snrDb?: number;
  readonly rssiDbm?: number;
  /** EU868 data rate of the uplink (default DR5, SF7BW125). */
  readonly dataRate?: number;
  readonly region?: RegionName;
  readonly frequencyHz?: number;
  readonly timestampUs?: number;
  readonly timeMs?: number;
  readonly gpsTimeMs?: number;
  readonly crcStatus?: 'ok' | 'bad' | 'none';
}

/** One gateway's copy of a PHYPayload. */
export function copyOf(phyPayload: Buffer, opts: CopyOptions = {}): UplinkFrame {
  const region = getRegion(opts.region ?? 'EU868');
  const dataRateIndex = opts.dataRate ?? 5;
  return {
    phyPayload,
    rxInfo: {
      gatewayEui: opts.gatewayEui ?? GW_1,
      timestampUs: opts.timestampUs ?? 1_000_000,
      timeMs: opts.timeMs,
      gpsTimeMs: opts.gpsTimeMs,
      rssiDbm: opts.rssiDbm ?? -80,
      snrDb: opts.snrDb ?? 5,
      channel: 0,
      rfChain: 0,
      crcStatus: opts.crcStatus ?? 'ok',
      antennas: [],
    },
    txInfo: {
      frequencyHz: opts.frequencyHz ?? 868_100_000,
      dataRate: region.dataRate(dataRateIndex).dataRate,
      codingRate: '4/5',
    },
  };
}

export interface DataUpOptions {
  readonly fCnt32: number;
  readonly confirmed?: boolean;
  readonly fPort?: number;
  readonly payload?: Uint8Array;
  readonly fOpts?: Uint8Array;
  readonly adr?: boolean;
  readonly adrAckReq?: boolean;
  readonly ack?: boolean;
  readonly devAddr?: DevAddr;
  readonly nwkSKey?: string;
  readonly appSKey?: string;
}

/** A signed, encrypted uplink data frame, as a device would send it. */
export function dataUp(opts: DataUpOptions): Buffer {
  const crypto = new SessionCrypto({
    nwkSKey: Buffer.from(opts.nwkSKey ?? NWK_S_KEY, 'hex'),
    appSKey: Buffer.from(opts.appSKey ?? APP_S_KEY, 'hex'),
  });
  const mType: DataUpMType = opts.confirmed === true ? 'ConfirmedDataUp' : 'UnconfirmedDataUp';
  const hasPayload = opts.payload !== undefined || opts.fPort !== undefined;
  return buildDataFrame(
    {
      mType,
      devAddr: opts.devAddr ?? DEV_ADDR,
      fCnt32: opts.fCnt32,
      fCtrl: { adr: opts.adr, adrAckReq: opts.adrAckReq, ack: opts.ack },
      fOpts: opts.fOpts,
      fPort: hasPayload ? (opts.fPort ?? 1) : undefined,
      payload: opts.payload,
    },
    crypto,
  );
}

/** A signed join-request. */
export function joinRequest(
  devNonce: number,
  opts: { devEui?: Eui64; joinEui?: Eui64; appKey?: string } = {},
): Buffer {
  return buildJoinRequest(
    { joinEui: opts.joinEui ?? JOIN_EUI, devEui: opts.devEui ?? DEV_EUI, devNonce },
    Buffer.from(opts.appKey ?? APP_KEY, 'hex'),
  );
}

/** A Clock the test moves by hand (src/testing/fake-clock.ts fits). */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  readonly pendingTimers: number;
}

export interface Harness {
  readonly clock: ManualClock;
  readonly ports: MemoryPorts;
  readonly scheduler: RecordingScheduler;
  readonly config: NsConfig;
  readonly ns: NetworkServer;
  /** Sends every copy, lets the dedup window close and waits for the pipeline. */
  deliver(...copies: UplinkFrame[]): Promise<void>;
  /** The stored session of DEV_ADDR (or another DevAddr). */
  session(devAddr?: DevAddr): NodeSession | undefined;
}

export interface HarnessOptions {
  readonly profile?: Partial<Profile>;
  /** An ABP session to store, or null for none. */
  readonly session?: Partial<NodeSession> | null;
  readonly device?: Partial<Device> | null;
  readonly gateways?: readonly Eui64[];
  readonly config?: Partial<NsConfig>;
  readonly tuning?: Partial<NetworkServerTuning>;
  readonly randomBytes?: (size: number) => Buffer;
  /** Which devices this node owns (a cluster node); unset: all of them. */
  readonly ownership?: DeviceOwnership;
}

/** A NetworkServer on memory ports with one profile, session, device and three gateways. */
export function createHarness(clock: ManualClock, opts: HarnessOptions = {}): Harness {
  const base = createMemoryPorts(clock);
  const ports: MemoryPorts =
    opts.ownership === undefined ? base : { ...base, ownership: opts.ownership };
  const scheduler = new RecordingScheduler();
  const config: NsConfig = { ...defaultNsConfig, server: 'n1', netId: '000000', ...opts.config };
  const profile = testProfile(opts.profile);
  ports.stores.profiles.set(profile.id, profile);
  if (opts.session !== null) {
    const session = testSession(opts.session);
    ports.stores.sessions.set(session.id, session);
  }
  if (opts.device !== null) {
    const device = testDevice(opts.device);
    ports.stores.devices.set(device.id, device);
  }
  for (const eui of opts.gateways ?? [GW_1, GW_2, GW_3]) {
    ports.stores.gateways.set(eui, testGateway(eui));
  }
  const ns = new NetworkServer({
    ports,
    config,
    scheduler,
    log: pino({ level: 'silent' }),
    ...(opts.randomBytes === undefined ? {} : { randomBytes: opts.randomBytes }),
    ...(opts.tuning === undefined ? {} : { tuning: opts.tuning }),
  });
  return {
    clock,
    ports,
    scheduler,
    config,
    ns,
    async deliver(...copies) {
      for (const copy of copies) ns.handleUplinkFrame(copy, clock.now());
      await ns.idle();
      clock.advance(config.dedupWindowMs);
      await ns.idle();
    },
    session: (devAddr = DEV_ADDR) => ports.stores.sessions.get(devAddr),
  };
}
