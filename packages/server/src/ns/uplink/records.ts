/**
 * What the outside sees of an uplink: SPEC `frames` gateways and integration `rxInfo`/`txInfo`,
 * in the server's unit names (api/wire.ts and ns/event-json.ts turn them into SPEC's).
 */
import { dataRateName } from '../../shared/index.js';
import type { UplinkFrame } from '../../shared/index.js';
import type { FrameGateway } from '../model.js';
import type { IntegrationRxInfo, IntegrationTxInfo } from '../ports.js';
import type { CollectedUplink } from './dedup.js';

/** ISO-8601 time of a wall-clock ms value. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function serverOf(uplink: CollectedUplink, frame: UplinkFrame, fallback: string): string {
  return uplink.gateways.get(frame.rxInfo.gatewayEui)?.server ?? fallback;
}

/** SPEC `frames.gateways`: one entry per gateway copy, best first. */
export function frameGateways(uplink: CollectedUplink, server: string): FrameGateway[] {
  return uplink.copies.map((c) => ({
    gatewayEui: c.rxInfo.gatewayEui,
    rssiDbm: c.rxInfo.rssiDbm,
    snrDb: c.rxInfo.snrDb,
    timestampUs: c.rxInfo.timestampUs,
    frequencyHz: c.txInfo.frequencyHz,
    dataRate: dataRateName(c.txInfo.dataRate),
    server: serverOf(uplink, c, server),
  }));
}

/** SPEC integration `rxInfo`: one entry per gateway copy, best first. */
export function rxInfoOf(uplink: CollectedUplink, server: string): IntegrationRxInfo[] {
  return uplink.copies.map((c) => ({
    gatewayEui: c.rxInfo.gatewayEui,
    rssiDbm: c.rxInfo.rssiDbm,
    snrDb: c.rxInfo.snrDb,
    ...(c.rxInfo.timeMs === undefined ? {} : { time: isoTime(c.rxInfo.timeMs) }),
    timestampUs: c.rxInfo.timestampUs,
    server: serverOf(uplink, c, server),
  }));
}

/** SPEC integration `txInfo` of the best copy. */
export function txInfoOf(best: UplinkFrame): IntegrationTxInfo {
  const codingRate = best.txInfo.codingRate;
  return {
    frequencyHz: best.txInfo.frequencyHz,
    dataRate: dataRateName(best.txInfo.dataRate),
    ...(codingRate === undefined ? {} : { codingRate }),
  };
}
