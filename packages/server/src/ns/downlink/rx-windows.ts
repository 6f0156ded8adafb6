/**
 * Receive-window parameters [L2 1.0.4 §3.3, RP002-1.0.4 §2.x.7]: when, on which frequency and at
 * which data rate a device listens after an uplink (class A) or all the time (class C, RX2).
 * Pure: the scheduler adds gateways, deadlines and frames.
 */
import type { Region } from '../../lorawan/index.js';
import type { DataRate, UplinkFrame } from '../../shared/radio.js';
import type { Profile } from '../model.js';

/** RX1, RX2 (class A) or the continuous RX2 of class C; also the metric label. */
export type DownlinkWindowName = 'rx1' | 'rx2' | 'class_c';

/** Coding rate of every LoRaWAN downlink [RP002-1.0.4 §2.x.3: LoRa modulation uses 4/5]. */
export const DOWNLINK_CODING_RATE = '4/5';

const US_PER_S = 1_000_000;
const MS_PER_S = 1_000;
/** The concentrator counter is a 32-bit µs count that wraps [GWMP §3 `tmst`]. */
const TMST_MODULO = 0x1_0000_0000;

/** One window a downlink can go out in. */
export interface RxWindow {
  readonly name: DownlinkWindowName;
  /** Seconds after the uplink's end the window opens; undefined for class C (send at once). */
  readonly delayS: number | undefined;
  readonly frequencyHz: number;
  readonly dataRateIndex: number;
  readonly dataRate: DataRate;
  readonly txPowerDbm: number;
}

/** The class A windows of one uplink, in the order to try them. */
export interface ClassAWindows {
  readonly windows: readonly RxWindow[];
  /** Why RX1 could not be used (unknown uplink data rate, frequency off the region's grid). */
  readonly rx1Unavailable: string | undefined;
}

/** What the class A windows depend on. */
export interface ClassAWindowInput {
  readonly kind: 'data' | 'join';
  /** Any copy of the uplink: frequency and data rate are the same for all of them. */
  readonly uplink: UplinkFrame;
  readonly profile: Profile;
  readonly region: Region;
}

/**
 * The region's default max EIRP, whole dBm rounded down so the limit holds. Used for RX1 and RX2
 * alike; a gateway that cannot reach it answers TX_POWER (or lowers it, sx1302 warns).
 */
export function downlinkTxPowerDbm(region: Region): number {
  return Math.floor(region.defaultMaxEirpDbm);
}

/** RX1 delay of data downlinks: the profile's, where 0 means 1 s as in RXTimingSetupReq [L2 1.0.4 §5.7]. */
export function dataRx1DelayS(profile: Profile): number {
  return profile.rx1Delay > 0 ? profile.rx1Delay : 1;
}

/**
 * The uplink's data-rate index in the device's region (the profile's): the only table that
 * names the device's data rates, whatever region the gateway or the node defaults to.
 */
export function uplinkDataRateIndex(region: Region, uplink: UplinkFrame): number | undefined {
  return region.uplinkDataRateIndex(uplink.txInfo.dataRate);
}

/**
 * RX1 then RX2 for a data frame or a join-accept. RX1: uplink frequency mapped by the region and
 * data rate from the RX1DROffset table (join-accepts use offset 0, the default a device has
 * before it joins), opening
 * RECEIVE_DELAY1 (data) or JOIN_ACCEPT_DELAY1 (join) after the uplink; RX2 opens one second later
 * [L2 1.0.4 §3.3.2] on the profile's RX2 parameters (join: the region's defaults).
 */
export function classAWindows(input: ClassAWindowInput): ClassAWindows {
  const { kind, uplink, profile, region } = input;
  const txPowerDbm = downlinkTxPowerDbm(region);
  const rx1DelayS = kind === 'join' ? region.joinAcceptDelay1S : dataRx1DelayS(profile);
  const rx2DelayS = kind === 'join' ? region.joinAcceptDelay2S : rx1DelayS + 1;
  const rx2 =
    kind === 'join'
      ? { frequencyHz: region.rx2Default.frequencyHz, dr: region.rx2Default.dataRate }
      : { frequencyHz: profile.rx2Freq, dr: profile.rx2Dr };
  const rx2Window: RxWindow = {
    name: 'rx2',
    delayS: rx2DelayS,
    frequencyHz: rx2.frequencyHz,
    dataRateIndex: rx2.dr,
    dataRate: region.dataRate(rx2.dr).dataRate,
    txPowerDbm,
  };

  const upDr = uplinkDataRateIndex(region, uplink);
  if (upDr === undefined) {
    return { windows: [rx2Window], rx1Unavailable: 'uplink data rate unknown in the region' };
  }
  try {
    const rx1Dr = region.rx1DataRate(upDr, kind === 'join' ? 0 : profile.rx1DrOffset);
    const rx1Window: RxWindow = {
      name: 'rx1',
      delayS: rx1DelayS,
      frequencyHz: region.rx1FrequencyHz(uplink.txInfo.frequencyHz),
      dataRateIndex: rx1Dr,
      dataRate: region.dataRate(rx1Dr).dataRate,
      txPowerDbm,
    };
    return { windows: [rx1Window, rx2Window], rx1Unavailable: undefined };
  } catch (err) {
    // A region error here means RX1 has no valid parameters for this uplink; RX2 still works.
    const reason = err instanceof Error ? err.message : String(err);
    return { windows: [rx2Window], rx1Unavailable: reason };
  }
}

/** The one window of a class C downlink: RX2 parameters, sent at once [L2 1.0.4 §6]. */
export function classCWindow(profile: Profile, region: Region): RxWindow {
  return {
    name: 'class_c',
    delayS: undefined,
    frequencyHz: profile.rx2Freq,
    dataRateIndex: profile.rx2Dr,
    dataRate: region.dataRate(profile.rx2Dr).dataRate,
    txPowerDbm: downlinkTxPowerDbm(region),
  };
}

/** Concentrator time to transmit at: the uplink's `tmst` plus the delay, modulo 2^32. */
export function windowTimestampUs(uplinkTimestampUs: number, delayS: number): number {
  return (uplinkTimestampUs + delayS * US_PER_S) % TMST_MODULO;
}

/** This node's wall-clock time the window opens, from when the uplink was received. */
export function windowOpensAtMs(receivedMs: number, delayS: number): number {
  return receivedMs + delayS * MS_PER_S;
}

/**
 * Whether a frame can still reach the gateway before the window opens: it must leave this node
 * `leadMs` ahead (JIT margin plus backhaul). Class C windows have no deadline.
 */
export function isWindowReachable(
  window: RxWindow,
  receivedMs: number,
  nowMs: number,
  leadMs: number,
): boolean {
  if (window.delayS === undefined) return true;
  return nowMs + leadMs <= windowOpensAtMs(receivedMs, window.delayS);
}
