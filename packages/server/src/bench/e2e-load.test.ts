import { describe, expect, it } from 'vitest';
import { SessionCrypto, decodeDataFrame } from '../lorawan/index.js';
import { decodePacket } from '../udp/index.js';
import type { Eui64 } from '../shared/ids.js';
import { LoadGenerator, makeDevices } from './e2e-load.js';

const gateways = [0, 1, 2].map((i) => ({
  eui: `00000000000000a${i}` as Eui64,
  host: '127.0.0.1',
  port: 9,
}));

describe('e2e load generator', () => {
  it('makes distinct devices, the same on every run', () => {
    const devices = makeDevices(50);
    expect(new Set(devices.map((d) => d.devAddr)).size).toBe(50);
    expect(makeDevices(50)).toEqual(devices);
  });

  it('plans PUSH_DATA datagrams whose frames carry valid MICs and rising counters', () => {
    const devices = makeDevices(4);
    const generator = new LoadGenerator(gateways, devices, 2);
    const plan = generator.plan(10, 1, true);
    expect(plan.uplinks).toBe(10);
    expect(plan.datagrams).toHaveLength(20);
    const seen = new Map<string, number[]>();
    plan.datagrams.forEach((datagram, i) => {
      const packet = decodePacket(datagram);
      if (packet.type !== 'PUSH_DATA') throw new Error('not a PUSH_DATA');
      // The two copies of one uplink come through two different gateways.
      expect(packet.gatewayEui).toBe(gateways[plan.gatewayOf[i]!]!.eui);
      const frame = decodeDataFrame(Buffer.from(packet.rxpk[0]!.data, 'base64'));
      expect(frame.mType).toBe('ConfirmedDataUp');
      const device = devices.find((d) => d.devAddr === frame.devAddr)!;
      const crypto = new SessionCrypto({
        nwkSKey: Buffer.from(device.nwkSKey, 'hex'),
        appSKey: Buffer.from(device.appSKey, 'hex'),
      });
      expect(crypto.verifyFrameMic(frame, frame.fCnt)).toBe(true);
      if (i % 2 === 0) seen.set(frame.devAddr, [...(seen.get(frame.devAddr) ?? []), frame.fCnt]);
    });
    expect(plan.gatewayOf[0]).not.toBe(plan.gatewayOf[1]);
    for (const counters of seen.values()) {
      expect(counters).toEqual([...counters].sort((a, b) => a - b));
      expect(new Set(counters).size).toBe(counters.length);
    }
  });
});
