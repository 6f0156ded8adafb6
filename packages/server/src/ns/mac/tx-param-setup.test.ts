import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { addPendingRequests } from './pending.js';
import { handleTxParamSetupAns } from './tx-param-setup.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };

describe('handleTxParamSetupAns [L2 1.0.4 §5.8]', () => {
  it('settles TxParamSetupReq as accepted', () => {
    const session = addPendingRequests(testSession(), [
      {
        name: 'TxParamSetupReq',
        downlinkDwellTime400ms: true,
        uplinkDwellTime400ms: true,
        maxEirpIndex: 5,
      },
    ]);
    const out = handleTxParamSetupAns(session, { name: 'TxParamSetupAns' }, uplink);
    expect(out.session.pendingMac).toEqual([]);
    expect(out.session.macAnswers?.[0]).toMatchObject({
      command: 'TxParamSetupAns',
      accepted: true,
    });
    expect(out.notes).toEqual([]);
  });
});
