/** Rules about peer links that do not depend on the node's state. */
import type { Link } from '../transport/index.js';

/**
 * Both nodes may dial at once. Each keeps the link dialed by the lower node id, so both keep
 * the same one; a newer link from the same dialer replaces the old (the peer restarted).
 * True when `candidate` should replace `current` on node `self`.
 */
export function preferLink(self: string, candidate: Link, current: Link): boolean {
  const peer = candidate.peer.nodeId;
  const dialerOf = (l: Link): string => (l.dialed ? self : peer);
  if (dialerOf(candidate) === dialerOf(current)) return true;
  const low = self < peer ? self : peer;
  return dialerOf(candidate) === low;
}
