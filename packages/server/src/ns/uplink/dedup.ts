/**
 * Gathers the copies of one uplink that several gateways heard (same PHYPayload bytes) for a
 * short window, then hands them on once, best copy first. A copy that arrives after its window
 * closed is a duplicate, as in ChirpStack (`deduplication_delay`) and TTS (cooldown window).
 */
import type { Clock, Eui64, TimerHandle, UplinkFrame } from '../../shared/index.js';
import type { Gateway } from '../model.js';
import type { ReceivedUplink } from '../downlink/types.js';

/** One gateway's copy with the gateway record it came through. */
export interface UplinkCopy {
  readonly frame: UplinkFrame;
  readonly gateway: Gateway;
  /** Wall-clock ms when this node got the copy. */
  readonly receivedMs: number;
}

/** Every copy of one uplink, best first, as the pipeline sees it. */
export interface CollectedUplink extends ReceivedUplink {
  /** The gateway record of each copy, by EUI. */
  readonly gateways: ReadonlyMap<Eui64, Gateway>;
  /** Clock.monotonicMs() at the first copy, for the processing-time metric. */
  readonly firstMonoMs: number;
}

/** What became of one copy given to the deduplicator. */
export type DedupVerdict =
  /** First copy: a window opened. */
  | 'first'
  /** Another gateway's copy inside the window. */
  | 'added'
  /** The same gateway again inside the window: kept once (the better of the two). */
  | 'same_gateway'
  /** After the window closed: a duplicate. */
  | 'late'
  /** A new uplink while `maxOpen` windows are open: not taken (overload). */
  | 'full';

export interface DeduplicatorOptions {
  readonly clock: Clock;
  readonly windowMs: number;
  /** How long after its window closed a copy still counts as a late duplicate. */
  readonly lateMs: number;
  /** Windows open at once: the rate times the window under any sane load; a bound on memory. */
  readonly maxOpen?: number;
  /** Called once per uplink when its window closes; must not throw. */
  readonly onCollected: (uplink: CollectedUplink) => void;
}

interface OpenWindow {
  readonly copies: Map<Eui64, UplinkCopy>;
  readonly receivedMs: number;
  readonly firstMonoMs: number;
  readonly timer: TimerHandle;
}

/** Better copy first: higher SNR (LoRa demodulation margin), then higher RSSI. */
export function compareCopies(a: UplinkFrame, b: UplinkFrame): number {
  return b.rxInfo.snrDb - a.rxInfo.snrDb || b.rxInfo.rssiDbm - a.rxInfo.rssiDbm;
}

export class Deduplicator {
  readonly #opts: DeduplicatorOptions;
  readonly #open = new Map<string, OpenWindow>();
  /** Closed windows' keys -> monotonic ms until which copies count as late; age ordered. */
  readonly #closed = new Map<string, number>();

  constructor(opts: DeduplicatorOptions) {
    this.#opts = opts;
  }

  add(copy: UplinkCopy): DedupVerdict {
    const nowMs = this.#opts.clock.monotonicMs();
    this.#pruneClosed(nowMs);
    // The bytes are the identity: a retransmission (same FCnt) is the same uplink again.
    const key = copy.frame.phyPayload.toString('base64');
    const open = this.#open.get(key);
    if (open !== undefined) {
      const gatewayEui = copy.frame.rxInfo.gatewayEui;
      const known = open.copies.get(gatewayEui);
      if (known === undefined) {
        open.copies.set(gatewayEui, copy);
        return 'added';
      }
      if (compareCopies(copy.frame, known.frame) < 0) open.copies.set(gatewayEui, copy);
      return 'same_gateway';
    }
    if (this.#closed.has(key)) return 'late';
    if (this.#open.size >= (this.#opts.maxOpen ?? Number.POSITIVE_INFINITY)) return 'full';
    const timer = this.#opts.clock.setTimeout(() => this.#close(key), this.#opts.windowMs);
    this.#open.set(key, {
      copies: new Map([[copy.frame.rxInfo.gatewayEui, copy]]),
      receivedMs: copy.receivedMs,
      firstMonoMs: nowMs,
      timer,
    });
    return 'first';
  }

  /** Closes every open window now (shutdown): their uplinks are handed on at once. */
  flush(): void {
    for (const [key, window] of [...this.#open]) {
      this.#opts.clock.clearTimeout(window.timer);
      this.#close(key);
    }
  }

  get openWindows(): number {
    return this.#open.size;
  }

  #close(key: string): void {
    const window = this.#open.get(key);
    if (window === undefined) return;
    this.#open.delete(key);
    this.#closed.set(key, this.#opts.clock.monotonicMs() + this.#opts.lateMs);
    const copies = [...window.copies.values()].sort((a, b) => compareCopies(a.frame, b.frame));
    this.#opts.onCollected({
      copies: copies.map((c) => c.frame),
      gateways: new Map(copies.map((c) => [c.frame.rxInfo.gatewayEui, c.gateway])),
      receivedMs: window.receivedMs,
      firstMonoMs: window.firstMonoMs,
    });
  }

  #pruneClosed(nowMs: number): void {
    for (const [key, untilMs] of this.#closed) {
      if (untilMs > nowMs) break;
      this.#closed.delete(key);
    }
  }
}
