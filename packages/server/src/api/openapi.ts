/**
 * The REST reference: an OpenAPI 3 document generated from the route schemas (the TypeBox
 * schemas each route declares: the one source) at `/api/openapi.json`, and Swagger UI at
 * `/api/docs`, served from the package's own files so it works without internet access.
 * Register it before any route: it learns the routes as they are added.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PREFIX = '/api/docs';

/** Pages for a browser, not API operations: the admin UI's files. */
const NOT_API = /^\/admin(\/|$)/;

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'lns REST API',
        version,
        description:
          'The REST API of an lns node (SPEC "REST /api"). Lists follow react-admin\'s simple ' +
          'REST dialect: `sort`, `range` and `filter` query parameters, a `Content-Range` ' +
          'header. Errors are `{"error": "<code>", "message": "<for a person>"}`. Log in with ' +
          '`POST /api/login`, then send `Authorization: Bearer <token>`; HTTP Basic works too.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ bearer: [] }, { basic: [] }],
    },
    transform: ({ schema, url, route }) => {
      if (NOT_API.test(url)) return { schema: { ...schema, hide: true }, url };
      // @fastify/websocket hides its routes (OpenAPI 3.0 has no WebSockets); the reference
      // still names them, as the GET that upgrades.
      if (route.websocket === true) {
        return {
          schema: {
            ...schema,
            hide: false,
            description:
              'WebSocket: GET with `Upgrade: websocket`; browsers pass the token as `?token=`.',
            response: { 101: { description: 'Switching Protocols: the WebSocket is open' } },
          },
          url,
        };
      }
      return { schema, url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // validatorUrl stays null (the default): no call to the public validator service.
    uiConfig: { deepLinking: true },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, () => app.swagger());
}
