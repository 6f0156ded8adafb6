/**
 * Composition glue: this node's downlink paths to gateways, whichever protocol they speak.
 * A gateway reached through a Basics Station connection and one reached through a UDP PULL
 * path are the same to the cluster relay and to ns: one LocalDownlinks, one list of live
 * gateway entries for the API.
 */
import type { GatewayLiveInfo } from './api/index.js';
import type { LocalDownlinks } from './cluster/index.js';
import type { UdpDownlinkSender } from './gateway-bridge.js';
import type { TxAckStatus } from './ns/index.js';
import type { Eui64 } from './shared/ids.js';
import type { DownlinkFrame } from './shared/radio.js';
import type { StationHub } from './station/index.js';

export class GatewayDownlinks implements LocalDownlinks {
  readonly #udp: UdpDownlinkSender;
  readonly #stations: StationHub;

  constructor(udp: UdpDownlinkSender, stations: StationHub) {
    this.#udp = udp;
    this.#stations = stations;
  }

  heardMs(gatewayEui: Eui64): number | undefined {
    return this.#stations.heardMs(gatewayEui) ?? this.#udp.heardMs(gatewayEui);
  }

  /** Through the gateway's Station connection when it has one here, else its UDP path. */
  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    return this.#stations.heardMs(frame.gatewayEui) !== undefined
      ? this.#stations.send(frame)
      : this.#udp.send(frame);
  }
}

/** The Station gateways of this node as the API's live entries. */
export function* stationLiveInfo(stations: StationHub, node: string): Iterable<GatewayLiveInfo> {
  for (const s of stations.live()) {
    yield {
      gatewayEui: s.gatewayEui,
      lastSeen: new Date(s.lastSeenMs).toISOString(),
      server: node,
      protocol: 'basics-station',
      connected: s.connected,
      // A Station forwards exactly the frames it received with a good CRC and has no `stat`.
      stats: {
        rxReceived: s.uplinks,
        rxOk: s.uplinks,
        rxForwarded: s.uplinks,
        txEmitted: s.transmitted,
        uplinks: s.uplinks,
        downlinks: s.downlinks,
      },
    };
  }
}
