import { Type } from '@sinclair/typebox';
import { StringEnum } from './common.js';

export const integrationEventTypes = ['up', 'join', 'ack', 'status', 'error'] as const;

/** POST /api/integrations (SPEC): HTTP POSTs or MQTT publishes of integration events. */
export const IntegrationCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    type: StringEnum(['http', 'mqtt'] as const),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    topic: Type.Optional(Type.String({ maxLength: 500 })),
    // Names are HTTP tokens and values carry no CR, LF or NUL (checked in integrations.ts).
    headers: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 2000 }), {
        maxProperties: 50,
      }),
    ),
    events: Type.Optional(Type.Array(StringEnum(integrationEventTypes), { uniqueItems: true })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const IntegrationUpdate = Type.Partial(IntegrationCreate, { additionalProperties: false });
