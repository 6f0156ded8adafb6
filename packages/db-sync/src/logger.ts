/**
 * One log call: fields first, then a short lower-case message ('member up'); a message alone
 * is allowed too. pino's log functions fit.
 */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

/**
 * The logger every package of lns reports to. pino's Logger satisfies it structurally, so the
 * server passes its own; db-sync needs nothing beyond these levels and `child`.
 */
export interface Logger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  /** A logger that adds `bindings` to every line. */
  child(bindings: Record<string, unknown>): Logger;
}

/** Drops everything: the default when no logger is given. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
