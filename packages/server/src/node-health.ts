/**
 * What GET /health reports (SPEC "HTTP"), from state kept in memory: part of the composition
 * root, since it reads the sockets, the database and the cluster side together. The event
 * loop and the uplinks shed for overload are sampled once a second so a report stays a memory
 * read; the max over the last second catches a stall that a mean would hide.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { Cluster } from '@lns/db-sync';
import type { HealthReport, HealthStatus } from './api/index.js';
import type { Clock } from './shared/index.js';

export interface HealthConfig {
  /**
   * Event-loop delay above which the node reports `degraded`: past ~0.5 s a class A RX1
   * window (1 s after the uplink) can no longer be met, so the load balancer should move
   * gateways elsewhere.
   */
  readonly maxEventLoopDelayMs: number;
  /**
   * Seconds in a row in which the node shed uplinks (overload) before it reports `degraded`:
   * a burst is absorbed, sustained overload moves gateways to other nodes.
   */
  readonly overloadEnterS: number;
  /** Seconds in a row without shedding before it reports `ok` again. */
  readonly overloadLeaveS: number;
}

export const defaultHealthConfig: HealthConfig = {
  maxEventLoopDelayMs: 500,
  overloadEnterS: 3,
  overloadLeaveS: 10,
};

/**
 * Sustained overload from a once-a-second count of shed uplinks, with hysteresis so that the
 * status does not flap with every second.
 */
export class OverloadMonitor {
  readonly #enterS: number;
  readonly #leaveS: number;
  #lastTotal: number | undefined;
  #shedding = 0;
  #clean = 0;
  #overloaded = false;

  constructor(config: Pick<HealthConfig, 'overloadEnterS' | 'overloadLeaveS'>) {
    this.#enterS = config.overloadEnterS;
    this.#leaveS = config.overloadLeaveS;
  }

  get overloaded(): boolean {
    return this.#overloaded;
  }

  /** One sample of the node's running total of shed uplinks. */
  sample(shedTotal: number): void {
    const shedNow = this.#lastTotal !== undefined && shedTotal > this.#lastTotal;
    this.#lastTotal = shedTotal;
    if (shedNow) {
      this.#shedding += 1;
      this.#clean = 0;
      if (this.#shedding >= this.#enterS) this.#overloaded = true;
    } else {
      this.#clean += 1;
      this.#shedding = 0;
      if (this.#clean >= this.#leaveS) this.#overloaded = false;
    }
  }
}

export interface HealthSources {
  readonly node: string;
  readonly clock: Clock;
  readonly cluster: Pick<Cluster, 'state' | 'clusterId' | 'members'>;
  readonly udpBound: () => boolean;
  readonly dbClosed: () => boolean;
  /** True from the moment the node was asked to drain (SIGTERM, API, a peer). */
  readonly draining: () => boolean;
  /** Uplinks shed for overload since start (ns `load.shed`); absent: never overloaded. */
  readonly shedTotal?: () => number;
}

export class NodeHealth {
  readonly #sources: HealthSources;
  readonly #config: HealthConfig;
  readonly #startedMs: number;
  readonly #loopDelay: IntervalHistogram;
  readonly #overload: OverloadMonitor;
  #lastLoopDelayMs = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(sources: HealthSources, config: HealthConfig = defaultHealthConfig) {
    this.#sources = sources;
    this.#config = config;
    this.#startedMs = sources.clock.monotonicMs();
    this.#loopDelay = monitorEventLoopDelay({ resolution: 20 });
    this.#overload = new OverloadMonitor(config);
  }

  start(): void {
    this.#loopDelay.enable();
    this.#timer = setInterval(() => this.sample(), 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#loopDelay.disable();
  }

  /** Takes the once-a-second samples (the timer calls it; tests call it directly). */
  sample(): void {
    this.#lastLoopDelayMs = this.#loopDelay.max / 1e6;
    this.#loopDelay.reset();
    if (this.#sources.shedTotal !== undefined) this.#overload.sample(this.#sources.shedTotal());
  }

  get uptimeS(): number {
    return Math.floor((this.#sources.clock.monotonicMs() - this.#startedMs) / 1000);
  }

  report(): HealthReport {
    const { cluster, udpBound, dbClosed, draining } = this.#sources;
    const members = cluster.members();
    const udpOk = udpBound();
    const dbOk = !dbClosed();
    let status: HealthStatus = 'ok';
    if (draining() || cluster.state === 'removed') status = 'draining';
    else if (cluster.state === 'starting') status = 'starting';
    else if (
      !udpOk ||
      !dbOk ||
      this.#lastLoopDelayMs > this.#config.maxEventLoopDelayMs ||
      this.#overload.overloaded
    ) {
      status = 'degraded';
    }
    return {
      status,
      node: this.#sources.node,
      uptimeS: this.uptimeS,
      cluster: {
        id: cluster.clusterId,
        members: members.length,
        up: members.filter((m) => m.status === 'up').length,
      },
      udp: udpOk ? 'ok' : 'down',
      db: dbOk ? 'ok' : 'down',
    };
  }
}
