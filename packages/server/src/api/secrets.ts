/**
 * Secrets in REST reads (CONTRACTS "Secrets in REST reads"). Every read shows a secret as
 * {@link SECRET_MASK}, lists and single reads alike, for every role; an admin reads one record
 * in plain text with `GET /api/<res>/<id>?reveal=true`, which the audit trail records. A write
 * that carries the mask back (a form saved unchanged) keeps the stored secret.
 */
import type { SecretMask } from '../shared/contract.js';
import type { RecordQuery } from '../store/index.js';
import { ApiError } from './errors.js';

/**
 * THE list of secret fields per resource. `name` is a top-level field holding a string;
 * `name.*` every value of an object field (integration headers, e.g. `Authorization`).
 */
export const secretFields: Readonly<Record<string, readonly string[]>> = {
  nodes: ['nwkSKey', 'appSKey'],
  devices: ['appKey'],
  integrations: ['headers.*'],
  gateways: ['stationToken'],
};

/** What a read shows in place of a secret's value. */
export const SECRET_MASK: SecretMask = '********';

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `change` to every secret value of `record` (a copy; the input is not touched). */
function mapSecrets<T>(
  resource: string,
  record: T,
  change: (value: string, path: string, parent: string, key: string) => string,
): T {
  const fields = secretFields[resource];
  if (fields === undefined || !isObject(record)) return record;
  const out: Record<string, unknown> = { ...record };
  for (const spec of fields) {
    const [field = '', star] = spec.split('.');
    const value = out[field];
    if (star === '*') {
      if (!isObject(value)) continue;
      out[field] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          typeof v === 'string' ? change(v, `${field}.${k}`, field, k) : v,
        ]),
      );
    } else if (typeof value === 'string') {
      out[field] = change(value, field, field, '');
    }
  }
  return out as T;
}

/** A record as reads show it: each non-empty secret replaced by the mask. */
export function maskSecrets<T>(resource: string, record: T): T {
  return mapSecrets(resource, record, (value) => (value === '' ? value : SECRET_MASK));
}

/** True when `resource` has secret fields (only those answer `?reveal=true` with an audit). */
export function hasSecrets(resource: string): boolean {
  return secretFields[resource] !== undefined;
}

/**
 * A write body with every masked value replaced by the stored one (`stored` is the record as
 * it is now, or undefined for a create). A mask with nothing stored behind it is a 400 naming
 * the field: the client meant to keep a secret that is not there.
 */
export function unmaskSecrets<T>(resource: string, body: T, stored: unknown): T {
  return mapSecrets(resource, body, (value, path, field, key) => {
    if (value !== SECRET_MASK) return value;
    const current = isObject(stored) ? stored[field] : undefined;
    const kept = key === '' ? current : isObject(current) ? current[key] : undefined;
    if (typeof kept !== 'string') {
      throw new ApiError(
        'API_INVALID_BODY',
        `${path} is the mask ${SECRET_MASK} but no secret is stored to keep; send the value itself`,
        { field: path },
      );
    }
    return kept;
  });
}

/** The top-level fields of `resource` that hold secrets (`headers` for `headers.*`). */
function secretTopFields(resource: string): string[] {
  return (secretFields[resource] ?? []).map((spec) => spec.split('.')[0] ?? spec);
}

/**
 * A list query that cannot read secrets: sorting or filtering on a secret field would be an
 * oracle for it (a substring search finds a key digit by digit), so it is a 400, and `q` does
 * not search secret fields.
 */
export function withoutSecretSearch(resource: string, query: RecordQuery): RecordQuery {
  const secret = secretTopFields(resource);
  if (secret.length === 0) return query;
  const isSecret = (field: string): boolean => secret.includes(field.split('.')[0] ?? field);
  const sorted = query.sort?.field;
  if (sorted !== undefined && isSecret(sorted)) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `sort field ${sorted} is secret: lists cannot sort by it`,
      {
        parameter: 'sort',
      },
    );
  }
  const filtered = Object.keys(query.filter ?? {}).find(isSecret);
  if (filtered !== undefined) {
    throw new ApiError(
      'API_INVALID_QUERY',
      `filter field ${filtered} is secret: lists cannot filter by it`,
      { parameter: 'filter' },
    );
  }
  return { ...query, unsearched: secret };
}
