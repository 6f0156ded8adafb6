import { Type } from '@sinclair/typebox';
import { Counter32, NullableCounter32, NullableString } from './common.js';

/**
 * POST /api/nodes makes an ABP session. Counters may be set (a device that keeps its counters
 * across a migration); ADR state, battery, margin and lastRx come from traffic and are read-only.
 */
export const NodeCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 16 }),
    devEui: Type.Optional(NullableString(32)),
    profileId: Type.String({ minLength: 1, maxLength: 64 }),
    nwkSKey: Type.String({ minLength: 1, maxLength: 64 }),
    appSKey: Type.String({ minLength: 1, maxLength: 64 }),
    fCntUp: Type.Optional(NullableCounter32),
    fCntDown: Type.Optional(Counter32),
  },
  { additionalProperties: false },
);

export const NodeUpdate = Type.Partial(NodeCreate, { additionalProperties: false });

/** POST /api/nodes/:id/queue (SPEC). */
export const QueueCreate = Type.Object(
  {
    // [L2 1.0.4 §4.3.2] FPort 0 carries MAC commands only and 224..255 are reserved.
    fPort: Type.Integer({ minimum: 1, maximum: 223 }),
    data: Type.String({ maxLength: 400 }),
    confirmed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
