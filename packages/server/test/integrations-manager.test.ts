/**
 * The integration manager against a real store: it follows the replicated `integrations`
 * table. Here, not beside manager.ts, because integrations/ may not import store/.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MemoryLevel } from 'memory-level';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationBus, IntegrationManager } from '../src/integrations/index.js';
import type {
  IntegrationOutput,
  IntegrationOutputFactory,
  IntegrationStats,
} from '../src/integrations/index.js';
import {
  joinEvent,
  statusEvent,
  upEvent,
  upNsEvent,
  waitFor,
} from '../src/integrations/testing/events.js';
import type { IntegrationEventJson } from '../src/shared/contract.js';
import { openLnsStore } from '../src/store/index.js';
import type { IntegrationRecord, LnsStore } from '../src/store/index.js';

const log = pino({ level: 'silent' });

/** An output that records what it got, for checking the manager's routing. */
class FakeOutput implements IntegrationOutput {
  readonly got: IntegrationEventJson[] = [];
  closed = false;
  constructor(readonly record: IntegrationRecord) {}
  deliver(event: IntegrationEventJson): void {
    if (this.closed) return;
    this.got.push(event);
  }
  stats(): IntegrationStats {
    return { sent: this.got.length, failed: 0, dropped: 0, queued: 0 };
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const hook: IntegrationRecord = {
  id: 'hook',
  type: 'http',
  url: 'http://127.0.0.1:1/hook',
  events: ['up', 'join', 'ack', 'status', 'error'],
  enabled: true,
};

describe('IntegrationManager', () => {
  let db: MemoryLevel<string, string>;
  let store: LnsStore;
  let bus: IntegrationBus;
  let outputs: FakeOutput[];
  let manager: IntegrationManager;
  const createOutput: IntegrationOutputFactory = (record) => {
    const o = new FakeOutput(record);
    outputs.push(o);
    return o;
  };

  beforeEach(async () => {
    db = new MemoryLevel<string, string>();
    store = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
    bus = new IntegrationBus(log);
    outputs = [];
    manager = new IntegrationManager({ store, bus, log, node: 'n1', createOutput });
  });

  afterEach(async () => {
    await manager.close();
    await store.close();
    await db.close();
  });

  function live(id: string): FakeOutput | undefined {
    return outputs.find((o) => o.record.id === id && !o.closed);
  }

  it('starts the enabled integrations found in the store, not the disabled ones', async () => {
    await store.integrations.create(hook);
    await store.integrations.create({ ...hook, id: 'off', enabled: false });
    await manager.start();
    expect(outputs.map((o) => o.record.id)).toEqual(['hook']);
    bus.publish(upNsEvent);
    expect(live('hook')?.got).toEqual([upEvent]);
  });

  it('delivers only the event types an integration asked for', async () => {
    await store.integrations.create({ ...hook, events: ['join', 'status'] });
    await manager.start();
    for (const e of [upNsEvent, joinEvent, statusEvent]) bus.publish(e);
    expect(live('hook')?.got.map((e) => e.type)).toEqual(['join', 'status']);
  });

  it('picks up an integration created, disabled, re-enabled and deleted while running', async () => {
    await manager.start();
    expect(outputs).toEqual([]);

    await store.integrations.create(hook);
    await manager.idle();
    bus.publish(upNsEvent);
    expect(live('hook')?.got).toHaveLength(1);

    await store.integrations.update('hook', (r) => ({ ...r, enabled: false }));
    await manager.idle();
    expect(live('hook')).toBeUndefined();
    bus.publish(upNsEvent);
    expect(outputs.every((o) => o.got.length === 1)).toBe(true);
    expect(manager.stats()).toEqual([
      { id: 'hook', type: 'http', running: false, sent: 1, failed: 0, dropped: 0, queued: 0 },
    ]);

    await store.integrations.update('hook', (r) => ({ ...r, enabled: true }));
    await manager.idle();
    bus.publish(upNsEvent);
    expect(live('hook')?.got).toHaveLength(1);
    // Counters carry over the disable: /metrics counters never go down.
    expect(manager.stats()).toEqual([
      { id: 'hook', type: 'http', running: true, sent: 2, failed: 0, dropped: 0, queued: 0 },
    ]);

    await store.integrations.remove('hook');
    await manager.idle();
    expect(live('hook')).toBeUndefined();
    expect(manager.stats()).toEqual([]);
  });

  it('changing only `events` keeps the output; changing the url replaces it', async () => {
    await store.integrations.create(hook);
    await manager.start();
    await store.integrations.update('hook', (r) => ({ ...r, events: ['join'] }));
    await manager.idle();
    expect(outputs).toHaveLength(1);
    bus.publish(upNsEvent);
    bus.publish(joinEvent);
    expect(live('hook')?.got.map((e) => e.type)).toEqual(['join']);

    await store.integrations.update('hook', (r) => ({ ...r, url: 'http://127.0.0.1:2/other' }));
    await manager.idle();
    expect(outputs).toHaveLength(2);
    expect(outputs[0]?.closed).toBe(true);
    expect(live('hook')?.record.url).toBe('http://127.0.0.1:2/other');
  });

  it('close stops every output and follows the table no more', async () => {
    await store.integrations.create(hook);
    await store.integrations.create({ ...hook, id: 'second' });
    await manager.start();
    await manager.close();
    expect(outputs.map((o) => o.closed)).toEqual([true, true]);
    expect(bus.size).toBe(0);
    await store.integrations.create({ ...hook, id: 'late' });
    await manager.idle();
    expect(outputs).toHaveLength(2);
  });

  it('an output that fails to start is logged and left stopped; the others run', async () => {
    await store.integrations.create(hook);
    await store.integrations.create({ ...hook, id: 'broken' });
    const failing = new IntegrationManager({
      store,
      bus,
      log,
      node: 'n1',
      createOutput: (record, ctx) => {
        if (record.id === 'broken') throw new Error('bad url');
        return createOutput(record, ctx);
      },
    });
    await failing.start();
    bus.publish(upNsEvent);
    expect(live('hook')?.got).toHaveLength(1);
    expect(failing.stats().map((s) => s.id)).toEqual(['hook']);
    await failing.close();
  });
});

describe('IntegrationManager with the real HTTP output', () => {
  it('posts bus events of a store-created integration to a real endpoint', async () => {
    const bodies: unknown[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const db = new MemoryLevel<string, string>();
    const store = await openLnsStore({ db, nodeId: 'n1', log, trimIntervalMs: 0 });
    const bus = new IntegrationBus(log);
    const manager = new IntegrationManager({ store, bus, log, node: 'n1' });
    try {
      await manager.start();
      await store.integrations.create({
        ...hook,
        url: `http://127.0.0.1:${port}/hook`,
        events: ['up'],
      });
      await manager.idle();
      bus.publish(joinEvent);
      bus.publish(upNsEvent);
      await waitFor(() => manager.stats()[0]?.sent === 1);
      expect(bodies).toEqual([JSON.parse(JSON.stringify(upEvent))]);
    } finally {
      await manager.close();
      await store.close();
      await db.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
