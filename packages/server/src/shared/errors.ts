/**
 * Base of every error lns raises on purpose. `code` is stable and module-prefixed
 * (`UDP_…`, `LORAWAN_…`, `NS_…`, `CONFIG_…`) and listed in docs/errors.md; `details` holds
 * only primitives so it can be logged and returned over the API as it is.
 */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export abstract class AppError extends Error {
  abstract readonly code: string;
  readonly details: ErrorDetails;

  constructor(message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}
