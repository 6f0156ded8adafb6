import { AppError } from '../shared/errors.js';
import type { ErrorDetails } from '../shared/errors.js';

/**
 * Every way a message from a LoRa Basics Station can be unusable. Each one is counted by its
 * code, logged once per connection and dropped; the connection stays open.
 */
export const stationMessageErrorCodes = [
  'STATION_INVALID_JSON',
  'STATION_UNKNOWN_MSGTYPE',
  'STATION_UNSUPPORTED',
  'STATION_MISSING_FIELD',
  'STATION_INVALID_FIELD',
  'STATION_OTHER_REGION',
] as const;

export type StationMessageErrorCode = (typeof stationMessageErrorCodes)[number];

/** Why a Station connection is refused before it starts (HTTP status in the docs). */
export const stationRefusalCodes = [
  'STATION_INVALID_ROUTER',
  'STATION_UNKNOWN_GATEWAY',
  'STATION_UNAUTHORIZED',
] as const;

export type StationRefusalCode = (typeof stationRefusalCodes)[number];

/** Every code the station module raises (docs/errors.md lists them). */
export const stationErrorCodes: readonly string[] = [
  ...stationMessageErrorCodes,
  ...stationRefusalCodes,
  'STATION_CHANNEL_PLAN',
];

/** One message of the LNS protocol that lns cannot use; `details.field` names the field. */
export class StationMessageError extends AppError {
  readonly code: StationMessageErrorCode;
  constructor(code: StationMessageErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** A Station that may not connect: bad router id, unregistered gateway, wrong token. */
export class StationRefusedError extends AppError {
  readonly code: StationRefusalCode;
  constructor(code: StationRefusalCode, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/** A region's gateway channels do not fit one SX1301 (a bug in a channel plan, never input). */
export class StationPlanError extends AppError {
  readonly code = 'STATION_CHANNEL_PLAN';
}
