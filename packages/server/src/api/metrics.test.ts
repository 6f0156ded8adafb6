import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

describe('/metrics', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await h.close();
  });

  it('serves the registry as Prometheus text without auth, with API request counts', async () => {
    await h.call({ url: '/api/profiles' });
    await h.app.inject({ url: '/api/profiles' });
    const res = await h.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('# TYPE lns_http_requests_total counter');
    expect(res.body).toContain(
      'lns_http_requests_total{method="GET",route="/api/profiles",status="200"} 1',
    );
    expect(res.body).toContain(
      'lns_http_requests_total{method="GET",route="/api/profiles",status="401"} 1',
    );
  });

  it('includes metrics others registered on the same registry', async () => {
    const { Counter } = await import('prom-client');
    new Counter({ name: 'lns_uplinks_total', help: 'x', registers: [h.metrics] }).inc(3);
    const res = await h.app.inject({ url: '/metrics' });
    expect(res.body).toContain('lns_uplinks_total 3');
  });
});
