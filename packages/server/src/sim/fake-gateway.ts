/**
 * A Semtech packet forwarder on a real UDP socket, for `lns simulate` and end-to-end tests:
 * it keeps a pull path open with PULL_DATA, sends uplinks as PUSH_DATA, answers every
 * PULL_RESP with a TX_ACK (or a scripted error) and keeps what it received.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { Eui64 } from '../shared/ids.js';
import { decodePacket, encodePacket } from '../udp/index.js';
import type {
  GwmpPacket,
  GwmpVersion,
  PullRespPacket,
  Rxpk,
  TxAckErrorCode,
} from '../udp/index.js';

export interface FakeGatewayOptions {
  readonly gatewayEui: Eui64;
  readonly serverHost: string;
  readonly serverPort: number;
  readonly version?: GwmpVersion;
  /** Bind address of the gateway's own socket (loopback in tests). */
  readonly bindHost?: string;
}

export interface UplinkRadio {
  /** Concentrator timestamp (µs) at end of reception. */
  readonly tmst: number;
  readonly freqMhz?: number;
  readonly datr?: string;
  readonly rssi?: number;
  readonly lsnr?: number;
  readonly chan?: number;
}

export interface ReceivedDownlink {
  readonly packet: PullRespPacket;
  readonly phyPayload: Buffer;
  readonly receivedMs: number;
}

export class FakeGateway {
  readonly opts: FakeGatewayOptions;
  readonly downlinks: ReceivedDownlink[] = [];
  readonly acks: GwmpPacket[] = [];
  /** TX_ACK verdicts to answer the next PULL_RESPs with, in order; then NONE. */
  readonly txAckScript: TxAckErrorCode[] = [];
  readonly #socket: Socket;
  #token = 1;
  #waiters: (() => void)[] = [];

  constructor(opts: FakeGatewayOptions) {
    this.opts = opts;
    this.#socket = createSocket('udp4');
  }

  get version(): GwmpVersion {
    return this.opts.version ?? 2;
  }

  async open(): Promise<void> {
    this.#socket.on('message', (msg) => this.#onMessage(msg));
    await new Promise<void>((resolve) =>
      this.#socket.bind(0, this.opts.bindHost ?? '0.0.0.0', resolve),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #nextToken(): number {
    this.#token = (this.#token + 1) & 0xffff;
    return this.#token;
  }

  #send(packet: GwmpPacket): void {
    this.#socket.send(encodePacket(packet), this.opts.serverPort, this.opts.serverHost);
  }

  /** Raw bytes, for malformed-datagram tests. */
  sendRaw(datagram: Buffer): void {
    this.#socket.send(datagram, this.opts.serverPort, this.opts.serverHost);
  }

  pullData(): void {
    this.#send({
      type: 'PULL_DATA',
      version: this.version,
      token: this.#nextToken(),
      gatewayEui: this.opts.gatewayEui,
    });
  }

  pushUplink(phyPayload: Buffer, radio: UplinkRadio): void {
    const rxpk: Rxpk = {
      tmst: radio.tmst >>> 0,
      chan: radio.chan ?? 0,
      rfch: 0,
      freq: radio.freqMhz ?? 868.1,
      stat: 1,
      modu: 'LORA',
      datr: radio.datr ?? 'SF7BW125',
      codr: '4/5',
      rssi: radio.rssi ?? -50,
      lsnr: radio.lsnr ?? 9.5,
      size: phyPayload.length,
      data: phyPayload.toString('base64'),
    };
    this.#send({
      type: 'PUSH_DATA',
      version: this.version,
      token: this.#nextToken(),
      gatewayEui: this.opts.gatewayEui,
      rxpk: [rxpk],
    });
  }

  #onMessage(msg: Buffer): void {
    let packet: GwmpPacket;
    try {
      packet = decodePacket(msg);
    } catch {
      // A fake gateway ignores what it cannot parse, as the reference forwarder does.
      return;
    }
    if (packet.type === 'PULL_RESP') {
      this.downlinks.push({
        packet,
        phyPayload: Buffer.from(packet.txpk.data, 'base64'),
        receivedMs: Date.now(),
      });
      if (this.version === 2) {
        const error = this.txAckScript.shift() ?? 'NONE';
        this.#send({
          type: 'TX_ACK',
          version: 2,
          token: packet.token,
          gatewayEui: this.opts.gatewayEui,
          txpkAck: { error },
        });
      }
    } else {
      this.acks.push(packet);
    }
    this.#waiters.splice(0).forEach((w) => w());
  }

  /** Waits until `predicate` holds or `timeoutMs` passes; returns whether it held. */
  async waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }
}
