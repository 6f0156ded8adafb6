/**
 * How ns uses the DeviceOwnership port (issue 8): joins allocate DevAddrs this node owns,
 * class C queues are sent by the owner only, and a takeover gap raises FCntDown once.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeDataFrame } from '../lorawan/index.js';
import type { DevAddr } from '../shared/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { defaultNsConfig } from './config.js';
import { attachClassC } from './downlink/class-c.js';
import { ClassADownlinkScheduler } from './downlink/scheduler.js';
import {
  DEV_ADDR,
  DOWNLINK_SESSION,
  GW_A,
  testProfile,
  testQueued,
  testSession,
} from './testing/downlink.js';
import type { DeviceOwnership } from './ports.js';
import { createMemoryPorts } from './testing/memory-ports.js';
import { GW_1, GW_2, copyOf, createHarness, dataUp, joinRequest } from './testing/uplink.js';

const log = pino({ level: 'silent' });

/** Owns the DevAddrs `owns` accepts; hands out `gap` once per device; records claims. */
class ScriptedOwnership implements DeviceOwnership {
  readonly claimed: DevAddr[] = [];
  readonly asked: DevAddr[] = [];
  constructor(
    readonly owns: (devAddr: DevAddr) => boolean,
    readonly gap = 0,
  ) {}
  ownsDevAddr(devAddr: DevAddr): boolean {
    this.asked.push(devAddr);
    return this.owns(devAddr);
  }
  fCntDownGap(devAddr: DevAddr): number {
    return this.claimed.includes(devAddr) ? 0 : (this.claimed.push(devAddr), this.gap);
  }
  claim(devAddr: DevAddr): void {
    this.claimed.push(devAddr);
  }
  /** Replication waits that have not resolved yet; `release()` resolves them. */
  readonly #waiting: (() => void)[] = [];
  autoReplicate = true;
  replicated(): Promise<void> {
    if (this.autoReplicate) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  release(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

describe('join allocation in a cluster', () => {
  it('allocates a DevAddr this node owns and claims its counter', async () => {
    // This node owns only DevAddrs whose last hex digit is 7.
    const ownership = new ScriptedOwnership((d) => d.endsWith('7'));
    let draw = 0;
    const h = createHarness(new FakeClock(), {
      session: null,
      ownership,
      randomBytes: () => Buffer.from([0, 0, 0, draw++]),
    });
    await h.deliver(copyOf(joinRequest(0x0102)));
    const [request] = h.scheduler.classA;
    expect(request?.kind).toBe('join');
    expect(request!.session.id.endsWith('7')).toBe(true);
    // Draws 0..6 were refused as not owned: the eighth draw is the first owned address.
    expect(ownership.asked).toHaveLength(8);
    expect(ownership.claimed).toEqual([request!.session.id]);
  });
});

describe('copies forwarded by other nodes', () => {
  it('name, per gateway, the node that holds it in the one frame', async () => {
    const clock = new FakeClock();
    const h = createHarness(clock);
    const phy = dataUp({ fCnt32: 1, fPort: 1, payload: Buffer.from('x') });
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_1, snrDb: 2 }), clock.now());
    h.ns.handleUplinkFrame(copyOf(phy, { gatewayEui: GW_2, snrDb: 8 }), clock.now(), 'n2');
    await h.ns.idle();
    clock.advance(h.config.dedupWindowMs);
    await h.ns.idle();
    expect(h.ports.sink.frames).toHaveLength(1);
    expect(h.ports.sink.frames[0]!.gateways.map((g) => [g.gatewayEui, g.server])).toEqual([
      [GW_2, 'n2'],
      [GW_1, 'n1'],
    ]);
  });
});

describe('join replication in a cluster', () => {
  it('hands the join-accept on only once the peers have the session', async () => {
    const ownership = new ScriptedOwnership(() => true);
    ownership.autoReplicate = false;
    const clock = new FakeClock();
    const h = createHarness(clock, { session: null, ownership });
    h.ns.handleUplinkFrame(copyOf(joinRequest(0x0102)), clock.now());
    await h.ns.idle();
    clock.advance(h.config.dedupWindowMs);
    // The pipeline waits in the commit step: no join-accept yet.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(h.scheduler.classA).toEqual([]);
    expect(ownership.claimed).toHaveLength(1);
    ownership.release();
    await h.ns.idle();
    expect(h.scheduler.classA.map((r) => r.kind)).toEqual(['join']);
  });
});

describe('class C in a cluster', () => {
  const classC = testProfile({ deviceClass: 'C' });
  const heard = testSession({
    ...DOWNLINK_SESSION,
    lastGateway: { gatewayEui: GW_A, rssiDbm: -80, snrDb: 3, server: 'n1' },
  });

  function setup(ownership: DeviceOwnership) {
    const clock = new FakeClock();
    const ports = { ...createMemoryPorts(clock), ownership };
    ports.stores.sessions.set(DEV_ADDR, heard);
    ports.stores.profiles.set(classC.id, classC);
    const config = { ...defaultNsConfig, server: 'n1', netId: '000000' };
    const scheduler = new ClassADownlinkScheduler({ ports, config, log });
    return { ports, scheduler, dispatcher: attachClassC(ports, scheduler, log) };
  }

  it('a node that does not own the device leaves its queue alone', async () => {
    const env = setup(new ScriptedOwnership(() => false));
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await env.dispatcher.whenIdle();
    expect(env.ports.downlinks.sent).toEqual([]);
    expect(env.ports.queue.items).toHaveLength(1);
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(heard.fCntDown);
    expect(env.ports.sink.events).toEqual([]);
  });

  it('the owner sends, after raising FCntDown by the takeover gap once', async () => {
    const env = setup(new ScriptedOwnership(() => true, 64));
    env.ports.queue.push(testQueued(Buffer.from('one')));
    env.ports.queue.push(testQueued(Buffer.from('two')));
    await env.dispatcher.whenIdle();
    const fCnts = env.ports.downlinks.sent.map((s) => decodeDataFrame(s.frame.phyPayload).fCnt);
    expect(fCnts).toEqual([heard.fCntDown + 64, heard.fCntDown + 65]);
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(heard.fCntDown + 66);
  });

  it('wake() sends a queue the node has just taken over', async () => {
    let owned = false;
    const env = setup(new ScriptedOwnership(() => owned));
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await env.dispatcher.whenIdle();
    expect(env.ports.downlinks.sent).toEqual([]);
    owned = true;
    env.dispatcher.wake(DEV_ADDR);
    await env.dispatcher.whenIdle();
    expect(env.ports.downlinks.sent).toHaveLength(1);
    expect(env.ports.queue.items).toEqual([]);
  });
});
