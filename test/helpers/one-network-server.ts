/**
 * The scenarios of "the cluster acts as ONE network server" (SPEC, the paragraph under the
 * resources table), run against three real node processes. How a gateway reaches a node is
 * the caller's part (directly, or through a real nginx), so the same scenarios check both.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import { OwnershipView, devAddrKey } from '../../packages/server/src/cluster/index.js';
import type { Profile } from '../../packages/server/src/ns/index.js';
import { APP_S_KEY, NWK_S_KEY, testProfile } from '../../packages/server/src/ns/testing/records.js';
import type { DevAddr, Eui64 } from '../../packages/server/src/shared/ids.js';
import { FakeGateway, SimDevice } from '../../packages/server/src/sim/index.js';
import { startLns } from '../../packages/server/test/helpers/lns-process.js';
import type { LnsProcess } from '../../packages/server/test/helpers/lns-process.js';
import { RestClient } from '../../packages/server/test/helpers/rest-client.js';
import { until } from './until.js';

export const SECRET = randomBytes(32).toString('hex');
export const PASSWORD = 'one-ns-admin';
export const NODE_NAMES = ['n1', 'n2', 'n3'] as const;
export type NodeName = (typeof NODE_NAMES)[number];

/** The REST body of profile `id` (EU868, class `deviceClass`, LoRaWAN defaults). */
export function profileBody(id: string, deviceClass: 'A' | 'C' = 'A'): Profile {
  return testProfile({ id, name: id, deviceClass });
}

/** An ABP node of profile `profileId` at `devAddr`: its REST body and the device itself. */
export function abpNode(
  devAddr: DevAddr,
  profileId: string,
): { body: Record<string, unknown>; device: SimDevice } {
  return {
    body: { id: devAddr, profileId, nwkSKey: NWK_S_KEY, appSKey: APP_S_KEY, fCntDown: 0 },
    device: new SimDevice({ session: { devAddr, nwkSKey: NWK_S_KEY, appSKey: APP_S_KEY } }),
  };
}

export interface Frame {
  dir: string;
  devAddr: string;
  fCnt: number;
  data: string;
  gateways: { gatewayEui: string; server: string; lsnr: number }[];
  server: string;
}
interface EventRow {
  kind: string;
  entity: string;
  text: string;
}
interface Health {
  status: string;
  cluster: { members: number; up: number };
}

export { until };

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** An HTTP integration endpoint that keeps every SPEC event POSTed to it. */
export class EventSink {
  readonly events: { type: string; devAddr?: string; fCnt?: number; rxInfo?: unknown[] }[] = [];
  readonly #server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        this.events.push(JSON.parse(body) as EventSink['events'][number]);
      } catch {
        // Not an event: the assertions on `events` will show it is missing.
      }
      res.writeHead(204).end();
    });
  });

  async open(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('no sink address');
    return `http://127.0.0.1:${address.port}/events`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** Three joined nodes, a REST client per node, and what the scenarios set up once. */
export class ThreeNodes {
  readonly nodes = new Map<NodeName, LnsProcess>();
  readonly #clients = new Map<NodeName, RestClient>();
  readonly sink = new EventSink();
  readonly gateways: FakeGateway[] = [];
  #extraEnv: Record<string, string>;

  constructor(extraEnv: Record<string, string> = {}) {
    this.#extraEnv = extraEnv;
  }

  node(name: NodeName): LnsProcess {
    const n = this.nodes.get(name);
    if (n === undefined) throw new Error(`${name} is not running`);
    return n;
  }

  async start(name: NodeName, env: Record<string, string> = {}, dataDir?: string): Promise<void> {
    const node = await startLns(
      {
        LNS_NODE: name,
        LNS_CLUSTER_SECRET: SECRET,
        LNS_ADMIN_PASSWORD: PASSWORD,
        ...this.#extraEnv,
        ...env,
      },
      60_000,
      dataDir === undefined ? { keepData: true } : { dataDir, keepData: true },
    );
    this.nodes.set(name, node);
    this.#clients.delete(name);
  }

  async api(name: NodeName): Promise<RestClient> {
    let c = this.#clients.get(name);
    if (c === undefined) {
      const client = new RestClient(this.node(name).httpPort);
      await until('login', () => client.login('admin', PASSWORD).then(() => true), Boolean);
      this.#clients.set(name, client);
      c = client;
    }
    return c;
  }

  async health(name: NodeName): Promise<{ code: number; body: Health }> {
    const res = await fetch(`http://127.0.0.1:${this.node(name).httpPort}/health`);
    return { code: res.status, body: (await res.json()) as Health };
  }

  /** Every running node answers ok and sees `up` members up. */
  async waitHealthy(up: number): Promise<void> {
    for (const name of this.nodes.keys()) {
      await until(
        `${name} ok with ${up} up`,
        () => this.health(name),
        (h) => h.code === 200 && h.body.cluster.up === up,
        60_000,
      );
    }
  }

  /** n1, then n2 and n3 joining through LNS_DB_MASTER; profiles, gateways, an integration. */
  async setUp(gatewayEuis: readonly Eui64[]): Promise<void> {
    await this.start('n1');
    const master = this.node('n1').clusterAddress;
    await this.start('n2', { LNS_DB_MASTER: master });
    await this.start('n3', { LNS_DB_MASTER: master });
    await this.waitHealthy(3);
    const api = await this.api('n1');
    for (const [id, deviceClass] of [
      ['class-a', 'A'],
      ['class-c', 'C'],
    ] as const) {
      await api.create('/api/profiles', profileBody(id, deviceClass));
    }
    for (const id of gatewayEuis) await api.create('/api/gateways', { id, name: id, txRfChain: 0 });
    const url = await this.sink.open();
    await api.create('/api/integrations', {
      id: 'sink',
      type: 'http',
      url,
      events: ['up', 'join', 'ack'],
      enabled: true,
    });
    // Every node has the gateways, profiles and the integration before traffic starts.
    for (const name of this.nodes.keys()) {
      const c = await this.api(name);
      await until(
        `${name} has the integration`,
        () => c.request('GET', '/api/integrations/sink'),
        (r) => r.status === 200,
      );
    }
  }

  /** Registers a gateway on n1 and waits until every running node has it. */
  async addGateway(eui: Eui64): Promise<void> {
    await (await this.api('n1')).create('/api/gateways', { id: eui, name: eui, txRfChain: 0 });
    for (const name of this.nodes.keys()) {
      const c = await this.api(name);
      await until(
        `${name} has gateway ${eui}`,
        () => c.request('GET', `/api/gateways/${eui}`),
        (r) => r.status === 200,
      );
    }
  }

  /** The ONE frame log of the cluster (GET /api/frames on any node covers every node). */
  async frames(devAddr: string, via: NodeName = 'n1'): Promise<Frame[]> {
    const res = await (
      await this.api(via)
    ).request<Frame[]>(
      'GET',
      `/api/frames?range=[0,199]&filter=${encodeURIComponent(JSON.stringify({ devAddr }))}`,
    );
    return res.body;
  }

  async events(kind: string, via: NodeName = 'n1'): Promise<EventRow[]> {
    const res = await (
      await this.api(via)
    ).request<EventRow[]>(
      'GET',
      `/api/events?range=[0,499]&filter=${encodeURIComponent(JSON.stringify({ kind }))}`,
    );
    return res.body;
  }

  /** The session record of `devAddr` as node `name` has it. */
  async session(name: NodeName, devAddr: string): Promise<{ fCntDown: number; fCntUp?: number }> {
    const res = await (
      await this.api(name)
    ).request<{ fCntDown: number; fCntUp?: number }>('GET', `/api/nodes/${devAddr}`);
    return res.body;
  }

  /** An ABP device whose DevAddr `owner` owns while `members` are the live members. */
  async abpDevice(
    owner: NodeName,
    profileId: 'class-a' | 'class-c',
    members: readonly NodeName[] = NODE_NAMES,
  ): Promise<SimDevice> {
    const devAddr = devAddrOwnedBy(owner, members);
    const api = await this.api('n1');
    const node = abpNode(devAddr, profileId);
    await api.create('/api/nodes', node.body);
    for (const name of this.nodes.keys()) {
      const c = await this.api(name);
      await until(
        `${name} has ${devAddr}`,
        () => c.request('GET', `/api/nodes/${devAddr}`),
        (r) => r.status === 200,
      );
    }
    return node.device;
  }

  /** A node that exited (drained): forget it and remove its data. */
  async forget(name: NodeName): Promise<void> {
    const node = this.node(name);
    await node.stop();
    rmSync(node.dataDir, { recursive: true, force: true });
    this.nodes.delete(name);
    this.#clients.delete(name);
  }

  async stop(): Promise<void> {
    for (const gw of this.gateways.splice(0)) await gw.close().catch(() => undefined);
    await this.sink.close().catch(() => undefined);
    for (const node of this.nodes.values()) {
      await node.stop();
      rmSync(node.dataDir, { recursive: true, force: true });
    }
    this.nodes.clear();
  }
}

let nextDevAddr = 0x26010000;

/** A fresh DevAddr that `owner` owns among `members` (rendezvous hash, as the nodes compute it). */
export function devAddrOwnedBy(owner: NodeName, members: readonly NodeName[]): DevAddr {
  const view = new OwnershipView(members);
  for (;;) {
    const devAddr = (nextDevAddr++).toString(16).padStart(8, '0') as DevAddr;
    if (view.owner(devAddrKey(devAddr)) === owner) return devAddr;
  }
}

/** Sends the same PHYPayload through each gateway (a device heard by several). */
export function hearBy(
  phyPayload: Buffer,
  copies: readonly { gw: FakeGateway; lsnr: number; tmst: number }[],
): void {
  for (const c of copies) c.gw.pushUplink(phyPayload, { tmst: c.tmst, lsnr: c.lsnr, rssi: -70 });
}

/** Waits a while longer to be sure nothing more comes (a second frame, a second downlink). */
export const QUIET_MS = 1500;

/** The downlinks a gateway got for `devAddr` (data frames carry it LE at bytes 1..4). */
export function downlinksFor(gw: FakeGateway, devAddr: string): Buffer[] {
  return gw.downlinks
    .map((d) => d.phyPayload)
    .filter((p) => p.length >= 5 && p.readUInt32LE(1).toString(16).padStart(8, '0') === devAddr);
}

export function expectOneFrame(frames: Frame[], fCnt: number): Frame {
  const up = frames.filter((f) => f.dir === 'up' && f.fCnt === fCnt);
  expect(up, JSON.stringify(frames)).toHaveLength(1);
  return up[0]!;
}

/** How gateways reach the nodes: straight to a node's UDP port, or through a load balancer. */
export interface GatewayPlacement {
  /**
   * Opens a fake gateway for `eui` that a node other than those in `avoid` holds; resolves
   * once its PULL_DATA was acknowledged, with the node that holds it.
   */
  open(
    cluster: ThreeNodes,
    eui: Eui64,
    avoid: readonly NodeName[],
  ): Promise<{ gw: FakeGateway; holder: NodeName }>;
  /** After `dead` was killed: the gateway reaches another node, as the load balancer moves it. */
  move(
    cluster: ThreeNodes,
    gw: FakeGateway,
    dead: NodeName,
  ): Promise<{ gw: FakeGateway; holder: NodeName }>;
}

/** Sends PULL_DATA until the node answers PULL_ACK (bounded). */
export async function pull(gw: FakeGateway): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const acks = gw.acks.filter((a) => a.type === 'PULL_ACK').length;
    gw.pullData();
    if (await gw.waitFor(() => gw.acks.filter((a) => a.type === 'PULL_ACK').length > acks, 500)) {
      return;
    }
  }
  throw new Error(`${gw.opts.gatewayEui}: no PULL_ACK`);
}

/** The node whose gateway table saw `eui` last (the one holding its PULL path now). */
export async function holderOf(
  cluster: ThreeNodes,
  eui: Eui64,
  sinceMs: number,
): Promise<NodeName> {
  return until(
    `holder of ${eui}`,
    async () => {
      for (const [name] of cluster.nodes) {
        const res = await (
          await cluster.api(name)
        ).request<{ server?: string; lastSeen?: string }>('GET', `/api/gateways/${eui}`);
        const seen = res.body.lastSeen === undefined ? 0 : Date.parse(res.body.lastSeen);
        if (res.body.server === name && seen >= sinceMs - 100) return name;
      }
      return undefined;
    },
    (n): n is NodeName => n !== undefined,
    10_000,
  ) as Promise<NodeName>;
}

/** A fake gateway talking straight to `holder`'s UDP port, its PULL_DATA acknowledged. */
export async function openGatewayOn(
  cluster: ThreeNodes,
  eui: Eui64,
  holder: NodeName,
): Promise<{ gw: FakeGateway; holder: NodeName }> {
  const gw = new FakeGateway({
    gatewayEui: eui,
    serverHost: '127.0.0.1',
    serverPort: cluster.node(holder).udpPort,
    bindHost: '127.0.0.1',
  });
  await gw.open();
  await pull(gw);
  return { gw, holder };
}

/**
 * Gateways go straight to the first node not to avoid, as a sticky load balancer keeps each
 * on one node; after a kill, to the next live one, as it moves them.
 */
export const directPlacement: GatewayPlacement = {
  open: (cluster, eui, avoid) =>
    openGatewayOn(
      cluster,
      eui,
      NODE_NAMES.find((n) => !avoid.includes(n))!,
    ),
  async move(cluster, gw, dead) {
    await gw.close();
    const next = NODE_NAMES.find((n) => n !== dead && cluster.nodes.has(n))!;
    return openGatewayOn(cluster, gw.opts.gatewayEui, next);
  },
};
