/**
 * Shapes shared by the MAC command handlers: each is a pure function from (session, command,
 * uplink) to the new session, the commands to send back and notes for logs, events and
 * integrations. No I/O, so each has a plain table test.
 */
import type { DownlinkMacCommand, MacCommandName } from '../../lorawan/index.js';
import type { UplinkFrame } from '../../shared/index.js';
import type { NodeSession } from '../model.js';

/** What a handler may know of the uplink that carried the command. */
export interface MacUplink {
  /** Every gateway's copy, best first. */
  readonly copies: readonly UplinkFrame[];
  /** Wall-clock ms when the first copy arrived. */
  readonly receivedMs: number;
}

/** Side effects the caller turns into logs, events and integration events. */
export type MacNote =
  /** The device refused a request: a `mac_error` event. */
  | { readonly kind: 'rejected'; readonly command: MacCommandName; readonly text: string }
  /** A request was given up after `sentCount` sends without an answer: a `mac_error` event. */
  | { readonly kind: 'unanswered'; readonly command: string; readonly sentCount: number }
  /** DevStatusAns: a `status` integration event. */
  | { readonly kind: 'status'; readonly battery: number; readonly marginDb: number }
  /** An answer with no request pending (sticky answers repeat until a downlink): debug log. */
  | { readonly kind: 'unsolicited'; readonly command: MacCommandName }
  /** Parsing stopped at a CID the codec does not know [L2 1.0.4 §5]: debug log. */
  | { readonly kind: 'unknown_cid'; readonly cid: number; readonly offset: number }
  /** A request the network cannot answer (e.g. no valid GPS time): debug log. */
  | { readonly kind: 'unanswerable'; readonly command: MacCommandName; readonly reason: string }
  /** A downlink-only command in an uplink (cannot come from the codec): debug log. */
  | { readonly kind: 'unexpected'; readonly command: MacCommandName };

export interface MacOutcome {
  readonly session: NodeSession;
  /** Commands to send in the next downlink, in order. */
  readonly answers: readonly DownlinkMacCommand[];
  readonly notes: readonly MacNote[];
}

/** A handler of one uplink MAC command. */
export type MacHandler<C> = (session: NodeSession, command: C, uplink: MacUplink) => MacOutcome;
