/** RXTimingSetupAns: the device took the new RX1 delay [L2 1.0.4 §5.7]. */
import { MacCid } from '../../lorawan/index.js';
import type { RxTimingSetupAns } from '../../lorawan/index.js';
import { settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Always an acceptance (the answer has no status); sticky until a downlink. */
export const handleRxTimingSetupAns: MacHandler<RxTimingSetupAns> = (session, _cmd, uplink) =>
  settleAnswer(
    session,
    {
      cid: MacCid.RxTimingSetup,
      answer: 'RXTimingSetupAns',
      request: 'RXTimingSetupReq',
      accepted: true,
    },
    uplink,
  );
