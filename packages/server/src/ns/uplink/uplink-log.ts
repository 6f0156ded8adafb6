/**
 * The log lines of one uplink, each carrying the device's fields (DevAddr, then DevEUI and
 * FCnt as the steps learn them). A pino child logger per uplink serialises and redacts its
 * bindings whether or not a line is ever written, which cost more than a MIC check on every
 * uplink; here the fields are merged only into lines that pass the level.
 */
import type { Logger } from '../../shared/logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Readonly<Record<string, string | number>>;

export class UplinkLog {
  readonly #log: Logger;
  #fields: Fields;

  constructor(log: Logger, fields: Fields) {
    this.#log = log;
    this.#fields = fields;
  }

  /** Adds `fields` to every later line. */
  with(fields: Fields): void {
    this.#fields = { ...this.#fields, ...fields };
  }

  debug(objOrMsg: object | string, msg?: string): void {
    this.#write('debug', objOrMsg, msg);
  }

  info(objOrMsg: object | string, msg?: string): void {
    this.#write('info', objOrMsg, msg);
  }

  warn(objOrMsg: object | string, msg?: string): void {
    this.#write('warn', objOrMsg, msg);
  }

  error(objOrMsg: object | string, msg?: string): void {
    this.#write('error', objOrMsg, msg);
  }

  #write(level: Level, objOrMsg: object | string, msg: string | undefined): void {
    if (!this.#log.isLevelEnabled(level)) return;
    if (typeof objOrMsg === 'string') this.#log[level]({ ...this.#fields }, objOrMsg);
    else this.#log[level]({ ...this.#fields, ...objOrMsg }, msg);
  }
}
