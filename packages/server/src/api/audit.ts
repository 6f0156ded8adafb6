/**
 * The audit trail in the node's `events` log (SPEC `events`), next to the network's own
 * events: `audit` for every configuration change and secret read made through the API (who
 * did what to which record), `login_failed` for each refused password and `login_throttled`
 * when guessing started a back-off. Each is logged at info as well. Events are node-local like
 * every event; `GET /api/events` reads those of the whole cluster.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../shared/logger.js';
import type { LnsStore } from '../store/index.js';
import { requestUser } from './auth-context.js';
import type { NewBlock } from './login-throttle.js';

/** What a request did, set by its handler; recorded once the reply is a success. */
export interface AuditSubject {
  /** A verb phrase: `created`, `updated`, `deleted`, `revealed the secrets of`, `drained`. */
  readonly action: string;
  /** The kind of record, singular: `device`, `user`, `server`. */
  readonly label: string;
  readonly id: string;
}

const subjects = new WeakMap<FastifyRequest, AuditSubject>();

/** Marks what `request` does, for the audit event written when it succeeds. */
export function auditAs(request: FastifyRequest, subject: AuditSubject): void {
  subjects.set(request, subject);
}

/** Names from a request (user names, header text) are cut before they reach a log. */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

export class AuditTrail {
  readonly #store: LnsStore;
  readonly #log: Logger;

  constructor(store: LnsStore, log: Logger) {
    this.#store = store;
    this.#log = log;
  }

  loginFailed(username: string, address: string, via: 'login' | 'basic'): void {
    const user = clip(username);
    this.#log.info({ user, address, via }, 'login failed');
    this.#store.appendEvent({
      kind: 'login_failed',
      severity: 'warning',
      entity: user,
      text: `${via === 'login' ? 'login' : 'HTTP Basic login'} as ${user} from ${address} failed: wrong username or password`,
    });
  }

  throttled(block: NewBlock): void {
    const value = clip(block.value);
    const seconds = Math.ceil(block.blockMs / 1000);
    this.#log.warn({ [block.kind]: value, failures: block.failures, seconds }, 'logins throttled');
    this.#store.appendEvent({
      kind: 'login_throttled',
      severity: 'warning',
      entity: value,
      text: `${block.failures} failed logins ${block.kind === 'user' ? 'as' : 'from'} ${value}: further logins refused for ${seconds} s`,
    });
  }

  action(user: string, subject: AuditSubject): void {
    const text = `${user} ${subject.action} ${subject.label} ${subject.id}`;
    this.#log.info({ user, action: subject.action, record: subject.label, id: subject.id }, text);
    this.#store.appendEvent({ kind: 'audit', severity: 'info', entity: subject.id, user, text });
  }
}

/** Records the audit event of every successful request a handler marked with `auditAs`. */
export function registerAudit(api: FastifyInstance, trail: AuditTrail): void {
  api.addHook('onResponse', async (request, reply) => {
    const subject = subjects.get(request);
    if (subject === undefined || reply.statusCode >= 300) return;
    trail.action(requestUser(request)?.id ?? 'unknown', subject);
  });
}
