import { describe, expect, it } from 'vitest';
import { testSession } from '../testing/uplink.js';
import {
  addPendingRequests,
  pendingCommandName,
  pendingRequests,
  takePendingForDownlink,
  withoutPending,
} from './pending.js';

const adrReq = (dataRate: number) =>
  ({ name: 'LinkADRReq', dataRate, txPower: 0, chMask: 7, chMaskCntl: 0, nbTrans: 1 }) as const;

describe('pending MAC requests', () => {
  it('stores requests as hex with their CID and no sends yet', () => {
    const session = addPendingRequests(testSession(), [{ name: 'DevStatusReq' }, adrReq(3)]);
    expect(session.pendingMac).toEqual([
      { cid: 0x06, hex: '06', sentCount: 0 },
      { cid: 0x03, hex: '0330070001', sentCount: 0 },
    ]);
    expect(pendingRequests(session, 0x03)).toEqual([adrReq(3)]);
  });

  it('a new request replaces a pending one with the same CID', () => {
    const first = addPendingRequests(testSession(), [adrReq(1), { name: 'DevStatusReq' }]);
    const second = addPendingRequests(first, [adrReq(4)]);
    expect(second.pendingMac?.map((p) => p.cid)).toEqual([0x06, 0x03]);
    expect(pendingRequests(second, 0x03)).toEqual([adrReq(4)]);
  });

  it('withoutPending drops all of a CID, or the oldest one', () => {
    const session = testSession({
      pendingMac: [
        { cid: 7, hex: '0703d3ed8450', sentCount: 0 },
        { cid: 6, hex: '06', sentCount: 0 },
        { cid: 7, hex: '0704e5f18450', sentCount: 0 },
      ],
    });
    expect(withoutPending(session, 7).pendingMac?.map((p) => p.hex)).toEqual(['06']);
    expect(withoutPending(session, 7, true).pendingMac?.map((p) => p.hex)).toEqual([
      '06',
      '0704e5f18450',
    ]);
    expect(withoutPending(session, 9)).toBe(session);
  });

  it('each downlink counts a send; after maxSends a request is given up', () => {
    let session = addPendingRequests(testSession(), [{ name: 'DevStatusReq' }]);
    for (let send = 1; send <= 3; send++) {
      const taken = takePendingForDownlink(session, 3);
      expect(taken.commands).toEqual([{ name: 'DevStatusReq' }]);
      expect(taken.expired).toEqual([]);
      session = taken.session;
      expect(session.pendingMac?.[0]?.sentCount).toBe(send);
    }
    const last = takePendingForDownlink(session, 3);
    expect(last.commands).toEqual([]);
    expect(last.expired).toEqual([{ cid: 0x06, hex: '06', sentCount: 3 }]);
    expect(last.session.pendingMac).toEqual([]);
  });

  it('drops entries that no longer decode', () => {
    const session = testSession({ pendingMac: [{ cid: 0x03, hex: '03', sentCount: 0 }] });
    expect(pendingRequests(session, 0x03)).toEqual([]);
    const taken = takePendingForDownlink(session, 3);
    expect(taken.commands).toEqual([]);
    expect(taken.expired).toHaveLength(1);
  });

  it('leaves a session without pending requests as it is', () => {
    const session = testSession();
    expect(takePendingForDownlink(session, 3).session).toBe(session);
  });

  it('names pending entries for events', () => {
    expect(pendingCommandName({ cid: 0x06, hex: '06', sentCount: 0 })).toBe('DevStatusReq');
    expect(pendingCommandName({ cid: 0x03, hex: '03', sentCount: 0 })).toBe('cid 0x03');
  });
});
