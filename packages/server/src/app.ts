/**
 * Composition root: builds a node from its config and parts, never listens by itself
 * (main.ts and tests call listen), so tests can build a node on free ports.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import { fastify } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { healthPlugin } from './api/index.js';
import type { HealthReport, HealthStatus } from './api/index.js';
import type { Config } from './config/index.js';
import { ConfigError } from './config/index.js';
import { isRegionName } from './lorawan/index.js';
import { systemClock } from './shared/clock.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { GatewayUdpServer } from './udp/index.js';

export interface NodeDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly clock?: Clock;
}

export interface NodeAddresses {
  readonly httpPort: number;
  readonly udpPort: number;
}

export interface HealthConfig {
  /**
   * Event-loop delay above which the node reports `degraded`: past ~0.5 s a class A RX1
   * window (1 s after the uplink) can no longer be met, so the load balancer should move
   * gateways elsewhere.
   */
  readonly maxEventLoopDelayMs: number;
}

export const defaultHealthConfig: HealthConfig = { maxEventLoopDelayMs: 500 };

export class LnsNode {
  readonly config: Config;
  readonly log: Logger;
  readonly http: FastifyInstance;
  readonly udp: GatewayUdpServer;
  readonly #clock: Clock;
  readonly #startedMs: number;
  readonly #loopDelay: IntervalHistogram;
  #lastLoopDelayMs = 0;
  #loopTimer: ReturnType<typeof setInterval> | undefined;
  #draining = false;

  constructor(deps: NodeDeps) {
    if (!isRegionName(deps.config.region)) {
      throw new ConfigError('LNS_REGION', `"${deps.config.region}" is not a supported region`);
    }
    this.config = deps.config;
    this.log = deps.log;
    this.#clock = deps.clock ?? systemClock;
    this.#startedMs = this.#clock.monotonicMs();
    this.#loopDelay = monitorEventLoopDelay({ resolution: 20 });
    const httpLog: FastifyBaseLogger = this.log.child({ module: 'api' });
    this.http = fastify({ loggerInstance: httpLog });
    this.udp = new GatewayUdpServer({
      host: this.config.udpHost,
      port: this.config.udpPort,
      log: this.log.child({ module: 'udp' }),
      clock: this.#clock,
    });
    void this.http.register(healthPlugin, { getHealth: () => this.health() });
  }

  health(): HealthReport {
    let status: HealthStatus = 'ok';
    if (this.#draining) status = 'draining';
    else if (!this.udp.bound || this.#lastLoopDelayMs > defaultHealthConfig.maxEventLoopDelayMs) {
      status = 'degraded';
    }
    return {
      status,
      node: this.config.node,
      uptimeS: Math.floor((this.#clock.monotonicMs() - this.#startedMs) / 1000),
      cluster: { id: this.config.node, members: 1, up: 1 },
      udp: this.udp.bound ? 'ok' : 'down',
      db: 'none',
    };
  }

  async listen(): Promise<NodeAddresses> {
    this.#loopDelay.enable();
    // Sampled once a second so /health stays a memory read; the max over the last second
    // catches a stall that a mean would hide.
    this.#loopTimer = setInterval(() => {
      this.#lastLoopDelayMs = this.#loopDelay.max / 1e6;
      this.#loopDelay.reset();
    }, 1000);
    this.#loopTimer.unref();
    const udpAddress = await this.udp.listen();
    await this.http.listen({ host: this.config.httpHost, port: this.config.httpPort });
    const httpAddress = this.http.server.address();
    const httpPort = typeof httpAddress === 'object' && httpAddress ? httpAddress.port : 0;
    this.log.info({ httpPort, udpPort: udpAddress.port }, 'node listening');
    return { httpPort, udpPort: udpAddress.port };
  }

  /** Stops taking traffic: /health says `draining` first so load balancers move away. */
  async close(): Promise<void> {
    this.#draining = true;
    if (this.#loopTimer) clearInterval(this.#loopTimer);
    this.#loopDelay.disable();
    await this.udp.close();
    await this.http.close();
    this.log.info('node stopped');
  }
}

export function buildNode(deps: NodeDeps): LnsNode {
  return new LnsNode(deps);
}
