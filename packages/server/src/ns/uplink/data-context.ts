/** The state a data uplink builds up while its steps run (data.ts), and its small readers. */
import type {
  DataUpFrame,
  DownlinkMacCommand,
  Region,
  SessionCrypto,
} from '../../lorawan/index.js';
import type { NodeSession, Profile } from '../model.js';
import type { IntegrationEvent } from '../ports.js';
import type { CollectedUplink } from './dedup.js';
import { need } from './deps.js';
import type { UplinkDeps } from './deps.js';
import type { FCntVerdict } from './fcnt.js';
import type { UplinkLog } from './uplink-log.js';

/** The state a data uplink builds up while its steps run. */
export interface DataUplinkContext {
  readonly deps: UplinkDeps;
  readonly uplink: CollectedUplink;
  readonly frame: DataUpFrame;
  readonly log: UplinkLog;
  /** The session as read from the store, then as the steps change it. */
  session?: NodeSession;
  profile?: Profile;
  region?: Region;
  crypto?: SessionCrypto;
  /** The 32-bit counter the MIC matched with. */
  fCnt32?: number;
  verdict?: FCntVerdict;
  /** Decrypted FRMPayload (MAC commands for FPort 0). */
  payload?: Buffer;
  readonly macAnswers: DownlinkMacCommand[];
  macRequests: readonly DownlinkMacCommand[];
  /** The FCntDown the session write took for the class A answer (data-deliver.ts). */
  reservedFCntDown?: number;
  /** Integration events besides `up`, in the order they arose (ack, status). */
  readonly integrations: IntegrationEvent[];
}

/** A fresh context for one deduplicated data uplink. */
export function newDataUplinkContext(
  deps: UplinkDeps,
  uplink: CollectedUplink,
  frame: DataUpFrame,
  log: UplinkLog,
): DataUplinkContext {
  return { deps, uplink, frame, log, macAnswers: [], macRequests: [], integrations: [] };
}

/** A copy of the last accepted uplink: ACKed again, not delivered again. */
export const isRetransmission = (ctx: DataUplinkContext): boolean =>
  ctx.verdict?.kind === 'retransmission';

/** The copy with the best signal (copies are sorted best first). */
export function best(ctx: DataUplinkContext): CollectedUplink['copies'][number] {
  return need(ctx.uplink.copies[0], 'uplink copy');
}
