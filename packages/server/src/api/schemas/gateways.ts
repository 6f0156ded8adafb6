import { Type } from '@sinclair/typebox';

const Location = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    alt: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

/** POST /api/gateways. lastSeen, server and stats are live data and read-only. */
export const GatewayCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    location: Type.Optional(Location),
    // SX1301-based gateways have two RF chains; forwarders transmit on chain 0 unless told.
    txRfChain: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
    // A region name (checked by toRegion); null clears it back to the node default region. Null
    // comes first: fastify coerces types, and a string branch first would turn null into "".
    region: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 16 })])),
  },
  { additionalProperties: false },
);

export const GatewayUpdate = Type.Partial(GatewayCreate, { additionalProperties: false });
