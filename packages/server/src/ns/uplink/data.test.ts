// Long on purpose: the data-uplink step list end to end, one block per step.
import { describe, expect, it, vi } from 'vitest';
import type { FCntCheck, MacVersion, NodeSession } from '../model.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { DevAddr } from '../../shared/index.js';
import { addPendingRequests } from '../mac/index.js';
import {
  APP_S_KEY,
  DEV_ADDR,
  DEV_EUI,
  GW_1,
  GW_2,
  copyOf,
  createHarness,
  dataUp,
  testSession,
} from '../testing/uplink.js';
import type { HarnessOptions } from '../testing/uplink.js';

function setup(opts: HarnessOptions = {}) {
  return createHarness(new FakeClock(), opts);
}

const dataRequests = (h: ReturnType<typeof setup>) =>
  h.scheduler.classA.filter((r) => r.kind === 'data');

describe('data uplink vectors', () => {
  const vectors = loadLorawanVectors().data_frames.filter(
    (v) => v.direction === 'uplink' && v.verified === true,
  );

  it.each(vectors)('$id ($source)', async (v) => {
    const fCnt32 = v.fcnt_full as number;
    const h = setup({
      profile: { macVersion: '1.0.4' },
      session: {
        id: v.dev_addr as DevAddr,
        nwkSKey: v.nwk_s_key as string,
        appSKey: (v.app_s_key as string | undefined) ?? APP_S_KEY,
        ...(fCnt32 === 0 ? {} : { fCntUp: fCnt32 - 1 }),
      },
    });
    await h.deliver(copyOf(hexField(v, 'phy_payload_hex')));
    const session = h.session(v.dev_addr as DevAddr);
    expect(session?.fCntUp).toBe(fCnt32);
    expect(h.ports.sink.frames).toHaveLength(1);
    const frame = h.ports.sink.frames[0]!;
    expect(frame.fCnt).toBe(fCnt32);
    const plaintext = v.expected_frm_payload_plaintext_hex as string | undefined;
    if (typeof plaintext === 'string' && plaintext !== '') expect(frame.data).toBe(plaintext);
    expect(dataRequests(h)).toHaveLength(1);
    expect(h.ports.metrics.get('processed')).toBe(1);
  });
});

describe('data uplink', () => {
  it('delivers an uplink heard by two gateways: frame log, up event, session, scheduler', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    const phy = dataUp({ fCnt32: 11, confirmed: true, fPort: 2, payload: Buffer.from('hello') });
    const receivedMs = h.clock.now();
    await h.deliver(
      copyOf(phy, { gatewayEui: GW_1, snrDb: -2, rssiDbm: -100, timestampUs: 111 }),
      copyOf(phy, {
        gatewayEui: GW_2,
        snrDb: 6,
        rssiDbm: -90,
        timestampUs: 222,
        timeMs: receivedMs,
      }),
    );

    expect(h.ports.sink.frames).toEqual([
      {
        time: new Date(receivedMs).toISOString(),
        dir: 'up',
        devAddr: DEV_ADDR,
        devEui: DEV_EUI,
        fCnt: 11,
        fPort: 2,
        data: Buffer.from('hello').toString('hex'),
        confirmed: true,
        gateways: [
          {
            gatewayEui: GW_2,
            rssiDbm: -90,
            snrDb: 6,
            timestampUs: 222,
            frequencyHz: 868_100_000,
            dataRate: 'SF7BW125',
            server: 'n1',
          },
          {
            gatewayEui: GW_1,
            rssiDbm: -100,
            snrDb: -2,
            timestampUs: 111,
            frequencyHz: 868_100_000,
            dataRate: 'SF7BW125',
            server: 'n1',
          },
        ],
        server: 'n1',
      },
    ]);
    expect(h.ports.sink.integrations).toEqual([
      {
        type: 'up',
        devEui: DEV_EUI,
        devAddr: DEV_ADDR,
        fCnt: 11,
        fPort: 2,
        data: Buffer.from('hello').toString('base64'),
        confirmed: true,
        adr: false,
        rxInfo: [
          {
            gatewayEui: GW_2,
            rssiDbm: -90,
            snrDb: 6,
            time: new Date(receivedMs).toISOString(),
            timestampUs: 222,
            server: 'n1',
          },
          { gatewayEui: GW_1, rssiDbm: -100, snrDb: -2, timestampUs: 111, server: 'n1' },
        ],
        txInfo: { frequencyHz: 868_100_000, dataRate: 'SF7BW125', codingRate: '4/5' },
        receivedAt: new Date(receivedMs).toISOString(),
      },
    ]);
    const session = h.session();
    expect(session).toMatchObject({
      fCntUp: 11,
      lastRx: new Date(receivedMs).toISOString(),
      lastGateway: { gatewayEui: GW_2, rssiDbm: -90, snrDb: 6, server: 'n1' },
      adr: { dataRate: 5, txPower: 0, nbTrans: 1, snrHistory: [] },
    });
    const [request] = dataRequests(h);
    expect(request).toMatchObject({
      kind: 'data',
      ackRequested: true,
      macCommands: [],
      adrAckReq: false,
      session,
    });
    expect(request!.uplink.copies.map((c) => c.rxInfo.gatewayEui)).toEqual([GW_2, GW_1]);
    expect(h.ports.metrics.get('received')).toBe(2);
    expect(h.ports.metrics.get('processed')).toBe(1);
    expect(h.ports.metrics.durationsMs).toEqual([h.config.dedupWindowMs]);
  });

  it('unconfirmed uplink without payload: scheduler still asked, no up event', async () => {
    const h = setup({ session: { fCntUp: 1 } });
    await h.deliver(copyOf(dataUp({ fCnt32: 2 })));
    expect(h.ports.sink.frames).toHaveLength(1);
    expect(h.ports.sink.integrations).toEqual([]);
    expect(dataRequests(h)).toMatchObject([{ ackRequested: false, macCommands: [] }]);
  });

  interface FCntCase {
    name: string;
    mode: FCntCheck;
    macVersion?: MacVersion;
    lastFCnt?: number;
    sent: number;
    outcome: 'delivered' | 'fcnt_replay' | 'fcnt_gap';
    fCntUp?: number;
  }
  const fCntCases: FCntCase[] = [
    {
      name: 'first uplink of a session',
      mode: 'strict32',
      sent: 1234,
      outcome: 'delivered',
      fCntUp: 1234,
    },
    {
      name: 'strict32: 16-bit rollover to 32 bits',
      mode: 'strict32',
      lastFCnt: 65535,
      sent: 65536,
      outcome: 'delivered',
      fCntUp: 65536,
    },
    {
      name: 'strict32: past the rollover',
      mode: 'strict32',
      lastFCnt: 65546,
      sent: 65547,
      outcome: 'delivered',
      fCntUp: 65547,
    },
    {
      name: 'strict32: lower counter is a replay',
      mode: 'strict32',
      lastFCnt: 100,
      sent: 99,
      outcome: 'fcnt_replay',
      fCntUp: 100,
    },
    {
      name: 'strict32: restart at 0 is a replay',
      mode: 'strict32',
      lastFCnt: 70_000,
      sent: 0,
      outcome: 'fcnt_replay',
      fCntUp: 70_000,
    },
    {
      name: '1.0.3: gap over 16384 dropped',
      mode: 'strict32',
      macVersion: '1.0.3',
      lastFCnt: 10,
      sent: 16_395,
      outcome: 'fcnt_gap',
      fCntUp: 10,
    },
    {
      name: '1.0.3: gap of 16384 accepted',
      mode: 'strict32',
      macVersion: '1.0.3',
      lastFCnt: 10,
      sent: 16_394,
      outcome: 'delivered',
      fCntUp: 16_394,
    },
    {
      name: '1.0.4: gap over 16384 accepted',
      mode: 'strict32',
      macVersion: '1.0.4',
      lastFCnt: 10,
      sent: 16_395,
      outcome: 'delivered',
      fCntUp: 16_395,
    },
    {
      name: 'reset-allowed: restart at 0',
      mode: 'reset-allowed',
      lastFCnt: 500,
      sent: 0,
      outcome: 'delivered',
      fCntUp: 0,
    },
    {
      name: 'reset-allowed: restart after 65535',
      mode: 'reset-allowed',
      lastFCnt: 70_000,
      sent: 1,
      outcome: 'delivered',
      fCntUp: 1,
    },
    {
      name: 'reset-allowed: far below is a replay',
      mode: 'reset-allowed',
      lastFCnt: 500,
      sent: 400,
      outcome: 'fcnt_replay',
      fCntUp: 500,
    },
    {
      name: 'disabled: lower accepted',
      mode: 'disabled',
      lastFCnt: 500,
      sent: 3,
      outcome: 'delivered',
      fCntUp: 3,
    },
    {
      name: 'disabled: same counter delivered again',
      mode: 'disabled',
      lastFCnt: 500,
      sent: 500,
      outcome: 'delivered',
      fCntUp: 500,
    },
  ];

  it.each(fCntCases)('$name', async (c) => {
    const h = setup({
      profile: { fcntCheck: c.mode, macVersion: c.macVersion ?? '1.0.3' },
      session: { ...(c.lastFCnt === undefined ? {} : { fCntUp: c.lastFCnt }), fCntDown: 40 },
    });
    await h.deliver(copyOf(dataUp({ fCnt32: c.sent, fPort: 1, payload: Buffer.from([1]) })));
    expect(h.session()?.fCntUp).toBe(c.fCntUp);
    if (c.outcome === 'delivered') {
      expect(h.ports.sink.integrations.map((e) => e.type)).toEqual(['up']);
      expect(dataRequests(h)).toHaveLength(1);
      expect(h.ports.sink.events).toEqual([]);
    } else {
      expect(h.ports.sink.integrations).toEqual([]);
      expect(h.scheduler.classA).toEqual([]);
      expect(h.ports.metrics.get(`dropped:${c.outcome}`)).toBe(1);
      expect(h.ports.sink.events).toMatchObject([
        { kind: c.outcome, severity: 'warning', entity: DEV_ADDR },
      ]);
    }
  });

  it('a reset (reset-allowed) also restarts FCntDown and the MAC state', async () => {
    const h = setup({
      profile: { fcntCheck: 'reset-allowed' },
      session: addPendingRequests(
        { ...testSession(), fCntUp: 500, fCntDown: 40, awaitingAckFCntDown: 39 },
        [{ name: 'DevStatusReq' }],
      ),
    });
    await h.deliver(copyOf(dataUp({ fCnt32: 0 })));
    const session = h.session()!;
    expect(session.fCntUp).toBe(0);
    expect(session.fCntDown).toBe(0);
    expect(session.awaitingAckFCntDown).toBeUndefined();
    expect(session.pendingMac).toEqual([]);
  });

  it('retransmission of an unconfirmed uplink: not delivered, no downlink', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    const phy = dataUp({ fCnt32: 11, fPort: 1, payload: Buffer.from([1]) });
    await h.deliver(copyOf(phy));
    h.clock.advance(3000);
    await h.deliver(copyOf(phy));
    expect(h.ports.sink.integrations.map((e) => e.type)).toEqual(['up']);
    expect(h.ports.sink.frames).toHaveLength(1);
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.ports.metrics.get('dropped:retransmission')).toBe(1);
    expect(h.ports.metrics.get('processed')).toBe(1);
  });

  it('retransmission of a confirmed uplink: ACKed again without new data', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    const phy = dataUp({ fCnt32: 11, confirmed: true, fOpts: Buffer.from([0x02]) });
    await h.deliver(copyOf(phy));
    h.clock.advance(3000);
    await h.deliver(copyOf(phy));
    expect(h.ports.sink.frames).toHaveLength(1);
    const requests = dataRequests(h);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ ackRequested: true });
    expect(requests[0]!.macCommands.map((c) => c.name)).toEqual(['LinkCheckAns']);
    expect(requests[1]).toMatchObject({ ackRequested: true, macCommands: [], adrAckReq: false });
    expect(h.ports.metrics.get('dropped:retransmission')).toBe(1);
  });

  it('MIC failure: dropped with a mic_failed event, session unchanged', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    const forged = dataUp({ fCnt32: 11, nwkSKey: '00'.repeat(16) });
    await h.deliver(copyOf(forged));
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'mic_failed',
        severity: 'warning',
        entity: DEV_ADDR,
        text: 'mic check failed (fCnt 11)',
      },
    ]);
    expect(h.ports.metrics.get('dropped:mic_failed')).toBe(1);
    expect(h.session()?.fCntUp).toBe(10);
    expect(h.scheduler.classA).toEqual([]);
  });

  it('unknown DevAddr: dropped, the event at most once a minute', async () => {
    const h = setup({ session: null });
    await h.deliver(copyOf(dataUp({ fCnt32: 1 })));
    await h.deliver(copyOf(dataUp({ fCnt32: 2 })));
    expect(h.ports.metrics.get('dropped:unknown_devaddr')).toBe(2);
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'unknown_devaddr',
        severity: 'warning',
        entity: DEV_ADDR,
        text: `uplink from unknown devAddr ${DEV_ADDR}`,
      },
    ]);
    h.clock.advance(60_000);
    await h.deliver(copyOf(dataUp({ fCnt32: 3 })));
    expect(h.ports.sink.events).toHaveLength(2);
  });

  it('unknown profile: dropped with an unknown_profile event', async () => {
    const h = setup({ session: { profileId: 'nope' } });
    await h.deliver(copyOf(dataUp({ fCnt32: 1 })));
    expect(h.ports.metrics.get('dropped:unknown_profile')).toBe(1);
    expect(h.ports.sink.events).toMatchObject([{ kind: 'unknown_profile', severity: 'error' }]);
  });

  it('ACK bit: acknowledges the waiting confirmed downlink (ack event before up)', async () => {
    const h = setup({ session: { fCntUp: 10, awaitingAckFCntDown: 7 } });
    await h.deliver(copyOf(dataUp({ fCnt32: 11, ack: true, fPort: 3, payload: Buffer.from([9]) })));
    expect(h.ports.sink.integrations.map((e) => e.type)).toEqual(['ack', 'up']);
    expect(h.ports.sink.integrations[0]).toMatchObject({
      type: 'ack',
      devEui: DEV_EUI,
      devAddr: DEV_ADDR,
      fCntDown: 7,
      acknowledged: true,
    });
    expect(h.session()).not.toHaveProperty('awaitingAckFCntDown');
  });

  it('ACK bit with nothing waiting changes nothing', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    await h.deliver(copyOf(dataUp({ fCnt32: 11, ack: true })));
    expect(h.ports.sink.integrations).toEqual([]);
    expect(h.session()?.fCntUp).toBe(11);
  });

  it('MAC commands in FOpts are answered in the class A request', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    // LinkCheckReq, DeviceTimeReq
    await h.deliver(
      copyOf(dataUp({ fCnt32: 11, fOpts: Buffer.from([0x02, 0x0d]) }), { snrDb: 2.5 }),
    );
    const [request] = dataRequests(h);
    expect(request!.macCommands).toMatchObject([
      { name: 'LinkCheckAns', marginDb: 10, gwCnt: 1 },
      { name: 'DeviceTimeAns' },
    ]);
  });

  it('MAC commands in an FPort 0 payload: DevStatusAns stored, status event, no up event', async () => {
    const h = setup({
      session: addPendingRequests({ ...testSession(), fCntUp: 10 }, [{ name: 'DevStatusReq' }]),
    });
    await h.deliver(
      copyOf(dataUp({ fCnt32: 11, fPort: 0, payload: Buffer.from([0x06, 0xfe, 0x07]) })),
    );
    expect(h.session()).toMatchObject({ battery: 254, margin: 7, pendingMac: [] });
    expect(h.ports.sink.integrations).toMatchObject([
      { type: 'status', devEui: DEV_EUI, devAddr: DEV_ADDR, battery: 254, margin: 7 },
    ]);
    expect(h.ports.sink.frames[0]).toMatchObject({ fPort: 0, data: '06fe07' });
  });

  it('a truncated MAC command is ignored, the uplink still delivered', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    // DevStatusAns needs two payload bytes.
    await h.deliver(
      copyOf(
        dataUp({
          fCnt32: 11,
          fOpts: Buffer.from([0x06, 0x01]),
          fPort: 1,
          payload: Buffer.from([1]),
        }),
      ),
    );
    expect(h.ports.sink.integrations.map((e) => e.type)).toEqual(['up']);
    expect(h.session()?.battery).toBeUndefined();
  });

  it('a refused MAC request becomes a mac_error event', async () => {
    const base = testSession();
    const h = setup({
      session: addPendingRequests({ ...base, fCntUp: 10 }, [
        { name: 'RXParamSetupReq', rx1DrOffset: 1, rx2DataRate: 3, frequencyHz: 869_525_000 },
      ]),
    });
    await h.deliver(copyOf(dataUp({ fCnt32: 11, fOpts: Buffer.from([0x05, 0x06]) })));
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'mac_error',
        severity: 'warning',
        entity: DEV_ADDR,
        text: 'RXParamSetupReq rejected: channel refused',
      },
    ]);
    expect(h.session()?.pendingMac).toEqual([]);
  });

  it('pending MAC requests go with each downlink until given up after maxMacResends', async () => {
    const base = testSession();
    const h = setup({
      session: addPendingRequests({ ...base, fCntUp: 10 }, [{ name: 'DevStatusReq' }]),
      config: { maxMacResends: 2 },
    });
    for (const fCnt32 of [11, 12, 13]) {
      await h.deliver(copyOf(dataUp({ fCnt32 })));
      h.clock.advance(5000);
    }
    expect(dataRequests(h).map((r) => r.macCommands.map((c) => c.name))).toEqual([
      ['DevStatusReq'],
      ['DevStatusReq'],
      [],
    ]);
    expect(h.session()?.pendingMac).toEqual([]);
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'mac_error',
        severity: 'warning',
        entity: DEV_ADDR,
        text: 'DevStatusReq unanswered after 2 sends',
      },
    ]);
  });

  it('ADR: a fast link gets a LinkADRReq, pending until answered', async () => {
    const h = setup({ profile: { adr: true }, session: { fCntUp: 10 } });
    // DR0 (SF12) with 5 dB SNR: 15 dB spare -> DR5.
    await h.deliver(copyOf(dataUp({ fCnt32: 11, adr: true }), { dataRate: 0, snrDb: 5 }));
    const [request] = dataRequests(h);
    expect(request!.macCommands).toEqual([
      { name: 'LinkADRReq', dataRate: 5, txPower: 0, chMask: 0xff, chMaskCntl: 6, nbTrans: 1 },
    ]);
    expect(h.session()).toMatchObject({
      adr: { dataRate: 0, snrHistory: [5] },
      pendingMac: [{ cid: 0x03, sentCount: 1 }],
    });
    h.clock.advance(5000);
    // The device answers (all ACK) from DR5.
    await h.deliver(
      copyOf(dataUp({ fCnt32: 12, adr: true, fOpts: Buffer.from([0x03, 0x07]) }), {
        dataRate: 5,
        snrDb: -3,
      }),
    );
    expect(h.session()).toMatchObject({
      adr: { dataRate: 5, txPower: 0, nbTrans: 1, snrHistory: [-3] },
      pendingMac: [],
    });
    expect(dataRequests(h)[1]!.macCommands).toEqual([]);
  });

  it('ADR: nothing without the uplink ADR bit or with ADR off in the profile', async () => {
    const off = setup({ profile: { adr: false }, session: { fCntUp: 10 } });
    await off.deliver(copyOf(dataUp({ fCnt32: 11, adr: true }), { dataRate: 0, snrDb: 5 }));
    const noBit = setup({ profile: { adr: true }, session: { fCntUp: 10 } });
    await noBit.deliver(copyOf(dataUp({ fCnt32: 11 }), { dataRate: 0, snrDb: 5 }));
    for (const h of [off, noBit]) {
      expect(dataRequests(h)[0]!.macCommands).toEqual([]);
      expect(h.session()?.adr).toEqual({ dataRate: 0, txPower: 0, nbTrans: 1, snrHistory: [] });
    }
  });

  it('ADR: after a refused LinkADRReq it asks no more', async () => {
    const h = setup({
      profile: { adr: true },
      session: {
        fCntUp: 10,
        macAnswers: [{ command: 'LinkADRAns', accepted: false, time: '2026-01-01T00:00:00.000Z' }],
      },
    });
    await h.deliver(copyOf(dataUp({ fCnt32: 11, adr: true }), { dataRate: 0, snrDb: 5 }));
    expect(dataRequests(h)[0]!.macCommands).toEqual([]);
  });

  it('ADRACKReq asks the scheduler for a downlink', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    await h.deliver(copyOf(dataUp({ fCnt32: 11, adr: true, adrAckReq: true })));
    expect(dataRequests(h)).toMatchObject([{ adrAckReq: true }]);
  });

  it('never steps FCntDown back when the downlink side used a counter meanwhile', async () => {
    const h = setup({ session: { fCntUp: 10, fCntDown: 9 } });
    const stale: NodeSession = { ...h.session()!, fCntDown: 5 };
    vi.spyOn(h.ports.stores, 'getSession').mockResolvedValueOnce(stale);
    await h.deliver(copyOf(dataUp({ fCnt32: 11 })));
    expect(h.session()).toMatchObject({ fCntUp: 11, fCntDown: 9 });
  });

  it('a failing store drops the uplink as store_failed: no frame, no downlink', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    vi.spyOn(h.ports.stores, 'putSession').mockRejectedValue(new Error('disk full'));
    await h.deliver(copyOf(dataUp({ fCnt32: 11, fPort: 1, payload: Buffer.from([1]) })));
    expect(h.ports.metrics.get('dropped:store_failed')).toBe(1);
    expect(h.ports.sink.frames).toEqual([]);
    expect(h.scheduler.classA).toEqual([]);
  });

  it('a failing scheduler is contained', async () => {
    const h = setup({ session: { fCntUp: 10 } });
    h.scheduler.failWith = new Error('no gateway');
    await h.deliver(copyOf(dataUp({ fCnt32: 11 })));
    await Promise.resolve();
    expect(h.scheduler.classA).toHaveLength(1);
    expect(h.ports.metrics.get('processed')).toBe(1);
  });
});
