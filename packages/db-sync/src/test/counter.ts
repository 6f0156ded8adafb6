/** A record with a frame counter, as the merge tests write it. */
export interface Counter {
  readonly by: string;
  readonly fCnt: number;
}

/** Frame counters merge by maximum; every other field is the last writer's. */
export function maxCounter(winner: Counter, loser: Counter): Counter {
  return { ...winner, fCnt: Math.max(winner.fCnt, loser.fCnt) };
}
