import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Eui64 } from '../shared/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { defaultNsConfig } from './config.js';
import { NsConfigError } from './errors.js';
import { NetworkServer } from './network-server.js';
import { RecordingScheduler, createMemoryPorts } from './testing/memory-ports.js';
import { GW_1, GW_2, GW_3, copyOf, createHarness, dataUp } from './testing/uplink.js';
import type { HarnessOptions } from './testing/uplink.js';

const UNKNOWN_GW = '00000000000000ff' as Eui64;

function setup(opts?: HarnessOptions) {
  return createHarness(new FakeClock(), opts);
}

describe('NetworkServer', () => {
  it('drops copies from unregistered gateways: every one counted, one event a minute', async () => {
    const h = setup();
    const phy = dataUp({ fCnt32: 1 });
    await h.deliver(copyOf(phy, { gatewayEui: UNKNOWN_GW }));
    await h.deliver(copyOf(dataUp({ fCnt32: 2 }), { gatewayEui: UNKNOWN_GW }));
    expect(h.ports.metrics.get('dropped:unknown_gateway')).toBe(2);
    expect(h.ports.metrics.get('received')).toBe(2);
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'unknown_gateway',
        severity: 'warning',
        entity: UNKNOWN_GW,
        text: `uplink from unregistered gateway ${UNKNOWN_GW}`,
      },
    ]);
    expect(h.scheduler.classA).toEqual([]);
    h.clock.advance(60_000);
    await h.deliver(copyOf(dataUp({ fCnt32: 3 }), { gatewayEui: UNKNOWN_GW }));
    expect(h.ports.sink.events).toHaveLength(2);
  });

  it("processes three gateways' copies once; a late copy is a duplicate", async () => {
    const h = setup({ session: { fCntUp: 0 } });
    const phy = dataUp({ fCnt32: 1, fPort: 1, payload: Buffer.from([1]) });
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_1, snrDb: 1 }), h.clock.now());
    await h.ns.idle();
    h.clock.advance(80);
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_2, snrDb: 9 }), h.clock.now());
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_3, snrDb: -4 }), h.clock.now());
    // The same gateway twice in the window is one copy.
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_3, snrDb: -6 }), h.clock.now());
    await h.ns.idle();
    expect(h.scheduler.classA).toEqual([]);
    h.clock.advance(120);
    await h.ns.idle();
    expect(h.scheduler.classA).toHaveLength(1);
    const copies = h.scheduler.classA[0]!.uplink.copies;
    expect(copies.map((c) => [c.rxInfo.gatewayEui, c.rxInfo.snrDb])).toEqual([
      [GW_2, 9],
      [GW_1, 1],
      [GW_3, -4],
    ]);
    expect(h.ports.sink.frames[0]!.gateways).toHaveLength(3);

    h.clock.advance(300);
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_1 }), h.clock.now());
    await h.ns.idle();
    h.clock.advance(1000);
    await h.ns.idle();
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.ports.sink.integrations.filter((e) => e.type === 'up')).toHaveLength(1);
    expect(h.ports.metrics.get('dropped:duplicate')).toBe(2);
    expect(h.ports.metrics.get('received')).toBe(5);
    expect(h.ports.metrics.get('processed')).toBe(1);
  });

  it('drops copies whose CRC failed', async () => {
    const h = setup();
    await h.deliver(copyOf(dataUp({ fCnt32: 1 }), { crcStatus: 'bad' }));
    expect(h.ports.metrics.get('dropped:bad_crc')).toBe(1);
    expect(h.scheduler.classA).toEqual([]);
  });

  it('drops bytes that are no LoRaWAN frame and frames that are no uplink', async () => {
    const h = setup();
    await h.deliver(copyOf(Buffer.from('4001', 'hex')));
    expect(h.ports.metrics.get('dropped:bad_phy_payload')).toBe(1);
    // An UnconfirmedDataDown (MType 011) heard by a gateway.
    const down = Buffer.from(dataUp({ fCnt32: 1 }));
    down[0] = 0x60;
    await h.deliver(copyOf(down));
    expect(h.ports.metrics.get('dropped:unsupported_mtype')).toBe(1);
    expect(h.ports.sink.events).toEqual([]);
  });

  it('close() processes open windows at once and ignores later copies', async () => {
    const h = setup({ session: { fCntUp: 0 } });
    h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32: 1 })), h.clock.now());
    await h.ns.close();
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.clock.pendingTimers).toBe(0);
    h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32: 2 })), h.clock.now());
    await h.ns.idle();
    h.clock.advance(1000);
    await h.ns.idle();
    expect(h.scheduler.classA).toHaveLength(1);
  });

  it('never throws into the caller, even when a store fails', async () => {
    const h = setup();
    vi.spyOn(h.ports.stores, 'getGateway').mockRejectedValue(new Error('db down'));
    expect(() =>
      h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32: 1 })), h.clock.now()),
    ).not.toThrow();
    await h.ns.idle();
    h.clock.advance(1000);
    await h.ns.idle();
    expect(h.scheduler.classA).toEqual([]);
    expect(h.ports.metrics.get('dropped:store_failed')).toBe(1);
  });

  it('an event sink that throws does not stop the pipeline', async () => {
    const h = setup({ session: null });
    vi.spyOn(h.ports.sink, 'event').mockImplementation(() => {
      throw new Error('sink broken');
    });
    await h.deliver(copyOf(dataUp({ fCnt32: 1 })));
    expect(h.ports.metrics.get('dropped:unknown_devaddr')).toBe(1);
  });

  it('under overload drops uplinks with a counted reason, and says so once a minute', async () => {
    const h = setup({
      session: { fCntUp: 0 },
      tuning: { queue: { maxInFlight: 1, maxQueued: 1, timeoutMs: 1000 } },
    });
    // The session store hangs: the first pipeline holds the only slot.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const getSession = h.ports.stores.getSession.bind(h.ports.stores);
    vi.spyOn(h.ports.stores, 'getSession').mockImplementation(async (devAddr) => {
      await held;
      return getSession(devAddr);
    });
    for (const fCnt32 of [1, 2, 3, 4]) {
      h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32 })), h.clock.now());
    }
    // Every copy's gateway lookup settles (ns.idle() would wait for the held pipeline).
    await new Promise((resolve) => setImmediate(resolve));
    h.clock.advance(h.config.dedupWindowMs);
    // 1 runs, 2 waits, 3 and 4 find the queue full.
    expect(h.ns.load).toEqual({ queued: 1, inFlight: 1, shed: 2 });
    expect(h.ports.metrics.get('dropped:queue_full')).toBe(2);
    // 2 waits past its deadline: when 1 finishes it is dropped, not answered late.
    h.clock.advance(1000);
    release();
    await h.ns.idle();
    expect(h.ports.metrics.get('dropped:queue_timeout')).toBe(1);
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.ports.metrics.get('processed')).toBe(1);
    expect(h.ports.sink.events.filter((e) => e.kind === 'overload')).toEqual([
      {
        kind: 'overload',
        severity: 'warning',
        entity: 'n1',
        text: 'uplinks dropped: node overloaded (queue_full)',
      },
    ]);
  });

  it('takes no new uplink while maxOpenWindows windows are open', async () => {
    const h = setup({ session: { fCntUp: 0 }, tuning: { maxOpenWindows: 1 } });
    h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32: 1 })), h.clock.now());
    h.ns.handleUplinkFrame(copyOf(dataUp({ fCnt32: 2 })), h.clock.now());
    await h.ns.idle();
    expect(h.ports.metrics.get('dropped:queue_full')).toBe(1);
    h.clock.advance(h.config.dedupWindowMs);
    await h.ns.idle();
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.ns.load.shed).toBe(1);
  });

  it('refuses a NetID that is not 6 hex digits', () => {
    const clock = new FakeClock();
    expect(
      () =>
        new NetworkServer({
          ports: createMemoryPorts(clock),
          config: { ...defaultNsConfig, server: 'n1', netId: 'zz' },
          scheduler: new RecordingScheduler(),
          log: pino({ level: 'silent' }),
        }),
    ).toThrow(NsConfigError);
  });
});
