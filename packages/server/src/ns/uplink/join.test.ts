import { describe, expect, it, vi } from 'vitest';
import {
  decodeJoinAcceptPlain,
  decryptJoinAccept,
  deriveSessionKeys10,
  getRegion,
  verifyJoinAcceptMic,
} from '../../lorawan/index.js';
import type { Eui64 } from '../../shared/index.js';
import { FakeClock } from '../../testing/fake-clock.js';
import { hexField, loadLorawanVectors } from '../../testing/vectors.js';
import type { ClassARequest } from '../downlink/types.js';
import { devAddrSpace, isDevAddrIn } from './dev-addr.js';
import {
  APP_KEY,
  DEV_ADDR,
  DEV_EUI,
  JOIN_EUI,
  copyOf,
  createHarness,
  dataUp,
  joinRequest,
} from '../testing/uplink.js';
import type { HarnessOptions } from '../testing/uplink.js';

type JoinRequest = Extract<ClassARequest, { kind: 'join' }>;

function setup(opts: HarnessOptions = {}) {
  return createHarness(new FakeClock(), opts);
}

const joinRequests = (h: ReturnType<typeof setup>): JoinRequest[] =>
  h.scheduler.classA.filter((r): r is JoinRequest => r.kind === 'join');

function openJoinAccept(request: JoinRequest, appKey = APP_KEY) {
  const plain = decryptJoinAccept(request.joinAccept, Buffer.from(appKey, 'hex'));
  const fields = decodeJoinAcceptPlain(plain);
  expect(verifyJoinAcceptMic(fields, Buffer.from(appKey, 'hex'))).toBe(true);
  return fields;
}

describe('join-request vectors', () => {
  const vectors = loadLorawanVectors().join_requests.filter((v) => v.verified === true);

  it.each(vectors)('$id ($source)', async (v) => {
    const devEui = v.dev_eui as Eui64;
    const h = setup({
      session: null,
      device: { id: devEui, joinEui: v.app_eui as Eui64, appKey: v.app_key as string },
    });
    await h.deliver(copyOf(hexField(v, 'phy_payload_hex')));
    const [request] = joinRequests(h);
    expect(request).toBeDefined();
    const fields = openJoinAccept(request!, v.app_key as string);
    const keys = deriveSessionKeys10(
      Buffer.from(v.app_key as string, 'hex'),
      fields.joinNonce,
      fields.netId,
      Number.parseInt(v.dev_nonce as string, 16),
    );
    expect(request!.session.nwkSKey).toBe(keys.nwkSKey.toString('hex'));
    expect(h.ports.sink.events).toMatchObject([{ kind: 'join', entity: devEui }]);
  });
});

describe('join', () => {
  it('accepts a join: join-accept fields, keys that work, device, session, events', async () => {
    const h = setup({
      session: null,
      profile: { rx1Delay: 2, rx1DrOffset: 1, rx2Dr: 3, macVersion: '1.0.2' },
    });
    const receivedMs = h.clock.now();
    await h.deliver(copyOf(joinRequest(0x0102), { snrDb: 3 }));

    const [request] = joinRequests(h);
    expect(request).toBeDefined();
    const fields = openJoinAccept(request!);
    const devAddr = request!.session.id;
    expect(fields).toMatchObject({
      joinNonce: 1,
      netId: '000000',
      devAddr,
      dlSettings: { rx1DrOffset: 1, rx2Dr: 3 },
      rxDelay: 2,
    });
    expect(isDevAddrIn(devAddrSpace('000000'), devAddr)).toBe(true);
    expect(getRegion('EU868').decodeCfList(fields.cfList!)).toEqual({
      type: 0,
      frequenciesHz: [867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000],
    });

    // The device derives the same keys [L2 1.0.4 §6.2.6]; its first uplink goes through.
    const keys = deriveSessionKeys10(Buffer.from(APP_KEY, 'hex'), 1, '000000', 0x0102);
    expect(request!.session).toEqual({
      id: devAddr,
      devEui: DEV_EUI,
      profileId: 'p1',
      nwkSKey: keys.nwkSKey.toString('hex'),
      appSKey: keys.appSKey.toString('hex'),
      fCntDown: 0,
      lastRx: new Date(receivedMs).toISOString(),
      lastGateway: { gatewayEui: '0000000000000001', rssiDbm: -80, snrDb: 3, server: 'n1' },
    });
    expect(h.ports.stores.devices.get(DEV_EUI)).toMatchObject({
      devAddr,
      lastJoin: new Date(receivedMs).toISOString(),
      joinNonce: 1,
    });
    expect(h.ports.sink.events).toEqual([
      { kind: 'join', severity: 'info', entity: DEV_EUI, text: `joined as ${devAddr}` },
    ]);
    expect(h.ports.sink.integrations).toMatchObject([
      { type: 'join', devEui: DEV_EUI, devAddr, joinEui: JOIN_EUI, rxInfo: [{ snrDb: 3 }] },
    ]);
    expect(h.ports.metrics.get('processed')).toBe(1);

    h.clock.advance(10_000);
    const up = dataUp({
      devAddr,
      fCnt32: 0,
      fPort: 5,
      payload: Buffer.from('hi'),
      nwkSKey: keys.nwkSKey.toString('hex'),
      appSKey: keys.appSKey.toString('hex'),
    });
    await h.deliver(copyOf(up));
    expect(h.ports.sink.integrations.at(-1)).toMatchObject({
      type: 'up',
      devEui: DEV_EUI,
      devAddr,
      fCnt: 0,
      data: Buffer.from('hi').toString('base64'),
    });
    expect(h.session(devAddr)?.fCntUp).toBe(0);
  });

  it('a second join counts JoinNonce up and replaces the old session', async () => {
    const h = setup({ session: null });
    await h.deliver(copyOf(joinRequest(1)));
    h.clock.advance(10_000);
    await h.deliver(copyOf(joinRequest(2)));
    const [first, second] = joinRequests(h);
    expect(openJoinAccept(first!).joinNonce).toBe(1);
    expect(openJoinAccept(second!).joinNonce).toBe(2);
    expect(h.ports.stores.sessions.has(first!.session.id)).toBe(false);
    expect(h.ports.stores.sessions.has(second!.session.id)).toBe(true);
    expect(h.ports.stores.devices.get(DEV_EUI)?.devAddr).toBe(second!.session.id);
  });

  it('draws another DevAddr while the drawn one is in use', async () => {
    const draws = [DEV_ADDR, '00000042'];
    const h = setup({ randomBytes: () => Buffer.from(draws.shift() ?? 'ffffffff', 'hex') });
    await h.deliver(copyOf(joinRequest(1)));
    expect(joinRequests(h)[0]!.session.id).toBe('00000042');
  });

  it('no CFList where the network has no channel plan (US915)', async () => {
    const h = setup({ session: null, profile: { region: 'US915', macVersion: '1.0.3', rx2Dr: 8 } });
    await h.deliver(
      copyOf(joinRequest(1), { region: 'US915', dataRate: 0, frequencyHz: 902_300_000 }),
    );
    const [request] = joinRequests(h);
    expect(request!.joinAccept).toHaveLength(17);
    expect(openJoinAccept(request!).cfList).toBeUndefined();
  });

  it('a reused DevNonce is dropped with a devnonce_reused event', async () => {
    const h = setup({ session: null });
    await h.deliver(copyOf(joinRequest(7)));
    h.clock.advance(10_000);
    await h.deliver(copyOf(joinRequest(7)));
    expect(joinRequests(h)).toHaveLength(1);
    expect(h.ports.metrics.get('dropped:devnonce_reused')).toBe(1);
    expect(h.ports.sink.events.at(-1)).toEqual({
      kind: 'devnonce_reused',
      severity: 'warning',
      entity: DEV_EUI,
      text: 'devNonce 7 already used: join-request dropped',
    });
  });

  it('a DevNonce used by a racing join at commit time is dropped too', async () => {
    const h = setup({ session: null });
    vi.spyOn(h.ports.stores, 'commitJoin').mockResolvedValueOnce(false);
    await h.deliver(copyOf(joinRequest(8)));
    expect(joinRequests(h)).toEqual([]);
    expect(h.ports.metrics.get('dropped:devnonce_reused')).toBe(1);
  });

  it('an unknown DevEUI is dropped with an unknown_deveui event', async () => {
    const h = setup({ device: null });
    await h.deliver(copyOf(joinRequest(1)));
    expect(h.scheduler.classA).toEqual([]);
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'unknown_deveui',
        severity: 'warning',
        entity: DEV_EUI,
        text: `join-request from unknown devEui ${DEV_EUI}`,
      },
    ]);
  });

  it("a JoinEUI other than the device's is dropped", async () => {
    const h = setup();
    await h.deliver(copyOf(joinRequest(1, { joinEui: '0000000000000099' as Eui64 })));
    expect(h.scheduler.classA).toEqual([]);
    expect(h.ports.metrics.get('dropped:joineui_mismatch')).toBe(1);
    expect(h.ports.sink.events).toMatchObject([{ kind: 'joineui_mismatch', entity: DEV_EUI }]);
  });

  it('a join-request signed with another AppKey fails the MIC check', async () => {
    const h = setup();
    await h.deliver(copyOf(joinRequest(1, { appKey: 'ff'.repeat(16) })));
    expect(h.scheduler.classA).toEqual([]);
    expect(h.ports.sink.events).toEqual([
      {
        kind: 'mic_failed',
        severity: 'warning',
        entity: DEV_EUI,
        text: 'join-request mic check failed',
      },
    ]);
    expect(h.ports.stores.devNonces.size).toBe(0);
  });

  it('a device with an unknown profile is dropped', async () => {
    const h = setup({ device: { profileId: 'gone' } });
    await h.deliver(copyOf(joinRequest(1)));
    expect(h.ports.metrics.get('dropped:unknown_profile')).toBe(1);
  });
});
