import { AppError } from '../shared/errors.js';
import type { ErrorDetails } from '../shared/errors.js';

export const apiErrorCodes = [
  'API_UNAUTHORIZED',
  'API_FORBIDDEN',
  'API_INVALID_QUERY',
  'API_INVALID_BODY',
  'API_INVALID_ID',
  'API_NOT_FOUND',
  'API_THROTTLED',
] as const;

/** Why a REST request was refused before it reached the store. */
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/**
 * A request the API refuses: no or bad credentials, a read-only user writing, a list query or
 * body that does not parse, an id that cannot name a record. error-handler.ts maps the code to
 * the HTTP status.
 */
export class ApiError extends AppError {
  readonly code: ApiErrorCode;
  constructor(
    code: ApiErrorCode,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
    this.code = code;
  }
}
