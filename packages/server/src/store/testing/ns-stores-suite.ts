/**
 * Conformance suite for the storage ports of ns (ProfileStore, GatewayStore, DeviceStore,
 * SessionStore, DownlinkQueue), run on the in-memory ports of ns/testing and on the db-sync
 * store (memory-level and classic-level), as abstract-level runs one suite on every backend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Device, Gateway, NodeSession, Profile, QueuedDownlink } from '../../ns/index.js';
import type {
  DeviceStore,
  DownlinkQueue,
  GatewayStore,
  ProfileStore,
  SessionStore,
} from '../../ns/index.js';
import type { DevAddr, Eui64 } from '../../shared/ids.js';

/** One empty set of stores; the `put*` helpers seed records the ports only read. */
export interface NsStoresHarness {
  readonly profiles: ProfileStore;
  readonly gateways: GatewayStore;
  readonly devices: DeviceStore;
  readonly sessions: SessionStore;
  readonly queue: DownlinkQueue;
  putProfile(profile: Profile): Promise<void>;
  putGateway(gateway: Gateway): Promise<void>;
  putDevice(device: Device): Promise<void>;
  /** Queues a downlink as the API does; the session exists. */
  enqueue(
    devAddr: DevAddr,
    input: { fPort: number; data: string; confirmed: boolean },
  ): Promise<QueuedDownlink>;
  dispose(): Promise<void>;
}

export const profile: Profile = {
  id: 'eu-a',
  name: 'EU868 class A',
  region: 'EU868',
  macVersion: '1.0.3',
  deviceClass: 'A',
  adr: true,
  rx1Delay: 1,
  rx1DrOffset: 0,
  rx2Dr: 0,
  rx2Freq: 869_525_000,
  fcntCheck: 'strict32',
};

export const gateway: Gateway = {
  id: 'aa555a0000000101' as Eui64,
  name: 'roof',
  txRfChain: 0,
};

export const device: Device = {
  id: '70b3d57ed0000001' as Eui64,
  name: 'sensor 1',
  joinEui: '70b3d57ed0000000' as Eui64,
  appKey: '2b7e151628aed2a6abf7158809cf4f3c',
  profileId: profile.id,
};

export function session(devAddr: string, overrides: Partial<NodeSession> = {}): NodeSession {
  return {
    id: devAddr as DevAddr,
    devEui: device.id,
    profileId: profile.id,
    nwkSKey: '00112233445566778899aabbccddeeff',
    appSKey: 'ffeeddccbbaa99887766554433221100',
    fCntDown: 0,
    ...overrides,
  };
}

export function describeNsStores(name: string, factory: () => Promise<NsStoresHarness>): void {
  describe(`ns storage ports on ${name}`, () => {
    let h: NsStoresHarness;

    beforeEach(async () => {
      h = await factory();
      await h.putProfile(profile);
      await h.putGateway(gateway);
      await h.putDevice(device);
    });

    afterEach(async () => {
      await h.dispose();
    });

    describe('profiles and gateways', () => {
      it('reads a stored profile and undefined for an unknown id', async () => {
        expect(await h.profiles.getProfile(profile.id)).toEqual(profile);
        expect(await h.profiles.getProfile('nope')).toBeUndefined();
      });

      it('sees a profile change after it was read once', async () => {
        await h.profiles.getProfile(profile.id);
        await h.putProfile({ ...profile, rx1Delay: 5 });
        expect((await h.profiles.getProfile(profile.id))?.rx1Delay).toBe(5);
      });

      it('sees a gateway created after a miss was read', async () => {
        const other = { ...gateway, id: 'aa555a0000000202' as Eui64 };
        expect(await h.gateways.getGateway(other.id)).toBeUndefined();
        await h.putGateway(other);
        expect(await h.gateways.getGateway(other.id)).toEqual(other);
      });

      it('reads a stored gateway', async () => {
        expect(await h.gateways.getGateway(gateway.id)).toEqual(gateway);
      });
    });

    describe('devices and joins', () => {
      const joined = {
        ...device,
        devAddr: '26011001' as DevAddr,
        lastJoin: '2024-01-01T00:00:00.000Z',
      };

      it('reads a device and undefined for an unknown DevEUI', async () => {
        expect(await h.devices.getDevice(device.id)).toEqual(device);
        expect(await h.devices.getDevice('0000000000000000' as Eui64)).toBeUndefined();
      });

      it('commitJoin stores DevNonce, device and session together', async () => {
        expect(await h.devices.isDevNonceUsed(device.id, 7)).toBe(false);
        const s = session('26011001');
        expect(await h.devices.commitJoin({ device: joined, devNonce: 7, session: s })).toBe(true);
        expect(await h.devices.isDevNonceUsed(device.id, 7)).toBe(true);
        expect(await h.devices.getDevice(device.id)).toEqual(joined);
        expect(await h.sessions.getSession(s.id)).toEqual(s);
      });

      it('commitJoin refuses a used DevNonce and writes nothing [L2 1.0.4 §6.2.4]', async () => {
        await h.devices.commitJoin({ device: joined, devNonce: 7, session: session('26011001') });
        const again = { ...joined, devAddr: '26011002' as DevAddr };
        const ok = await h.devices.commitJoin({
          device: again,
          devNonce: 7,
          session: session('26011002'),
          replacedDevAddr: '26011001' as DevAddr,
        });
        expect(ok).toBe(false);
        expect(await h.devices.getDevice(device.id)).toEqual(joined);
        expect(await h.sessions.getSession('26011002' as DevAddr)).toBeUndefined();
        expect(await h.sessions.getSession('26011001' as DevAddr)).toBeDefined();
      });

      it('keeps DevNonces per device', async () => {
        await h.devices.commitJoin({ device: joined, devNonce: 7, session: session('26011001') });
        expect(await h.devices.isDevNonceUsed('70b3d57ed0000002' as Eui64, 7)).toBe(false);
        expect(await h.devices.isDevNonceUsed(device.id, 8)).toBe(false);
      });

      it('a re-join removes the replaced session', async () => {
        await h.devices.commitJoin({ device: joined, devNonce: 1, session: session('26011001') });
        const ok = await h.devices.commitJoin({
          device: { ...joined, devAddr: '26011002' as DevAddr },
          devNonce: 2,
          session: session('26011002'),
          replacedDevAddr: '26011001' as DevAddr,
        });
        expect(ok).toBe(true);
        expect(await h.sessions.getSession('26011001' as DevAddr)).toBeUndefined();
        expect(await h.sessions.isDevAddrInUse('26011001' as DevAddr)).toBe(false);
        expect((await h.sessions.getSession('26011002' as DevAddr))?.devEui).toBe(device.id);
      });

      it('a re-join on the same DevAddr keeps the new session', async () => {
        await h.devices.commitJoin({ device: joined, devNonce: 1, session: session('26011001') });
        const fresh = session('26011001', { fCntDown: 0, nwkSKey: 'aa'.repeat(16) });
        await h.devices.commitJoin({
          device: joined,
          devNonce: 2,
          session: fresh,
          replacedDevAddr: '26011001' as DevAddr,
        });
        expect(await h.sessions.getSession('26011001' as DevAddr)).toEqual(fresh);
      });

      it('concurrent joins with one DevNonce: exactly one wins', async () => {
        const results = await Promise.all(
          ['26011001', '26011002', '26011003'].map((addr) =>
            h.devices.commitJoin({
              device: { ...joined, devAddr: addr as DevAddr },
              devNonce: 9,
              session: session(addr),
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('sessions', () => {
      it('puts, gets and replaces a session', async () => {
        const s = session('26011001');
        expect(await h.sessions.getSession(s.id)).toBeUndefined();
        await h.sessions.putSession(s);
        await h.sessions.putSession({ ...s, fCntUp: 10, fCntDown: 3 });
        expect(await h.sessions.getSession(s.id)).toEqual({ ...s, fCntUp: 10, fCntDown: 3 });
      });

      it('isDevAddrInUse follows the stored sessions', async () => {
        expect(await h.sessions.isDevAddrInUse('26011001' as DevAddr)).toBe(false);
        await h.sessions.putSession(session('26011001'));
        expect(await h.sessions.isDevAddrInUse('26011001' as DevAddr)).toBe(true);
      });

      it('listSessions yields every session once', async () => {
        const addrs = ['26011003', '26011001', '26011002'];
        for (const a of addrs) await h.sessions.putSession(session(a));
        const seen: string[] = [];
        for await (const s of h.sessions.listSessions()) seen.push(s.id);
        expect(seen.sort()).toEqual([...addrs].sort());
      });
    });

    describe('downlink queue', () => {
      const a = '26011001' as DevAddr;
      const b = '26011002' as DevAddr;

      beforeEach(async () => {
        await h.sessions.putSession(session(a));
        await h.sessions.putSession(session(b));
      });

      it('peek returns the oldest item of that device; count counts them', async () => {
        expect(await h.queue.peek(a)).toBeUndefined();
        expect(await h.queue.count(a)).toBe(0);
        const first = await h.enqueue(a, { fPort: 1, data: 'AQ==', confirmed: false });
        await h.enqueue(b, { fPort: 9, data: 'CQ==', confirmed: false });
        const second = await h.enqueue(a, { fPort: 2, data: 'Ag==', confirmed: true });
        expect(await h.queue.peek(a)).toEqual(first);
        expect(await h.queue.count(a)).toBe(2);
        expect(await h.queue.count(b)).toBe(1);
        await h.queue.remove(a, first.id);
        expect(await h.queue.peek(a)).toEqual(second);
        expect(await h.queue.count(a)).toBe(1);
      });

      it('keeps queue order for many items', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 20; i += 1) {
          ids.push((await h.enqueue(a, { fPort: 1 + i, data: '', confirmed: false })).id);
        }
        const popped: string[] = [];
        for (let item = await h.queue.peek(a); item; item = await h.queue.peek(a)) {
          popped.push(item.id);
          await h.queue.remove(a, item.id);
        }
        expect(popped).toEqual(ids);
      });

      it('remove of an unknown id changes nothing', async () => {
        await h.enqueue(a, { fPort: 1, data: 'AQ==', confirmed: false });
        await h.queue.remove(a, 'no-such-id');
        await h.queue.remove(b, 'no-such-id');
        expect(await h.queue.count(a)).toBe(1);
      });

      it('onQueued fires with each queued item', async () => {
        const heard: QueuedDownlink[] = [];
        h.queue.onQueued((item) => heard.push(item));
        const item = await h.enqueue(a, { fPort: 3, data: 'Aw==', confirmed: true });
        expect(heard).toEqual([item]);
        expect(item).toMatchObject({ devAddr: a, fPort: 3, data: 'Aw==', confirmed: true });
      });
    });
  });
}
