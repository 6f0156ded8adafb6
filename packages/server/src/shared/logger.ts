/**
 * The root logger's settings, in one place so key material is redacted everywhere it could
 * appear: nobody has to remember it per call site.
 */
import type { Logger as BaseLogger } from '@lns/db-sync';
import { pino } from 'pino';
import type { Logger as PinoLogger, LoggerOptions } from 'pino';

/**
 * The server's logger: db-sync's {@link BaseLogger}, the one logger interface of lns, as pino
 * implements it. The server needs pino's levels on top (fastify's logger, `fatal` in main).
 */
export type Logger = PinoLogger & BaseLogger;

const keyFields = [
  'appKey',
  'nwkKey',
  'nwkSKey',
  'appSKey',
  'password',
  'passwordHash',
  'secret',
  'stationToken',
];

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
