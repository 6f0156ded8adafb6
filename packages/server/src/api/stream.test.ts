import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntegrationEventJson } from '../shared/contract.js';
import { createHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

const event: IntegrationEventJson = {
  type: 'join',
  devEui: '70b3d57ed0000001',
  devAddr: '26011001',
  joinEui: '70b3d57ed0000000',
  rxInfo: [],
  receivedAt: '2024-05-01T10:00:00.000Z',
};

/** Opens a client; resolves when open, rejects with the HTTP status of a refused upgrade. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
  });
}

describe('GET /api/stream', () => {
  let h: Harness;
  let base: string;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    h = await createHarness();
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = address.replace(/^http/, 'ws');
  });

  afterEach(async () => {
    for (const ws of clients.splice(0)) ws.terminate();
    await h.close();
  });

  it('sends every published integration event as JSON (token in the query)', async () => {
    const token = h.viewerAuth.slice('Bearer '.length);
    const ws = await connect(`${base}/api/stream?token=${encodeURIComponent(token)}`);
    clients.push(ws);
    const received = nextMessage(ws);
    h.bus.publish(event);
    expect(await received).toEqual(event);
  });

  it('accepts the Authorization header too', async () => {
    const ws = await connect(`${base}/api/stream`, { authorization: h.adminAuth });
    clients.push(ws);
    const received = nextMessage(ws);
    h.bus.publish(event);
    expect(await received).toEqual(event);
  });

  it('refuses the upgrade without credentials (401)', async () => {
    await expect(connect(`${base}/api/stream`)).rejects.toThrow('status 401');
    await expect(connect(`${base}/api/stream?token=forged.token`)).rejects.toThrow('status 401');
  });

  it('unsubscribes a client that left', async () => {
    const before = h.bus.size;
    const ws = await connect(`${base}/api/stream`, { authorization: h.adminAuth });
    expect(h.bus.size).toBe(before + 1);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    // The server sees the close frame a few event-loop turns later; wait for it, bounded.
    for (let i = 0; i < 200 && h.bus.size > before; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(h.bus.size).toBe(before);
  });
});
