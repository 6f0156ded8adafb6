/** `GET /metrics` (Prometheus text, no auth) and the API's request counter. */
import type { FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

const REQUESTS = 'lns_http_requests_total';

/** The request counter of `registry`, created once even when the API is registered again. */
export function httpRequestCounter(registry: Registry): Counter<'method' | 'route' | 'status'> {
  const existing = registry.getSingleMetric(REQUESTS);
  if (existing instanceof Counter) return existing;
  return new Counter({
    name: REQUESTS,
    help: 'REST API requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
}

/** Counts every request of the context it is added to, by route template (bounded labels). */
export function countRequests(app: FastifyInstance, registry: Registry): void {
  const counter = httpRequestCounter(registry);
  app.addHook('onResponse', (request, reply, done) => {
    counter.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
    done();
  });
}

export function metricsRoutes(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(text);
  });
}
