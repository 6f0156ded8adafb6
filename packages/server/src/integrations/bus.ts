/**
 * The in-process bus every integration event passes through: the network server publishes,
 * /api/stream, HTTP and MQTT integrations subscribe. Subscribers get SPEC's event JSON
 * (event-json.ts). A subscriber that throws is logged and does not stop the others.
 */
import type { Logger } from '../shared/logger.js';
import type { IntegrationEvent } from '../ns/index.js';
import type { IntegrationEventJson } from '../shared/contract.js';
import { integrationEventJson } from './event-json.js';

export type IntegrationListener = (event: IntegrationEventJson) => void;

export class IntegrationBus {
  readonly #listeners = new Set<IntegrationListener>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  publish(nsEvent: IntegrationEvent): void {
    const event = integrationEventJson(nsEvent);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#log.error({ err, type: event.type }, 'integration listener failed');
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: IntegrationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get size(): number {
    return this.#listeners.size;
  }
}
