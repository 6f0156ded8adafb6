import { Type } from '@sinclair/typebox';
import { StringEnum } from './common.js';

/** POST /api/profiles: the id is required, the rest defaults (region from LNS_REGION). */
export const ProfileCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    region: Type.Optional(Type.String({ maxLength: 16 })),
    macVersion: Type.Optional(StringEnum(['1.0.2', '1.0.3', '1.0.4'] as const)),
    deviceClass: Type.Optional(StringEnum(['A', 'C'] as const)),
    adr: Type.Optional(Type.Boolean()),
    // [L2 1.0.4 §5.7] RXTimingSetupReq Del: 1..15 s.
    rx1Delay: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
    // [L2 1.0.4 §5.4] RX1DROffset is 3 bits.
    rx1DrOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 })),
    rx2Dr: Type.Optional(Type.Integer({ minimum: 0, maximum: 15 })),
    rx2Freq: Type.Optional(Type.Integer({ minimum: 100_000_000, maximum: 1_000_000_000 })),
    fcntCheck: Type.Optional(StringEnum(['strict32', 'reset-allowed', 'disabled'] as const)),
  },
  { additionalProperties: false },
);

/** PUT /api/profiles/:id: fields given replace the stored ones. */
export const ProfileUpdate = Type.Partial(ProfileCreate, { additionalProperties: false });
