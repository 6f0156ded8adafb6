/**
 * The uplink pipeline is a list of named steps run in order (C `uplink/data.rs`). A step
 * mutates its context and returns nothing to go on, or a Drop: an expected per-packet outcome
 * (bad MIC, replay...), counted as a metric and maybe reported as an event, never an error.
 */
import type { EventKind, EventSeverity } from '../model.js';
import type { UplinkDropReason } from '../ports.js';

/** An event a drop reports to the events log. */
export interface DropEvent {
  readonly kind: EventKind;
  readonly severity: EventSeverity;
  /** DevEUI, DevAddr or gateway EUI the event is about. */
  readonly entity: string;
  readonly text: string;
  /**
   * Reported at most once a minute per kind and entity: traffic from other networks' devices
   * and unregistered gateways would otherwise flood the events log. The metric counts every drop.
   */
  readonly rateLimited?: boolean;
}

/** Why an uplink stopped before delivery; `detail` goes to the debug log only. */
export class Drop {
  readonly reason: UplinkDropReason;
  readonly event: DropEvent | undefined;
  readonly detail: Readonly<Record<string, string | number | boolean>>;

  constructor(
    reason: UplinkDropReason,
    event?: DropEvent,
    detail: Readonly<Record<string, string | number | boolean>> = {},
  ) {
    this.reason = reason;
    this.event = event;
    this.detail = detail;
  }
}

/** What a step returns: undefined to go on, a Drop to stop. */
export type StepResult = Drop | undefined;

/** One named step; `skip` lets a step sit out (e.g. retransmissions skip delivery). */
export interface Step<C> {
  readonly name: string;
  readonly run: (ctx: C) => StepResult | Promise<StepResult>;
  readonly skip?: (ctx: C) => boolean;
}

/** How a step list ended: all ran, one dropped, or one threw. */
export type StepsOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'drop'; readonly step: string; readonly drop: Drop }
  | { readonly kind: 'error'; readonly step: string; readonly error: unknown };

/** Runs `steps` in order on `ctx`; never throws (a throwing step ends as `error`). */
export async function runSteps<C>(steps: readonly Step<C>[], ctx: C): Promise<StepsOutcome> {
  for (const step of steps) {
    try {
      if (step.skip?.(ctx) === true) continue;
      const pending = step.run(ctx);
      // Most steps are synchronous: awaiting only promises keeps them off the microtask queue.
      const result = pending instanceof Promise ? await pending : pending;
      if (result !== undefined) return { kind: 'drop', step: step.name, drop: result };
    } catch (error) {
      return { kind: 'error', step: step.name, error };
    }
  }
  return { kind: 'done' };
}
