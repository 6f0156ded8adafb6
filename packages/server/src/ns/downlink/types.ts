/**
 * The seam between uplink and downlink: after an uplink (or join) is processed, the uplink
 * side hands the downlink scheduler one request; the scheduler decides what goes out, in
 * which window, through which gateway, and persists FCntDown before sending.
 */
import type { MacCommand } from '../../lorawan/index.js';
import type { Region } from '../../lorawan/index.js';
import type { UplinkFrame } from '../../shared/radio.js';
import type { NodeSession, Profile } from '../model.js';

/** One received uplink after deduplication: every gateway's copy, best first (by SNR). */
export interface ReceivedUplink {
  readonly copies: readonly UplinkFrame[];
  /** This node's wall-clock time when the first copy arrived (ms since epoch). */
  readonly receivedMs: number;
}

export type ClassARequest =
  | {
      readonly kind: 'data';
      readonly uplink: ReceivedUplink;
      /** The session after the uplink was applied (fCntUp, MAC state, adr). */
      readonly session: NodeSession;
      readonly profile: Profile;
      readonly region: Region;
      /** The uplink was a confirmed one: the downlink must carry ACK. */
      readonly ackRequested: boolean;
      /** MAC commands to send: answers to the uplink's requests, then new requests. */
      readonly macCommands: readonly MacCommand[];
      /** The device asked for a downlink with ADRACKReq (answer even if nothing is queued). */
      readonly adrAckReq: boolean;
      /**
       * The FCntDown the uplink's own session write took for this answer (the session holds
       * its successor), so the answer needs no second write; absent: the scheduler takes one.
       */
      readonly reservedFCntDown?: number;
    }
  | {
      readonly kind: 'join';
      readonly uplink: ReceivedUplink;
      readonly session: NodeSession;
      readonly profile: Profile;
      readonly region: Region;
      /** The encrypted join-accept PHYPayload. */
      readonly joinAccept: Buffer;
    };

export interface DownlinkScheduler {
  /** Schedules the class A answer to one uplink; resolves once it is sent or given up. */
  scheduleClassA(request: ClassARequest): Promise<void>;
  /** Sends queued downlinks of a class C device at once (RX2 parameters). */
  sendClassC(session: NodeSession, profile: Profile, region: Region): Promise<void>;
}
