/**
 * Packet forwarders nobody here wrote, as they put their datagrams on the wire: the reference
 * Semtech `lora_pkt_fwd` 4.0.1 (two connected sockets, its fixed JSON field order and number
 * formats, 12-byte TX_ACK on success), the npm `packet-forwarder` package (a JSON.stringify of
 * whatever object its caller builds, nulls included, no downstream at all) and a Python mote
 * emulator that sends the base64 length as `size`. Written from PROTOCOL.TXT v4.0.1 and those
 * programs' sources, never with lns's own codec, so a test fails if lns reads the protocol
 * differently from them.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

const PUSH_DATA = 0x00;
const PUSH_ACK = 0x01;
const PULL_DATA = 0x02;
const PULL_RESP = 0x03;
const PULL_ACK = 0x04;
const TX_ACK = 0x05;

/** What the concentrator reports about one received packet. */
export interface RadioMeta {
  /** Concentrator counter at the end of reception, µs. */
  readonly tmst: number;
  readonly freqHz: number;
  /** LoRa data rate as GWMP names it, e.g. "SF10BW125". */
  readonly datr: string;
  readonly codr?: string;
  readonly rssi?: number;
  readonly lsnr?: number;
  /** IF channel of the concentrator. */
  readonly chan?: number;
}

/**
 * One rxpk exactly as lora_pkt_fwd 4.0.1 `thread_up` prints it (no GPS: no `time`/`tmms`):
 * `"chan":%1u,"rfch":%1u,"freq":%.6lf`, `"lsnr":%.1f`, `"rssi":%.0f`, in this order.
 */
export function referenceRxpk(phy: Buffer, m: RadioMeta): string {
  return (
    `{"tmst":${m.tmst},"chan":${m.chan ?? 0},"rfch":0,"freq":${(m.freqHz / 1e6).toFixed(6)}` +
    `,"stat":1,"modu":"LORA","datr":"${m.datr}","codr":"${m.codr ?? '4/5'}"` +
    `,"lsnr":${(m.lsnr ?? 9.5).toFixed(1)},"rssi":${(m.rssi ?? -57).toFixed(0)}` +
    `,"size":${phy.length},"data":"${phy.toString('base64')}"}`
  );
}

/** A lora_pkt_fwd 4.0.1 status report (no GPS fix: no lati/long/alti), as it appends it. */
export const referenceStat =
  '"stat":{"time":"2024-05-01 10:00:00 GMT","rxnb":1,"rxok":1,"rxfw":1,"ackr":100.0,"dwnb":0,"txnb":0}';

/** A PUSH_DATA body of rxpk objects (JSON text), optionally with the status report. */
export function pushBody(rxpk: readonly string[], stat?: string): string {
  return `{"rxpk":[${rxpk.join(',')}]${stat === undefined ? '' : `,${stat}`}}`;
}

/**
 * The npm `packet-forwarder` way: the caller's object through JSON.stringify, so fields it has
 * no value for go out as `null` (its users fill `time`, `tmms`, `chan`, `rfch` with null).
 */
export function npmPacketForwarderBody(phy: Buffer, m: RadioMeta): string {
  return JSON.stringify({
    rxpk: [
      {
        time: null,
        tmms: null,
        tmst: m.tmst,
        chan: null,
        rfch: null,
        freq: m.freqHz / 1e6,
        stat: 1,
        modu: 'LORA',
        datr: m.datr,
        codr: m.codr ?? '4/5',
        rssi: m.rssi ?? -60,
        lsnr: m.lsnr ?? 7,
        size: phy.length,
        data: phy.toString('base64'),
      },
    ],
  });
}

/**
 * The Python mote emulator's rxpk: `size` is `len()` of the base64 text rather than of the
 * payload, and it leaves out `rfch`, `time` and `stat`.
 */
export function pythonEmulatorBody(phy: Buffer, m: RadioMeta): string {
  const data = phy.toString('base64');
  return JSON.stringify({
    rxpk: [
      {
        tmst: m.tmst,
        chan: m.chan ?? 0,
        freq: m.freqHz / 1e6,
        modu: 'LORA',
        datr: m.datr,
        codr: m.codr ?? '4/5',
        rssi: m.rssi ?? -70,
        lsnr: m.lsnr ?? 5.5,
        size: data.length,
        data,
      },
    ],
  });
}

/** A downlink as the forwarder received it: the PULL_RESP token and the parsed `txpk`. */
export interface ReceivedTxpk {
  readonly token: number;
  readonly txpk: {
    readonly imme?: boolean;
    readonly tmst?: number;
    readonly freq: number;
    readonly rfch?: number;
    readonly powe?: number;
    readonly modu: string;
    readonly datr: string;
    readonly codr?: string;
    readonly ipol?: boolean;
    readonly size: number;
    readonly data: string;
  };
  readonly phyPayload: Buffer;
}

export interface ForwarderOptions {
  readonly gatewayEui: string;
  readonly serverPort: number;
  readonly serverHost?: string;
  /**
   * lora_pkt_fwd opens two `connect()`ed sockets (up: PUSH_DATA; down: PULL_DATA, TX_ACK) with
   * different source ports; the npm package and most emulators use one.
   */
  readonly twoSockets?: boolean;
}

/**
 * A packet forwarder on real UDP sockets: PUSH_DATA of given JSON text, PULL_DATA keep-alive,
 * and TX_ACK for each PULL_RESP as lora_pkt_fwd 4.0.1 `send_tx_ack` writes it: 12 bytes when
 * the JIT queue took the packet, `{"txpk_ack":{"error":"…"}}` appended otherwise.
 */
export class UdpForwarder {
  readonly downlinks: ReceivedTxpk[] = [];
  /** Errors to answer the next PULL_RESPs with (TOO_EARLY, TOO_LATE, …); then success. */
  readonly txAckScript: string[] = [];
  pushAcks = 0;
  pullAcks = 0;
  readonly #opts: ForwarderOptions;
  readonly #eui: Buffer;
  readonly #up: Socket;
  readonly #down: Socket;
  #token = 0x1000;

  constructor(opts: ForwarderOptions) {
    this.#opts = opts;
    this.#eui = Buffer.from(opts.gatewayEui, 'hex');
    this.#up = createSocket('udp4');
    this.#down = opts.twoSockets === true ? createSocket('udp4') : this.#up;
  }

  async open(): Promise<void> {
    const host = this.#opts.serverHost ?? '127.0.0.1';
    for (const socket of new Set([this.#up, this.#down])) {
      socket.on('message', (msg) => this.#onMessage(msg));
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => socket.connect(this.#opts.serverPort, host, resolve));
    }
  }

  async close(): Promise<void> {
    for (const socket of new Set([this.#up, this.#down])) {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
  }

  #header(type: number, token: number): Buffer {
    return Buffer.from([0x02, (token >> 8) & 0xff, token & 0xff, type, ...this.#eui]);
  }

  #nextToken(): number {
    this.#token = (this.#token + 1) & 0xffff;
    return this.#token;
  }

  pullData(): void {
    this.#down.send(this.#header(PULL_DATA, this.#nextToken()));
  }

  /** Bytes as they are, on the down socket (PULL_DATA of made-up gateways). */
  sendRaw(datagram: Buffer): void {
    this.#down.send(datagram);
  }

  /** One PUSH_DATA carrying this JSON text as the body. */
  push(json: string): void {
    this.#up.send(
      Buffer.concat([this.#header(PUSH_DATA, this.#nextToken()), Buffer.from(json, 'utf8')]),
    );
  }

  #onMessage(msg: Buffer): void {
    if (msg.length < 4 || msg[0] !== 0x02) return;
    const type = msg[3];
    if (type === PUSH_ACK) this.pushAcks += 1;
    else if (type === PULL_ACK) this.pullAcks += 1;
    else if (type === PULL_RESP) {
      const token = msg.readUInt16BE(1);
      const body = JSON.parse(msg.subarray(4).toString('utf8')) as {
        txpk: ReceivedTxpk['txpk'];
      };
      this.downlinks.push({
        token,
        txpk: body.txpk,
        phyPayload: Buffer.from(body.txpk.data, 'base64'),
      });
      const error = this.txAckScript.shift();
      const ack = this.#header(TX_ACK, token);
      this.#down.send(
        error === undefined
          ? ack
          : Buffer.concat([ack, Buffer.from(`{"txpk_ack":{"error":"${error}"}}`)]),
      );
    }
  }

  /** Waits until `predicate` holds or `timeoutMs` passes; returns whether it held. */
  async waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }
}

/** The frequency in Hz a reference forwarder programs for a txpk `freq` [lora_pkt_fwd: (uint32_t)(1e6 * freq)]. */
export function txHz(freqMhz: number): number {
  return Math.trunc(freqMhz * 1e6);
}
