import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { addPendingRequests } from './pending.js';
import { handleRxTimingSetupAns } from './rx-timing-setup.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };

describe('handleRxTimingSetupAns [L2 1.0.4 §5.7]', () => {
  it('settles RXTimingSetupReq as accepted', () => {
    const session = addPendingRequests(testSession(), [{ name: 'RXTimingSetupReq', delayS: 3 }]);
    const out = handleRxTimingSetupAns(session, { name: 'RXTimingSetupAns' }, uplink);
    expect(out.session.pendingMac).toEqual([]);
    expect(out.session.macAnswers?.[0]).toMatchObject({
      command: 'RXTimingSetupAns',
      accepted: true,
    });
    expect(out.notes).toEqual([]);
  });
});
