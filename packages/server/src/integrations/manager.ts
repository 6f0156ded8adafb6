/**
 * Runs one output per enabled integration record and feeds it the bus's events of the types
 * it asked for. It follows the replicated `integrations` table while running, so a record
 * created, changed, disabled or deleted through any node's API takes effect on every node.
 *
 * Cluster: every node runs its own manager, but the bus is local and only the node that
 * processed an uplink (or join, ack...) publishes its event, so each event leaves the cluster
 * once, not once per node as with lorawan-server's cluster-wide pg2 fan-out.
 */
import type { IntegrationEventType, IntegrationRecord } from '../ns/index.js';
import type { IntegrationEventJson } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import type { IntegrationBus } from './bus.js';
import { HttpIntegration } from './http.js';
import type { HttpIntegrationConfig } from './http.js';
import { MqttIntegration } from './mqtt.js';
import type { MqttIntegrationConfig } from './mqtt.js';
import type { IntegrationOutput, IntegrationStats } from './output.js';

/**
 * The replicated `integrations` table as the manager follows it: store/'s LnsStore is one
 * (named by shape, so integrations/ does not depend on store/).
 */
export interface IntegrationTable {
  readonly db: {
    onChange(
      listener: (change: {
        readonly source: string;
        readonly ops: readonly { readonly table: string }[];
      }) => void,
    ): () => void;
  };
  readonly integrations: {
    readonly name: string;
    list(query: Record<string, never>): Promise<{ readonly items: readonly IntegrationRecord[] }>;
  };
}

/** Delivery counters of one integration, summed over its reconfigurations (for /metrics). */
export interface IntegrationDeliveryStats extends IntegrationStats {
  readonly id: string;
  readonly type: IntegrationRecord['type'];
  /** Whether an output runs for it now (enabled and started). */
  readonly running: boolean;
}

/** Builds the output of one enabled record. */
export type IntegrationOutputFactory = (
  record: IntegrationRecord,
  context: { readonly node: string; readonly log: Logger },
) => IntegrationOutput;

export interface IntegrationManagerOptions {
  readonly store: IntegrationTable;
  readonly bus: IntegrationBus;
  readonly log: Logger;
  /** This node's name (MQTT client ids). */
  readonly node: string;
  readonly http?: Partial<HttpIntegrationConfig> | undefined;
  readonly mqtt?: Partial<MqttIntegrationConfig> | undefined;
  /** Replaces the built-in HTTP/MQTT outputs (tests). */
  readonly createOutput?: IntegrationOutputFactory | undefined;
}

interface Running {
  readonly record: IntegrationRecord;
  readonly output: IntegrationOutput;
  events: ReadonlySet<IntegrationEventType>;
}

const zeroStats: IntegrationStats = { sent: 0, failed: 0, dropped: 0, queued: 0 };

function addStats(a: IntegrationStats, b: IntegrationStats): IntegrationStats {
  return {
    sent: a.sent + b.sent,
    failed: a.failed + b.failed,
    dropped: a.dropped + b.dropped,
    queued: a.queued + b.queued,
  };
}

/** Fields that need a new output (connection, client) when they change; `events` does not. */
function outputKey(record: IntegrationRecord): string {
  const headers = Object.entries(record.headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([record.type, record.url, record.topic ?? null, headers]);
}

export class IntegrationManager {
  readonly #store: IntegrationTable;
  readonly #bus: IntegrationBus;
  readonly #log: Logger;
  readonly #node: string;
  readonly #createOutput: IntegrationOutputFactory;
  readonly #running = new Map<string, Running>();
  /** Counters of outputs closed by a reconfigure or a disable, so the totals never go down. */
  readonly #retired = new Map<
    string,
    { type: IntegrationRecord['type']; stats: IntegrationStats }
  >();
  /** Outputs closing now: still counted until their final counters move to #retired. */
  readonly #stopping = new Map<Promise<void>, Running>();
  /** Ids in the table at the last reload; counters of deleted ones are forgotten. */
  #known = new Set<string>();
  #unsubscribe: (() => void)[] = [];
  #reloading: Promise<void> | undefined;
  #dirty = false;
  #started = false;
  #closed = false;

  constructor(options: IntegrationManagerOptions) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#log = options.log.child({ module: 'integrations' });
    this.#node = options.node;
    this.#createOutput =
      options.createOutput ??
      ((record, ctx) =>
        record.type === 'http'
          ? new HttpIntegration({
              id: record.id,
              url: record.url,
              headers: record.headers,
              log: ctx.log,
              config: options.http,
            })
          : new MqttIntegration({
              id: record.id,
              url: record.url,
              topic: record.topic,
              node: ctx.node,
              log: ctx.log,
              config: options.mqtt,
            }));
  }

  /** Starts the enabled integrations and follows the table; resolves once they are started. */
  async start(): Promise<void> {
    if (this.#started || this.#closed) return;
    this.#started = true;
    const table = this.#store.integrations.name;
    // Listen before the first read, so a write between the two is not missed.
    this.#unsubscribe.push(
      this.#store.db.onChange((change) => {
        if (change.source === 'reset' || change.ops.some((op) => op.table === table)) {
          this.#scheduleReload();
        }
      }),
      this.#bus.subscribe((event) => this.#dispatch(event)),
    );
    this.#scheduleReload();
    await this.idle();
  }

  /** Resolves when the changes seen so far are applied (tests, orderly shutdown). */
  async idle(): Promise<void> {
    while (this.#reloading !== undefined) await this.#reloading;
  }

  /** Per-integration counters, running ones and those disabled since the node started. */
  stats(): IntegrationDeliveryStats[] {
    const stopping = [...this.#stopping.values()];
    const ids = new Set([
      ...this.#running.keys(),
      ...this.#retired.keys(),
      ...stopping.map((s) => s.record.id),
    ]);
    return [...ids].sort().map((id) => {
      const running = this.#running.get(id);
      const retired = this.#retired.get(id);
      let stats = addStats(retired?.stats ?? zeroStats, running?.output.stats() ?? zeroStats);
      for (const s of stopping) {
        if (s.record.id === id) stats = addStats(stats, s.output.stats());
      }
      const type =
        running?.record.type ??
        retired?.type ??
        stopping.find((s) => s.record.id === id)?.record.type ??
        'http';
      return { id, type, running: running !== undefined, ...stats };
    });
  }

  /** Stops following the table and closes every output. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    await this.idle();
    for (const id of [...this.#running.keys()]) this.#stop(id);
    await Promise.all([...this.#stopping.keys()]);
  }

  #dispatch(event: IntegrationEventJson): void {
    for (const running of this.#running.values()) {
      if (running.events.has(event.type)) running.output.deliver(event);
    }
  }

  #scheduleReload(): void {
    if (this.#closed) return;
    if (this.#reloading !== undefined) {
      this.#dirty = true;
      return;
    }
    this.#reloading = this.#reloadUntilClean().finally(() => {
      this.#reloading = undefined;
    });
  }

  async #reloadUntilClean(): Promise<void> {
    do {
      this.#dirty = false;
      try {
        await this.#reload();
      } catch (err) {
        this.#log.error({ err }, 'integrations reload failed');
      }
    } while (this.#dirty && !this.#closed);
  }

  /** Re-reads the whole table: it is small and rarely written, and a `reset` needs it anyway. */
  async #reload(): Promise<void> {
    const { items } = await this.#store.integrations.list({});
    if (this.#closed) return;
    const wanted = new Map(items.filter((r) => r.enabled).map((r) => [r.id, r]));
    for (const id of [...this.#running.keys()]) {
      if (!wanted.has(id)) this.#stop(id);
    }
    this.#known = new Set(items.map((r) => r.id));
    for (const id of [...this.#retired.keys()]) {
      if (!this.#known.has(id)) this.#retired.delete(id);
    }
    for (const record of wanted.values()) {
      const running = this.#running.get(record.id);
      if (running !== undefined && outputKey(running.record) === outputKey(record)) {
        running.events = new Set(record.events);
        continue;
      }
      if (running !== undefined) this.#stop(record.id);
      this.#start(record);
    }
  }

  #start(record: IntegrationRecord): void {
    const log = this.#log.child({ integration: record.id });
    try {
      const output = this.#createOutput(record, { node: this.#node, log: this.#log });
      this.#running.set(record.id, { record, output, events: new Set(record.events) });
      log.info({ integrationType: record.type }, 'integration started');
    } catch (err) {
      // A record the API let through but the client refuses (odd URL): leave it stopped.
      log.error({ err, integrationType: record.type }, 'integration start failed');
    }
  }

  #stop(id: string): void {
    const running = this.#running.get(id);
    if (running === undefined) return;
    this.#running.delete(id);
    const closing = running.output
      .close()
      .catch((err: unknown) => {
        this.#log.warn({ err, integration: id }, 'integration close failed');
      })
      .then(() => {
        this.#stopping.delete(closing);
        if (!this.#known.has(id)) return;
        const before = this.#retired.get(id)?.stats ?? zeroStats;
        const after = addStats(before, { ...running.output.stats(), queued: 0 });
        this.#retired.set(id, { type: running.record.type, stats: after });
      });
    this.#stopping.set(closing, running);
    this.#log.info({ integration: id }, 'integration stopped');
  }
}
