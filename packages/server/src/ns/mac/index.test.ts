import { describe, expect, it } from 'vitest';
import { decodeMacCommands } from '../../lorawan/index.js';
import { copyOf, testSession } from '../testing/uplink.js';
import { addPendingRequests, handleMacCommands } from './index.js';

const uplink = {
  copies: [copyOf(Buffer.from('40', 'hex'), { snrDb: 5 })],
  receivedMs: Date.UTC(2026, 0, 1),
};

describe('handleMacCommands', () => {
  it('applies commands in order and answers in order', () => {
    const session = addPendingRequests(testSession(), [{ name: 'DevStatusReq' }]);
    // LinkCheckReq | DevStatusAns(battery 100, margin 5) | DeviceTimeReq
    const commands = decodeMacCommands(Buffer.from('020664050d', 'hex'), 'up');
    const out = handleMacCommands(session, commands, uplink);
    expect(out.answers.map((a) => a.name)).toEqual(['LinkCheckAns', 'DeviceTimeAns']);
    expect(out.session.battery).toBe(100);
    expect(out.session.margin).toBe(5);
    expect(out.session.pendingMac).toEqual([]);
    expect(out.notes).toEqual([{ kind: 'status', battery: 100, marginDb: 5 }]);
  });

  it('stops at an unknown CID and notes it [L2 1.0.4 §5]', () => {
    const commands = decodeMacCommands(Buffer.from('02ff0102', 'hex'), 'up');
    const out = handleMacCommands(testSession(), commands, uplink);
    expect(out.answers.map((a) => a.name)).toEqual(['LinkCheckAns']);
    expect(out.notes).toEqual([{ kind: 'unknown_cid', cid: 0xff, offset: 1 }]);
  });

  it('notes a downlink-only command instead of acting on it', () => {
    const out = handleMacCommands(testSession(), [{ name: 'DevStatusReq' }], uplink);
    expect(out.answers).toEqual([]);
    expect(out.notes).toEqual([{ kind: 'unexpected', command: 'DevStatusReq' }]);
  });
});
