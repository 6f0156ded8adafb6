/**
 * MQTT integration: publishes each event as JSON (SPEC "Integration event") at QoS 1 to
 * `lns/devices/<devEui or devAddr>/<type>` or the record's topic template. The client id is
 * `lns-<node>-<integration id>`, so the nodes of a cluster never knock each other off the
 * broker the way lorawan-server's fixed client ids do. mqtt.js reconnects by itself; while
 * the broker is away events wait in a bounded buffer (oldest dropped, counted).
 */
import { connect } from 'mqtt';
import type { MqttClient } from 'mqtt';
import type { IntegrationEventJson } from '../shared/contract.js';
import type { Logger } from '../shared/logger.js';
import { QueuedOutput } from './output.js';

export interface MqttIntegrationConfig {
  /** Wait between reconnect attempts: 2 s brings a restarted broker back fast without a storm. */
  readonly reconnectPeriodMs: number;
  /** Per connect attempt: 10 s covers a TLS handshake to a distant broker. */
  readonly connectTimeoutMs: number;
  /** Events buffered while the broker is away: 1000 is minutes of a busy network. */
  readonly maxQueue: number;
  /** Publishes awaiting PUBACK: 100 keeps the pipe full while bounding mqtt.js's own store. */
  readonly maxInFlight: number;
}

export const defaultMqttIntegrationConfig: MqttIntegrationConfig = {
  reconnectPeriodMs: 2_000,
  connectTimeoutMs: 10_000,
  maxQueue: 1_000,
  maxInFlight: 100,
};

export interface MqttIntegrationOptions {
  readonly id: string;
  /** mqtt://, mqtts://, ws:// or wss://; user and password may be in the URL. */
  readonly url: string;
  /** Topic template with `{devEui}`, `{devAddr}` and `{type}`; the SPEC topic when unset. */
  readonly topic?: string | undefined;
  /** This node's name, part of the client id. */
  readonly node: string;
  readonly log: Logger;
  readonly config?: Partial<MqttIntegrationConfig> | undefined;
}

/** Stands in for an id the event does not carry (an `error` event about no device). */
const unknownId = 'unknown';

/** The topic of `event`: the SPEC default `lns/devices/<devEui or devAddr>/<type>` or `template` filled in. */
export function topicOf(event: IntegrationEventJson, template?: string): string {
  const devEui: string = event.devEui ?? '';
  const devAddr: string = event.devAddr ?? '';
  if (template === undefined || template === '') {
    const device = devEui !== '' ? devEui : devAddr !== '' ? devAddr : unknownId;
    return `lns/devices/${device}/${event.type}`;
  }
  return template
    .replaceAll('{devEui}', devEui !== '' ? devEui : unknownId)
    .replaceAll('{devAddr}', devAddr !== '' ? devAddr : unknownId)
    .replaceAll('{type}', event.type);
}

/** `lns-<node>-<integration id>`: unique per node, stable across restarts. */
export function mqttClientId(node: string, id: string): string {
  return `lns-${node}-${id}`;
}

export class MqttIntegration extends QueuedOutput {
  readonly id: string;
  readonly clientId: string;
  readonly #topic: string | undefined;
  readonly #config: MqttIntegrationConfig;
  readonly #log: Logger;
  readonly #client: MqttClient;
  #wasConnected = false;
  #warned = false;

  constructor(options: MqttIntegrationOptions) {
    const config = { ...defaultMqttIntegrationConfig, ...options.config };
    super(config.maxQueue);
    this.id = options.id;
    this.clientId = mqttClientId(options.node, options.id);
    this.#topic = options.topic;
    this.#config = config;
    this.#log = options.log.child({ integration: options.id, integrationType: 'mqtt' });
    this.#client = connect(options.url, {
      clientId: this.clientId,
      clean: true,
      reconnectPeriod: this.#config.reconnectPeriodMs,
      connectTimeout: this.#config.connectTimeoutMs,
      // Our own bounded queue holds events while offline; mqtt.js's would grow without bound.
      queueQoSZero: false,
    });
    this.#client.on('connect', () => {
      this.#log.info(
        { clientId: this.clientId },
        this.#wasConnected ? 'mqtt reconnected' : 'mqtt connected',
      );
      this.#wasConnected = true;
      this.#warned = false;
      this.pump();
    });
    this.#client.on('error', (err) => {
      // One warning per outage; mqtt.js keeps retrying on its own.
      if (this.#warned) this.#log.debug({ err }, 'mqtt error');
      else this.#log.warn({ err }, 'mqtt error');
      this.#warned = true;
    });
    this.#client.on('offline', () => {
      if (!this.#warned) this.#log.warn('mqtt broker unreachable');
      this.#warned = true;
    });
  }

  /** True while the client holds a session with the broker. */
  get connected(): boolean {
    return this.#client.connected;
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.counters.dropped += this.queue.clear();
    await this.#client.endAsync(true).catch((err: unknown) => {
      this.#log.debug({ err }, 'mqtt close failed');
    });
  }

  protected override pump(): void {
    while (
      !this.closed &&
      this.#client.connected &&
      this.inFlight < this.#config.maxInFlight &&
      this.queue.length > 0
    ) {
      const event = this.queue.shift();
      if (event === undefined) return;
      this.#publish(event);
    }
  }

  #publish(event: IntegrationEventJson): void {
    this.inFlight += 1;
    const topic = topicOf(event, this.#topic);
    // [MQTT-4.3.2] QoS 1: the broker's PUBACK is what counts as sent; mqtt.js re-sends an
    // unacknowledged PUBLISH after a reconnect.
    this.#client.publish(topic, JSON.stringify(event), { qos: 1 }, (err) => {
      this.inFlight -= 1;
      if (err === undefined || err === null) {
        this.counters.sent += 1;
      } else if (this.closed) {
        this.counters.dropped += 1;
      } else {
        this.counters.failed += 1;
        this.#log.debug({ err, topic, type: event.type }, 'mqtt publish failed');
      }
      this.pump();
    });
  }
}
