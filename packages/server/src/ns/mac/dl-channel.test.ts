import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { handleDlChannelAns } from './dl-channel.js';
import { addPendingRequests } from './pending.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };
const session = addPendingRequests(testSession(), [
  { name: 'DlChannelReq', chIndex: 3, frequencyHz: 869_100_000 },
]);

describe('handleDlChannelAns [L2 1.0.4 §5.6.2]', () => {
  it('accepted: settles the request', () => {
    const out = handleDlChannelAns(
      session,
      { name: 'DlChannelAns', uplinkFrequencyExists: true, channelFrequencyOk: true },
      uplink,
    );
    expect(out.session.pendingMac).toEqual([]);
    expect(out.notes).toEqual([]);
  });

  it('refused: a mac_error note names both parts', () => {
    const out = handleDlChannelAns(
      session,
      { name: 'DlChannelAns', uplinkFrequencyExists: false, channelFrequencyOk: false },
      uplink,
    );
    expect(out.session.macAnswers?.[0]).toMatchObject({ command: 'DlChannelAns', accepted: false });
    expect(out.notes).toEqual([
      {
        kind: 'rejected',
        command: 'DlChannelReq',
        text: 'DlChannelReq rejected: uplink frequency, channel frequency refused',
      },
    ]);
  });
});
