/**
 * "Join me" (Cluster.addMember), both sides: a `control` link asks the node at the other end to
 * join the cluster of the node that dialed, through it as db_master (join-client.ts does that).
 */
import { SyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import { linkMailbox } from '../membership/join.js';
import { parseAddress } from '../transport/index.js';
import type { Link } from '../transport/index.js';

/** What this node is, as far as a "join me" request cares. */
export interface JoinMeFacts {
  /** A join is running already. */
  readonly joining: boolean;
  readonly removed: boolean;
  /** The asking node is in this node's cluster and this node is an active member of it. */
  readonly memberOfAskers: boolean;
  /** This node has other active members (a cluster of its own). */
  readonly hasOthers: boolean;
}

/**
 * Why this node will not join (`already_member` is an ok answer), or undefined: a node alone
 * or removed joins; one with a cluster of its own does not.
 */
export function joinMeRefusal(facts: JoinMeFacts): string | undefined {
  if (facts.joining) return 'not_ready';
  if (facts.memberOfAskers) return 'already_member';
  if (facts.removed) return undefined;
  return facts.hasOthers ? 'member_of_another_cluster' : undefined;
}

/**
 * Answers the `join_me {master}` request on `link`, then closes it; `accept` starts the join
 * through `master` when `refusal` allowed it.
 */
export function answerJoinMe(
  link: Link,
  refusal: (link: Link) => string | undefined,
  accept: (master: string) => void,
  log: Logger,
): void {
  linkMailbox(link)
    .next()
    .then((m) => {
      if (m.t !== 'join_me' || typeof m.master !== 'string') {
        link.close('protocol_error');
        return;
      }
      const reason = refusal(link);
      if (reason === 'already_member') {
        link.send({ t: 'join_me_reply', ok: true, already: true });
        link.close('done');
        return;
      }
      if (reason !== undefined) {
        link.send({ t: 'join_me_reply', ok: false, reason });
        link.close('done');
        return;
      }
      parseAddress(m.master);
      link.send({ t: 'join_me_reply', ok: true });
      link.close('done');
      log.info({ master: m.master, by: link.peer.nodeId }, 'asked to join');
      accept(m.master);
    })
    .catch((err: unknown) => {
      log.debug({ err }, 'control request failed');
      link.close('protocol_error');
    });
}

/**
 * Asks the node at the other end of `link` (a `control` link) to join through `master`; closes
 * the link. Throws SYNC_JOIN_FAILED with the reason when it will not.
 */
export async function askToJoin(link: Link, master: string, address: string): Promise<void> {
  const peerId = link.peer.nodeId;
  const mailbox = linkMailbox(link);
  link.send({ t: 'join_me', master });
  let reply;
  try {
    reply = await mailbox.next();
  } finally {
    link.close('done');
  }
  if (reply.t !== 'join_me_reply' || reply.ok !== true) {
    const reason = typeof reply.reason === 'string' ? reply.reason : 'unknown';
    throw new SyncError('SYNC_JOIN_FAILED', `${peerId} at ${address} will not join: ${reason}`, {
      reason,
      peer: peerId,
      address,
    });
  }
}
