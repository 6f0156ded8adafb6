import type { Logger } from '../logger.js';

/** One line a {@link CapturingLogger} received. */
export interface LogLine {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly obj: Record<string, unknown>;
  readonly msg: string;
}

/** A logger that keeps every line, for tests that check what was logged. */
export class CapturingLogger implements Logger {
  readonly lines: LogLine[];
  private readonly bindings: Record<string, unknown>;

  constructor(lines: LogLine[] = [], bindings: Record<string, unknown> = {}) {
    this.lines = lines;
    this.bindings = bindings;
  }

  readonly error = (obj: object | string, msg?: string): void => this.add('error', obj, msg);
  readonly warn = (obj: object | string, msg?: string): void => this.add('warn', obj, msg);
  readonly info = (obj: object | string, msg?: string): void => this.add('info', obj, msg);
  readonly debug = (obj: object | string, msg?: string): void => this.add('debug', obj, msg);

  /** Shares the lines; adds `bindings` to every line's fields. */
  child(bindings: Record<string, unknown>): CapturingLogger {
    return new CapturingLogger(this.lines, { ...this.bindings, ...bindings });
  }

  /** Lines with message `msg`. */
  find(msg: string): LogLine[] {
    return this.lines.filter((line) => line.msg === msg);
  }

  private add(level: LogLine['level'], obj: object | string, msg: string | undefined): void {
    const fields = typeof obj === 'string' ? {} : (obj as Record<string, unknown>);
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    this.lines.push({ level, obj: { ...this.bindings, ...fields }, msg: text });
  }
}
