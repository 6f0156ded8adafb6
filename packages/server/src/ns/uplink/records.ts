/**
 * What the outside sees of an uplink: SPEC `frames` gateways and integration `rxInfo`/`txInfo`
 * in GWMP-like units (MHz, "SF7BW125"), which operators of lorawan-server and ChirpStack read.
 */
import { dataRateName } from '../../shared/index.js';
import type { UplinkFrame } from '../../shared/index.js';
import type { FrameGateway } from '../model.js';
import type { IntegrationRxInfo } from '../ports.js';
import type { CollectedUplink } from './dedup.js';

/** ISO-8601 time of a wall-clock ms value. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** MHz as in GWMP `freq`, from Hz. */
export function mhzOf(frequencyHz: number): number {
  return frequencyHz / 1e6;
}

function serverOf(uplink: CollectedUplink, frame: UplinkFrame, fallback: string): string {
  return uplink.gateways.get(frame.rxInfo.gatewayEui)?.server ?? fallback;
}

/** SPEC `frames.gateways`: one entry per gateway copy, best first. */
export function frameGateways(uplink: CollectedUplink, server: string): FrameGateway[] {
  return uplink.copies.map((c) => ({
    gatewayEui: c.rxInfo.gatewayEui,
    rssi: c.rxInfo.rssiDbm,
    lsnr: c.rxInfo.snrDb,
    tmst: c.rxInfo.timestampUs,
    freq: mhzOf(c.txInfo.frequencyHz),
    datr: dataRateName(c.txInfo.dataRate),
    server: serverOf(uplink, c, server),
  }));
}

/** SPEC integration `rxInfo`: one entry per gateway copy, best first. */
export function rxInfoOf(uplink: CollectedUplink, server: string): IntegrationRxInfo[] {
  return uplink.copies.map((c) => ({
    gatewayEui: c.rxInfo.gatewayEui,
    rssi: c.rxInfo.rssiDbm,
    lsnr: c.rxInfo.snrDb,
    ...(c.rxInfo.timeMs === undefined ? {} : { time: isoTime(c.rxInfo.timeMs) }),
    tmst: c.rxInfo.timestampUs,
    server: serverOf(uplink, c, server),
  }));
}

/** SPEC integration `txInfo` of the best copy. */
export function txInfoOf(best: UplinkFrame): {
  readonly freq: number;
  readonly datr: string;
  readonly codr?: string;
} {
  const codr = best.txInfo.codingRate;
  return {
    freq: mhzOf(best.txInfo.frequencyHz),
    datr: dataRateName(best.txInfo.dataRate),
    ...(codr === undefined ? {} : { codr }),
  };
}
