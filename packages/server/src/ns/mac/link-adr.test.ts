import { describe, expect, it } from 'vitest';
import type { LinkAdrReq } from '../../lorawan/index.js';
import { copyOf, testSession } from '../testing/uplink.js';
import { handleLinkAdrAns } from './link-adr.js';
import { addPendingRequests } from './pending.js';
import type { MacUplink } from './types.js';

const uplink: MacUplink = {
  copies: [copyOf(Buffer.from('40', 'hex'))],
  receivedMs: Date.UTC(2026, 0, 1),
};
const req = (o: Partial<LinkAdrReq> = {}): LinkAdrReq => ({
  name: 'LinkADRReq',
  dataRate: 5,
  txPower: 2,
  chMask: 0xff,
  chMaskCntl: 0,
  nbTrans: 1,
  ...o,
});
const before = testSession({
  adr: { dataRate: 2, txPower: 0, nbTrans: 1, snrHistory: [3, 4, 5] },
});
const allAck = {
  name: 'LinkADRAns',
  powerAck: true,
  dataRateAck: true,
  channelMaskAck: true,
} as const;

describe('handleLinkAdrAns [L2 1.0.4 §5.2]', () => {
  it("accepted: the device uses the block's last values, history restarts", () => {
    const session = addPendingRequests(before, [
      req({ chMaskCntl: 7, dataRate: 3 }),
      req({ nbTrans: 2 }),
    ]);
    const out = handleLinkAdrAns(session, allAck, uplink);
    expect(out.session.adr).toEqual({ dataRate: 5, txPower: 2, nbTrans: 2, snrHistory: [] });
    expect(out.session.pendingMac).toEqual([]);
    expect(out.session.macAnswers).toEqual([
      { command: 'LinkADRAns', accepted: true, time: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(out.notes).toEqual([]);
    expect(out.answers).toEqual([]);
  });

  it('keeps values the request marked 15 (keep) or NbTrans 0', () => {
    const session = addPendingRequests(before, [req({ dataRate: 15, txPower: 15, nbTrans: 0 })]);
    const out = handleLinkAdrAns(session, allAck, uplink);
    expect(out.session.adr).toEqual({ dataRate: 2, txPower: 0, nbTrans: 1, snrHistory: [] });
  });

  it('refused: nothing changes, the request is dropped and a mac_error is noted', () => {
    const session = addPendingRequests(before, [req()]);
    const out = handleLinkAdrAns(
      session,
      { name: 'LinkADRAns', powerAck: true, dataRateAck: false, channelMaskAck: false },
      uplink,
    );
    expect(out.session.adr).toEqual(before.adr);
    expect(out.session.pendingMac).toEqual([]);
    expect(out.session.macAnswers?.[0]?.accepted).toBe(false);
    expect(out.notes).toEqual([
      {
        kind: 'rejected',
        command: 'LinkADRReq',
        text: 'LinkADRReq rejected: data rate, channel mask refused',
      },
    ]);
  });

  it('an answer with nothing pending is unsolicited and changes no ADR state', () => {
    const out = handleLinkAdrAns(before, allAck, uplink);
    expect(out.session.adr).toEqual(before.adr);
    expect(out.notes).toEqual([{ kind: 'unsolicited', command: 'LinkADRAns' }]);
  });
});
