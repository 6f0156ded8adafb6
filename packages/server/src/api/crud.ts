/**
 * The five routes of a react-admin resource (CONVENTIONS §6): list with Content-Range, get,
 * create (201), update and delete (which answers with the deleted record, as
 * ra-data-simple-rest expects). Handlers only parse, call the store and shape the reply.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ListResult, RecordQuery } from '../store/index.js';
import { auditAs } from './audit.js';
import { requestUser } from './auth-context.js';
import { ApiError } from './errors.js';
import { contentRange, parseListQuery } from './list-query.js';
import { GetQuerystring, IdParams, ListQuerystring } from './schemas/common.js';
import { hasSecrets, maskSecrets, unmaskSecrets, withoutSecretSearch } from './secrets.js';

export interface CrudRoutes<
  R extends { readonly id: string },
  C extends TSchema,
  U extends TSchema,
> {
  /** Path segment and Content-Range unit: `devices`. */
  readonly name: string;
  /** Singular for messages: `device`. */
  readonly label: string;
  /** Filter fields holding EUIs or DevAddrs, normalised like stored values. */
  readonly hexFields?: readonly string[] | undefined;
  /** Normalises a path id; throws API_INVALID_ID. */
  readonly parseId: (raw: string) => string;
  /** `local`: a peer asked for this node's own records only (cluster-wide reads fan out). */
  readonly list: (query: RecordQuery, ctx: { readonly local: boolean }) => Promise<ListResult<R>>;
  readonly get: (id: string) => Promise<R | undefined>;
  readonly create?: { readonly schema: C; readonly handler: (body: Static<C>) => Promise<R> };
  readonly update?: {
    readonly schema: U;
    readonly handler: (id: string, body: Static<U>) => Promise<R>;
  };
  readonly remove?: (id: string) => Promise<R>;
}

export function registerCrud<
  R extends { readonly id: string },
  C extends TSchema = TSchema,
  U extends TSchema = TSchema,
>(parent: FastifyInstance, routes: CrudRoutes<R, C, U>): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const base = `/${routes.name}`;
  const notFound = (id: string): ApiError =>
    new ApiError('API_NOT_FOUND', `${routes.label} ${id} does not exist`, {
      resource: routes.name,
      id,
    });

  // Every reply carries secrets masked (secrets.ts); only `?reveal=true` shows them.
  const masked = (record: R): R => maskSecrets(routes.name, record);

  app.get(base, { schema: { querystring: ListQuerystring } }, async (request, reply) => {
    const query = withoutSecretSearch(routes.name, parseListQuery(request.query, routes.hexFields));
    const result = await routes.list(query, { local: request.query.local === '1' });
    const start = query.range?.start ?? 0;
    return reply
      .header('Content-Range', contentRange(routes.name, start, result.items.length, result.total))
      .send(result.items.map(masked));
  });

  app.get(
    `${base}/:id`,
    { schema: { params: IdParams, querystring: GetQuerystring } },
    async (request) => {
      const id = routes.parseId(request.params.id);
      const reveal = request.query.reveal === 'true' && hasSecrets(routes.name);
      const user = requestUser(request);
      if (reveal && user?.role !== 'admin') {
        throw new ApiError(
          'API_FORBIDDEN',
          `user ${user?.id ?? '?'} may not reveal secrets (role ${user?.role ?? '?'})`,
        );
      }
      const record = await routes.get(id);
      if (record === undefined) throw notFound(id);
      if (!reveal) return masked(record);
      auditAs(request, { action: 'revealed the secrets of', label: routes.label, id });
      return record;
    },
  );

  const create = routes.create;
  if (create !== undefined) {
    app.post(base, { schema: { body: create.schema } }, async (request, reply) => {
      const body = unmaskSecrets(routes.name, request.body, undefined);
      const record = await create.handler(body);
      auditAs(request, { action: 'created', label: routes.label, id: record.id });
      return reply.code(201).send(masked(record));
    });
  }

  const update = routes.update;
  if (update !== undefined) {
    app.put(
      `${base}/:id`,
      { schema: { params: IdParams, body: update.schema } },
      async (request) => {
        const id = routes.parseId(request.params.id);
        const body = request.body as Static<U>;
        const bodyId = (body as { readonly id?: unknown }).id;
        if (typeof bodyId === 'string' && bodyId !== id && safeParse(routes, bodyId) !== id) {
          throw new ApiError(
            'API_INVALID_BODY',
            `id cannot be changed: the path names ${id}, the body ${bodyId}`,
            { field: 'id' },
          );
        }
        // A secret sent back masked keeps the stored value.
        const stored = hasSecrets(routes.name) ? await routes.get(id) : undefined;
        if (hasSecrets(routes.name) && stored === undefined) throw notFound(id);
        const record = await update.handler(id, unmaskSecrets(routes.name, body, stored));
        auditAs(request, { action: 'updated', label: routes.label, id });
        return masked(record);
      },
    );
  }

  const remove = routes.remove;
  if (remove !== undefined) {
    app.delete(`${base}/:id`, { schema: { params: IdParams } }, async (request) => {
      const id = routes.parseId(request.params.id);
      const record = await remove(id);
      auditAs(request, { action: 'deleted', label: routes.label, id });
      return masked(record);
    });
  }
}

function safeParse(routes: { readonly parseId: (raw: string) => string }, raw: string): string {
  try {
    return routes.parseId(raw);
  } catch {
    return raw;
  }
}

/** A path id parser from a body normaliser: same rules, API_INVALID_ID instead of a body error. */
export function pathId(label: string, parse: (field: string, value: string) => string) {
  return (raw: string): string => {
    try {
      return parse('id', raw);
    } catch (err) {
      const message = err instanceof Error ? err.message : 'is invalid';
      throw new ApiError('API_INVALID_ID', `${label} ${message}`, { id: raw });
    }
  };
}
