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

// RFC 9110 §5.1: a field name is a token; §5.5: a value holds visible characters, spaces and
// tabs. CR, LF and NUL would let a value start a header or a request of its own.
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/** Integration headers as the HTTP client will send them; refused here, not at delivery. */
function checkHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME_RE.test(name)) {
      throw new ApiError(
        'API_INVALID_BODY',
        `headers: ${JSON.stringify(name)} is not an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-)`,
        { field: 'headers' },
      );
    }
    if (hasControlCharacter(value)) {
      throw new ApiError(
        'API_INVALID_BODY',
        `headers.${name} must not contain control characters (CR, LF, NUL…)`,
        { field: `headers.${name}` },
      );
    }
  }
  return { ...headers };
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
          ...(body.headers === undefined ? {} : { headers: checkHeaders(body.headers) }),
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
            ...(body.headers === undefined ? {} : { headers: checkHeaders(body.headers) }),
            events: body.events ?? i.events,
            enabled: body.enabled ?? i.enabled,
          };
        }),
    },
    remove: (id) => store.integrations.remove(id),
  });
}
