/**
 * The ONE map from error codes to HTTP statuses (CONVENTIONS §4). Every error body is
 * `{"error":"<code>","message":"<for a person>"}`, where `error` is the code without its module
 * prefix, in lower case (`API_UNAUTHORIZED` → `unauthorized`). A 5xx never carries a stack or
 * an internal message: the log has them.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

const statusByCode: Readonly<Partial<Record<string, number>>> = {
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN: 403,
  API_INVALID_QUERY: 400,
  API_INVALID_BODY: 400,
  API_INVALID_ID: 400,
  API_NOT_FOUND: 404,
  // Too many failed logins: the reply says when to try again (Retry-After).
  API_THROTTLED: 429,
  STORE_NOT_FOUND: 404,
  STORE_ALREADY_EXISTS: 409,
  STORE_IN_USE: 409,
  STORE_LAST_ADMIN: 409,
  STORE_WEAK_PASSWORD: 400,
  STORE_REFERENCE_MISSING: 422,
  // The database is closed, locked or failing: the request may succeed on another node.
  SYNC_CLOSED: 503,
  SYNC_LOCKED: 503,
  SYNC_READ_FAILED: 503,
  SYNC_WRITE_FAILED: 503,
  // Cluster operations (POST/DELETE /api/servers): what the operator must fix is in the message.
  SYNC_INVALID_ADDRESS: 400,
  SYNC_NOT_A_MEMBER: 404,
  SYNC_PEER_REFUSED: 422,
  SYNC_JOIN_FAILED: 422,
  SYNC_PEER_UNREACHABLE: 503,
  SYNC_TIMEOUT: 503,
  SYNC_REMOVED: 503,
  // Drain requests (POST /api/servers/<name>/drain).
  CLUSTER_UNKNOWN_NODE: 404,
  CLUSTER_PEER_UNREACHABLE: 503,
};

/**
 * 503s of cluster operations name the address or node the operator gave and what failed
 * there: their message is the answer, not "database unavailable".
 */
const operatorFacing503 = new Set([
  'SYNC_PEER_UNREACHABLE',
  'SYNC_TIMEOUT',
  'CLUSTER_PEER_UNREACHABLE',
]);

interface AjvError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** "rx1Delay must be <= 15", "name is required", "deviceClass must be one of A, C". */
export function describeValidation(errors: readonly AjvError[], context: string): string {
  const first = errors[0];
  if (first === undefined) return `${context} is invalid`;
  const path = (first.instancePath ?? '').split('/').filter(Boolean).join('.');
  const params = first.params ?? {};
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  if (first.keyword === 'required' && missing !== undefined) {
    return `${path === '' ? missing : `${path}.${missing}`} is required`;
  }
  const extra =
    typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  if (first.keyword === 'additionalProperties' && extra !== undefined) {
    return `${path === '' ? extra : `${path}.${extra}`} is not a known field`;
  }
  const field = path === '' ? context : path;
  if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${field} must be one of ${params.allowedValues.map(String).join(', ')}`;
  }
  return `${field} ${first.message ?? 'is invalid'}`;
}

function codeWord(code: string): string {
  return code.replace(/^[A-Z]+_/, '').toLowerCase();
}

/** The status and body for any error a route or hook threw. */
export function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  // AppErrors of lns and SyncErrors of db-sync (same shape, not a subclass) map by code.
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  const mapped =
    typeof code === 'string' && Object.hasOwn(statusByCode, code) ? statusByCode[code] : undefined;
  if (err instanceof Error && typeof code === 'string' && mapped !== undefined) {
    if (mapped === 503 && !operatorFacing503.has(code)) {
      return {
        status: mapped,
        body: { error: 'unavailable', message: 'database unavailable; try again or another node' },
      };
    }
    return { status: mapped, body: { error: codeWord(code), message: err.message } };
  }
  const fst = err as Partial<FastifyError> | null | undefined;
  if (fst !== null && typeof fst === 'object' && Array.isArray(fst.validation)) {
    const context = fst.validationContext ?? 'body';
    return {
      status: 400,
      body: {
        error: context === 'body' ? 'invalid_body' : 'invalid_query',
        message: describeValidation(fst.validation, context),
      },
    };
  }
  // Fastify's own 4xx (bad JSON, wrong content type, body too large) keep their status.
  const status = typeof fst?.statusCode === 'number' ? fst.statusCode : 500;
  if (status >= 400 && status < 500 && typeof fst?.code === 'string') {
    return {
      status,
      body: { error: 'invalid_body', message: (fst.message ?? 'bad request').toLowerCase() },
    };
  }
  return {
    status: 500,
    body: { error: 'internal_error', message: 'internal error; the server log has the details' },
  };
}

/** Fastify error handler of the /api routes. */
export function apiErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toHttpError(err);
  const retryAfterS = (err as { details?: { retryAfterS?: unknown } } | null)?.details?.retryAfterS;
  if (status === 429 && typeof retryAfterS === 'number') {
    void reply.header('Retry-After', String(retryAfterS));
  }
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.debug({ err: { code: body.error, message: body.message } }, 'request refused');
  void reply.code(status).send(body);
}
