import { Type } from '@sinclair/typebox';

const Location = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    alt: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

/**
 * A LoRa Basics Station sends it as an HTTP header value (`Authorization: <token>` in its
 * tc.key): visible ASCII, spaces only between words.
 */
const StationToken = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[!-~](?:[ !-~]*[!-~])?$',
});

const gatewayFields = {
  id: Type.String({ minLength: 1, maxLength: 32 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  location: Type.Optional(Location),
  // SX1301-based gateways have two RF chains; forwarders transmit on chain 0 unless told.
  txRfChain: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  // A region name (checked by toRegion); null clears it back to the node default region. Null
  // comes first: fastify coerces types, and a string branch first would turn null into "".
  region: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 16 })])),
};

/**
 * POST /api/gateways. lastSeen, server, stats, protocol and connected are live data and
 * read-only.
 */
export const GatewayCreate = Type.Object(
  { ...gatewayFields, stationToken: Type.Optional(StationToken) },
  { additionalProperties: false },
);

/** PUT: `stationToken: null` removes the token. */
export const GatewayUpdate = Type.Partial(
  Type.Object({ ...gatewayFields, stationToken: Type.Union([Type.Null(), StationToken]) }),
  { additionalProperties: false },
);
