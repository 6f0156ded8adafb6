/**
 * Device ownership: which node of the cluster answers for a device [DESIGN "The cluster as one
 * network server"]. Rendezvous (highest-random-weight) hashing: every member scores every key
 * and the highest score owns it. Unlike a modulo hash, a member leaving moves only its own keys
 * (to the runners-up) and a member joining takes only the keys it now wins, about 1/N of them.
 * Pure: no I/O, no clock, the same answer on every node that has the same member list.
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit number. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * MurmurHash3's finaliser: FNV alone leaves the low bits of similar keys (DevAddrs that differ
 * in one nibble) correlated; the avalanche makes each member's score independent.
 */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The score of `member` (given as its hash) for `key` (given as its hash). */
function score(keyHash: number, memberHash: number): number {
  return fmix32((keyHash ^ fmix32(memberHash)) >>> 0);
}

/** The ownership key of a data frame's session. */
export function devAddrKey(devAddr: string): string {
  return `devAddr:${devAddr}`;
}

/** The ownership key of a join-request's device. */
export function devEuiKey(devEui: string): string {
  return `devEui:${devEui}`;
}

/**
 * A fixed member list that answers "who owns this key". Build a new one when membership
 * changes; member hashes are computed once per view, so a lookup costs one FNV pass over the
 * key plus one mix per member.
 */
export class OwnershipView {
  /** The members, sorted, without duplicates. */
  readonly members: readonly string[];
  readonly #hashes: readonly number[];

  constructor(members: Iterable<string>) {
    this.members = [...new Set(members)].sort();
    this.#hashes = this.members.map(fnv1a32);
  }

  /** The owner of `key`, or undefined when the view has no member. */
  owner(key: string): string | undefined {
    const keyHash = fnv1a32(key);
    let best: string | undefined;
    let bestScore = -1;
    for (let i = 0; i < this.members.length; i++) {
      const s = score(keyHash, this.#hashes[i]!);
      // Ties (1 in 2^32) go to the smaller name: members are sorted, so keep the first.
      if (s > bestScore) {
        bestScore = s;
        best = this.members[i];
      }
    }
    return best;
  }

  /** True when both views have the same members. */
  sameMembers(other: OwnershipView): boolean {
    return (
      this.members.length === other.members.length &&
      this.members.every((m, i) => m === other.members[i])
    );
  }
}
