/**
 * Composition glue between the gateway socket and the network server (part of the
 * composition root: it may import both). Uplinks: every rxpk of a PUSH_DATA whose CRC did not
 * fail becomes an UplinkFrame for ns. Downlinks: a DownlinkFrame becomes a PULL_RESP, and the promise
 * resolves with the TX_ACK that carries the same token. The gateway table, read for the API.
 */
import type { Logger } from './shared/logger.js';
import type { GatewayLiveInfo } from './api/index.js';
import type { Clock } from './shared/clock.js';
import type { DownlinkSender, TxAckStatus } from './ns/index.js';
import type { Eui64 } from './shared/ids.js';
import type { DownlinkFrame, UplinkFrame } from './shared/radio.js';
import { UdpDecodeError, downlinkFrameToTxpk, rxpkToUplinkFrame } from './udp/index.js';
import type { GatewayUdpServer, TxAckPacket } from './udp/index.js';

interface PendingTx {
  readonly resolve: (status: TxAckStatus) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class UdpDownlinkSender implements DownlinkSender {
  readonly #udp: GatewayUdpServer;
  readonly #txAckTimeoutMs: number;
  readonly #pending = new Map<string, PendingTx>();
  #token = Math.floor(Math.random() * 0xffff);

  constructor(udp: GatewayUdpServer, txAckTimeoutMs: number) {
    this.#udp = udp;
    this.#txAckTimeoutMs = txAckTimeoutMs;
  }

  /** When this node last heard from the gateway, if it has a fresh PULL path here. */
  heardMs(gatewayEui: Eui64): number | undefined {
    if (this.#udp.gateways.pullPath(gatewayEui) === undefined) return undefined;
    return this.#udp.gateways.get(gatewayEui)?.lastSeenMs;
  }

  send(frame: DownlinkFrame): Promise<TxAckStatus> {
    const path = this.#udp.gateways.pullPath(frame.gatewayEui);
    if (!path) return Promise.resolve('NO_PATH');
    const token = this.#nextToken(frame.gatewayEui);
    if (!this.#udp.sendPullResp(frame.gatewayEui, downlinkFrameToTxpk(frame), token)) {
      return Promise.resolve('NO_PATH');
    }
    // Protocol v1 forwarders never send TX_ACK [GWMP §6]: the PULL_RESP is all we can do.
    if (path.version === 1) return Promise.resolve('NO_ACK');
    return new Promise((resolve) => {
      const key = pendingKey(frame.gatewayEui, token);
      const timer = setTimeout(() => {
        this.#pending.delete(key);
        resolve('NO_ACK');
      }, this.#txAckTimeoutMs);
      this.#pending.set(key, { resolve, timer });
    });
  }

  /** Matches a TX_ACK to its PULL_RESP by gateway and token. */
  handleTxAck(packet: TxAckPacket): void {
    const key = pendingKey(packet.gatewayEui, packet.token);
    const pending = this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    pending.resolve(packet.txpkAck.error === 'NONE' ? 'ok' : packet.txpkAck.error);
  }

  /** Resolves every waiting send as NO_ACK (shutdown). */
  close(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.resolve('NO_ACK');
    }
    this.#pending.clear();
  }

  #nextToken(gatewayEui: Eui64): number {
    // Tokens are per gateway and 16 bits; skip ones still waiting for their TX_ACK.
    for (let i = 0; i < 0x10000; i++) {
      this.#token = (this.#token + 1) & 0xffff;
      if (this.#token !== 0 && !this.#pending.has(pendingKey(gatewayEui, this.#token))) break;
    }
    return this.#token;
  }
}

function pendingKey(gatewayEui: Eui64, token: number): string {
  return `${gatewayEui}/${token}`;
}

export interface UplinkBridgeDeps {
  readonly udp: GatewayUdpServer;
  readonly sender: UdpDownlinkSender;
  readonly handleUplinkFrame: (frame: UplinkFrame, receivedMs: number) => void;
  readonly onCrcError: () => void;
  /** An rxpk whose `size` disagreed with its `data`; the frame went on with `data`. */
  readonly onSizeMismatch: () => void;
  readonly log: Logger;
}

/** Connects the socket's handlers to the network server. */
export function bridgeGatewayTraffic(deps: UplinkBridgeDeps): void {
  deps.udp.handlers = {
    onPushData: (packet, _from, receivedMs) => {
      for (const rxpk of packet.rxpk) {
        // A failed PHY CRC is noise (forwarders send it only when configured to). "No CRC" (0)
        // or no `stat` at all is taken, as the peers take it: the MIC guards the frame.
        if (rxpk.stat === -1) {
          deps.onCrcError();
          continue;
        }
        let frame: UplinkFrame;
        try {
          frame = rxpkToUplinkFrame(rxpk, packet.gatewayEui);
        } catch (err) {
          if (!(err instanceof UdpDecodeError)) throw err;
          deps.log.debug({ err, gatewayEui: packet.gatewayEui }, 'rxpk dropped');
          continue;
        }
        // Some emulators send the base64 length as `size`; every peer reads `data`.
        if (rxpk.size !== undefined && rxpk.size !== frame.phyPayload.length) {
          deps.onSizeMismatch();
          deps.log.debug(
            { gatewayEui: packet.gatewayEui, size: rxpk.size, bytes: frame.phyPayload.length },
            'rxpk size disagrees with its data; data used',
          );
        }
        deps.handleUplinkFrame(frame, receivedMs);
      }
    },
    onTxAck: (packet) => deps.sender.handleTxAck(packet),
  };
}

/** What this node knows live of its gateways, for `GET /api/gateways` (lastSeen, stats). */
export function* gatewayLiveInfo(
  udp: GatewayUdpServer,
  clock: Clock,
  node: string,
): Iterable<GatewayLiveInfo> {
  const nowMs = clock.now();
  const monoMs = clock.monotonicMs();
  for (const entry of udp.gateways.entries()) {
    yield {
      gatewayEui: entry.gatewayEui,
      lastSeen: new Date(nowMs - (monoMs - entry.lastSeenMs)).toISOString(),
      server: node,
      protocol: 'udp',
      connected: udp.gateways.pullPath(entry.gatewayEui) !== undefined,
      // The gateway's own counters come from its last `stat`; uplinks and downlinks are what
      // this node exchanged with it.
      stats: {
        rxReceived: entry.stats?.rxReceived ?? 0,
        rxOk: entry.stats?.rxOk ?? 0,
        rxForwarded: entry.stats?.rxForwarded ?? 0,
        txEmitted: entry.stats?.txEmitted ?? 0,
        uplinks: entry.uplinks,
        downlinks: entry.downlinks,
      },
    };
  }
}
