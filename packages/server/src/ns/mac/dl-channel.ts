/** DlChannelAns: one answer per DlChannelReq, in order [L2 1.0.4 §5.6.2]. */
import { MacCid } from '../../lorawan/index.js';
import type { DlChannelAns } from '../../lorawan/index.js';
import { refusedParts, settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Settles the oldest pending DlChannelReq; sticky until a downlink. */
export const handleDlChannelAns: MacHandler<DlChannelAns> = (session, cmd, uplink) =>
  settleAnswer(
    session,
    {
      cid: MacCid.DlChannel,
      answer: 'DlChannelAns',
      request: 'DlChannelReq',
      accepted: cmd.uplinkFrequencyExists && cmd.channelFrequencyOk,
      refused: refusedParts({
        'uplink frequency': cmd.uplinkFrequencyExists,
        'channel frequency': cmd.channelFrequencyOk,
      }),
      one: true,
    },
    uplink,
  );
