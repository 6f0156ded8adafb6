import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock.js';
import { Deduplicator } from './dedup.js';
import type { CollectedUplink, UplinkCopy } from './dedup.js';
import { GW_1, GW_2, GW_3, copyOf, testGateway } from '../testing/uplink.js';
import type { CopyOptions } from '../testing/uplink.js';

const PHY = Buffer.from('40040302010000010001020304', 'hex');
const OTHER = Buffer.from('40040302010000020001020304', 'hex');

function setup(windowMs = 200, lateMs = 1000) {
  const clock = new FakeClock();
  const collected: CollectedUplink[] = [];
  const dedup = new Deduplicator({
    clock,
    windowMs,
    lateMs,
    onCollected: (u) => collected.push(u),
  });
  const copy = (phy: Buffer, opts: CopyOptions): UplinkCopy => ({
    frame: copyOf(phy, opts),
    gateway: testGateway(opts.gatewayEui ?? GW_1),
    receivedMs: clock.now(),
  });
  return { clock, collected, dedup, copy };
}

describe('Deduplicator', () => {
  it('gathers three gateways in the window into one uplink, best SNR first', () => {
    const { clock, collected, dedup, copy } = setup();
    const firstMs = clock.now();
    expect(dedup.add(copy(PHY, { gatewayEui: GW_1, snrDb: -3 }))).toBe('first');
    clock.advance(50);
    expect(dedup.add(copy(PHY, { gatewayEui: GW_2, snrDb: 7.5 }))).toBe('added');
    clock.advance(100);
    expect(dedup.add(copy(PHY, { gatewayEui: GW_3, snrDb: 2 }))).toBe('added');
    expect(collected).toHaveLength(0);
    clock.advance(50);
    expect(collected).toHaveLength(1);
    const [uplink] = collected;
    expect(uplink!.copies.map((c) => c.rxInfo.gatewayEui)).toEqual([GW_2, GW_3, GW_1]);
    expect(uplink!.receivedMs).toBe(firstMs);
    expect([...uplink!.gateways.keys()].sort()).toEqual([GW_1, GW_2, GW_3]);
    expect(dedup.openWindows).toBe(0);
  });

  it('breaks SNR ties on RSSI', () => {
    const { clock, collected, dedup, copy } = setup();
    dedup.add(copy(PHY, { gatewayEui: GW_1, snrDb: 5, rssiDbm: -110 }));
    dedup.add(copy(PHY, { gatewayEui: GW_2, snrDb: 5, rssiDbm: -70 }));
    clock.advance(200);
    expect(collected[0]!.copies.map((c) => c.rxInfo.gatewayEui)).toEqual([GW_2, GW_1]);
  });

  it('keeps one copy per gateway (the better one)', () => {
    const { clock, collected, dedup, copy } = setup();
    dedup.add(copy(PHY, { gatewayEui: GW_1, snrDb: 1 }));
    expect(dedup.add(copy(PHY, { gatewayEui: GW_1, snrDb: 4 }))).toBe('same_gateway');
    expect(dedup.add(copy(PHY, { gatewayEui: GW_1, snrDb: 0 }))).toBe('same_gateway');
    clock.advance(200);
    expect(collected[0]!.copies).toHaveLength(1);
    expect(collected[0]!.copies[0]!.rxInfo.snrDb).toBe(4);
  });

  it('counts a copy after the window as late, and forgets it after lateMs', () => {
    const { clock, collected, dedup, copy } = setup(200, 1000);
    dedup.add(copy(PHY, { gatewayEui: GW_1 }));
    clock.advance(200);
    expect(dedup.add(copy(PHY, { gatewayEui: GW_2 }))).toBe('late');
    clock.advance(999);
    expect(dedup.add(copy(PHY, { gatewayEui: GW_3 }))).toBe('late');
    clock.advance(1);
    // A retransmission seconds later is a new uplink again (the FCnt check handles it).
    expect(dedup.add(copy(PHY, { gatewayEui: GW_1 }))).toBe('first');
    clock.advance(200);
    expect(collected).toHaveLength(2);
  });

  it('keeps different payloads apart', () => {
    const { clock, collected, dedup, copy } = setup();
    expect(dedup.add(copy(PHY, { gatewayEui: GW_1 }))).toBe('first');
    expect(dedup.add(copy(OTHER, { gatewayEui: GW_1 }))).toBe('first');
    clock.advance(200);
    expect(collected).toHaveLength(2);
  });

  it('flush hands on open windows at once and cancels their timers', () => {
    const { clock, collected, dedup, copy } = setup();
    dedup.add(copy(PHY, { gatewayEui: GW_1 }));
    dedup.add(copy(OTHER, { gatewayEui: GW_2 }));
    dedup.flush();
    expect(collected).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(1000);
    expect(collected).toHaveLength(2);
  });
});
