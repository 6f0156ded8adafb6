import { describe, expect, it } from 'vitest';
import type { NewChannelReq } from '../../lorawan/index.js';
import { copyOf, testSession } from '../testing/uplink.js';
import { handleNewChannelAns } from './new-channel.js';
import { pendingRequests } from './pending.js';
import type { NodeSession } from '../model.js';
import { encodeMacCommands } from '../../lorawan/index.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };
const req = (chIndex: number): NewChannelReq => ({
  name: 'NewChannelReq',
  chIndex,
  frequencyHz: 867_100_000 + chIndex * 200_000,
  maxDr: 5,
  minDr: 0,
});
// Two NewChannelReqs queued together (addPendingRequests would let the second replace the first).
const session: NodeSession = testSession({
  pendingMac: [3, 4].map((ch) => {
    const bytes = encodeMacCommands([req(ch)], 'down');
    return { cid: 0x07, hex: bytes.toString('hex'), sentCount: 1 };
  }),
});

describe('handleNewChannelAns [L2 1.0.4 §5.6.1]', () => {
  it('settles one request per answer, oldest first', () => {
    const ok = { name: 'NewChannelAns', dataRateRangeOk: true, channelFrequencyOk: true } as const;
    const first = handleNewChannelAns(session, ok, uplink);
    expect(pendingRequests(first.session, 0x07)).toEqual([req(4)]);
    const second = handleNewChannelAns(first.session, ok, uplink);
    expect(pendingRequests(second.session, 0x07)).toEqual([]);
    expect(second.notes).toEqual([]);
  });

  it('refused: a mac_error note', () => {
    const out = handleNewChannelAns(
      session,
      { name: 'NewChannelAns', dataRateRangeOk: true, channelFrequencyOk: false },
      uplink,
    );
    expect(out.notes).toEqual([
      {
        kind: 'rejected',
        command: 'NewChannelReq',
        text: 'NewChannelReq rejected: channel frequency refused',
      },
    ]);
  });
});
