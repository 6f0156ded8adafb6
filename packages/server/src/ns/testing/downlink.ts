/**
 * Records and frames for the downlink tests: an EU868 class A profile, an ABP-style session,
 * uplink copies, and a decoder that checks a sent frame's MIC and decrypts it.
 */
import { SessionCrypto, decodeDataFrame } from '../../lorawan/index.js';
import type { DataFrame, Region } from '../../lorawan/index.js';
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import type { UplinkFrame } from '../../shared/radio.js';
import type { NodeSession, QueuedDownlink } from '../model.js';
import { testProfile, testSession } from './records.js';

export { testProfile, testSession };

export const DEV_ADDR = '26011bda' as DevAddr;
export const DEV_EUI = '0004a30b001c0530' as Eui64;
export const GW_A = '0102030405060708' as Eui64;
export const GW_B = '1112131415161718' as Eui64;
export const NWK_S_KEY = '44024241ed4ce9a68c6a8bc055233fd3';
export const APP_S_KEY = 'ec925802ae430ca77fd3dd73cb2cc588';

/** The downlink tests' session (after 5 uplinks and 10 downlinks): `testSession(DOWNLINK_SESSION)`. */
export const DOWNLINK_SESSION: Partial<NodeSession> = {
  id: DEV_ADDR,
  devEui: DEV_EUI,
  nwkSKey: NWK_S_KEY,
  appSKey: APP_S_KEY,
  fCntUp: 5,
  fCntDown: 10,
};

export interface TestUplinkOptions {
  readonly region: Region;
  readonly gatewayEui?: Eui64;
  readonly timestampUs?: number;
  readonly frequencyHz?: number;
  readonly dataRateIndex?: number;
  readonly rssiDbm?: number;
  readonly snrDb?: number;
}

/** One gateway's copy of an uplink (default: EU868 868.1 MHz DR5). */
export function testUplink(options: TestUplinkOptions): UplinkFrame {
  const dataRateIndex = options.dataRateIndex ?? 5;
  return {
    phyPayload: Buffer.from('40da1b012600050001aabbccdd11223344', 'hex'),
    rxInfo: {
      gatewayEui: options.gatewayEui ?? GW_A,
      timestampUs: options.timestampUs ?? 1_000_000,
      rssiDbm: options.rssiDbm ?? -60,
      snrDb: options.snrDb ?? 7.5,
      channel: 0,
      rfChain: 0,
      crcStatus: 'ok',
      antennas: [],
    },
    txInfo: {
      frequencyHz: options.frequencyHz ?? 868_100_000,
      dataRate: options.region.dataRate(dataRateIndex).dataRate,
      codingRate: '4/5',
    },
  };
}

let nextItem = 1;

/** A queued application downlink of `payload` bytes. */
export function testQueued(
  payload: Buffer,
  overrides: Partial<QueuedDownlink> = {},
): QueuedDownlink {
  return {
    id: `q${nextItem++}`,
    devAddr: DEV_ADDR,
    fPort: 2,
    data: payload.toString('base64'),
    confirmed: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface DecodedDownlink {
  readonly frame: DataFrame;
  readonly micOk: boolean;
  /** Decrypted FRMPayload (NwkSKey for FPort 0, AppSKey otherwise). */
  readonly payload: Buffer;
}

/** Decodes a sent PHYPayload, checks its MIC for `fCntDown` and decrypts it. */
export function decodeDownlink(
  phyPayload: Buffer,
  fCntDown: number,
  keys: { readonly nwkSKey: string; readonly appSKey: string } = {
    nwkSKey: NWK_S_KEY,
    appSKey: APP_S_KEY,
  },
): DecodedDownlink {
  const crypto = new SessionCrypto({
    nwkSKey: Buffer.from(keys.nwkSKey, 'hex'),
    appSKey: Buffer.from(keys.appSKey, 'hex'),
  });
  const frame = decodeDataFrame(phyPayload);
  return {
    frame,
    micOk: crypto.verifyFrameMic(frame, fCntDown),
    payload: crypto.decryptFrmPayload(frame, fCntDown),
  };
}
