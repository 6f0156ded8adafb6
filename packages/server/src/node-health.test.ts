import { describe, expect, it } from 'vitest';
import { NodeHealth, OverloadMonitor } from './node-health.js';
import { FakeClock } from './testing/fake-clock.js';

describe('OverloadMonitor', () => {
  it('turns overloaded after shedding in enterS seconds in a row, not after a burst', () => {
    const m = new OverloadMonitor({ overloadEnterS: 3, overloadLeaveS: 2 });
    const totals = [0, 5, 5, 9, 12];
    for (const t of totals) m.sample(t);
    // Shed in seconds 2 and 4-5 only: never three in a row.
    expect(m.overloaded).toBe(false);
    m.sample(20);
    expect(m.overloaded).toBe(true);
  });

  it('recovers after leaveS seconds in a row without shedding', () => {
    const m = new OverloadMonitor({ overloadEnterS: 2, overloadLeaveS: 3 });
    for (const t of [0, 1, 2]) m.sample(t);
    expect(m.overloaded).toBe(true);
    m.sample(2);
    m.sample(2);
    m.sample(3);
    expect(m.overloaded).toBe(true);
    for (let i = 0; i < 3; i++) m.sample(3);
    expect(m.overloaded).toBe(false);
  });
});

describe('NodeHealth', () => {
  it('reports degraded (503 for the load balancer) under sustained overload, ok after', () => {
    let shed = 0;
    const health = new NodeHealth(
      {
        node: 'n1',
        clock: new FakeClock(),
        cluster: { state: 'ok', clusterId: 'c1', members: () => [] },
        udpBound: () => true,
        dbClosed: () => false,
        draining: () => false,
        shedTotal: () => shed,
      },
      { maxEventLoopDelayMs: 60_000, overloadEnterS: 3, overloadLeaveS: 2 },
    );
    health.sample();
    expect(health.report().status).toBe('ok');
    for (let s = 0; s < 3; s++) {
      shed += 100;
      health.sample();
    }
    expect(health.report().status).toBe('degraded');
    health.sample();
    health.sample();
    expect(health.report().status).toBe('ok');
  });
});
