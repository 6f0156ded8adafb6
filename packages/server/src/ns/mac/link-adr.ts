/** LinkADRAns: the device's verdict on the pending LinkADRReq block [L2 1.0.4 §5.2]. */
import { MacCid } from '../../lorawan/index.js';
import type { LinkAdrAns, LinkAdrReq } from '../../lorawan/index.js';
import type { AdrState } from '../model.js';
import { refusedParts, settleAnswer } from './answers.js';
import { pendingRequests } from './pending.js';
import type { MacHandler } from './types.js';

/** DataRate and TXPower 15 mean "keep the current value" [L2 1.0.4 §5.2.1]. */
const KEEP = 15;

/**
 * Settles the pending LinkADRReq block. Accepted: the device now uses the block's last data
 * rate, power and NbTrans (the values of the last command apply [L2 1.0.4 §5.2.1]) and the SNR
 * history restarts, since it was measured at the old power. Refused: nothing changes and a
 * `mac_error` follows; the recorded refusal keeps ADR from asking again (adr/README.md).
 */
export const handleLinkAdrAns: MacHandler<LinkAdrAns> = (session, cmd, uplink) => {
  const accepted = cmd.powerAck && cmd.dataRateAck && cmd.channelMaskAck;
  const block = pendingRequests(session, MacCid.LinkAdr).filter(
    (c): c is LinkAdrReq => c.name === 'LinkADRReq',
  );
  const settled = settleAnswer(
    session,
    {
      cid: MacCid.LinkAdr,
      answer: 'LinkADRAns',
      request: 'LinkADRReq',
      accepted,
      refused: refusedParts({
        power: cmd.powerAck,
        'data rate': cmd.dataRateAck,
        'channel mask': cmd.channelMaskAck,
      }),
    },
    uplink,
  );
  const last = block.at(-1);
  if (!accepted || last === undefined) return settled;
  const adr: AdrState = session.adr ?? { dataRate: 0, txPower: 0, nbTrans: 1, snrHistory: [] };
  return {
    ...settled,
    session: {
      ...settled.session,
      adr: {
        dataRate: last.dataRate === KEEP ? adr.dataRate : last.dataRate,
        txPower: last.txPower === KEEP ? adr.txPower : last.txPower,
        nbTrans: last.nbTrans === 0 ? adr.nbTrans : last.nbTrans,
        snrHistory: [],
      },
    },
  };
};
