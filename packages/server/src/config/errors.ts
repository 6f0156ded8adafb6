import { AppError } from '../shared/errors.js';

/** A setting that cannot be used; the message names it so the start can stop with one line. */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`, { setting });
    this.setting = setting;
  }
}

/** Every code the config module raises (docs/errors.md lists them). */
export const configErrorCodes: readonly string[] = ['CONFIG_INVALID'];
