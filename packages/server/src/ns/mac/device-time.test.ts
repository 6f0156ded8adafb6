import { describe, expect, it } from 'vitest';
import { gpsMsFromDeviceTimeAns } from '../../lorawan/index.js';
import type { DeviceTimeAns } from '../../lorawan/index.js';
import { GW_1, GW_2, copyOf, testSession } from '../testing/uplink.js';
import { handleDeviceTimeReq, uplinkGpsTimeMs } from './device-time.js';
import { utcMsToGpsMs } from './gps-time.js';

const PHY = Buffer.from('40', 'hex');
const UTC_2026 = Date.UTC(2026, 0, 1);

describe('handleDeviceTimeReq [L2 1.0.4 §5.9]', () => {
  const answerMs = (copies: ReturnType<typeof copyOf>[], receivedMs = UTC_2026): number => {
    const out = handleDeviceTimeReq(
      testSession(),
      { name: 'DeviceTimeReq' },
      { copies, receivedMs },
    );
    expect(out.answers).toHaveLength(1);
    return gpsMsFromDeviceTimeAns(out.answers[0] as DeviceTimeAns);
  };

  it('uses a gateway GPS timestamp first (best copy that has one)', () => {
    const copies = [
      copyOf(PHY, { gatewayEui: GW_1, timeMs: UTC_2026 }),
      copyOf(PHY, { gatewayEui: GW_2, gpsTimeMs: 1_450_000_000_500 }),
    ];
    expect(answerMs(copies)).toBe(1_450_000_000_500);
  });

  it('else a gateway UTC time, converted to GPS', () => {
    expect(answerMs([copyOf(PHY, { timeMs: UTC_2026 + 250 })])).toBe(utcMsToGpsMs(UTC_2026 + 250));
  });

  it('else the time the first copy arrived', () => {
    expect(answerMs([copyOf(PHY)], UTC_2026 + 1000)).toBe(utcMsToGpsMs(UTC_2026 + 1000));
  });

  it('rounds down to 1/256 s', () => {
    const ms = uplinkGpsTimeMs({ copies: [copyOf(PHY, { gpsTimeMs: 1000 + 3 })], receivedMs: 0 });
    expect(ms).toBe(1003);
    expect(answerMs([copyOf(PHY, { gpsTimeMs: 1003 })])).toBe(1000);
  });

  it('gives no answer for a clock before the GPS epoch', () => {
    const out = handleDeviceTimeReq(
      testSession(),
      { name: 'DeviceTimeReq' },
      { copies: [copyOf(PHY)], receivedMs: 0 },
    );
    expect(out.answers).toEqual([]);
    expect(out.notes).toEqual([
      { kind: 'unanswerable', command: 'DeviceTimeReq', reason: 'time outside gps range' },
    ]);
  });
});
