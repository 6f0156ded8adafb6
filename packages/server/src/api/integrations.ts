/** `/api/integrations`: where integration events go (HTTP POST or MQTT publish). */
import type { FastifyInstance } from 'fastify';
import type { IntegrationRecord, IntegrationType, LnsStore } from '../store/index.js';
import { pathId, registerCrud } from './crud.js';
import { ApiError } from './errors.js';
import { toName } from './normalise.js';
import {
  IntegrationCreate,
  IntegrationUpdate,
  integrationEventTypes,
} from './schemas/integrations.js';

const protocols: Readonly<Record<IntegrationType, readonly string[]>> = {
  http: ['http:', 'https:'],
  mqtt: ['mqtt:', 'mqtts:', 'ws:', 'wss:'],
};

function checkUrl(type: IntegrationType, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const allowed = protocols[type];
  if (parsed === undefined || !allowed.includes(parsed.protocol)) {
    throw new ApiError(
      'API_INVALID_BODY',
      `url must be an absolute ${allowed.map((p) => p.slice(0, -1)).join(' or ')} URL for a ${type} integration`,
      { field: 'url' },
    );
  }
  return url;
}

export function integrationsRoutes(app: FastifyInstance, store: LnsStore): void {
  registerCrud(app, {
    name: 'integrations',
    label: 'integration',
    parseId: pathId('integration', toName),
    list: (query) => store.integrations.list(query),
    get: (id) => store.integrations.get(id),
    create: {
      schema: IntegrationCreate,
      handler: (body) => {
        const record: IntegrationRecord = {
          id: toName('id', body.id),
          type: body.type,
          url: checkUrl(body.type, body.url),
          ...(body.topic === undefined ? {} : { topic: body.topic }),
          ...(body.headers === undefined ? {} : { headers: body.headers }),
          events: body.events ?? [...integrationEventTypes],
          enabled: body.enabled ?? true,
        };
        return store.integrations.create(record);
      },
    },
    update: {
      schema: IntegrationUpdate,
      handler: (id, body) =>
        store.integrations.update(id, (i) => {
          const type = body.type ?? i.type;
          return {
            ...i,
            type,
            url: checkUrl(type, body.url ?? i.url),
            ...(body.topic === undefined ? {} : { topic: body.topic }),
            ...(body.headers === undefined ? {} : { headers: body.headers }),
            events: body.events ?? i.events,
            enabled: body.enabled ?? i.enabled,
          };
        }),
    },
    remove: (id) => store.integrations.remove(id),
  });
}
