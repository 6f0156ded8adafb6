/**
 * Validators with message keys of i18n/en.ts. react-admin's own `regex()` is typed through
 * lodash memoize, which the type-checked lint cannot see through.
 */
import type { Validator } from 'react-admin';

/** Names chosen by people (profiles, users, integrations): the API's `toName` rule. */
export const NAME_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

export function matches(pattern: RegExp, message: string): Validator {
  return (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'string' && pattern.test(value))
      ? undefined
      : message;
}

export const validateName = matches(NAME_PATTERN, 'lns.validation.name');
