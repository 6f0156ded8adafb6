import { describe, expect, it } from 'vitest';
import { in865 } from './in865.js';

describe('IN865 [RP002-1.0.4 §2.12]', () => {
  it('RX1 DR table skips the RFU DR6 [§2.12.7]', () => {
    expect(in865.rx1DataRate(5, 6)).toBe(5);
    expect(in865.rx1DataRate(5, 7)).toBe(7);
    expect(in865.rx1DataRate(7, 1)).toBe(5);
    expect(in865.rx1DataRate(4, 7)).toBe(5);
    expect(in865.rx1DataRate(0, 7)).toBe(2);
    for (const row of in865.rx1DrOffsetTable.values()) expect(row).not.toContain(6);
    expect(() => in865.rx1DataRate(6, 0)).toThrow('no RX1 data rate');
  });

  it('RX1 on the uplink frequency; RX2 866.55 MHz DR2 [§2.12.7]', () => {
    expect(in865.rx1FrequencyHz(865_402_500)).toBe(865_402_500);
    expect(in865.rx2Default).toEqual({ frequencyHz: 866_550_000, dataRate: 2 });
  });

  it('ChMaskCntl 6 enables every defined channel [§2.12.5]', () => {
    expect(in865.applyChMask([0], { chMaskCntl: 6, chMask: 0 })).toEqual([0, 1, 2]);
  });

  it('DR6 is RFU, TXPower goes to 10 (-20 dB) [§2.12.3]', () => {
    expect(in865.dataRates.has(6)).toBe(false);
    expect(in865.txPowerEirpDbm(10)).toBe(10);
  });
});
