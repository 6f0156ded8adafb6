/**
 * GET /health for load balancers (SPEC "HTTP"): no auth, no disk, answers from state kept in
 * memory. 200 only when this node can take gateway traffic, 503 otherwise with the reason in
 * `status`.
 */
import type { FastifyPluginAsync } from 'fastify';

export type HealthStatus = 'ok' | 'starting' | 'draining' | 'degraded';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly node: string;
  readonly uptimeS: number;
  readonly cluster: { readonly id: string; readonly members: number; readonly up: number };
  readonly udp: 'ok' | 'down';
  readonly db: 'ok' | 'down' | 'none';
}

export interface HealthPluginOptions {
  readonly getHealth: () => HealthReport;
}

export const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = (app, opts) => {
  app.get('/health', { logLevel: 'warn' }, (_req, reply) => {
    const report = opts.getHealth();
    return reply
      .code(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
  return Promise.resolve();
};
