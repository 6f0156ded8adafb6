/** NewChannelAns: one answer per NewChannelReq, in order [L2 1.0.4 §5.6.1]. */
import { MacCid } from '../../lorawan/index.js';
import type { NewChannelAns } from '../../lorawan/index.js';
import { refusedParts, settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Settles the oldest pending NewChannelReq. */
export const handleNewChannelAns: MacHandler<NewChannelAns> = (session, cmd, uplink) =>
  settleAnswer(
    session,
    {
      cid: MacCid.NewChannel,
      answer: 'NewChannelAns',
      request: 'NewChannelReq',
      accepted: cmd.dataRateRangeOk && cmd.channelFrequencyOk,
      refused: refusedParts({
        'data rate range': cmd.dataRateRangeOk,
        'channel frequency': cmd.channelFrequencyOk,
      }),
      one: true,
    },
    uplink,
  );
