import { describe, expect, it } from 'vitest';
import { getRegion } from '../lorawan/index.js';
import type { Eui64 } from '../shared/ids.js';
import type { DownlinkFrame } from '../shared/radio.js';
import { delayAfterUplinkS, dnmsgDevEui, dnmsgOf } from './downlink.js';
import type { UplinkContext } from './downlink.js';

const eu = getRegion('EU868');
const uplink: UplinkContext = {
  timestampUs: 0xffff_ff00,
  xtime: (1n << 56n) | 0xffff_ff00n,
  rctx: 1n,
  receivedMonoMs: 0,
  devEui: undefined,
};

function frame(over: Partial<DownlinkFrame> = {}): DownlinkFrame {
  return {
    gatewayEui: '0000000000000001' as Eui64,
    // Unconfirmed data down to DevAddr 26011bda, FCnt 0.
    phyPayload: Buffer.from('60da1b0126000000aabbccdd', 'hex'),
    timing: { kind: 'timestamp', timestampUs: (0xffff_ff00 + 1_000_000) % 2 ** 32 },
    frequencyHz: 868_100_000,
    dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
    txPowerDbm: 14,
    polarizationInversion: true,
    ...over,
  };
}

describe('dnmsg', () => {
  it('finds whole seconds after the uplink across the 32-bit wrap', () => {
    expect(delayAfterUplinkS((0xffff_ff00 + 5_000_000) % 2 ** 32, 0xffff_ff00)).toBe(5);
    expect(delayAfterUplinkS(0xffff_ff00 + 10, 0xffff_ff00)).toBeUndefined();
    expect(delayAfterUplinkS(0xffff_ff00, 0xffff_ff00)).toBeUndefined();
    expect(delayAfterUplinkS(17_000_000, 0)).toBeUndefined();
  });

  it('class A RX1: RxDelay, RX1DR/RX1Freq, the uplink’s xtime and rctx', () => {
    const result = dnmsgOf(frame({ devEui: '0011223344556677' as Eui64 }), {
      diid: 7,
      region: eu,
      window: { uplink, delayS: 1, retry: false },
      rctx: 0n,
    });
    expect(result).toEqual({
      ok: true,
      message: {
        msgtype: 'dnmsg',
        DevEui: '00-11-22-33-44-55-66-77',
        dC: 0,
        diid: 7,
        pdu: '60DA1B0126000000AABBCCDD',
        RxDelay: 1,
        RX1DR: 5,
        RX1Freq: 868_100_000,
        xtime: uplink.xtime,
        rctx: 1n,
        priority: 1,
      },
    });
  });

  it('a retry one second later is RX2: RX2DR/RX2Freq and the RX1 delay', () => {
    const result = dnmsgOf(
      frame({
        frequencyHz: 869_525_000,
        dataRate: { modulation: 'LORA', spreadingFactor: 12, bandwidthHz: 125_000 },
      }),
      { diid: 8, region: eu, window: { uplink, delayS: 2, retry: true }, rctx: 0n },
    );
    expect(result.ok && result.message).toMatchObject({
      RxDelay: 1,
      RX2DR: 0,
      RX2Freq: 869_525_000,
      xtime: uplink.xtime,
    });
    expect(result.ok && result.message.RX1DR).toBeUndefined();
  });

  it('class C: dC 2, RX2 fields only, sent at once', () => {
    const result = dnmsgOf(frame({ timing: { kind: 'immediate' } }), {
      diid: 9,
      region: eu,
      window: undefined,
      rctx: 3n,
    });
    expect(result.ok && result.message).toMatchObject({
      dC: 2,
      RX2DR: 5,
      RX2Freq: 868_100_000,
      rctx: 3n,
    });
    expect(result.ok && result.message.xtime).toBeUndefined();
  });

  it('refuses a frequency or data rate the region does not have', () => {
    const input = { diid: 1, region: eu, window: { uplink, delayS: 1, retry: false }, rctx: 0n };
    expect(dnmsgOf(frame({ frequencyHz: 915_000_000 }), input)).toEqual({
      ok: false,
      reason: 'frequency',
    });
    expect(
      dnmsgOf(
        frame({ dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 500_000 } }),
        input,
      ),
    ).toEqual({ ok: false, reason: 'data_rate' });
  });

  it('names a device without DevEUI by its DevAddr (a Station reports dntxed only for a DevEui)', () => {
    expect(dnmsgDevEui(frame(), undefined)).toBe('FF-FF-FF-FF-26-01-1B-DA');
    expect(dnmsgDevEui(frame(), '0000000000000002' as Eui64)).toBe('00-00-00-00-00-00-00-02');
  });
});
