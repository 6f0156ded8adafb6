/** TxParamSetupAns: the device took the dwell-time and max EIRP settings [L2 1.0.4 §5.8]. */
import { MacCid } from '../../lorawan/index.js';
import type { TxParamSetupAns } from '../../lorawan/index.js';
import { settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Always an acceptance: a device that cannot apply it does not answer at all. */
export const handleTxParamSetupAns: MacHandler<TxParamSetupAns> = (session, _cmd, uplink) =>
  settleAnswer(
    session,
    {
      cid: MacCid.TxParamSetup,
      answer: 'TxParamSetupAns',
      request: 'TxParamSetupReq',
      accepted: true,
    },
    uplink,
  );
