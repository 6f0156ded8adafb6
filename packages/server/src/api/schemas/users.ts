import { Type } from '@sinclair/typebox';
import { StringEnum } from './common.js';

const Role = StringEnum(['admin', 'viewer'] as const);

/** POST /api/users. The password is write-only: stored as a scrypt hash, never returned. */
export const UserCreate = Type.Object(
  {
    // No '@' (SPEC id rule): it starts the node's own identity (NODE_IDENTITY).
    id: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: 1024 }),
    role: Role,
  },
  { additionalProperties: false },
);

/** PUT /api/users/:id: an absent or empty password keeps the current one. */
export const UserUpdate = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);
