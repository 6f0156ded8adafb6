/**
 * Puts API validation errors on the form field they are about. The server's error body is
 * `{"error","message"}` (api/error-handler.ts) and its messages start with the field path:
 * "rx1Delay must be <= 15", "location.lat must be <= 90", "joinEui must be a 64-bit EUI…",
 * "profileId: profile x does not exist", "id cannot be changed: …". A 409 `already_exists` is
 * about the id. react-admin shows `body.errors` (an object shaped like the form) on the fields.
 */

export interface ApiErrorBody {
  readonly error: string;
  readonly message: string;
}

/** Words that start schema messages but are not form fields. */
const NOT_FIELDS = new Set(['body', 'querystring', 'params', 'headers', 'filter', 'sort', 'range']);
const FIELD_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)(:?)\s/;

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { error?: unknown }).error === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

/** The react-admin `errors` object for a refused write, or undefined if no field is named. */
export function fieldErrorsOf(status: number, body: unknown): Record<string, unknown> | undefined {
  if (!isApiErrorBody(body) || (status !== 400 && status !== 409 && status !== 422)) {
    return undefined;
  }
  if (body.error === 'already_exists') return { id: body.message };
  if (body.error === 'last_admin') return { role: body.message };
  const match = FIELD_PREFIX.exec(body.message);
  if (match === null) return undefined;
  const path = (match[1] ?? '').split('.');
  // An array item ("events.0 must be one of …") belongs to the array's input.
  const numeric = path.findIndex((p) => /^\d+$/.test(p));
  const fieldPath = numeric >= 0 ? path.slice(0, numeric) : path;
  const head = fieldPath[0];
  if (head === undefined || NOT_FIELDS.has(head)) return undefined;
  // "profileId: profile x does not exist" reads better without the repeated field name.
  const text = match[2] === ':' ? body.message.slice(match[0].length) : body.message;
  let errors: Record<string, unknown> = { [fieldPath[fieldPath.length - 1] ?? head]: text };
  for (let i = fieldPath.length - 2; i >= 0; i--) errors = { [fieldPath[i] ?? head]: errors };
  return errors;
}
