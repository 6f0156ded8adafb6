/**
 * Validators with message keys of i18n/en.ts. react-admin's own `regex()` is typed through
 * lodash memoize, which the type-checked lint cannot see through.
 */
import type { Validator } from 'react-admin';

/**
 * Names chosen by people (profiles, users, integrations): SPEC's id rule, the API's `toName`:
 * 1-64 of [A-Za-z0-9_.:-], not `.` or `..`, no name of Object.prototype.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '.',
  '..',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

export function matches(pattern: RegExp, message: string): Validator {
  return (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'string' && pattern.test(value))
      ? undefined
      : message;
}

const validNamePattern = matches(NAME_PATTERN, 'lns.validation.name');

export const validateName: Validator = (value, values, props) =>
  typeof value === 'string' && RESERVED_NAMES.has(value)
    ? 'lns.validation.name'
    : validNamePattern(value, values, props);

/** A Basics Station token as the API takes it: 1-512 visible ASCII, spaces only inside. */
export const STATION_TOKEN_PATTERN = /^[!-~](?:[ !-~]{0,510}[!-~])?$/;

export const validateStationToken: Validator = matches(
  STATION_TOKEN_PATTERN,
  'lns.validation.station_token',
);
