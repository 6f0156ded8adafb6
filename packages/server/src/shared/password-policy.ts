/**
 * The one password policy of lns, for every way a password is set: POST and PUT
 * /api/users, `lns user add`, LNS_ADMIN_PASSWORD, and the store underneath them all.
 * NIST SP 800-63B §5.1.1.2: at least 8 characters, long passphrases allowed, no composition
 * rules (they make passwords harder to remember, not to guess). Lengths count characters
 * (code points), as JSON Schema's minLength does.
 */
export const MIN_PASSWORD_LENGTH = 8;
/** Bounds the scrypt input a request can hand the server. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Why `password` is not acceptable, as a phrase after the field name; undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  }
  return undefined;
}
