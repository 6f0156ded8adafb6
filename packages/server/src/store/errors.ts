import { AppError } from '../shared/errors.js';
import type { ErrorDetails } from '../shared/errors.js';

export const storeErrorCodes = [
  'STORE_NOT_FOUND',
  'STORE_ALREADY_EXISTS',
  'STORE_REFERENCE_MISSING',
  'STORE_IN_USE',
  'STORE_LAST_ADMIN',
  'STORE_WEAK_PASSWORD',
  'STORE_INVALID_OPTIONS',
] as const;

/** Why a repository refused a read or write; `details` names the resource, id and field. */
export type StoreErrorCode = (typeof storeErrorCodes)[number];

/**
 * A repository rule that a write broke (duplicate id, dangling reference, record in use) or a
 * record that is not there. Database failures stay `SyncError`s from @lns/db-sync.
 */
export class StoreError extends AppError {
  readonly code: StoreErrorCode;
  constructor(
    code: StoreErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
    this.code = code;
  }
}
