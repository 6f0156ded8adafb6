/**
 * HTTP integration: POSTs each event as JSON (SPEC "Integration event") to the record's URL.
 * Unlike lorawan-server's HTTP connector, which loses an uplink when the endpoint is down, a
 * failed POST is retried with back-off; a bounded queue absorbs bursts and outages and drops
 * its oldest event, counted, when full.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IntegrationEventJson } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import { QueuedOutput } from './output.js';

export interface HttpIntegrationConfig {
  /** Per attempt: 5 s is far above a healthy webhook's latency, short enough not to pile up. */
  readonly timeoutMs: number;
  /** Extra attempts after the first: 2 ride out a restart of the receiver without a backlog. */
  readonly retries: number;
  /** Wait before the first retry, doubled for each next one (1 s, 2 s). */
  readonly retryDelayMs: number;
  /** Events buffered per integration: 1000 is minutes of a busy network, a few MB at most. */
  readonly maxQueue: number;
  /** POSTs in flight at once: 4 keeps up with a slow receiver without flooding it. */
  readonly concurrency: number;
}

export const defaultHttpIntegrationConfig: HttpIntegrationConfig = {
  timeoutMs: 5_000,
  retries: 2,
  retryDelayMs: 1_000,
  maxQueue: 1_000,
  concurrency: 4,
};

export interface HttpIntegrationOptions {
  readonly id: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly log: Logger;
  readonly config?: Partial<HttpIntegrationConfig> | undefined;
}

/** Why one attempt failed, and whether another attempt may succeed. */
interface AttemptFailure {
  readonly reason: string;
  readonly retry: boolean;
}

export class HttpIntegration extends QueuedOutput {
  readonly id: string;
  readonly #url: string;
  readonly #headers: Headers;
  readonly #config: HttpIntegrationConfig;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  readonly #workers = new Set<Promise<void>>();
  #failing = false;

  constructor(options: HttpIntegrationOptions) {
    const config = { ...defaultHttpIntegrationConfig, ...options.config };
    super(config.maxQueue);
    this.id = options.id;
    this.#url = options.url;
    this.#config = config;
    this.#log = options.log.child({ integration: options.id, integrationType: 'http' });
    this.#headers = new Headers(options.headers);
    this.#headers.set('content-type', 'application/json');
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.counters.dropped += this.queue.clear();
    this.#abort.abort();
    await Promise.all([...this.#workers]);
  }

  protected override pump(): void {
    while (!this.closed && this.inFlight < this.#config.concurrency && this.queue.length > 0) {
      const event = this.queue.shift();
      if (event === undefined) return;
      this.inFlight += 1;
      const worker = this.#send(event)
        .catch((err: unknown) => {
          // #send handles its own failures; this only guards against a bug.
          this.#log.error({ err }, 'integration worker failed');
        })
        .finally(() => {
          this.inFlight -= 1;
          this.#workers.delete(worker);
          this.pump();
        });
      this.#workers.add(worker);
    }
  }

  async #send(event: IntegrationEventJson): Promise<void> {
    const body = JSON.stringify(event);
    let failure: AttemptFailure | undefined;
    for (let attempt = 0; attempt <= this.#config.retries; attempt += 1) {
      if (attempt > 0) {
        const delayMs = this.#config.retryDelayMs * 2 ** (attempt - 1);
        const slept = await sleep(delayMs, true, { signal: this.#abort.signal }).catch(() => false);
        if (!slept) break;
      }
      failure = await this.#attempt(body);
      if (failure === undefined) {
        this.counters.sent += 1;
        if (this.#failing) this.#log.info('integration endpoint recovered');
        this.#failing = false;
        return;
      }
      if (!failure.retry || this.closed) break;
    }
    if (this.closed) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.failed += 1;
    const fields = { type: event.type, reason: failure?.reason };
    // One warning when the endpoint starts failing, not one per event while it stays down.
    if (this.#failing) this.#log.debug(fields, 'integration post failed');
    else this.#log.warn(fields, 'integration post failed');
    this.#failing = true;
  }

  async #attempt(body: string): Promise<AttemptFailure | undefined> {
    try {
      const res = await fetch(this.#url, {
        method: 'POST',
        headers: this.#headers,
        body,
        // A redirect would turn the POST into a GET: report it instead of following it.
        redirect: 'manual',
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#config.timeoutMs)]),
      });
      await res.body?.cancel();
      if (res.ok) return undefined;
      const retry = res.status >= 500 || res.status === 408 || res.status === 429;
      return { reason: `http ${res.status}`, retry };
    } catch (err) {
      return { reason: err instanceof Error ? err.message : String(err), retry: true };
    }
  }
}
