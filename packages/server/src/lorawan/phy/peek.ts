/**
 * The identity of an uplink read from its first bytes only, without decoding or checking it:
 * what a cluster node needs to route a gateway's copy to the node that owns the device. A
 * frame that fails the full decode later is dropped there; this only has to be cheap.
 */
import type { DevAddr, Eui64 } from '../../shared/ids.js';
import { readDevAddr, readEui64 } from './wire-ids.js';

/** Whom an uplink is about: the session (data frames) or the device (join-requests). */
export type UplinkIdentity =
  | { readonly kind: 'devAddr'; readonly devAddr: DevAddr }
  | { readonly kind: 'devEui'; readonly devEui: Eui64 };

/** MHDR (1) + DevAddr (4) + FCtrl (1) + FCnt (2) + MIC (4) [L2 1.0.4 §4.3]. */
const MIN_DATA_BYTES = 12;
/** MHDR (1) + JoinEUI (8) + DevEUI (8) + DevNonce (2) + MIC (4) [L2 1.0.4 §6.2.5]. */
const JOIN_REQUEST_BYTES = 23;

/**
 * The DevAddr of an uplink data frame (MType 010/100) or the DevEUI of a join-request
 * (MType 000); undefined for any other MType, a wrong major version or too few bytes.
 */
export function peekUplinkIdentity(phyPayload: Buffer): UplinkIdentity | undefined {
  const mhdr = phyPayload[0];
  if (mhdr === undefined || (mhdr & 0b11) !== 0) return undefined;
  const mType = mhdr >>> 5;
  if ((mType === 0b010 || mType === 0b100) && phyPayload.length >= MIN_DATA_BYTES) {
    return { kind: 'devAddr', devAddr: readDevAddr(phyPayload, 1) };
  }
  if (mType === 0b000 && phyPayload.length === JOIN_REQUEST_BYTES) {
    return { kind: 'devEui', devEui: readEui64(phyPayload, 9) };
  }
  return undefined;
}
