/**
 * Pure aggregations of frame records for the dashboard charts (kept apart from the React
 * components so they are tested without rendering).
 */
import type { FrameRecord } from '../types';

export interface MinuteBucket {
  /** Start of the minute, ms since the epoch. */
  readonly t: number;
  readonly label: string;
  readonly uplinks: number;
}

const MINUTE_MS = 60_000;

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Uplinks counted per minute over the last `minutes` minutes up to `nowMs`, oldest first. */
export function uplinksPerMinute(
  frames: readonly FrameRecord[],
  nowMs: number,
  minutes = 60,
): MinuteBucket[] {
  const end = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const start = end - (minutes - 1) * MINUTE_MS;
  const counts = new Array<number>(minutes).fill(0);
  for (const f of frames) {
    if (f.dir !== 'up') continue;
    const t = Date.parse(f.time);
    if (!Number.isFinite(t) || t < start || t >= end + MINUTE_MS) continue;
    const i = Math.floor((t - start) / MINUTE_MS);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts.map((uplinks, i) => {
    const t = start + i * MINUTE_MS;
    return { t, label: hhmm(t), uplinks };
  });
}

export interface GatewayTraffic {
  readonly gatewayEui: string;
  readonly uplinks: number;
  readonly downlinks: number;
}

/** Frames heard (up) or sent (down) per gateway, busiest first. */
export function trafficPerGateway(frames: readonly FrameRecord[]): GatewayTraffic[] {
  const byGw = new Map<string, { uplinks: number; downlinks: number }>();
  for (const f of frames) {
    for (const g of f.gateways) {
      const entry = byGw.get(g.gatewayEui) ?? { uplinks: 0, downlinks: 0 };
      if (f.dir === 'up') entry.uplinks += 1;
      else entry.downlinks += 1;
      byGw.set(g.gatewayEui, entry);
    }
  }
  return [...byGw.entries()]
    .map(([gatewayEui, c]) => ({ gatewayEui, ...c }))
    .sort((a, b) => b.uplinks + b.downlinks - (a.uplinks + a.downlinks));
}

export interface SignalPoint {
  /** ms since the epoch. */
  readonly t: number;
  readonly rssi: number;
  readonly snr: number;
  readonly fCnt: number;
}

/** Best-gateway RSSI and SNR of each uplink, oldest first. */
export function signalOverTime(frames: readonly FrameRecord[]): SignalPoint[] {
  const points: SignalPoint[] = [];
  for (const f of frames) {
    if (f.dir !== 'up' || f.gateways.length === 0) continue;
    const best = f.gateways.reduce((a, b) => (b.rssi > a.rssi ? b : a));
    points.push({
      t: Date.parse(f.time),
      rssi: best.rssi,
      snr: best.lsnr,
      fCnt: f.fCnt,
    });
  }
  return points.sort((a, b) => a.t - b.t);
}
