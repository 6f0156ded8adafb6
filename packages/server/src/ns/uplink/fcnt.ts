/**
 * Uplink frame-counter rules: the 32-bit counter behind a 16-bit FCnt on air, and what an
 * accepted counter means for delivery under the profile's fcntCheck mode [L2 1.0.4 §4.3.1.5].
 */
import type { FCntCheck, MacVersion } from '../model.js';

const FCNT16 = 0x10000;
const FCNT32_MAX = 0xffffffff;

/**
 * A counter this low after a higher one is a device restart under `reset-allowed`: an ABP
 * device that lost power starts again at 0, and up to 10 of its first frames may be lost
 * (the Erlang lorawan-server's `max_lost_after_reset`).
 */
export const FCNT_RESET_MAX = 10;

/**
 * The 32-bit counters a 16-bit FCnt may stand for, most likely first: the next one at or
 * above the last accepted counter (16-bit rollover included), then the one in the same 2^16
 * epoch below it (a replay or a restart), then the bare 16-bit value (a restart from 0 after
 * the counter passed 65535). The MIC decides which one the device used.
 */
export function fCntCandidates(lastFCnt: number | undefined, fCnt16: number): number[] {
  if (lastFCnt === undefined) return [fCnt16];
  const low = lastFCnt % FCNT16;
  const high = lastFCnt - low;
  const candidates: number[] = [];
  const forward = fCnt16 >= low ? high + fCnt16 : high + FCNT16 + fCnt16;
  if (forward <= FCNT32_MAX) candidates.push(forward);
  if (fCnt16 < low) candidates.push(high + fCnt16);
  if (!candidates.includes(fCnt16)) candidates.push(fCnt16);
  return candidates;
}

/** What a MIC-checked 32-bit counter means for the uplink. */
export type FCntVerdict =
  /** Deliver it and remember the counter. */
  | { readonly kind: 'new' }
  /** Same counter as the last accepted uplink: not delivered again. */
  | { readonly kind: 'retransmission' }
  /** The device restarted its counters (`reset-allowed`): deliver and reset the session's. */
  | { readonly kind: 'reset' }
  /** Lower than the last accepted counter: never delivered. */
  | { readonly kind: 'replay' }
  /** Too far ahead for a pre-1.0.4 device: dropped [L2 1.0.3 §4.3.1.5 MAX_FCNT_GAP]. */
  | { readonly kind: 'gap'; readonly gap: number };

export interface FCntCheckInput {
  readonly mode: FCntCheck;
  readonly macVersion: MacVersion;
  /** Last accepted 32-bit counter; undefined before the session's first uplink. */
  readonly lastFCnt: number | undefined;
  /** The counter the MIC matched with. */
  readonly fCnt32: number;
  readonly maxFCntGap: number;
}

/** Classifies a MIC-checked counter. Pure; table-tested in fcnt.test.ts. */
export function checkFCnt(input: FCntCheckInput): FCntVerdict {
  const { mode, lastFCnt, fCnt32 } = input;
  if (mode === 'disabled' || lastFCnt === undefined) return { kind: 'new' };
  if (fCnt32 > lastFCnt) {
    const gap = fCnt32 - lastFCnt;
    // [L2 1.0.4 §4.3.1.5] 1.0.4 dropped MAX_FCNT_GAP: 32-bit counters make it unnecessary.
    if (input.macVersion !== '1.0.4' && gap > input.maxFCntGap) return { kind: 'gap', gap };
    return { kind: 'new' };
  }
  if (fCnt32 === lastFCnt) return { kind: 'retransmission' };
  if (mode === 'reset-allowed' && fCnt32 < FCNT_RESET_MAX) return { kind: 'reset' };
  return { kind: 'replay' };
}
