/** RXParamSetupAns: RX1 DR offset, RX2 data rate and frequency change [L2 1.0.4 §5.4]. */
import { MacCid } from '../../lorawan/index.js';
import type { RxParamSetupAns } from '../../lorawan/index.js';
import { refusedParts, settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Records the answer; the device repeats it in every uplink until a downlink (sticky). */
export const handleRxParamSetupAns: MacHandler<RxParamSetupAns> = (session, cmd, uplink) =>
  settleAnswer(
    session,
    {
      cid: MacCid.RxParamSetup,
      answer: 'RXParamSetupAns',
      request: 'RXParamSetupReq',
      accepted: cmd.rx1DrOffsetAck && cmd.rx2DataRateAck && cmd.channelAck,
      refused: refusedParts({
        'rx1 dr offset': cmd.rx1DrOffsetAck,
        'rx2 data rate': cmd.rx2DataRateAck,
        channel: cmd.channelAck,
      }),
    },
    uplink,
  );
