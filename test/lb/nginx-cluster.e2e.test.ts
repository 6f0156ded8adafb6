/**
 * The "ONE network server" scenarios through a real nginx (issue 8): fake gateways reach the
 * three nodes only through nginx started with deploy/nginx/lns-lb.conf, each from its own
 * loopback address so `hash $remote_addr consistent` spreads them; a killed node is marked
 * down by deploy/nginx/lns-lb-sync.mjs, as in a real deployment, and its gateways move.
 */
import { afterAll, describe } from 'vitest';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import { FakeGateway } from '../../packages/server/src/sim/index.js';
import { startNginxLb, syncUpstreams } from '../helpers/nginx.js';
import type { NginxLb } from '../helpers/nginx.js';
import { oneNetworkServerScenarios } from '../helpers/one-network-server-scenarios.js';
import { NODE_NAMES, holderOf, pull } from '../helpers/one-network-server.js';
import type { GatewayPlacement, NodeName, ThreeNodes } from '../helpers/one-network-server.js';

/** Source addresses 127.0.0.2 … 127.0.0.MAX_HOST are tried, each at most once. */
const MAX_HOST = 60;

/** The ports of the three nodes as first started: the upstream file lists them in this order. */
interface NodePorts {
  readonly udp: number;
  readonly http: number;
}

function behindNginx(): { placement: GatewayPlacement; stop: () => Promise<void> } {
  let lb: NginxLb | undefined;
  let ports: readonly NodePorts[] = [];
  let nextHost = 2;

  const nginx = async (cluster: ThreeNodes): Promise<NginxLb> => {
    if (lb === undefined) {
      ports = NODE_NAMES.map((n) => ({
        udp: cluster.node(n).udpPort,
        http: cluster.node(n).httpPort,
      }));
      lb = await startNginxLb(ports.map((p) => `server 127.0.0.1:${p.udp};\n`).join(''));
    }
    return lb;
  };

  /** A gateway from a fresh source address, PULLed through nginx, with the node holding it. */
  const attach = async (
    cluster: ThreeNodes,
    eui: Eui64,
    bindHost: string,
    port: number,
  ): Promise<{ gw: FakeGateway; holder: NodeName }> => {
    const gw = new FakeGateway({
      gatewayEui: eui,
      serverHost: '127.0.0.1',
      serverPort: port,
      bindHost,
    });
    await gw.open();
    try {
      const since = Date.now();
      await pull(gw);
      return { gw, holder: await holderOf(cluster, eui, since) };
    } catch (err) {
      await gw.close();
      throw err;
    }
  };

  /**
   * The node nginx sends source address 127.0.0.`host` to, found with a probe gateway of its
   * own EUI. A trial with the real EUI would leave a fresh PULL path (90 s) on the node it was
   * discarded from, and that node sends the real gateway's downlinks down that dead path.
   */
  const landing = async (cluster: ThreeNodes, host: number, port: number): Promise<NodeName> => {
    const probe = `fe000000000000${host.toString(16).padStart(2, '0')}` as Eui64;
    await cluster.addGateway(probe);
    const { gw, holder } = await attach(cluster, probe, `127.0.0.${host}`, port);
    await gw.close();
    return holder;
  };

  const placement: GatewayPlacement = {
    async open(cluster, eui, avoid) {
      const { udpPort } = await nginx(cluster);
      while (nextHost <= MAX_HOST) {
        const host = nextHost++;
        const bindHost = `127.0.0.${host}`;
        const probed = await landing(cluster, host, udpPort);
        if (avoid.includes(probed)) continue;
        const attached = await attach(cluster, eui, bindHost, udpPort);
        if (attached.holder !== probed) {
          await attached.gw.close();
          throw new Error(`${bindHost} reached ${probed}, then ${attached.holder}: not sticky`);
        }
        return attached;
      }
      throw new Error(`no source address up to 127.0.0.${MAX_HOST} lands outside ${avoid.join()}`);
    },

    async move(cluster, gw, dead) {
      const current = await nginx(cluster);
      // One round of the sync script, as the deployment runs it: the dead node's /health does
      // not answer, so its line turns `down` and nginx reloads.
      syncUpstreams(
        current,
        ports.map((p) => `127.0.0.1:${p.udp}@127.0.0.1:${p.http}`),
      );
      const since = Date.now();
      await pull(gw);
      const holder = await holderOf(cluster, gw.opts.gatewayEui, since);
      if (holder === dead) throw new Error(`${gw.opts.gatewayEui} still on ${dead}`);
      return { gw, holder };
    },
  };
  return { placement, stop: async () => lb?.stop() };
}

describe('three node processes behind a real nginx act as ONE network server', () => {
  const { placement, stop } = behindNginx();
  afterAll(stop);
  oneNetworkServerScenarios(placement);
});
