import { describe, expect, it } from 'vitest';
import { GW_1, GW_2, GW_3, copyOf, testSession } from '../testing/uplink.js';
import { handleLinkCheckReq } from './link-check.js';

const PHY = Buffer.from('40', 'hex');
const RECEIVED_MS = Date.UTC(2026, 0, 1);

describe('handleLinkCheckReq [L2 1.0.4 §5.1]', () => {
  it.each([
    { name: 'SF7, SNR 5 dB: 12 dB above -7.5', dataRate: 5, snrDb: 5, marginDb: 12 },
    { name: 'SF12, SNR -10 dB: 10 dB above -20', dataRate: 0, snrDb: -10, marginDb: 10 },
    { name: 'SF9, SNR -12.5 dB: at the floor', dataRate: 3, snrDb: -12.5, marginDb: 0 },
    { name: 'below the floor is 0, not negative', dataRate: 5, snrDb: -15, marginDb: 0 },
  ])('$name', ({ dataRate, snrDb, marginDb }) => {
    const out = handleLinkCheckReq(
      testSession(),
      { name: 'LinkCheckReq' },
      { copies: [copyOf(PHY, { dataRate, snrDb })], receivedMs: RECEIVED_MS },
    );
    expect(out.answers).toEqual([{ name: 'LinkCheckAns', marginDb, gwCnt: 1 }]);
    expect(out.notes).toEqual([]);
  });

  it('counts every gateway and takes the best SNR', () => {
    const copies = [
      copyOf(PHY, { gatewayEui: GW_1, snrDb: 1 }),
      copyOf(PHY, { gatewayEui: GW_2, snrDb: 9 }),
      copyOf(PHY, { gatewayEui: GW_3, snrDb: -2 }),
    ];
    const session = testSession();
    const out = handleLinkCheckReq(session, { name: 'LinkCheckReq' }, { copies, receivedMs: 0 });
    expect(out.answers).toEqual([{ name: 'LinkCheckAns', marginDb: 16, gwCnt: 3 }]);
    expect(out.session).toBe(session);
  });

  it('answers margin 0 for an FSK uplink (no LoRa SNR)', () => {
    const copy = copyOf(PHY, { dataRate: 7, snrDb: 0 });
    const out = handleLinkCheckReq(
      testSession(),
      { name: 'LinkCheckReq' },
      { copies: [copy], receivedMs: 0 },
    );
    expect(copy.txInfo.dataRate.modulation).toBe('FSK');
    expect(out.answers).toEqual([{ name: 'LinkCheckAns', marginDb: 0, gwCnt: 1 }]);
  });
});
