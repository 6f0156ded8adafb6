// The uplink pipeline and the real class A scheduler together: how often an uplink writes its
// session, and that an answer uses the FCntDown that write took.
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { decodeDataFrame } from '../lorawan/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { defaultNsConfig } from './config.js';
import type { NsConfig } from './config.js';
import { ClassADownlinkScheduler } from './downlink/index.js';
import { NetworkServer } from './network-server.js';
import { createMemoryPorts } from './testing/memory-ports.js';
import {
  DEV_ADDR,
  GW_1,
  copyOf,
  dataUp,
  testGateway,
  testProfile,
  testSession,
} from './testing/uplink.js';

function setup() {
  const clock = new FakeClock();
  const ports = createMemoryPorts(clock);
  const config: NsConfig = { ...defaultNsConfig, server: 'n1', netId: '000000' };
  const log = pino({ level: 'silent' });
  ports.stores.profiles.set('p1', testProfile());
  ports.stores.gateways.set(GW_1, testGateway(GW_1));
  ports.stores.sessions.set(DEV_ADDR, testSession({ fCntUp: 4, fCntDown: 20 }));
  const scheduler = new ClassADownlinkScheduler({ ports, config, log });
  const ns = new NetworkServer({ ports, config, scheduler, log });
  const puts = vi.spyOn(ports.stores, 'putSession');
  const deliver = async (phy: Buffer): Promise<void> => {
    ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_1 }), clock.now());
    await ns.idle();
    clock.advance(config.dedupWindowMs);
    await ns.idle();
    // The scheduler runs detached from the pipeline; let its microtasks finish.
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { clock, ports, deliver, puts, ns };
}

describe('session writes per uplink', () => {
  it('a confirmed uplink writes its session once; the ACK carries the FCntDown that write took', async () => {
    const h = setup();
    await h.deliver(dataUp({ fCnt32: 5, confirmed: true, fPort: 1, payload: Buffer.from([1]) }));
    expect(h.puts).toHaveBeenCalledTimes(1);
    expect(h.puts.mock.calls[0]![0]).toMatchObject({ fCntUp: 5, fCntDown: 21 });
    expect(h.ports.downlinks.sent).toHaveLength(1);
    const ack = decodeDataFrame(h.ports.downlinks.sent[0]!.frame.phyPayload);
    expect(ack.fCtrl.ack).toBe(true);
    expect(ack.fCnt).toBe(20);
    expect(h.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(21);
  });

  it('an unconfirmed uplink with nothing to answer writes once and takes no FCntDown', async () => {
    const h = setup();
    await h.deliver(dataUp({ fCnt32: 5, fPort: 1, payload: Buffer.from([1]) }));
    expect(h.puts).toHaveBeenCalledTimes(1);
    expect(h.puts.mock.calls[0]![0]).toMatchObject({ fCntUp: 5, fCntDown: 20 });
    expect(h.ports.downlinks.sent).toHaveLength(0);
  });

  it('an uplink with a queued downlink takes its FCntDown in the same write', async () => {
    const h = setup();
    h.ports.queue.push({
      id: 'q1',
      devAddr: DEV_ADDR,
      fPort: 3,
      data: Buffer.from('hi').toString('base64'),
      confirmed: false,
      createdAt: new Date(0).toISOString(),
    });
    await h.deliver(dataUp({ fCnt32: 5, fPort: 1, payload: Buffer.from([1]) }));
    expect(h.puts).toHaveBeenCalledTimes(1);
    const sent = decodeDataFrame(h.ports.downlinks.sent[0]!.frame.phyPayload);
    expect(sent.fPort).toBe(3);
    expect(sent.fCnt).toBe(20);
    expect(h.ports.queue.items).toHaveLength(0);
  });

  it('takes no FCntDown for an answer that could make no window any more', async () => {
    const h = setup();
    const phy = dataUp({ fCnt32: 5, confirmed: true, fPort: 1, payload: Buffer.from([1]) });
    // The copy arrived 3 s ago: RX1 (1 s) and RX2 (2 s) are past.
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_1 }), h.clock.now() - 3000);
    await h.ns.idle();
    h.clock.advance(defaultNsConfig.dedupWindowMs);
    await h.ns.idle();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(h.puts).toHaveBeenCalledTimes(1);
    expect(h.puts.mock.calls[0]![0]).toMatchObject({ fCntUp: 5, fCntDown: 20 });
    expect(h.ports.downlinks.sent).toHaveLength(0);
    expect(h.ports.metrics.get('failed:too_late')).toBe(1);
  });
});
