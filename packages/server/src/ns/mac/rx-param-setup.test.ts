import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { addPendingRequests } from './pending.js';
import { handleRxParamSetupAns } from './rx-param-setup.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };
const pending = addPendingRequests(testSession(), [
  { name: 'RXParamSetupReq', rx1DrOffset: 1, rx2DataRate: 3, frequencyHz: 869_525_000 },
]);

describe('handleRxParamSetupAns [L2 1.0.4 §5.4]', () => {
  it('accepted: settles the request and records the answer', () => {
    const out = handleRxParamSetupAns(
      pending,
      { name: 'RXParamSetupAns', rx1DrOffsetAck: true, rx2DataRateAck: true, channelAck: true },
      uplink,
    );
    expect(out.session.pendingMac).toEqual([]);
    expect(out.session.macAnswers?.map((a) => [a.command, a.accepted])).toEqual([
      ['RXParamSetupAns', true],
    ]);
    expect(out.notes).toEqual([]);
  });

  it('refused: a mac_error note names the refused parts', () => {
    const out = handleRxParamSetupAns(
      pending,
      { name: 'RXParamSetupAns', rx1DrOffsetAck: false, rx2DataRateAck: true, channelAck: false },
      uplink,
    );
    expect(out.session.pendingMac).toEqual([]);
    expect(out.notes).toEqual([
      {
        kind: 'rejected',
        command: 'RXParamSetupReq',
        text: 'RXParamSetupReq rejected: rx1 dr offset, channel refused',
      },
    ]);
  });

  it('a repeated (sticky) answer after settling is unsolicited', () => {
    const ans = {
      name: 'RXParamSetupAns',
      rx1DrOffsetAck: true,
      rx2DataRateAck: true,
      channelAck: true,
    } as const;
    const first = handleRxParamSetupAns(pending, ans, uplink);
    const again = handleRxParamSetupAns(first.session, ans, uplink);
    expect(again.notes).toEqual([{ kind: 'unsolicited', command: 'RXParamSetupAns' }]);
    expect(again.session.macAnswers).toHaveLength(1);
  });
});
