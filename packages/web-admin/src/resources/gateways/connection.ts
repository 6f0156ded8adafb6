/**
 * A gateway's connection state as an operator reads it, from the live `protocol` and
 * `connected` of a gateway read (CONTRACTS.md): UDP gateways have no connection, only a path
 * (the PULL_DATA keep-alives a node last received), Basics Stations hold a WebSocket.
 */
import type { GatewayRecord } from '../../types';

export interface ConnectionState {
  /** "Basics Station · connected", "UDP · no path", … */
  readonly label: string;
  readonly color: 'success' | 'warning' | 'default';
  /** What the state means for downlinks, for a tooltip. */
  readonly detail: string;
}

const onNode = (server: string | undefined): string =>
  server === undefined ? 'a node' : `node ${server}`;

export function connectionState(
  gateway: Pick<GatewayRecord, 'protocol' | 'connected' | 'server' | 'lastSeen'>,
): ConnectionState {
  const { protocol, connected = false, server, lastSeen } = gateway;
  switch (protocol) {
    case 'basics-station':
      return connected
        ? {
            label: 'Basics Station · connected',
            color: 'success',
            detail: `WebSocket open on ${onNode(server)}: downlinks go out through it.`,
          }
        : {
            label: 'Basics Station · disconnected',
            color: 'warning',
            detail: 'No WebSocket open on any node: downlinks cannot reach it.',
          };
    case 'udp':
      return connected
        ? {
            label: 'UDP · connected',
            color: 'success',
            detail: `PULL_DATA keep-alives reach ${onNode(server)}: downlinks go out through it.`,
          }
        : {
            label: 'UDP · no path',
            color: 'warning',
            detail: 'No recent PULL_DATA on any node: downlinks cannot reach it.',
          };
    default:
      if (connected) {
        return { label: 'connected', color: 'success', detail: 'A node can send downlinks to it.' };
      }
      // A node that reports lastSeen but not the live fields (an older version in the cluster).
      return lastSeen === undefined
        ? {
            label: 'never seen',
            color: 'default',
            detail: 'No node has heard from this gateway (UDP packet forwarder or Basics Station).',
          }
        : {
            label: 'state unknown',
            color: 'default',
            detail: 'Heard before, but the node does not report how it is connected.',
          };
  }
}
