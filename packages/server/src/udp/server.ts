/**
 * The gateway socket: one dgram socket for both the up (PUSH_DATA) and down (PULL_DATA,
 * TX_ACK) paths, ACKs at once [GWMP §7: "process packets after ack"], a gateway table for the
 * downstream path, and counters for every datagram it drops. What happens to uplinks is up to
 * the handlers the owner sets; this file knows nothing of LoRaWAN.
 */
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIPv4 } from 'node:net';
import type { Logger } from '../shared/logger.js';
import type { Clock } from '../shared/clock.js';
import type { Eui64 } from '../shared/ids.js';
import { UdpDecodeError } from './errors.js';
import { GatewayTable } from './gateway-table.js';
import type { GatewayRegisteredCheck, GatewayTableConfig, UdpAddress } from './gateway-table.js';
import type { Txpk } from './json.js';
import { buildPullAck, buildPushAck, decodeHeader, decodePacket, encodePacket } from './packet.js';
import type { GwmpPacket, PushDataPacket, TxAckPacket } from './packet.js';
import { statToGatewayStats } from './translate.js';

export interface GatewayUdpHandlers {
  /** A decoded PUSH_DATA, already acknowledged; `receivedMs` is this node's wall clock. */
  onPushData?(packet: PushDataPacket, from: UdpAddress, receivedMs: number): void;
  onTxAck?(packet: TxAckPacket, from: UdpAddress): void;
}

export interface GatewayUdpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly clock: Clock;
  readonly gatewayTable?: Partial<GatewayTableConfig>;
  /** Registered gateways are never evicted from the gateway table; strangers are bounded. */
  readonly isRegistered?: GatewayRegisteredCheck;
  /**
   * Socket receive buffer. Bursts of thousands of PUSH_DATA per second overflow Linux's
   * default (~200 KiB) while the event loop is busy; the kernel caps it at rmem_max anyway.
   */
  readonly receiveBufferBytes?: number;
}

export type UdpDropReason =
  UdpDecodeError['code'] | 'UDP_UNEXPECTED_PACKET_TYPE' | 'UDP_HANDLER_FAILED';

export class GatewayUdpServer {
  readonly gateways: GatewayTable;
  handlers: GatewayUdpHandlers = {};
  readonly #opts: GatewayUdpServerOptions;
  readonly #log: Logger;
  readonly #received = new Map<string, number>();
  readonly #dropped = new Map<UdpDropReason, number>();
  #socket: Socket | undefined;
  #bound = false;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(opts: GatewayUdpServerOptions) {
    this.#opts = opts;
    this.#log = opts.log;
    this.gateways = new GatewayTable(opts.clock, opts.gatewayTable, opts.isRegistered);
  }

  get bound(): boolean {
    return this.#bound;
  }

  /** Datagrams received, by packet type (`invalid` for those without a readable header). */
  get receivedCounts(): ReadonlyMap<string, number> {
    return this.#received;
  }

  /** Datagrams dropped, by reason. */
  get droppedCounts(): ReadonlyMap<UdpDropReason, number> {
    return this.#dropped;
  }

  listen(): Promise<UdpAddress> {
    const socket = createSocket({ type: 'udp4', reuseAddr: false, lookup: literalLookup });
    this.#socket = socket;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        this.#bound = false;
        reject(err);
      };
      socket.once('error', onError);
      socket.on('message', (msg, rinfo) => this.#onMessage(msg, rinfo));
      socket.bind({ address: this.#opts.host, port: this.#opts.port }, () => {
        socket.off('error', onError);
        // Sends carry no callback (one less closure and tick per datagram): a failed send
        // surfaces here.
        socket.on('error', (err) => this.#log.warn({ err }, 'udp socket error'));
        this.#sizeReceiveBuffer(socket);
        this.#bound = true;
        // Sweeping once a minute is enough: expiry is measured in minutes.
        this.#sweepTimer = setInterval(() => this.#sweep(), 60_000);
        this.#sweepTimer.unref();
        const { address, port } = socket.address();
        this.#log.info({ address, port }, 'udp listening');
        resolve({ address, port });
      });
    });
  }

  async close(): Promise<void> {
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    this.#bound = false;
    if (!socket) return;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /**
   * Sends a PULL_RESP to the gateway's last PULL_DATA address with that PULL_DATA's protocol
   * version. Returns false when the gateway has no fresh pull path on this node.
   */
  sendPullResp(gatewayEui: Eui64, txpk: Txpk, token: number): boolean {
    const path = this.gateways.pullPath(gatewayEui);
    const socket = this.#socket;
    if (!path || !socket) return false;
    const version = path.version === 1 ? 1 : 2;
    const datagram = encodePacket({
      type: 'PULL_RESP',
      version,
      token: version === 1 ? 0 : token,
      txpk,
    });
    this.#send(datagram, path.address);
    this.gateways.recordDownlink(gatewayEui);
    return true;
  }

  #send(datagram: Buffer, to: UdpAddress): void {
    this.#socket?.send(datagram, to.port, to.address);
  }

  /**
   * The kernel caps the buffer at net.core.rmem_max (Linux doubles the value for its own
   * bookkeeping): the size granted is logged, with a warning when it is below the request.
   */
  #sizeReceiveBuffer(socket: Socket): void {
    const wanted = this.#opts.receiveBufferBytes ?? 8 * 1024 * 1024;
    try {
      socket.setRecvBufferSize(wanted);
      const granted = socket.getRecvBufferSize();
      if (granted < wanted) {
        this.#log.warn(
          { wanted, granted },
          'udp receive buffer smaller than asked (raise net.core.rmem_max for bursts)',
        );
      } else {
        this.#log.info({ bytes: granted }, 'udp receive buffer');
      }
    } catch (err) {
      this.#log.warn({ err }, 'cannot enlarge udp receive buffer');
    }
  }

  #count<K extends string>(map: Map<K, number>, key: K): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  #drop(reason: UdpDropReason, rinfo: RemoteInfo, err?: unknown): void {
    this.#count(this.#dropped, reason);
    this.#log.debug({ reason, from: `${rinfo.address}:${rinfo.port}`, err }, 'datagram dropped');
  }

  #onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    const from = { address: rinfo.address, port: rinfo.port };
    let packet: GwmpPacket;
    let headerRead = false;
    try {
      const header = decodeHeader(msg);
      headerRead = true;
      this.#count(this.#received, header.type);
      // ACK before the body is parsed: the forwarder waits only ~100 ms for it, and an ACK
      // says "datagram received", not "datagram valid" [GWMP §7].
      if (header.type === 'PUSH_DATA' && msg.length >= 12) {
        this.#send(buildPushAck(header.version, header.token), from);
      }
      packet = decodePacket(msg);
    } catch (err) {
      if (err instanceof UdpDecodeError) {
        // Every datagram is counted as received once: by its type, or as `invalid` when its
        // header (length, version or packet type) cannot be read.
        if (!headerRead) this.#count(this.#received, 'invalid');
        this.#drop(err.code, rinfo, err);
        return;
      }
      throw err;
    }
    try {
      this.#dispatch(packet, from);
    } catch (err) {
      // A handler bug must cost one datagram, never the socket.
      this.#count(this.#dropped, 'UDP_HANDLER_FAILED');
      this.#log.error({ err, type: packet.type }, 'datagram handler failed');
    }
  }

  #dispatch(packet: GwmpPacket, from: UdpAddress): void {
    switch (packet.type) {
      case 'PUSH_DATA':
        this.gateways.recordPush(packet.gatewayEui, from, packet.rxpk.length);
        if (packet.stat)
          this.gateways.recordStats(packet.gatewayEui, statToGatewayStats(packet.stat));
        this.handlers.onPushData?.(packet, from, this.#opts.clock.now());
        return;
      case 'PULL_DATA':
        this.#send(buildPullAck(packet.version, packet.token), from);
        this.gateways.recordPull(packet.gatewayEui, from, packet.version);
        return;
      case 'TX_ACK':
        this.gateways.recordTxAck(packet.gatewayEui);
        this.handlers.onTxAck?.(packet, from);
        return;
      case 'PUSH_ACK':
      case 'PULL_ACK':
      case 'PULL_RESP':
        this.#count(this.#dropped, 'UDP_UNEXPECTED_PACKET_TYPE');
        return;
    }
  }

  #sweep(): void {
    for (const gatewayEui of this.gateways.sweep()) {
      this.#log.info({ gatewayEui }, 'gateway expired');
    }
  }
}

/**
 * Addresses the socket sends to are the IPv4 literals datagrams came from: resolving them
 * through dns.lookup would cost a deferred callback per PUSH_ACK. Names still resolve.
 */
function literalLookup(
  hostname: string,
  options: unknown,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  if (isIPv4(hostname)) {
    callback(null, hostname, 4);
    return;
  }
  dnsLookup(hostname, 4, callback);
}
