// Long on purpose: the class A window choice is one state machine; its cases share setup.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decodeDataFrame, getRegion } from '../../lorawan/index.js';
import type { MacCommand, Region } from '../../lorawan/index.js';
import type { DownlinkFrame, UplinkFrame } from '../../shared/radio.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { defaultNsConfig } from '../config.js';
import type { NsConfig } from '../config.js';
import type { NodeSession, Profile } from '../model.js';
import type { TxAckStatus } from '../ports.js';
import { createMemoryPorts } from '../testing/memory-ports.js';
import type { MemoryPorts } from '../testing/memory-ports.js';
import { ClassADownlinkScheduler } from './scheduler.js';
import {
  DEV_ADDR,
  DEV_EUI,
  GW_A,
  GW_B,
  decodeDownlink,
  testProfile,
  testQueued,
  DOWNLINK_SESSION,
  testSession,
  testUplink,
} from '../testing/downlink.js';
import type { ClassARequest } from './types.js';

type DataRequest = Extract<ClassARequest, { kind: 'data' }>;

const eu868 = getRegion('EU868');
const us915 = getRegion('US915');
const config: NsConfig = { ...defaultNsConfig, server: 'n1', netId: '000000' };

interface Env {
  readonly clock: FakeClock;
  readonly ports: MemoryPorts;
  readonly scheduler: ClassADownlinkScheduler;
}

function setup(edit: (ports: MemoryPorts, clock: FakeClock) => MemoryPorts = (p) => p): Env {
  const clock = new FakeClock();
  const base = createMemoryPorts(clock);
  base.stores.sessions.set(DEV_ADDR, testSession(DOWNLINK_SESSION));
  base.stores.gateways.set(GW_A, { id: GW_A, name: 'a', txRfChain: 0, server: 'n2' });
  base.stores.gateways.set(GW_B, { id: GW_B, name: 'b', txRfChain: 1 });
  const ports = edit(base, clock);
  const scheduler = new ClassADownlinkScheduler({ ports, config, log: pino({ level: 'silent' }) });
  return { clock, ports, scheduler };
}

type SendHook = (frame: DownlinkFrame, ports: MemoryPorts, clock: FakeClock) => void;

/** Ports whose sender runs `hook` before recording each frame (to move time, look at state). */
function withSendHook(hook: SendHook) {
  return (ports: MemoryPorts, clock: FakeClock): MemoryPorts => {
    const recording = ports.downlinks;
    const downlinks = Object.assign(Object.create(recording) as typeof recording, {
      send(frame: DownlinkFrame): Promise<TxAckStatus> {
        hook(frame, ports, clock);
        return recording.send(frame);
      },
    });
    return { ...ports, downlinks };
  };
}

interface RequestOptions {
  readonly receivedAgoMs?: number;
  readonly copies?: readonly UplinkFrame[];
  readonly session?: NodeSession;
  readonly profile?: Profile;
  readonly region?: Region;
  readonly ackRequested?: boolean;
  readonly macCommands?: readonly MacCommand[];
  readonly adrAckReq?: boolean;
}

function dataRequest(env: Env, options: RequestOptions = {}): DataRequest {
  const region = options.region ?? eu868;
  return {
    kind: 'data',
    uplink: {
      copies: options.copies ?? [testUplink({ region, timestampUs: 1_000_000 })],
      receivedMs: env.clock.now() - (options.receivedAgoMs ?? 300),
    },
    session: options.session ?? env.ports.stores.sessions.get(DEV_ADDR)!,
    profile: options.profile ?? testProfile(),
    region,
    ackRequested: options.ackRequested ?? false,
    macCommands: options.macCommands ?? [],
    adrAckReq: options.adrAckReq ?? false,
  };
}

function sentFrames(env: Env): DownlinkFrame[] {
  return env.ports.downlinks.sent.map((s) => s.frame);
}

function storedFCntDown(env: Env): number | undefined {
  return env.ports.stores.sessions.get(DEV_ADDR)?.fCntDown;
}

describe('ClassADownlinkScheduler: data downlinks', () => {
  it('sends an ACK in RX1: tmst + 1 s, uplink frequency and DR, IQ inverted', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));

    expect(sentFrames(env)).toHaveLength(1);
    const frame = sentFrames(env)[0]!;
    expect(frame).toMatchObject({
      gatewayEui: GW_A,
      timing: { kind: 'timestamp', timestampUs: 2_000_000 },
      frequencyHz: 868_100_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
      codingRate: '4/5',
      txPowerDbm: 16,
      rfChain: 0,
      polarizationInversion: true,
    });
    const down = decodeDownlink(frame.phyPayload, 10);
    expect(down.micOk).toBe(true);
    expect(down.frame).toMatchObject({
      mType: 'UnconfirmedDataDown',
      devAddr: DEV_ADDR,
      fCnt: 10,
      fPort: undefined,
      fCtrl: { ack: true, fPending: false, adr: false },
    });
    expect(storedFCntDown(env)).toBe(11);
    expect(env.ports.metrics.get('sent:rx1')).toBe(1);
    expect(env.ports.sink.frames).toEqual([
      {
        time: new Date(env.clock.now()).toISOString(),
        dir: 'down',
        devAddr: DEV_ADDR,
        devEui: DEV_EUI,
        fCnt: 10,
        fPort: undefined,
        data: '',
        confirmed: false,
        gateways: [
          {
            gatewayEui: GW_A,
            rssiDbm: -60,
            snrDb: 7.5,
            timestampUs: 2_000_000,
            frequencyHz: 868_100_000,
            dataRate: 'SF7BW125',
            server: 'n2',
          },
        ],
        server: 'n1',
      },
    ]);
  });

  it('sends nothing and keeps FCntDown when there is nothing to say', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(dataRequest(env));
    expect(sentFrames(env)).toEqual([]);
    expect(storedFCntDown(env)).toBe(10);
    expect(env.ports.sink.events).toEqual([]);
  });

  it('answers ADRACKReq even with nothing queued [L2 1.0.4 §4.3.1.1]', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(dataRequest(env, { adrAckReq: true }));
    expect(sentFrames(env)).toHaveLength(1);
    expect(decodeDownlink(sentFrames(env)[0]!.phyPayload, 10).frame.fCtrl.ack).toBe(false);
  });

  it('uses the RX1 delay and RX1DROffset of the profile', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        ackRequested: true,
        receivedAgoMs: 2_500,
        profile: testProfile({ rx1Delay: 3, rx1DrOffset: 2 }),
      }),
    );
    expect(sentFrames(env)[0]).toMatchObject({
      timing: { kind: 'timestamp', timestampUs: 4_000_000 },
      dataRate: { spreadingFactor: 9 },
    });
  });

  it('US915: RX1 on the mapped downlink channel at DR10', async () => {
    const env = setup();
    const profile = testProfile({ region: 'US915', rx2Dr: 8, rx2Freq: 923_300_000 });
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        region: us915,
        profile,
        ackRequested: true,
        copies: [testUplink({ region: us915, frequencyHz: 904_100_000, dataRateIndex: 0 })],
      }),
    );
    expect(sentFrames(env)[0]).toMatchObject({
      frequencyHz: 923_900_000,
      dataRate: { modulation: 'LORA', spreadingFactor: 10, bandwidthHz: 500_000 },
      txPowerDbm: 30,
    });
  });

  it('wraps the RX1 timestamp at 2^32', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        ackRequested: true,
        copies: [testUplink({ region: eu868, timestampUs: 0xffff_ffff - 499_999 })],
      }),
    );
    expect(sentFrames(env)[0]?.timing).toEqual({ kind: 'timestamp', timestampUs: 500_000 });
  });

  it('goes to RX2 when RX1 opens within the lead time', async () => {
    const env = setup();
    // RX1 opens 100 ms from now, less than the 150 ms lead.
    await env.scheduler.scheduleClassA(
      dataRequest(env, { ackRequested: true, receivedAgoMs: 900 }),
    );
    expect(sentFrames(env)).toHaveLength(1);
    expect(sentFrames(env)[0]).toMatchObject({
      timing: { kind: 'timestamp', timestampUs: 3_000_000 },
      frequencyHz: 869_525_000,
      dataRate: { spreadingFactor: 12, bandwidthHz: 125_000 },
    });
    expect(env.ports.metrics.get('sent:rx2')).toBe(1);
  });

  it('sends nothing when too late for RX1 and RX2, with a tx_error event', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(
      dataRequest(env, { ackRequested: true, receivedAgoMs: 1_900 }),
    );
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.sink.events).toEqual([
      {
        severity: 'warning',
        kind: 'tx_error',
        entity: DEV_ADDR,
        text: 'downlink not sent: too late for rx1 and rx2',
      },
    ]);
    expect(env.ports.metrics.get('failed:too_late')).toBe(1);
    // Nothing was built, so no counter was spent.
    expect(storedFCntDown(env)).toBe(10);
  });

  it('retries in RX2 after a TX_ACK error in RX1, with the very same bytes and FCntDown', async () => {
    const env = setup();
    env.ports.downlinks.script.push('COLLISION_PACKET', 'ok');
    await env.scheduler.scheduleClassA(
      dataRequest(env, { ackRequested: true, macCommands: [{ name: 'DevStatusReq' }] }),
    );
    const [rx1, rx2] = sentFrames(env);
    expect(sentFrames(env)).toHaveLength(2);
    expect(rx1?.timing).toEqual({ kind: 'timestamp', timestampUs: 2_000_000 });
    expect(rx2).toMatchObject({
      gatewayEui: GW_A,
      timing: { kind: 'timestamp', timestampUs: 3_000_000 },
      frequencyHz: 869_525_000,
    });
    expect(rx2!.phyPayload.equals(rx1!.phyPayload)).toBe(true);
    expect(decodeDownlink(rx2!.phyPayload, 10).micOk).toBe(true);
    expect(storedFCntDown(env)).toBe(11);
    expect(env.ports.metrics.get('sent:rx2')).toBe(1);
    expect(env.ports.metrics.get('sent:rx1')).toBe(0);
  });

  it('gives up with tx_error when the RX1 error comes back after RX2 is out of reach', async () => {
    // The TX_ACK takes 1.6 s to come back: RX2 opens 100 ms later, within the lead time.
    const slow = setup(withSendHook((_frame, _ports, clock) => clock.advance(1_600)));
    slow.ports.downlinks.script.push('TX_FREQ');
    await slow.scheduler.scheduleClassA(dataRequest(slow, { ackRequested: true }));
    expect(sentFrames(slow)).toHaveLength(1);
    expect(slow.ports.sink.events).toEqual([
      {
        severity: 'warning',
        kind: 'tx_error',
        entity: DEV_ADDR,
        text:
          `downlink fCnt 10 not sent: rx1 via ${GW_A}: frequency not supported (TX_FREQ); ` +
          'rx2: too late',
      },
    ]);
    expect(slow.ports.metrics.get('failed:TX_FREQ')).toBe(1);
    // The counter is spent all the same: the next downlink uses 11.
    expect(storedFCntDown(slow)).toBe(11);
  });

  it('retries in RX2 after TOO_EARLY in RX1: the jitqueue calls a past tmst too early', async () => {
    const env = setup();
    env.ports.downlinks.script.push('TOO_EARLY', 'ok');
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));
    const [rx1, rx2] = sentFrames(env);
    expect(sentFrames(env)).toHaveLength(2);
    expect(rx1?.timing).toEqual({ kind: 'timestamp', timestampUs: 2_000_000 });
    expect(rx2).toMatchObject({
      timing: { kind: 'timestamp', timestampUs: 3_000_000 },
      frequencyHz: 869_525_000,
    });
    expect(rx2!.phyPayload.equals(rx1!.phyPayload)).toBe(true);
    expect(env.ports.metrics.get('sent:rx2')).toBe(1);
    expect(env.ports.sink.events).toEqual([]);
  });

  it('treats a sender that throws as an UNKNOWN gateway error and retries in RX2', async () => {
    let calls = 0;
    const env = setup(
      withSendHook(() => {
        if (calls++ === 0) throw new Error('socket closed');
      }),
    );
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));
    expect(sentFrames(env)).toHaveLength(1);
    expect(sentFrames(env)[0]?.timing).toEqual({ kind: 'timestamp', timestampUs: 3_000_000 });
  });

  it('counts NO_ACK (protocol v1 gateway) as sent', async () => {
    const env = setup();
    env.ports.downlinks.script.push('NO_ACK');
    const item = testQueued(Buffer.from('hi'));
    env.ports.queue.push(item);
    await env.scheduler.scheduleClassA(dataRequest(env));
    expect(sentFrames(env)).toHaveLength(1);
    expect(env.ports.queue.items).toEqual([]);
    expect(env.ports.metrics.get('sent:rx1')).toBe(1);
  });

  it('tries the next copy’s gateway on NO_PATH, at that gateway’s tmst and RF chain', async () => {
    const env = setup();
    env.ports.downlinks.script.push('NO_PATH', 'ok');
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        ackRequested: true,
        copies: [
          testUplink({ region: eu868, gatewayEui: GW_A, timestampUs: 1_000_000 }),
          testUplink({ region: eu868, gatewayEui: GW_B, timestampUs: 7_000_000, snrDb: 2 }),
        ],
      }),
    );
    const [first, second] = sentFrames(env);
    expect(first?.gatewayEui).toBe(GW_A);
    expect(second).toMatchObject({
      gatewayEui: GW_B,
      timing: { kind: 'timestamp', timestampUs: 8_000_000 },
      rfChain: 1,
    });
    expect(second!.phyPayload.equals(first!.phyPayload)).toBe(true);
    expect(env.ports.sink.frames[0]?.gateways[0]).toMatchObject({
      gatewayEui: GW_B,
      snrDb: 2,
      server: 'n1',
    });
  });

  it('gives up (no RX2) when no gateway has a downlink path', async () => {
    const env = setup();
    env.ports.downlinks.script.push('NO_PATH', 'NO_PATH');
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        ackRequested: true,
        copies: [
          testUplink({ region: eu868, gatewayEui: GW_A }),
          testUplink({ region: eu868, gatewayEui: GW_B }),
        ],
      }),
    );
    expect(sentFrames(env)).toHaveLength(2);
    expect(env.ports.metrics.get('failed:NO_PATH')).toBe(1);
    expect(env.ports.sink.events[0]?.text).toContain(`rx1 via ${GW_B}: no downlink path`);
  });

  it('persists FCntDown + 1 before the frame leaves', async () => {
    const seen: (number | undefined)[] = [];
    const env = setup(
      withSendHook((_frame, ports) => {
        seen.push(ports.stores.sessions.get(DEV_ADDR)?.fCntDown);
      }),
    );
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));
    expect(seen).toEqual([11]);
  });

  it('never reuses FCntDown: retries share one, the next downlink takes the next', async () => {
    const env = setup();
    env.ports.downlinks.script.push('COLLISION_PACKET', 'ok', 'ok');
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));
    // The uplink side hands over a stale copy of the session: the stored counter wins.
    await env.scheduler.scheduleClassA(
      dataRequest(env, {
        ackRequested: true,
        session: testSession({ ...DOWNLINK_SESSION, fCntDown: 10 }),
      }),
    );
    const fCnts = sentFrames(env).map((f) => decodeDataFrame(f.phyPayload).fCnt);
    expect(fCnts).toEqual([10, 10, 11]);
    expect(decodeDownlink(sentFrames(env)[2]!.phyPayload, 11).micOk).toBe(true);
    expect(storedFCntDown(env)).toBe(12);
  });

  it('sends the oldest queued payload and removes it once the gateway took it', async () => {
    const env = setup();
    const item = testQueued(Buffer.from('hello'), { fPort: 7 });
    env.ports.queue.push(item);
    await env.scheduler.scheduleClassA(dataRequest(env));
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.micOk).toBe(true);
    expect(down.frame.fPort).toBe(7);
    expect(down.payload.toString()).toBe('hello');
    expect(env.ports.queue.items).toEqual([]);
    expect(env.ports.sink.frames[0]).toMatchObject({ fPort: 7, data: '68656c6c6f' });
  });

  it('keeps the queued payload when the frame was not sent', async () => {
    const env = setup();
    env.ports.downlinks.script.push('NO_PATH');
    env.ports.queue.push(testQueued(Buffer.from('hello')));
    await env.scheduler.scheduleClassA(dataRequest(env));
    expect(env.ports.queue.items).toHaveLength(1);
  });

  it('sets FPending when more is queued', async () => {
    const env = setup();
    env.ports.queue.push(testQueued(Buffer.from('one')));
    env.ports.queue.push(testQueued(Buffer.from('two')));
    await env.scheduler.scheduleClassA(dataRequest(env));
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.frame.fCtrl).toMatchObject({ fPending: true });
    expect(down.payload.toString()).toBe('one');
    expect(env.ports.queue.items).toHaveLength(1);
  });

  it('leaves a payload too large for the DR queued, sends the ACK and says why', async () => {
    const env = setup();
    const item = testQueued(Buffer.alloc(60, 0xaa));
    env.ports.queue.push(item);
    // RX2 at DR0 carries 51 bytes at most.
    await env.scheduler.scheduleClassA(
      dataRequest(env, { ackRequested: true, receivedAgoMs: 900 }),
    );
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.frame.fPort).toBeUndefined();
    expect(down.frame.fCtrl).toMatchObject({ ack: true, fPending: true });
    expect(env.ports.queue.items).toEqual([item]);
    expect(env.ports.sink.events).toEqual([
      {
        severity: 'warning',
        kind: 'tx_error',
        entity: DEV_ADDR,
        text: `queued downlink ${item.id} (60 bytes) is too large for DR0 in rx2 (max 51 bytes): it stays queued`,
      },
    ]);
  });

  it('carries a payload in RX1 that RX2 could not: the RX2 retry drops it, same FCntDown', async () => {
    const env = setup();
    env.ports.downlinks.script.push('COLLISION_PACKET', 'ok');
    const item = testQueued(Buffer.alloc(60, 0xaa));
    env.ports.queue.push(item);
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true }));
    const [rx1, rx2] = sentFrames(env).map((f) => decodeDownlink(f.phyPayload, 10));
    expect(rx1?.payload.length).toBe(60);
    expect(rx2?.frame.fPort).toBeUndefined();
    expect(rx2?.micOk).toBe(true);
    expect(env.ports.queue.items).toEqual([item]);
    expect(storedFCntDown(env)).toBe(11);
  });

  it('sends a confirmed downlink as ConfirmedDataDown and waits for its ACK', async () => {
    const env = setup();
    env.ports.queue.push(testQueued(Buffer.from('c'), { confirmed: true }));
    await env.scheduler.scheduleClassA(dataRequest(env));
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.frame.mType).toBe('ConfirmedDataDown');
    expect(env.ports.stores.sessions.get(DEV_ADDR)).toMatchObject({
      fCntDown: 11,
      awaitingAckFCntDown: 10,
    });
    expect(env.ports.sink.frames[0]?.confirmed).toBe(true);
    // Removed once sent; the device's ACK is tracked through awaitingAckFCntDown.
    expect(env.ports.queue.items).toEqual([]);
  });

  it('clears a pending ACK once it went out', async () => {
    const env = setup();
    const session = testSession({ ...DOWNLINK_SESSION, rxWindowsState: { ackPending: true } });
    env.ports.stores.sessions.set(DEV_ADDR, session);
    await env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true, session }));
    expect(env.ports.stores.sessions.get(DEV_ADDR)?.rxWindowsState).toEqual({
      ackPending: false,
    });
  });

  it('puts short MAC commands in FOpts next to the application payload', async () => {
    const env = setup();
    env.ports.queue.push(testQueued(Buffer.from('app')));
    await env.scheduler.scheduleClassA(
      dataRequest(env, { macCommands: [{ name: 'LinkCheckAns', marginDb: 7, gwCnt: 1 }] }),
    );
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.frame.fOpts.toString('hex')).toBe('020701');
    expect(down.payload.toString()).toBe('app');
  });

  it('sends long MAC commands on FPort 0 and keeps the application payload queued', async () => {
    const env = setup();
    env.ports.queue.push(testQueued(Buffer.from('app')));
    const linkAdr = (chMaskCntl: number): MacCommand => ({
      name: 'LinkADRReq',
      dataRate: 5,
      txPower: 0,
      chMask: 7,
      chMaskCntl,
      nbTrans: 1,
    });
    await env.scheduler.scheduleClassA(
      dataRequest(env, { macCommands: [0, 1, 2, 3].map(linkAdr) }),
    );
    const down = decodeDownlink(sentFrames(env)[0]!.phyPayload, 10);
    expect(down.frame.fPort).toBe(0);
    expect(down.payload.length).toBe(20);
    expect(down.frame.fCtrl).toMatchObject({ fPending: true });
    expect(env.ports.queue.items).toHaveLength(1);
  });

  it('never rejects: a broken session is reported as a tx_error event', async () => {
    const env = setup();
    const session = testSession({ ...DOWNLINK_SESSION, nwkSKey: 'zz' });
    await expect(
      env.scheduler.scheduleClassA(dataRequest(env, { ackRequested: true, session })),
    ).resolves.toBeUndefined();
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.sink.events[0]).toMatchObject({ kind: 'tx_error', severity: 'error' });
    expect(env.ports.metrics.get('failed:UNKNOWN')).toBe(1);
  });
});

describe('ClassADownlinkScheduler: join-accept', () => {
  const joinAccept = Buffer.from('20' + 'ab'.repeat(16), 'hex');

  function joinRequest(env: Env, receivedAgoMs: number): ClassARequest {
    return {
      kind: 'join',
      uplink: {
        copies: [testUplink({ region: eu868, timestampUs: 10_000_000, dataRateIndex: 3 })],
        receivedMs: env.clock.now() - receivedAgoMs,
      },
      session: testSession({ ...DOWNLINK_SESSION, fCntDown: 0, fCntUp: undefined }),
      profile: testProfile({ rx1DrOffset: 2, rx2Dr: 3 }),
      region: eu868,
      joinAccept,
    };
  }

  it('sends the join-accept in RX1 5 s after the join-request, uplink DR, offset 0', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(joinRequest(env, 300));
    expect(sentFrames(env)).toHaveLength(1);
    expect(sentFrames(env)[0]).toMatchObject({
      phyPayload: joinAccept,
      timing: { kind: 'timestamp', timestampUs: 15_000_000 },
      frequencyHz: 868_100_000,
      dataRate: { spreadingFactor: 9 },
      polarizationInversion: true,
    });
    expect(env.ports.metrics.get('sent:rx1')).toBe(1);
  });

  it('uses RX2 (6 s, region default DR0 869.525 MHz) when RX1 is out of reach', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(joinRequest(env, 4_900));
    expect(sentFrames(env)[0]).toMatchObject({
      timing: { kind: 'timestamp', timestampUs: 16_000_000 },
      frequencyHz: 869_525_000,
      dataRate: { spreadingFactor: 12 },
    });
  });

  it('retries in RX2 after a TX_ACK error', async () => {
    const env = setup();
    env.ports.downlinks.script.push('COLLISION_PACKET', 'ok');
    await env.scheduler.scheduleClassA(joinRequest(env, 300));
    expect(sentFrames(env).map((f) => f.timing)).toEqual([
      { kind: 'timestamp', timestampUs: 15_000_000 },
      { kind: 'timestamp', timestampUs: 16_000_000 },
    ]);
  });

  it('sends nothing when too late for both, with a tx_error event naming the DevEUI', async () => {
    const env = setup();
    await env.scheduler.scheduleClassA(joinRequest(env, 5_900));
    expect(sentFrames(env)).toEqual([]);
    expect(env.ports.sink.events).toEqual([
      {
        severity: 'warning',
        kind: 'tx_error',
        entity: DEV_EUI,
        text: 'join-accept not sent: too late for rx1 and rx2',
      },
    ]);
    expect(env.ports.metrics.get('failed:too_late')).toBe(1);
  });
});
