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
});
