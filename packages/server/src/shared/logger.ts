/**
 * The root logger's settings, in one place so key material is redacted everywhere it could
 * appear: nobody has to remember it per call site.
 */
import { pino } from 'pino';
import type { Logger, LoggerOptions } from 'pino';

export type { Logger };

const keyFields = ['appKey', 'nwkKey', 'nwkSKey', 'appSKey', 'password', 'passwordHash', 'secret'];

export const redactPaths: readonly string[] = [
  ...keyFields,
  ...keyFields.map((k) => `*.${k}`),
  ...keyFields.map((k) => `*.*.${k}`),
  'req.headers.authorization',
];

export function createLogger(options: { level: string; node: string }): Logger {
  const opts: LoggerOptions = {
    level: options.level,
    base: { node: options.node },
    redact: { paths: [...redactPaths], censor: '[redacted]' },
  };
  return pino(opts);
}
