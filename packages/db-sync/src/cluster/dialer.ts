/**
 * Dialing the members this node has no link to: one dialer per peer, retried with
 * exponential backoff and jitter until a link is up or the peer stops being a member.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Link } from '../transport/index.js';
import type { ClusterTiming } from './api.js';

interface Dialer {
  timer: TimerHandle | undefined;
  attempt: number;
  busy: boolean;
}

/** What the dialers ask of the node. */
export interface DialerHost {
  readonly clock: Clock;
  readonly log: Logger;
  readonly timing: ClusterTiming;
  random(): number;
  /** Whether to dial `peer` now: its address, `skip` (not now), or `stop` (not a member). */
  dialTarget(peer: string): { readonly address: string } | 'skip' | 'stop';
  connect(peer: string, address: string): Promise<Link>;
  onLink(link: Link): void;
  onDialFailed(peer: string, address: string, err: unknown): void;
}

export class Dialers {
  private readonly dialers = new Map<string, Dialer>();
  private readonly host: DialerHost;
  private stopped = false;

  constructor(host: DialerHost) {
    this.host = host;
  }

  has(peer: string): boolean {
    return this.dialers.has(peer);
  }

  peers(): string[] {
    return [...this.dialers.keys()];
  }

  /** Makes sure `peer` has a dialer (none scheduled yet). */
  ensure(peer: string): void {
    if (!this.dialers.has(peer))
      this.dialers.set(peer, { timer: undefined, attempt: 0, busy: false });
  }

  /** The next failure of `peer` backs off from the start again. */
  resetBackoff(peer: string): void {
    const dialer = this.dialers.get(peer);
    if (dialer !== undefined) dialer.attempt = 0;
  }

  stop(peer: string): void {
    const dialer = this.dialers.get(peer);
    if (dialer?.timer !== undefined) this.host.clock.clearTimeout(dialer.timer);
    this.dialers.delete(peer);
  }

  /** Stops every dialer; with `forever`, none is scheduled again (the cluster closes). */
  stopAll(forever = false): void {
    for (const peer of this.peers()) this.stop(peer);
    if (forever) this.stopped = true;
  }

  /** Dials `peer` after `delayMs` (replacing a dial already scheduled). */
  schedule(peer: string, delayMs: number): void {
    const dialer = this.dialers.get(peer);
    if (dialer === undefined || this.stopped) return;
    const { clock } = this.host;
    if (dialer.timer !== undefined) clock.clearTimeout(dialer.timer);
    dialer.timer = clock.setTimeout(() => {
      dialer.timer = undefined;
      this.dial(peer);
    }, delayMs);
  }

  /** The delay before retry number `attempt`. */
  backoff(attempt: number): number {
    const { reconnectMinMs, reconnectMaxMs } = this.host.timing;
    const base = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** Math.min(attempt, 20));
    // Jitter spreads the retries of many nodes that lost the same peer at the same moment.
    return Math.round(base * (0.5 + this.host.random() * 0.5));
  }

  private dial(peer: string): void {
    const dialer = this.dialers.get(peer);
    if (dialer === undefined || dialer.busy || this.stopped) return;
    const target = this.host.dialTarget(peer);
    if (target === 'stop') {
      this.stop(peer);
      return;
    }
    if (target === 'skip') return;
    dialer.busy = true;
    this.host
      .connect(peer, target.address)
      .then(
        (link) => {
          dialer.busy = false;
          this.host.onLink(link);
        },
        (err: unknown) => {
          dialer.busy = false;
          if (this.stopped) return;
          this.host.onDialFailed(peer, target.address, err);
          if (this.dialers.get(peer) === dialer) {
            dialer.attempt += 1;
            this.schedule(peer, this.backoff(dialer.attempt));
          }
        },
      )
      .catch((err: unknown) => this.host.log.error({ err, peer }, 'dial handling failed'));
  }
}
