/**
 * The cluster acts as ONE network server (issue 8): three real node processes on loopback,
 * fake gateways talking straight to two of them (as a sticky load balancer would keep them),
 * and every SPEC promise checked once per uplink: one frame, one event, one downlink through
 * the better gateway, one join-accept, class C by the owner alone, failover with fresh
 * counters.
 */
import { describe } from 'vitest';
import { oneNetworkServerScenarios } from '../helpers/one-network-server-scenarios.js';
import { directPlacement } from '../helpers/one-network-server.js';

describe('three node processes act as ONE network server', () => {
  oneNetworkServerScenarios(directPlacement);
});
