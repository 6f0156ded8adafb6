/**
 * Which handshake refusals get a log line and a `refused` event. Strangers choose their node
 * ids and source ports, so remembering every refusal would grow without bound and a flood of
 * bad handshakes would become a flood of events: each (peer, side, reason) is reported at most
 * once per window, and at most `maxKeys` distinct ones per window; the rest are counted.
 */
import type { Clock } from '../clock.js';

export class RefusalReports {
  private readonly reported = new Map<string, number>();
  private suppressedCount = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 256,
  ) {}

  /** True when the refusal of `peer` (a node id or an address) should be reported now. */
  shouldReport(peer: string, side: string, reason: string): boolean {
    const key = `${peer}|${side}|${reason}`;
    const now = this.clock.now();
    const last = this.reported.get(key);
    if (last !== undefined && now - last < this.windowMs) {
      this.suppressedCount += 1;
      return false;
    }
    if (last === undefined && this.reported.size >= this.maxKeys) {
      for (const [k, at] of this.reported) if (now - at >= this.windowMs) this.reported.delete(k);
      if (this.reported.size >= this.maxKeys) {
        this.suppressedCount += 1;
        return false;
      }
    }
    this.reported.set(key, now);
    return true;
  }

  /** A link to `peer` came up: its next refusal is news again. */
  forget(peer: string): void {
    for (const key of this.reported.keys())
      if (key.startsWith(`${peer}|`)) this.reported.delete(key);
  }

  /** Refusals not reported since start. */
  get suppressed(): number {
    return this.suppressedCount;
  }
}
