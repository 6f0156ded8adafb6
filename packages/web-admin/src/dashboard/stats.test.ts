import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../types';
import { signalOverTime, trafficPerGateway, uplinksPerMinute } from './stats';

const NOW = Date.parse('2025-06-01T12:30:30Z');

function frame(
  time: string,
  dir: 'up' | 'down',
  gateways: { eui: string; rssi: number; lsnr: number }[],
  fCnt = 1,
): FrameRecord {
  return {
    id: `${time}-${dir}-${fCnt}`,
    time,
    dir,
    devAddr: '26011bda',
    fCnt,
    data: '',
    confirmed: false,
    server: 'n1',
    gateways: gateways.map((g) => ({
      gatewayEui: g.eui,
      rssi: g.rssi,
      lsnr: g.lsnr,
      tmst: 0,
      freq: 868.1,
      datr: 'SF7BW125',
      server: 'n1',
    })),
  };
}

const gwA = { eui: 'aa555a0000000001', rssi: -80, lsnr: 7 };
const gwB = { eui: 'aa555a0000000002', rssi: -100, lsnr: -3 };

describe('dashboard aggregations', () => {
  it('counts uplinks per minute over the last hour, ignoring downlinks and older frames', () => {
    const buckets = uplinksPerMinute(
      [
        frame('2025-06-01T12:30:10Z', 'up', [gwA]),
        frame('2025-06-01T12:30:20Z', 'up', [gwA]),
        frame('2025-06-01T12:29:59Z', 'up', [gwA]),
        frame('2025-06-01T12:30:15Z', 'down', [gwA]),
        frame('2025-06-01T11:00:00Z', 'up', [gwA]),
      ],
      NOW,
    );
    expect(buckets).toHaveLength(60);
    expect(buckets.at(-1)?.uplinks).toBe(2);
    expect(buckets.at(-2)?.uplinks).toBe(1);
    expect(buckets.reduce((n, b) => n + b.uplinks, 0)).toBe(3);
  });

  it('counts traffic per gateway, busiest first', () => {
    const traffic = trafficPerGateway([
      frame('2025-06-01T12:30:10Z', 'up', [gwA, gwB]),
      frame('2025-06-01T12:30:11Z', 'up', [gwA]),
      frame('2025-06-01T12:30:12Z', 'down', [gwA]),
    ]);
    expect(traffic).toEqual([
      { gatewayEui: gwA.eui, uplinks: 2, downlinks: 1 },
      { gatewayEui: gwB.eui, uplinks: 1, downlinks: 0 },
    ]);
  });

  it('takes the best gateway per uplink for RSSI/SNR, oldest first', () => {
    const points = signalOverTime([
      frame('2025-06-01T12:30:20Z', 'up', [gwB], 2),
      frame('2025-06-01T12:30:10Z', 'up', [gwB, gwA], 1),
      frame('2025-06-01T12:30:15Z', 'down', [gwA], 1),
    ]);
    expect(points.map((p) => [p.fCnt, p.rssi, p.snr])).toEqual([
      [1, -80, 7],
      [2, -100, -3],
    ]);
  });
});
