import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Aedes } from 'aedes';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttIntegration, mqttClientId, topicOf } from './mqtt.js';
import type { MqttIntegrationConfig } from './mqtt.js';
import {
  devAddr,
  devEui,
  errorEvent,
  joinEvent,
  statusEvent,
  upEvent,
  upNumbered,
  waitFor,
} from './testing/events.js';
import { describeIntegrationOutput } from './testing/output-suite.js';

const log = pino({ level: 'silent' });
const fast: Partial<MqttIntegrationConfig> = { reconnectPeriodMs: 20, connectTimeoutMs: 2_000 };

interface Published {
  readonly topic: string;
  readonly qos: number;
  readonly clientId: string | undefined;
  readonly body: unknown;
}

interface Broker {
  readonly port: number;
  readonly url: string;
  readonly published: Published[];
  close(): Promise<void>;
}

/** An in-process aedes broker on a real TCP port (0 = any free one). */
async function startBroker(port = 0, published: Published[] = []): Promise<Broker> {
  const aedes = await Aedes.createBroker();
  aedes.on('publish', (packet, client) => {
    // aedes publishes $SYS topics itself (client null); only clients' messages count.
    if (client === null) return;
    published.push({
      topic: packet.topic,
      qos: packet.qos,
      clientId: client.id,
      body: JSON.parse(packet.payload.toString()) as unknown,
    });
  });
  const server: Server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `mqtt://127.0.0.1:${actual}`,
    published,
    close: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeIntegrationOutput('mqtt', async () => {
  const broker = await startBroker();
  const output = new MqttIntegration({
    id: 'suite',
    url: broker.url,
    node: 'n1',
    log,
    config: fast,
  });
  return {
    output,
    received: () => broker.published.map((p) => p.body),
    close: () => broker.close(),
  };
});

describe('topicOf', () => {
  it('defaults to lns/devices/<devEui>/<type> (SPEC)', () => {
    expect(topicOf(upEvent)).toBe(`lns/devices/${devEui}/up`);
    expect(topicOf(joinEvent)).toBe(`lns/devices/${devEui}/join`);
  });

  it('falls back to the DevAddr when the event has no DevEUI (an ABP node)', () => {
    expect(topicOf(statusEvent)).toBe(`lns/devices/${devAddr}/status`);
  });

  it('uses "unknown" for an error event about no device', () => {
    expect(topicOf(errorEvent)).toBe('lns/devices/unknown/error');
  });

  it('fills {devEui}, {devAddr} and {type} of a template, every occurrence', () => {
    expect(topicOf(upEvent, 'app/{devEui}/{devAddr}/{type}/{type}')).toBe(
      `app/${devEui}/${devAddr}/up/up`,
    );
    expect(topicOf(statusEvent, 'app/{devEui}/{type}')).toBe('app/unknown/status');
  });

  it('an empty template means the default topic', () => {
    expect(topicOf(upEvent, '')).toBe(`lns/devices/${devEui}/up`);
  });
});

describe('MqttIntegration', () => {
  const cleanup: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('publishes at QoS 1 to the SPEC topic with the per-node client id', async () => {
    const broker = await startBroker();
    cleanup.push(() => broker.close());
    const mqtt = new MqttIntegration({
      id: 'cloud',
      url: broker.url,
      node: 'n2',
      log,
      config: fast,
    });
    cleanup.push(() => mqtt.close());
    mqtt.deliver(upEvent);
    mqtt.deliver(statusEvent);
    await waitFor(() => mqtt.stats().sent === 2);
    expect(mqtt.clientId).toBe('lns-n2-cloud');
    expect(mqttClientId('n2', 'cloud')).toBe('lns-n2-cloud');
    expect(broker.published).toEqual([
      {
        topic: `lns/devices/${devEui}/up`,
        qos: 1,
        clientId: 'lns-n2-cloud',
        body: JSON.parse(JSON.stringify(upEvent)),
      },
      {
        topic: `lns/devices/${devAddr}/status`,
        qos: 1,
        clientId: 'lns-n2-cloud',
        body: JSON.parse(JSON.stringify(statusEvent)),
      },
    ]);
  });

  it('uses the record topic template', async () => {
    const broker = await startBroker();
    cleanup.push(() => broker.close());
    const mqtt = new MqttIntegration({
      id: 'tpl',
      url: broker.url,
      topic: 'tenants/acme/{devEui}/{type}',
      node: 'n1',
      log,
      config: fast,
    });
    cleanup.push(() => mqtt.close());
    mqtt.deliver(joinEvent);
    await waitFor(() => mqtt.stats().sent === 1);
    expect(broker.published.map((p) => p.topic)).toEqual([`tenants/acme/${devEui}/join`]);
  });

  it('two nodes with the same integration keep both sessions (distinct client ids)', async () => {
    const broker = await startBroker();
    cleanup.push(() => broker.close());
    const a = new MqttIntegration({ id: 'cloud', url: broker.url, node: 'n1', log, config: fast });
    const b = new MqttIntegration({ id: 'cloud', url: broker.url, node: 'n2', log, config: fast });
    cleanup.push(
      () => a.close(),
      () => b.close(),
    );
    a.deliver(upNumbered(1));
    b.deliver(upNumbered(2));
    await waitFor(() => a.stats().sent === 1 && b.stats().sent === 1);
    expect(a.connected && b.connected).toBe(true);
    expect(broker.published.map((p) => p.clientId).sort()).toEqual([
      'lns-n1-cloud',
      'lns-n2-cloud',
    ]);
  });

  it('buffers while the broker is down and delivers after it restarts', async () => {
    const published: Published[] = [];
    let broker = await startBroker(0, published);
    const port = broker.port;
    const mqtt = new MqttIntegration({ id: 'r', url: broker.url, node: 'n1', log, config: fast });
    cleanup.push(() => mqtt.close());
    mqtt.deliver(upNumbered(1));
    await waitFor(() => mqtt.stats().sent === 1);

    await broker.close();
    await waitFor(() => !mqtt.connected);
    mqtt.deliver(upNumbered(2));
    mqtt.deliver(upNumbered(3));
    expect(mqtt.stats()).toMatchObject({ sent: 1, queued: 2, dropped: 0 });

    broker = await startBroker(port, published);
    cleanup.push(() => broker.close());
    await waitFor(() => mqtt.stats().sent === 3);
    expect(published.map((p) => (p.body as { fCnt: number }).fCnt)).toEqual([1, 2, 3]);
    expect(mqtt.stats()).toEqual({ sent: 3, failed: 0, dropped: 0, queued: 0 });
  });

  it('drops the oldest events, counted, when the broker stays away', async () => {
    const broker = await startBroker();
    await broker.close();
    const mqtt = new MqttIntegration({
      id: 'down',
      url: broker.url,
      node: 'n1',
      log,
      config: { ...fast, maxQueue: 3 },
    });
    cleanup.push(() => mqtt.close());
    for (let n = 1; n <= 5; n += 1) {
      expect(() => mqtt.deliver(upNumbered(n))).not.toThrow();
    }
    expect(mqtt.stats()).toEqual({ sent: 0, failed: 0, dropped: 2, queued: 3 });
    await mqtt.close();
    expect(mqtt.stats()).toEqual({ sent: 0, failed: 0, dropped: 5, queued: 0 });
  });
});
