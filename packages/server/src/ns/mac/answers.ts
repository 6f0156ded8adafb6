/**
 * Shared bookkeeping of the answer handlers: settle the pending request, remember the answer
 * on the session (`macAnswers`), and note a refusal for the `mac_error` event.
 */
import type { MacCommandName } from '../../lorawan/index.js';
import type { NodeSession } from '../model.js';
import { pendingRequests, withoutPending } from './pending.js';
import type { MacNote, MacOutcome, MacUplink } from './types.js';

/** The session with `command`'s latest answer recorded (one entry per command name). */
export function recordAnswer(
  session: NodeSession,
  command: MacCommandName,
  accepted: boolean,
  receivedMs: number,
): NodeSession {
  const others = (session.macAnswers ?? []).filter((a) => a.command !== command);
  const time = new Date(receivedMs).toISOString();
  return { ...session, macAnswers: [...others, { command, accepted, time }] };
}

export interface AnswerSettlement {
  readonly cid: number;
  readonly answer: MacCommandName;
  readonly request: MacCommandName;
  readonly accepted: boolean;
  /** Which parts the device refused, for the event text. */
  readonly refused?: readonly string[];
  /**
   * Settle only the oldest pending request of this CID: for requests sent several at a time
   * that the device answers one by one (NewChannelReq, DlChannelReq).
   */
  readonly one?: boolean;
}

/** Settles one answer; `refused` parts become the `mac_error` text. */
export function settleAnswer(
  session: NodeSession,
  settlement: AnswerSettlement,
  uplink: MacUplink,
): MacOutcome {
  const { cid, answer, request, accepted } = settlement;
  const notes: MacNote[] = [];
  if (pendingRequests(session, cid).length === 0)
    notes.push({ kind: 'unsolicited', command: answer });
  if (!accepted) {
    const refused = settlement.refused ?? [];
    const detail = refused.length > 0 ? `: ${refused.join(', ')} refused` : '';
    notes.push({ kind: 'rejected', command: request, text: `${request} rejected${detail}` });
  }
  const settled = withoutPending(session, cid, settlement.one === true);
  return {
    session: recordAnswer(settled, answer, accepted, uplink.receivedMs),
    answers: [],
    notes,
  };
}

/** Names of the false flags, for `refused`. */
export function refusedParts(flags: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(flags)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
}
