import { Type } from '@sinclair/typebox';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../shared/password-policy.js';
import { StringEnum } from './common.js';

const Role = StringEnum(['admin', 'viewer'] as const);

/** The password policy of shared/password-policy.ts, as a schema (POST and PUT alike). */
const Password = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description: `write-only; ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`,
});

/** POST /api/users. The password is write-only: stored as a scrypt hash, never returned. */
export const UserCreate = Type.Object(
  {
    // No '@' (SPEC id rule): it starts the node's own identity (NODE_IDENTITY).
    id: Type.String({ minLength: 1, maxLength: 64 }),
    password: Password,
    role: Role,
  },
  { additionalProperties: false },
);

/** PUT /api/users/:id: an absent password keeps the current one; a given one obeys the policy. */
export const UserUpdate = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    password: Type.Optional(Password),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);
