/** DevStatusAns: battery level and downlink margin [L2 1.0.4 §5.5]. */
import { MacCid } from '../../lorawan/index.js';
import type { DevStatusAns } from '../../lorawan/index.js';
import { settleAnswer } from './answers.js';
import type { MacHandler } from './types.js';

/** Stores battery and margin on the session and notes a `status` integration event. */
export const handleDevStatusAns: MacHandler<DevStatusAns> = (session, cmd, uplink) => {
  const settled = settleAnswer(
    session,
    { cid: MacCid.DevStatus, answer: 'DevStatusAns', request: 'DevStatusReq', accepted: true },
    uplink,
  );
  return {
    session: { ...settled.session, battery: cmd.battery, margin: cmd.marginDb },
    answers: [],
    notes: [...settled.notes, { kind: 'status', battery: cmd.battery, marginDb: cmd.marginDb }],
  };
};
