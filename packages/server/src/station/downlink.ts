/**
 * A DownlinkFrame as the `dnmsg` a Station transmits ["The LNS Protocol", "Downlink
 * Messages"]. lns decides each window itself (RX1, then RX2 when no `dntxed` came), so a
 * class A message names one window: RX1 fields with `RxDelay` for the first, RX2 fields for a
 * retry one second later; `xtime` and `rctx` are the uplink's, so the Station times the frame
 * on the radio clock that received it. Class C frames carry RX2 fields only (`dC` 2) and go
 * out at once. Pure.
 */
import type { Region } from '../lorawan/index.js';
import type { Eui64 } from '../shared/ids.js';
import type { DownlinkFrame } from '../shared/radio.js';
import { dashedEui } from './ids.js';

/** What the session remembers of one uplink, to answer it. */
export interface UplinkContext {
  /** Low 32 bits of `xtime`: the `timestampUs` of the uplink's UplinkFrame. */
  readonly timestampUs: number;
  readonly xtime: bigint;
  readonly rctx: bigint;
  /** This node's monotonic ms when the uplink arrived. */
  readonly receivedMonoMs: number;
  /** DevEUI of a join-request (the join-accept's device). */
  readonly devEui: Eui64 | undefined;
}

const US_PER_S = 1_000_000;
const TMST_MODULO = 0x1_0000_0000;
/** RxDelay is 0..15 [L2 1.0.4 §5.7]; RX2 opens one second after RX1. */
const MAX_RX_DELAY_S = 15;

/** Device classes as `dC` numbers them. */
const CLASS_A = 0;
const CLASS_C = 2;

/**
 * Class A answers may displace class C traffic on a busy gateway, never the other way: their
 * window is a few milliseconds wide.
 */
const PRIORITY_CLASS_A = 1;
const PRIORITY_CLASS_C = 0;

/**
 * Whole seconds from an uplink to a frame timed on the same 32-bit counter (the counter
 * wraps), or undefined when the frame is not 1-16 s after it.
 */
export function delayAfterUplinkS(
  frameTimestampUs: number,
  uplinkTimestampUs: number,
): number | undefined {
  const deltaUs =
    (((frameTimestampUs - uplinkTimestampUs) % TMST_MODULO) + TMST_MODULO) % TMST_MODULO;
  if (deltaUs % US_PER_S !== 0) return undefined;
  const s = deltaUs / US_PER_S;
  return s >= 1 && s <= MAX_RX_DELAY_S + 1 ? s : undefined;
}

/**
 * The device's EUI for `DevEui`: the frame's, else the join-request's. A Station reports
 * `dntxed` only for a non-zero DevEui, so an ABP device registered without one is named by
 * its DevAddr as `FF-FF-FF-FF-<DevAddr>`.
 */
export function dnmsgDevEui(frame: DownlinkFrame, uplinkDevEui: Eui64 | undefined): string {
  const eui = frame.devEui ?? uplinkDevEui;
  if (eui !== undefined) return dashedEui(eui);
  const devAddr = frame.phyPayload.length >= 5 ? frame.phyPayload.readUInt32LE(1) : 0;
  return dashedEui(`ffffffff${devAddr.toString(16).padStart(8, '0')}` as Eui64);
}

export type DnmsgResult =
  | { readonly ok: true; readonly message: Record<string, unknown> }
  | { readonly ok: false; readonly reason: 'frequency' | 'data_rate' | 'timing' };

/** Where and when a class A frame goes relative to the uplink it answers. */
export interface ClassAWindow {
  readonly uplink: UplinkContext;
  readonly delayS: number;
  /** A frame for this uplink already went out `delayS - 1` seconds after it: this is RX2. */
  readonly retry: boolean;
}

/**
 * The dnmsg for one frame (without MuxTime, which the session adds when it sends). `window` is
 * undefined for frames sent at once (class C).
 */
export function dnmsgOf(
  frame: DownlinkFrame,
  input: {
    readonly diid: number;
    readonly region: Region;
    readonly window: ClassAWindow | undefined;
    /** Radio context of the gateway's latest uplink, for frames sent at once. */
    readonly rctx: bigint;
  },
): DnmsgResult {
  const { region, window } = input;
  const { minHz, maxHz } = region.frequencyRangeHz;
  if (frame.frequencyHz < minHz || frame.frequencyHz > maxHz)
    return { ok: false, reason: 'frequency' };
  const dr = region.downlinkDataRateIndex(frame.dataRate);
  if (dr === undefined) return { ok: false, reason: 'data_rate' };
  const common = {
    msgtype: 'dnmsg',
    DevEui: dnmsgDevEui(frame, window?.uplink.devEui),
    diid: input.diid,
    pdu: frame.phyPayload.toString('hex').toUpperCase(),
  };
  if (window === undefined) {
    if (frame.timing.kind !== 'immediate') return { ok: false, reason: 'timing' };
    return {
      ok: true,
      message: {
        ...common,
        dC: CLASS_C,
        RxDelay: 0,
        RX2DR: dr,
        RX2Freq: frame.frequencyHz,
        rctx: input.rctx,
        priority: PRIORITY_CLASS_C,
      },
    };
  }
  const { uplink, delayS } = window;
  // RX2 fields make the Station add one second to RxDelay itself.
  const asRx2 = window.retry || delayS > MAX_RX_DELAY_S;
  return {
    ok: true,
    message: {
      ...common,
      dC: CLASS_A,
      RxDelay: asRx2 ? delayS - 1 : delayS,
      ...(asRx2
        ? { RX2DR: dr, RX2Freq: frame.frequencyHz }
        : { RX1DR: dr, RX1Freq: frame.frequencyHz }),
      xtime: uplink.xtime,
      rctx: uplink.rctx,
      priority: PRIORITY_CLASS_A,
    },
  };
}
