/**
 * Registers the REST API (`/api`, SPEC "HTTP") and `/metrics` on a fastify instance. The /api
 * routes share one context: CORS (Content-Range exposed), the auth hook, the request counter,
 * the error handler and a JSON 404.
 */
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { AuditTrail, registerAudit } from './audit.js';
import { Authenticator, defaultTokenTtlS, registerAuth } from './auth.js';
import { LoginGuard } from './login-guard.js';
import { LoginThrottle } from './login-throttle.js';
import { devicesRoutes } from './devices.js';
import { ApiError } from './errors.js';
import { apiErrorHandler } from './error-handler.js';
import { gatewaysRoutes } from './gateways.js';
import { integrationsRoutes } from './integrations.js';
import { eventsRoutes, framesRoutes } from './logs.js';
import { countRequests, metricsRoutes } from './metrics.js';
import { nodesRoutes } from './nodes.js';
import { profilesRoutes } from './profiles.js';
import { streamRoutes } from './stream.js';
import type { ApiDeps, ClusterControl } from './types.js';
import { usersRoutes } from './users.js';
import { backupRoutes } from './backup.js';
import { serversRoutes } from './servers.js';
import { strictBodyValidation } from './validation.js';
import { websocketPluginOptions } from '../shared/websocket-limits.js';

export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const log = deps.log.child({ module: 'api' });
  const trail = new AuditTrail(deps.store, log);
  // Back-off runs on the monotonic clock: a wall-clock step must not lift or stretch a block.
  const guard = new LoginGuard(
    new LoginThrottle(() => performance.now(), deps.loginThrottle),
    trail,
  );
  const auth = new Authenticator({
    store: deps.store,
    authSecret: deps.authSecret,
    now: deps.now ?? Date.now,
    tokenTtlS: deps.tokenTtlS ?? defaultTokenTtlS,
    guard,
  });

  metricsRoutes(app, deps.metrics);

  // The WebSocket plugin hooks the server's upgrade event: once per server.
  if (!app.hasDecorator('websocketServer')) await app.register(websocket, websocketPluginOptions);

  await app.register(
    async (api) => {
      // Same-origin only unless LNS_CORS_ORIGINS lists others: a page elsewhere must not drive
      // the API with a token it got hold of, nor read its answers.
      await api.register(cors, {
        origin: [...(deps.corsOrigins ?? [])],
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
        exposedHeaders: ['Content-Range', 'Lns-Replication-Missing'],
      });
      strictBodyValidation(api);
      api.setErrorHandler(apiErrorHandler);
      api.setNotFoundHandler((request) => {
        throw new ApiError(
          'API_NOT_FOUND',
          `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
        );
      });
      countRequests(api, deps.metrics);
      registerAuth(api, auth, deps.store, guard);
      registerAudit(api, trail);
      profilesRoutes(api, deps.store, deps.defaultRegion ?? 'EU868');
      gatewaysRoutes(api, deps.store, deps.server, deps.listGatewayStatus);
      devicesRoutes(api, deps.store);
      nodesRoutes(api, deps.store);
      const reads = {
        cluster: deps.cluster,
        authSecret: deps.authSecret,
        now: deps.now ?? Date.now,
        log,
      };
      framesRoutes(api, deps.store, reads);
      eventsRoutes(api, deps.store, reads);
      usersRoutes(api, deps.store);
      integrationsRoutes(api, deps.store);
      serversRoutes(api, deps.cluster, () => ({
        id: deps.server,
        address: '',
        status: 'up',
        lastSeen: new Date().toISOString(),
        version: null,
        uptimeS: null,
        lagMs: 0,
      }));
      if (deps.cluster) waitForPeersOnWrites(api, deps.cluster);
      streamRoutes(api, deps.bus, log);
      if (deps.backup) backupRoutes(api, deps.backup, deps.server);
    },
    { prefix: '/api' },
  );
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
/** Writes that do not change replicated configuration: no need to wait for peers. */
const NOT_REPLICATED = /^\/api\/(login|cluster\/push|servers|backup)(\/|$|\?)/;

/**
 * Issue 4: a 2xx to a configuration write means every live node has it. The reply waits for
 * the live peers' acknowledgements (bounded) and names in `Lns-Replication-Missing` those that
 * did not answer in time; the write itself is committed here either way.
 */
function waitForPeersOnWrites(api: FastifyInstance, cluster: ClusterControl): void {
  api.addHook('onSend', async (request, reply, payload) => {
    if (!WRITE_METHODS.has(request.method) || reply.statusCode >= 300) return payload;
    if (NOT_REPLICATED.test(request.url)) return payload;
    const { missing } = await cluster.waitForPeers();
    if (missing.length > 0) void reply.header('Lns-Replication-Missing', missing.join(','));
    return payload;
  });
}
