/**
 * Small TypeBox helpers. Enums are JSON-schema `enum`s (not unions of literals) so a bad
 * value gives "field must be one of …" rather than a list of anyOf failures.
 */
import { Type } from '@sinclair/typebox';
import type { TUnsafe } from '@sinclair/typebox';

export function StringEnum<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** A string, or null/"" from a form's empty field. */
export function NullableString(maxLength = 64): TUnsafe<string | null> {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
}

/** An unsigned 32-bit frame counter. */
export const Counter32 = Type.Integer({ minimum: 0, maximum: 0xffff_ffff });

/** A frame counter or null ("no uplink yet"). */
export const NullableCounter32 = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  minimum: 0,
  maximum: 0xffff_ffff,
});

/** Any id in a path, decoded; each resource checks its own shape. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** GET /api/<res>/<id>: `reveal=true` shows an admin the record's secrets (api/secrets.ts). */
export const GetQuerystring = Type.Object({
  reveal: Type.Optional(StringEnum(['true', 'false'] as const)),
});

export const ListQuerystring = Type.Object({
  sort: Type.Optional(Type.String()),
  range: Type.Optional(Type.String()),
  filter: Type.Optional(Type.String()),
  /** `1`: this node's records only (how nodes ask each other for their logs). */
  local: Type.Optional(Type.String()),
});
