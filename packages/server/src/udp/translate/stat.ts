/** `stat` <-> GatewayStats [GWMP §3]. */
import type { GatewayStats } from '../../shared/radio.js';
import { parseStatTimeMs } from '../json.js';
import type { Stat } from '../json.js';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A `stat` object as GatewayStats; absent counters read 0, an unreadable `time` is left out. */
export function statToGatewayStats(stat: Stat): GatewayStats {
  return {
    timeMs: stat.time === undefined ? undefined : parseStatTimeMs(stat.time),
    location:
      stat.lati !== undefined && stat.long !== undefined
        ? { lat: stat.lati, lon: stat.long, alt: stat.alti ?? 0 }
        : undefined,
    rxReceived: stat.rxnb ?? 0,
    rxOk: stat.rxok ?? 0,
    rxForwarded: stat.rxfw ?? 0,
    ackRatioPct: stat.ackr ?? 0,
    downlinkReceived: stat.dwnb ?? 0,
    txEmitted: stat.txnb ?? 0,
    temperatureC: stat.temp,
  };
}

/** GatewayStats as a `stat` object with the reference forwarder's "expanded" time. */
export function gatewayStatsToStat(stats: GatewayStats): Stat {
  let time: string | undefined;
  if (stats.timeMs !== undefined) {
    const d = new Date(stats.timeMs);
    time =
      `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
      `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} GMT`;
  }
  return {
    time,
    lati: stats.location?.lat,
    long: stats.location?.lon,
    alti: stats.location?.alt,
    rxnb: stats.rxReceived,
    rxok: stats.rxOk,
    rxfw: stats.rxForwarded,
    ackr: stats.ackRatioPct,
    dwnb: stats.downlinkReceived,
    txnb: stats.txEmitted,
    temp: stats.temperatureC,
  };
}
