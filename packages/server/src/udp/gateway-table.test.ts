import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { GatewayTable } from './gateway-table.js';
import type { Eui64 } from '../shared/ids.js';

const gw = 'aa555a0000000101' as Eui64;
const addr = { address: '127.0.0.1', port: 40000 };

describe('GatewayTable', () => {
  it('has no pull path before a PULL_DATA', () => {
    const table = new GatewayTable(new FakeClock());
    table.recordPush(gw, addr);
    expect(table.pullPath(gw)).toBeUndefined();
  });

  it('keeps the address and version of the last PULL_DATA [GWMP §6]', () => {
    const table = new GatewayTable(new FakeClock());
    table.recordPull(gw, addr, 1);
    table.recordPull(gw, { address: '127.0.0.1', port: 40001 }, 2);
    expect(table.pullPath(gw)).toEqual({
      address: { address: '127.0.0.1', port: 40001 },
      version: 2,
    });
  });

  it('drops a pull path older than its TTL but keeps the gateway while it pushes', () => {
    const clock = new FakeClock();
    const table = new GatewayTable(clock, { pullPathTtlMs: 1000, expiryMs: 5000 });
    table.recordPull(gw, addr, 2);
    clock.advance(999);
    expect(table.pullPath(gw)).toBeDefined();
    clock.advance(2);
    table.recordPush(gw, addr);
    expect(table.pullPath(gw)).toBeUndefined();
    expect(table.get(gw)?.pushAddress).toEqual(addr);
  });

  it('sweeps gateways silent for longer than the expiry', () => {
    const clock = new FakeClock();
    const table = new GatewayTable(clock, { pullPathTtlMs: 1000, expiryMs: 5000 });
    table.recordPull(gw, addr, 2);
    clock.advance(4000);
    expect(table.sweep()).toEqual([]);
    clock.advance(1001);
    expect(table.sweep()).toEqual([gw]);
    expect(table.size).toBe(0);
  });

  it('counts uplinks per rxpk and downlinks per PULL_RESP', () => {
    const table = new GatewayTable(new FakeClock());
    table.recordPush(gw, addr, 3);
    table.recordPush(gw, addr, 0);
    table.recordDownlink(gw);
    expect(table.get(gw)).toMatchObject({ uplinks: 3, downlinks: 1 });
  });

  describe('unregistered gateways are bounded, least recently heard dropped first', () => {
    const eui = (i: number) => `fe000000${i.toString(16).padStart(8, '0')}` as Eui64;

    it('keeps at most maxUnregistered strangers, forgetting the oldest', () => {
      const table = new GatewayTable(new FakeClock(), { maxUnregistered: 3 });
      for (let i = 0; i < 5; i++) table.recordPull(eui(i), addr, 2);
      expect(table.size).toBe(3);
      expect(table.unregisteredSize).toBe(3);
      expect(table.evictedUnregistered).toBe(2);
      expect(table.get(eui(0))).toBeUndefined();
      expect(table.get(eui(1))).toBeUndefined();
      expect([2, 3, 4].map((i) => table.pullPath(eui(i)) !== undefined)).toEqual([
        true,
        true,
        true,
      ]);
    });

    it('counts a stranger heard again as the most recent (PUSH_DATA too)', () => {
      const table = new GatewayTable(new FakeClock(), { maxUnregistered: 2 });
      table.recordPull(eui(0), addr, 2);
      table.recordPull(eui(1), addr, 2);
      table.recordPush(eui(0), addr, 1);
      table.recordPull(eui(2), addr, 2);
      expect(table.get(eui(0))).toBeDefined();
      expect(table.get(eui(1))).toBeUndefined();
    });

    it('never counts nor evicts registered gateways, however many strangers come', () => {
      const registered = new Set<string>([eui(1000), eui(1001)]);
      const table = new GatewayTable(new FakeClock(), { maxUnregistered: 10 }, (g) =>
        registered.has(g),
      );
      table.recordPull(eui(1000), addr, 2);
      for (let i = 0; i < 10_000; i++) table.recordPull(eui(i), addr, 2);
      table.recordPush(eui(1001), addr, 1);
      for (let i = 10_000; i < 20_000; i++) table.recordPull(eui(i), addr, 2);
      expect(table.size).toBe(12);
      expect(table.unregisteredSize).toBe(10);
      expect(table.pullPath(eui(1000))).toEqual({ address: addr, version: 2 });
      expect(table.get(eui(1001))?.pushAddress).toEqual(addr);
    });

    it('keeps a stranger registered since it was first heard instead of evicting it', () => {
      const registered = new Set<string>();
      const table = new GatewayTable(new FakeClock(), { maxUnregistered: 2 }, (g) =>
        registered.has(g),
      );
      table.recordPull(eui(0), addr, 2);
      table.recordPull(eui(1), addr, 2);
      registered.add(eui(0));
      table.recordPull(eui(2), addr, 2);
      table.recordPull(eui(3), addr, 2);
      expect(table.pullPath(eui(0))).toBeDefined();
      expect(table.get(eui(1))).toBeUndefined();
      expect(table.unregisteredSize).toBe(2);
    });

    it('forgets swept strangers from the bound too', () => {
      const clock = new FakeClock();
      const table = new GatewayTable(clock, { expiryMs: 1000, maxUnregistered: 2 });
      table.recordPull(eui(0), addr, 2);
      clock.advance(1001);
      table.sweep();
      expect(table.unregisteredSize).toBe(0);
      table.recordPull(eui(1), addr, 2);
      table.recordPull(eui(2), addr, 2);
      expect(table.size).toBe(2);
      expect(table.evictedUnregistered).toBe(0);
    });
  });
});
