import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeDataFrame, getRegion } from '../../lorawan/index.js';
import type { DownlinkFrame } from '../../shared/radio.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { defaultNsConfig } from '../config.js';
import type { NodeSession } from '../model.js';
import type { TxAckStatus } from '../ports.js';
import { createMemoryPorts } from '../testing/memory-ports.js';
import type { MemoryPorts } from '../testing/memory-ports.js';
import { attachClassC } from './class-c.js';
import { ClassADownlinkScheduler } from './scheduler.js';
import {
  DEV_ADDR,
  GW_A,
  decodeDownlink,
  testProfile,
  testQueued,
  DOWNLINK_SESSION,
  testSession,
  testUplink,
} from '../testing/downlink.js';

const eu868 = getRegion('EU868');
const classC = testProfile({ deviceClass: 'C' });
const heard: NodeSession = testSession({
  ...DOWNLINK_SESSION,
  lastGateway: { gatewayEui: GW_A, rssiDbm: -80, snrDb: 3, server: 'n1' },
});
const log = pino({ level: 'silent' });

interface Env {
  readonly clock: FakeClock;
  readonly ports: MemoryPorts;
  readonly scheduler: ClassADownlinkScheduler;
}

function setup(session: NodeSession = heard, gated?: GatedSender): Env {
  const clock = new FakeClock();
  const base = createMemoryPorts(clock);
  base.stores.sessions.set(DEV_ADDR, session);
  base.stores.profiles.set(classC.id, classC);
  const ports: MemoryPorts = gated ? { ...base, downlinks: gated.asRecording(base) } : base;
  const config = { ...defaultNsConfig, server: 'n1', netId: '000000' };
  return { clock, ports, scheduler: new ClassADownlinkScheduler({ ports, config, log }) };
}

/** A sender whose TX_ACKs the test releases one by one. */
class GatedSender {
  readonly frames: DownlinkFrame[] = [];
  readonly #waiting: ((status: TxAckStatus) => void)[] = [];

  asRecording(ports: MemoryPorts): MemoryPorts['downlinks'] {
    const recording = ports.downlinks;
    return Object.assign(Object.create(recording) as typeof recording, {
      send: (frame: DownlinkFrame): Promise<TxAckStatus> => {
        this.frames.push(frame);
        return new Promise<TxAckStatus>((resolve) => this.#waiting.push(resolve));
      },
    });
  }

  release(status: TxAckStatus = 'ok'): void {
    const next = this.#waiting.shift();
    if (next === undefined) throw new Error('no send waiting');
    next(status);
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sentFrames(env: Env): DownlinkFrame[] {
  return env.ports.downlinks.sent.map((s) => s.frame);
}

describe('sendClassC', () => {
  it('sends the queue at once on RX2 parameters through the last gateway, one TX_ACK at a time', async () => {
    const gated = new GatedSender();
    const env = setup(heard, gated);
    env.ports.queue.push(testQueued(Buffer.from('one')));
    env.ports.queue.push(testQueued(Buffer.from('two')));

    const done = env.scheduler.sendClassC(heard, classC, eu868);
    await flush();
    expect(gated.frames).toHaveLength(1);
    expect(gated.frames[0]).toMatchObject({
      gatewayEui: GW_A,
      timing: { kind: 'immediate' },
      frequencyHz: 869_525_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 12, bandwidthHz: 125_000 },
      txPowerDbm: 16,
      polarizationInversion: true,
    });
    gated.release();
    await flush();
    expect(gated.frames).toHaveLength(2);
    expect(gated.waiting).toBe(1);
    gated.release();
    await done;

    const [first, second] = gated.frames.map((f, i) => decodeDownlink(f.phyPayload, 10 + i));
    expect(first).toMatchObject({ micOk: true, frame: { fCnt: 10, fCtrl: { fPending: true } } });
    expect(first?.payload.toString()).toBe('one');
    expect(second).toMatchObject({ micOk: true, frame: { fCnt: 11, fCtrl: { fPending: false } } });
    expect(second?.payload.toString()).toBe('two');
    expect(env.ports.queue.items).toEqual([]);
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(12);
    expect(env.ports.metrics.get('sent:class_c')).toBe(2);
    expect(env.ports.sink.frames[0]?.gateways).toEqual([
      {
        gatewayEui: GW_A,
        rssiDbm: -80,
        snrDb: 3,
        timestampUs: 0,
        frequencyHz: 869_525_000,
        dataRate: 'SF12BW125',
        server: 'n1',
      },
    ]);
  });

  it('sends nothing, with an event, when the device was never heard', async () => {
    const env = setup(testSession(DOWNLINK_SESSION));
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await env.scheduler.sendClassC(testSession(DOWNLINK_SESSION), classC, eu868);
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.sink.events).toEqual([
      {
        severity: 'info',
        kind: 'tx_error',
        entity: DEV_ADDR,
        text: 'class C downlink waits: no uplink heard from the device yet, so no gateway is known',
      },
    ]);
  });

  it('stops at a failed frame: the item stays queued, its FCntDown is spent', async () => {
    const env = setup();
    env.ports.downlinks.script.push('COLLISION_PACKET');
    env.ports.queue.push(testQueued(Buffer.from('one')));
    env.ports.queue.push(testQueued(Buffer.from('two')));
    await env.scheduler.sendClassC(heard, classC, eu868);
    expect(sentFrames(env)).toHaveLength(1);
    expect(env.ports.queue.items).toHaveLength(2);
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(11);
    expect(env.ports.metrics.get('failed:COLLISION_PACKET')).toBe(1);
    expect(env.ports.sink.events[0]).toMatchObject({
      kind: 'tx_error',
      text: `downlink fCnt 10 not sent: class_c via ${GW_A}: collision with another packet (COLLISION_PACKET)`,
    });
  });

  it('does not spin on an item too large for the RX2 data rate', async () => {
    const env = setup();
    env.ports.queue.push(testQueued(Buffer.alloc(52)));
    await env.scheduler.sendClassC(heard, classC, eu868);
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.queue.items).toHaveLength(1);
    expect(env.ports.sink.events[0]?.text).toContain('too large for DR0 in class_c');
  });

  it('takes FCntDown from the stored session when the caller’s copy is stale', async () => {
    const env = setup({ ...heard, fCntDown: 42 });
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await env.scheduler.sendClassC(heard, classC, eu868);
    expect(decodeDataFrame(sentFrames(env)[0]!.phyPayload).fCnt).toBe(42);
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown).toBe(43);
  });

  it('never shares an FCntDown between a class C send and a class A answer', async () => {
    const gated = new GatedSender();
    const env = setup(heard, gated);
    env.ports.queue.push(testQueued(Buffer.from('one')));
    const classCDone = env.scheduler.sendClassC(heard, classC, eu868);
    const classADone = env.scheduler.scheduleClassA({
      kind: 'data',
      uplink: {
        copies: [testUplink({ region: eu868 })],
        receivedMs: env.clock.now() - 300,
      },
      session: heard,
      profile: classC,
      region: eu868,
      ackRequested: true,
      macCommands: [],
      adrAckReq: false,
    });
    await flush();
    expect(gated.frames).toHaveLength(1);
    gated.release();
    await flush();
    gated.release();
    await Promise.all([classCDone, classADone]);
    expect(gated.frames.map((f) => decodeDataFrame(f.phyPayload).fCnt)).toEqual([10, 11]);
  });
});

describe('attachClassC', () => {
  it('sends what is queued for a class C device', async () => {
    const env = setup();
    const dispatcher = attachClassC(env.ports, env.scheduler, log);
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await dispatcher.whenIdle();
    expect(sentFrames(env)).toHaveLength(1);
    expect(env.ports.queue.items).toEqual([]);
  });

  it('leaves class A devices to their next uplink', async () => {
    const env = setup();
    env.ports.stores.profiles.set(classC.id, { ...classC, deviceClass: 'A' });
    const dispatcher = attachClassC(env.ports, env.scheduler, log);
    env.ports.queue.push(testQueued(Buffer.from('one')));
    await dispatcher.whenIdle();
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.queue.items).toHaveLength(1);
  });

  it('sends each of several quickly queued items exactly once, in order', async () => {
    const env = setup();
    const dispatcher = attachClassC(env.ports, env.scheduler, log);
    for (const text of ['a', 'b', 'c']) env.ports.queue.push(testQueued(Buffer.from(text)));
    await dispatcher.whenIdle();
    const sent = sentFrames(env).map((f, i) => decodeDownlink(f.phyPayload, 10 + i));
    expect(sent.map((d) => d.payload.toString())).toEqual(['a', 'b', 'c']);
    expect(sent.map((d) => d.frame.fCnt)).toEqual([10, 11, 12]);
  });

  it('logs and survives an unknown session', async () => {
    const env = setup();
    const dispatcher = attachClassC(env.ports, env.scheduler, log);
    env.ports.queue.push(testQueued(Buffer.from('x'), { devAddr: 'ffffffff' as typeof DEV_ADDR }));
    await dispatcher.whenIdle();
    expect(sentFrames(env)).toEqual([]);
  });
});
