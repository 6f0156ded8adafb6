import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpIntegration } from './http.js';
import type { HttpIntegrationConfig } from './http.js';
import { upEvent, upNumbered, waitFor } from './testing/events.js';
import { describeIntegrationOutput } from './testing/output-suite.js';

const log = pino({ level: 'silent' });
const fast: Partial<HttpIntegrationConfig> = { retryDelayMs: 5, timeoutMs: 2_000 };

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

interface Endpoint {
  readonly url: string;
  readonly requests: Received[];
  /** Answers requests; default 204. A handler may keep `res` to answer later. */
  reply: (res: ServerResponse, n: number) => void;
  close(): Promise<void>;
}

async function startEndpoint(): Promise<Endpoint> {
  const requests: Received[] = [];
  const endpoint: { reply: Endpoint['reply'] } = {
    reply: (res) => {
      res.writeHead(204).end();
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
      endpoint.reply(res, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

describeIntegrationOutput('http', async () => {
  const ep = await startEndpoint();
  const output = new HttpIntegration({ id: 'suite', url: ep.url, log, config: fast });
  return { output, received: () => ep.requests.map((r) => r.body), close: () => ep.close() };
});

describe('HttpIntegration', () => {
  const cleanup: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(
    config: Partial<HttpIntegrationConfig> = {},
    headers?: Record<string, string>,
  ): Promise<{ ep: Endpoint; http: HttpIntegration }> {
    const ep = await startEndpoint();
    cleanup.push(() => ep.close());
    const http = new HttpIntegration({
      id: 'hook',
      url: ep.url,
      headers,
      log,
      config: { ...fast, ...config },
    });
    cleanup.push(() => http.close());
    return { ep, http };
  }

  it('POSTs the SPEC JSON to the URL with content-type and the record headers', async () => {
    const { ep, http } = await setup({}, { Authorization: 'Bearer s3cret', 'X-Tenant': 'acme' });
    http.deliver(upEvent);
    await waitFor(() => http.stats().sent === 1);
    expect(ep.requests).toHaveLength(1);
    const [req] = ep.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/hook');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers.authorization).toBe('Bearer s3cret');
    expect(req?.headers['x-tenant']).toBe('acme');
    expect(req?.body).toEqual({
      type: 'up',
      devEui: '0102030405060708',
      devAddr: '26011bda',
      fCnt: 7,
      fPort: 2,
      data: 'AQID',
      confirmed: false,
      adr: true,
      rxInfo: [
        {
          gatewayEui: 'aa555a0000000101',
          rssi: -57,
          lsnr: 9.5,
          time: '2026-01-01T00:00:00.000000Z',
          tmst: 3512348611,
          server: 'n1',
        },
      ],
      txInfo: { freq: 868.1, datr: 'SF7BW125', codr: '4/5' },
      receivedAt: '2026-01-01T00:00:00.010Z',
    });
  });

  it('a record header cannot replace the JSON content-type', async () => {
    const { ep, http } = await setup({}, { 'Content-Type': 'text/plain' });
    http.deliver(upEvent);
    await waitFor(() => http.stats().sent === 1);
    expect(ep.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('retries a 5xx endpoint `retries` times, then counts the event failed', async () => {
    const { ep, http } = await setup({ retries: 2 });
    ep.reply = (res) => res.writeHead(503).end();
    http.deliver(upEvent);
    await waitFor(() => http.stats().failed === 1);
    expect(ep.requests).toHaveLength(3);
    expect(http.stats()).toEqual({ sent: 0, failed: 1, dropped: 0, queued: 0 });
  });

  it('an event that succeeds on a retry counts as sent once', async () => {
    const { ep, http } = await setup({ retries: 2 });
    ep.reply = (res, n) => res.writeHead(n === 1 ? 500 : 200).end('ok');
    http.deliver(upEvent);
    await waitFor(() => http.stats().sent === 1);
    expect(ep.requests).toHaveLength(2);
    expect(http.stats()).toEqual({ sent: 1, failed: 0, dropped: 0, queued: 0 });
  });

  it('does not retry a 4xx (the same request would be refused again)', async () => {
    const { ep, http } = await setup({ retries: 2 });
    ep.reply = (res) => res.writeHead(400).end();
    http.deliver(upEvent);
    await waitFor(() => http.stats().failed === 1);
    expect(ep.requests).toHaveLength(1);
  });

  it('counts an unreachable endpoint as failed after its retries, without throwing', async () => {
    const ep = await startEndpoint();
    await ep.close();
    const http = new HttpIntegration({ id: 'gone', url: ep.url, log, config: fast });
    cleanup.push(() => http.close());
    expect(() => http.deliver(upEvent)).not.toThrow();
    await waitFor(() => http.stats().failed === 1);
    expect(http.stats()).toEqual({ sent: 0, failed: 1, dropped: 0, queued: 0 });
  });

  it('times out a hanging endpoint and retries it', async () => {
    const { ep, http } = await setup({ retries: 1, timeoutMs: 50 });
    ep.reply = () => undefined;
    http.deliver(upEvent);
    await waitFor(() => http.stats().failed === 1);
    expect(ep.requests).toHaveLength(2);
  });

  it('bounds its queue: the oldest events are dropped and counted, the newest sent', async () => {
    const { ep, http } = await setup({ concurrency: 1, maxQueue: 2, retries: 0 });
    const held: ServerResponse[] = [];
    ep.reply = (res) => held.push(res);
    for (let n = 1; n <= 6; n += 1) http.deliver(upNumbered(n));
    await waitFor(() => held.length === 1);
    // 1 in flight, 5 and 6 queued; 2, 3 and 4 pushed out.
    expect(http.stats()).toEqual({ sent: 0, failed: 0, dropped: 3, queued: 3 });
    ep.reply = (res) => res.writeHead(204).end();
    held[0]?.writeHead(204).end();
    await waitFor(() => http.stats().sent === 3);
    expect(ep.requests.map((r) => (r.body as { fCnt: number }).fCnt)).toEqual([1, 5, 6]);
    expect(http.stats()).toEqual({ sent: 3, failed: 0, dropped: 3, queued: 0 });
  });

  it('close aborts what is in flight and drops the queue, counting both', async () => {
    const { ep, http } = await setup({ concurrency: 1, maxQueue: 10 });
    ep.reply = () => undefined;
    for (let n = 1; n <= 4; n += 1) http.deliver(upNumbered(n));
    await waitFor(() => ep.requests.length === 1);
    await http.close();
    expect(http.stats()).toEqual({ sent: 0, failed: 0, dropped: 4, queued: 0 });
  });
});
