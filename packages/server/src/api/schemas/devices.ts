import { Type } from '@sinclair/typebox';

/** POST /api/devices (OTAA). devAddr and lastJoin are set by joins and read-only. */
export const DeviceCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    joinEui: Type.String({ minLength: 1, maxLength: 32 }),
    appKey: Type.String({ minLength: 1, maxLength: 64 }),
    profileId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const DeviceUpdate = Type.Partial(DeviceCreate, { additionalProperties: false });
