import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { handleDutyCycleAns } from './duty-cycle.js';
import { addPendingRequests } from './pending.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };

describe('handleDutyCycleAns [L2 1.0.4 §5.3]', () => {
  it('settles DutyCycleReq and leaves other pending requests', () => {
    const session = addPendingRequests(testSession(), [
      { name: 'DutyCycleReq', maxDutyCycle: 4 },
      { name: 'DevStatusReq' },
    ]);
    const out = handleDutyCycleAns(session, { name: 'DutyCycleAns' }, uplink);
    expect(out.session.pendingMac?.map((p) => p.cid)).toEqual([0x06]);
    expect(out.session.macAnswers?.[0]).toMatchObject({ command: 'DutyCycleAns', accepted: true });
    expect(out.notes).toEqual([]);
  });
});
