/**
 * Errors the network server raises on purpose. Per-packet outcomes (bad MIC, replay, unknown
 * DevAddr...) are not errors but drops (uplink/step.ts); these are for what an operator must fix.
 */
import { AppError } from '../shared/index.js';
import type { ErrorDetails } from '../shared/index.js';

/** A network-server setting that cannot work, e.g. a NetID that is not 6 hex digits. */
export class NsConfigError extends AppError {
  readonly code = 'NS_INVALID_CONFIG';
  constructor(setting: string, message: string, details: ErrorDetails = {}) {
    super(message, { setting, ...details });
  }
}

/** No free DevAddr was found in the NetID's address space after several random draws. */
export class NsDevAddrExhaustedError extends AppError {
  readonly code = 'NS_DEVADDR_EXHAUSTED';
}

/** A broken invariant inside the network server (a bug): logged at error, the uplink dropped. */
export class NsInternalError extends AppError {
  readonly code = 'NS_INTERNAL';
}

/** Every code the ns module raises (docs/errors.md lists them). */
export const nsErrorCodes: readonly string[] = [
  'NS_INVALID_CONFIG',
  'NS_DEVADDR_EXHAUSTED',
  'NS_INTERNAL',
];
