/** DutyCycleAns: the device took the aggregated duty-cycle limit [L2 1.0.4 §5.3]. */
import { MacCid } from '../../lorawan/index.js';
import type { DutyCycleAns } from '../../lorawan/index.js';
import { settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Always an acceptance (the answer has no status). */
export const handleDutyCycleAns: MacHandler<DutyCycleAns> = (session, _cmd, uplink) =>
  settleAnswer(
    session,
    { cid: MacCid.DutyCycle, answer: 'DutyCycleAns', request: 'DutyCycleReq', accepted: true },
    uplink,
  );
