/**
 * Every password check of the API (`POST /api/login`, HTTP Basic) goes through here: refused
 * with 429 and Retry-After while the user or the client address is throttled, and each
 * failure logged, recorded in the audit trail and counted.
 */
import { ApiError } from './errors.js';
import type { AuditTrail } from './audit.js';
import type { LoginThrottle } from './login-throttle.js';

export class LoginGuard {
  readonly #throttle: LoginThrottle;
  readonly #trail: AuditTrail;

  constructor(throttle: LoginThrottle, trail: AuditTrail) {
    this.#throttle = throttle;
    this.#trail = trail;
  }

  /** Throws API_THROTTLED while `user` or `address` is blocked. */
  check(user: string, address: string): void {
    const waitMs = this.#throttle.retryAfterMs(user, address);
    if (waitMs <= 0) return;
    const retryAfterS = Math.ceil(waitMs / 1000);
    throw new ApiError(
      'API_THROTTLED',
      `too many failed logins for this user or from this address; try again in ${retryAfterS} s`,
      { retryAfterS },
    );
  }

  failed(user: string, address: string, via: 'login' | 'basic'): void {
    this.#trail.loginFailed(user, address, via);
    for (const block of this.#throttle.fail(user, address)) this.#trail.throttled(block);
  }

  succeeded(user: string): void {
    this.#throttle.succeed(user);
  }
}
