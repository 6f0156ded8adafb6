/** LinkCheckReq -> LinkCheckAns: how well the network hears the device [L2 1.0.4 §5.1]. */
import type { LinkCheckReq } from '../../lorawan/index.js';
import { requiredSnrDb } from '../adr/index.js';
import type { MacHandler } from './types.js';

/**
 * Margin = best SNR of the uplink above the demodulation floor of its spreading factor, in
 * whole dB (0..254); GwCnt = gateways that heard it. Non-LoRa uplinks report margin 0.
 */
export const handleLinkCheckReq: MacHandler<LinkCheckReq> = (session, _cmd, uplink) => {
  let marginDb = 0;
  const best = uplink.copies[0];
  if (best !== undefined) {
    const floorDb = requiredSnrDb(best.txInfo.dataRate);
    const bestSnrDb = Math.max(...uplink.copies.map((c) => c.rxInfo.snrDb));
    if (floorDb !== undefined)
      marginDb = Math.min(254, Math.max(0, Math.floor(bestSnrDb - floorDb)));
  }
  const gwCnt = Math.min(255, new Set(uplink.copies.map((c) => c.rxInfo.gatewayEui)).size);
  return { session, answers: [{ name: 'LinkCheckAns', marginDb, gwCnt }], notes: [] };
};
