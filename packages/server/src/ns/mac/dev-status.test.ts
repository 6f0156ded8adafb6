import { describe, expect, it } from 'vitest';
import { copyOf, testSession } from '../testing/uplink.js';
import { handleDevStatusAns } from './dev-status.js';
import { addPendingRequests } from './pending.js';

const uplink = { copies: [copyOf(Buffer.from('40', 'hex'))], receivedMs: 0 };

describe('handleDevStatusAns [L2 1.0.4 §5.5]', () => {
  it('stores battery and margin, settles DevStatusReq and notes a status event', () => {
    const session = addPendingRequests(testSession(), [{ name: 'DevStatusReq' }]);
    const out = handleDevStatusAns(
      session,
      { name: 'DevStatusAns', battery: 200, marginDb: -4 },
      uplink,
    );
    expect(out.session.battery).toBe(200);
    expect(out.session.margin).toBe(-4);
    expect(out.session.pendingMac).toEqual([]);
    expect(out.notes).toEqual([{ kind: 'status', battery: 200, marginDb: -4 }]);
    expect(out.answers).toEqual([]);
  });

  it('still stores an unsolicited status', () => {
    const out = handleDevStatusAns(
      testSession(),
      { name: 'DevStatusAns', battery: 0, marginDb: 31 },
      uplink,
    );
    expect(out.session.battery).toBe(0);
    expect(out.notes).toEqual([
      { kind: 'unsolicited', command: 'DevStatusAns' },
      { kind: 'status', battery: 0, marginDb: 31 },
    ]);
  });
});
