/**
 * The cluster acts as ONE network server (issue 8): three real node processes on loopback,
 * fake gateways talking straight to two of them (as a sticky load balancer would keep them),
 * and every SPEC promise checked once per uplink: one frame, one event, one downlink through
 * the better gateway, one join-accept, class C by the owner alone, failover with fresh
 * counters.
 */
import { describe } from 'vitest';
import type { Eui64 } from '../../packages/server/src/shared/ids.js';
import { FakeGateway } from '../../packages/server/src/sim/index.js';
import { oneNetworkServerScenarios } from '../helpers/one-network-server-scenarios.js';
import { NODE_NAMES, pull } from '../helpers/one-network-server.js';
import type { GatewayPlacement, NodeName, ThreeNodes } from '../helpers/one-network-server.js';

async function openOn(cluster: ThreeNodes, eui: Eui64, holder: NodeName) {
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

/** Gateways go to the first node not to avoid; after a kill, to the next live one. */
const direct: GatewayPlacement = {
  open: (cluster, eui, avoid) =>
    openOn(
      cluster,
      eui,
      NODE_NAMES.find((n) => !avoid.includes(n))!,
    ),
  async move(cluster, gw, dead) {
    await gw.close();
    const next = NODE_NAMES.find((n) => n !== dead && cluster.nodes.has(n))!;
    return openOn(cluster, gw.opts.gatewayEui, next);
  },
};

describe('three node processes act as ONE network server', () => {
  oneNetworkServerScenarios(direct);
});
