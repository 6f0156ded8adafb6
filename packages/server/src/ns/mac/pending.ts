/**
 * Requests the server sent and waits to see answered (`session.pendingMac`). They go out with
 * every downlink until the device answers, at most `maxMacResends` times; the answer handlers
 * settle them.
 */
import { decodeMacCommands, encodeMacCommands } from '../../lorawan/index.js';
import type { DownlinkMacCommand } from '../../lorawan/index.js';
import type { NodeSession, PendingMacCommand } from '../model.js';

function decodePending(entry: PendingMacCommand): DownlinkMacCommand | undefined {
  try {
    const [cmd] = decodeMacCommands(Buffer.from(entry.hex, 'hex'), 'down');
    if (cmd === undefined || cmd.name === 'Unparsed') return undefined;
    return cmd as DownlinkMacCommand;
  } catch {
    // A record written by another version or edited by hand: not worth failing the uplink.
    return undefined;
  }
}

/** The command name of a pending entry, for logs and events ("cid 0x06" if it won't decode). */
export function pendingCommandName(entry: PendingMacCommand): string {
  return decodePending(entry)?.name ?? `cid 0x${entry.cid.toString(16).padStart(2, '0')}`;
}

/** The pending requests with this CID, decoded, in the order they were queued. */
export function pendingRequests(session: NodeSession, cid: number): DownlinkMacCommand[] {
  const out: DownlinkMacCommand[] = [];
  for (const entry of session.pendingMac ?? []) {
    if (entry.cid !== cid) continue;
    const cmd = decodePending(entry);
    if (cmd !== undefined) out.push(cmd);
  }
  return out;
}

/** The session without pending requests of this CID (`first`: only the oldest one). */
export function withoutPending(session: NodeSession, cid: number, first = false): NodeSession {
  const pending = session.pendingMac ?? [];
  const at = pending.findIndex((e) => e.cid === cid);
  if (at < 0) return session;
  const rest = first
    ? [...pending.slice(0, at), ...pending.slice(at + 1)]
    : pending.filter((e) => e.cid !== cid);
  return { ...session, pendingMac: rest };
}

/**
 * Queues requests; ones already pending with the same CID are replaced, since a new block
 * (e.g. LinkADRReq) supersedes the old one [L2 1.0.4 §5.2].
 */
export function addPendingRequests(
  session: NodeSession,
  commands: readonly DownlinkMacCommand[],
): NodeSession {
  if (commands.length === 0) return session;
  const cids = new Set<number>();
  const added: PendingMacCommand[] = commands.map((cmd) => {
    const bytes = encodeMacCommands([cmd], 'down');
    cids.add(bytes[0]!);
    return { cid: bytes[0]!, hex: bytes.toString('hex'), sentCount: 0 };
  });
  const kept = (session.pendingMac ?? []).filter((e) => !cids.has(e.cid));
  return { ...session, pendingMac: [...kept, ...added] };
}

/** What goes into the next downlink and what was given up. */
export interface PendingForDownlink {
  /** The session with sent counts raised and given-up requests removed. */
  readonly session: NodeSession;
  readonly commands: readonly DownlinkMacCommand[];
  /** Requests already sent `maxSends` times: dropped, each a `mac_error` event. */
  readonly expired: readonly PendingMacCommand[];
}

/**
 * Takes every pending request for the next downlink and counts the send. Counting at hand-off
 * (not on TX_ACK) may count a downlink the gateway never sent: a resend is lost, never extra.
 */
export function takePendingForDownlink(session: NodeSession, maxSends: number): PendingForDownlink {
  const pending = session.pendingMac ?? [];
  if (pending.length === 0) return { session, commands: [], expired: [] };
  const kept: PendingMacCommand[] = [];
  const commands: DownlinkMacCommand[] = [];
  const expired: PendingMacCommand[] = [];
  for (const entry of pending) {
    const cmd = decodePending(entry);
    if (cmd === undefined || entry.sentCount >= maxSends) {
      expired.push(entry);
      continue;
    }
    commands.push(cmd);
    kept.push({ ...entry, sentCount: entry.sentCount + 1 });
  }
  return { session: { ...session, pendingMac: kept }, commands, expired };
}
