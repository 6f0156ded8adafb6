/**
 * The load generator of the e2e benchmark: G Semtech packet forwarders on real UDP sockets and
 * D ABP devices. A step's uplinks (real frames, real MICs, in PUSH_DATA datagrams) are built
 * before the step is timed; the step then sends them at a fixed rate, answers every PULL_RESP
 * with a TX_ACK as a gateway does, and measures what the gateways see: PUSH_DATA -> PUSH_ACK
 * and, for confirmed uplinks, PUSH_DATA -> the PULL_RESP carrying the device's ACK.
 * It runs in the bench process, never in a node's.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { SessionCrypto, buildDataFrame } from '../lorawan/index.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import { percentile, prng, sleep } from './stats.js';

/** One ABP device: its session and the next uplink counter. */
export interface LoadDevice {
  readonly devAddr: DevAddr;
  readonly nwkSKey: string;
  readonly appSKey: string;
  fCnt: number;
}

/** A gateway and the node UDP port it talks to. */
export interface LoadGatewaySpec {
  readonly eui: Eui64;
  readonly host: string;
  readonly port: number;
}

/** Every datagram of one step, in sending order, built before the step is timed. */
export interface StepPlan {
  readonly ratePerSec: number;
  readonly seconds: number;
  readonly confirmed: boolean;
  readonly uplinks: number;
  readonly datagrams: readonly Buffer[];
  /** Index into the gateways of each datagram. */
  readonly gatewayOf: Uint16Array;
  /** DevAddr (as the frame's little-endian uint32) of each uplink's first copy; 0 otherwise. */
  readonly trackAddr: Uint32Array;
}

/** What the gateways saw during one step (and its grace period). */
export interface StepObservation {
  readonly sent: number;
  readonly uplinks: number;
  readonly sendSeconds: number;
  readonly pushAcks: number;
  readonly pushAckP50Ms: number;
  readonly pushAckP99Ms: number;
  /** Confirmed uplinks answered by a PULL_RESP to the same device. */
  readonly answered: number;
  readonly answerP50Ms: number;
  readonly answerP99Ms: number;
  /** PULL_RESPs that matched no uplink waiting for its answer. */
  readonly unmatchedDownlinks: number;
  /** CPU of this process while sending (100 = one core). */
  readonly generatorCpuPct: number;
}

const PUSH_DATA_HEADER = 12;
const PAYLOAD = Buffer.from('0123456789', 'utf8');

/**
 * `count` devices with distinct random DevAddrs (fixed seed). They share one pair of session
 * keys: the node still keeps a session and builds the crypto of each device on its own, and the
 * generator expands the keys once instead of once per device and step.
 */
export function makeDevices(count: number, seed = 0x45324531): LoadDevice[] {
  const next = prng(seed);
  const hex = (words: number): string => {
    let out = '';
    for (let i = 0; i < words; i++) out += next().toString(16).padStart(8, '0');
    return out;
  };
  const nwkSKey = hex(4);
  const appSKey = hex(4);
  const seen = new Set<string>();
  const devices: LoadDevice[] = [];
  while (devices.length < count) {
    const devAddr = hex(1) as DevAddr;
    if (seen.has(devAddr) || devAddr === '00000000') continue;
    seen.add(devAddr);
    devices.push({ devAddr, nwkSKey, appSKey, fCnt: 0 });
  }
  return devices;
}

class LoadGateway {
  readonly spec: LoadGatewaySpec;
  readonly socket: Socket;
  readonly sentAt = new Float64Array(0x10000);
  readonly header: Buffer;
  token = 0;
  pullAcked = false;

  constructor(spec: LoadGatewaySpec) {
    this.spec = spec;
    this.socket = createSocket('udp4');
    this.header = Buffer.alloc(PUSH_DATA_HEADER);
    this.header[0] = 2;
    this.header.write(spec.eui, 4, 8, 'hex');
  }

  nextToken(): number {
    this.token = (this.token + 1) & 0xffff;
    return this.token;
  }

  pullData(): void {
    const b = Buffer.from(this.header);
    const token = this.nextToken();
    b[1] = token >> 8;
    b[2] = token & 0xff;
    b[3] = 0x02;
    this.socket.send(b);
  }
}

/** Mutable counters of the step in progress. */
class StepStats {
  pushAcks = 0;
  readonly pushAckMs: number[] = [];
  answered = 0;
  readonly answerMs: number[] = [];
  unmatched = 0;
  /** DevAddr -> send times of its confirmed uplinks still waiting for their answer. */
  readonly waiting = new Map<number, number[]>();
}

export class LoadGenerator {
  readonly #gateways: LoadGateway[];
  readonly #devices: readonly LoadDevice[];
  readonly #copies: number;
  #stats = new StepStats();
  #tmst = 1_000_000;
  #lastMessageMs = 0;
  readonly #crypto = new Map<string, SessionCrypto>();
  #keepAlive: ReturnType<typeof setInterval> | undefined;

  /** Each uplink is heard by `copies` consecutive gateways (of different nodes in a cluster). */
  constructor(gateways: readonly LoadGatewaySpec[], devices: readonly LoadDevice[], copies = 1) {
    if (copies < 1 || copies > gateways.length) throw new Error(`bad copies ${copies}`);
    this.#gateways = gateways.map((g) => new LoadGateway(g));
    this.#devices = devices;
    this.#copies = copies;
  }

  /** Binds the sockets and opens every gateway's pull path (PULL_DATA until PULL_ACK). */
  async open(): Promise<void> {
    for (const gw of this.#gateways) {
      await new Promise<void>((resolve) => gw.socket.bind(0, '127.0.0.1', resolve));
      gw.socket.on('message', (msg) => this.#onMessage(gw, msg));
      await new Promise<void>((resolve) => gw.socket.connect(gw.spec.port, gw.spec.host, resolve));
    }
    for (let attempt = 0; attempt < 50; attempt++) {
      const waiting = this.#gateways.filter((g) => !g.pullAcked);
      if (waiting.length === 0) break;
      for (const gw of waiting) gw.pullData();
      await sleep(100);
    }
    const silent = this.#gateways.filter((g) => !g.pullAcked).map((g) => g.spec.eui);
    if (silent.length > 0) throw new Error(`no PULL_ACK for ${silent.join(', ')}`);
    // Forwarders send PULL_DATA every few seconds; the node keeps a path fresh for 90 s.
    this.#keepAlive = setInterval(() => this.#gateways.forEach((g) => g.pullData()), 10_000);
  }

  async close(): Promise<void> {
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    await Promise.all(
      this.#gateways.map((g) => new Promise<void>((resolve) => g.socket.close(() => resolve()))),
    );
  }

  /** Milliseconds since a datagram last arrived from a node. */
  quietForMs(): number {
    return performance.now() - this.#lastMessageMs;
  }

  #cryptoOf(device: LoadDevice): SessionCrypto {
    const key = `${device.nwkSKey}:${device.appSKey}`;
    let crypto = this.#crypto.get(key);
    if (crypto === undefined) {
      crypto = new SessionCrypto({
        nwkSKey: Buffer.from(device.nwkSKey, 'hex'),
        appSKey: Buffer.from(device.appSKey, 'hex'),
      });
      // Devices with keys of their own (tests) get one each; a bounded cache is not needed.
      this.#crypto.set(key, crypto);
    }
    return crypto;
  }

  /** Builds the datagrams of `seconds` of uplinks at `ratePerSec` (devices in turn). */
  plan(ratePerSec: number, seconds: number, confirmed: boolean): StepPlan {
    const devices = this.#devices;
    const copies = this.#copies;
    const uplinks = Math.max(1, Math.round(ratePerSec * seconds));
    const datagrams = new Array<Buffer>(uplinks * copies);
    const gatewayOf = new Uint16Array(uplinks * copies);
    const trackAddr = new Uint32Array(uplinks * copies);
    const mType = confirmed ? 'ConfirmedDataUp' : 'UnconfirmedDataUp';
    const usPerUplink = 1e6 / ratePerSec;
    for (let d = 0; d < Math.min(devices.length, uplinks); d++) {
      const device = devices[d]!;
      const crypto = this.#cryptoOf(device);
      const addr = Number.parseInt(device.devAddr, 16) >>> 0;
      for (let u = d; u < uplinks; u += devices.length) {
        const phy = buildDataFrame(
          {
            mType,
            devAddr: device.devAddr,
            fCtrl: {},
            fCnt32: device.fCnt++,
            fPort: 1,
            payload: PAYLOAD,
          },
          crypto,
        );
        const data = phy.toString('base64');
        const tmst = (this.#tmst + Math.round(u * usPerUplink)) >>> 0;
        for (let c = 0; c < copies; c++) {
          const g = (d + c) % this.#gateways.length;
          const i = u * copies + c;
          // The first copy is the better one for odd devices, the second for even ones.
          const lsnr = (d + c) % 2 === 0 ? 9.5 : 3;
          const json =
            `{"rxpk":[{"tmst":${tmst},"chan":0,"rfch":0,"freq":868.1,"stat":1,"modu":"LORA",` +
            `"datr":"SF7BW125","codr":"4/5","rssi":-70,"lsnr":${lsnr},"size":${phy.length},` +
            `"data":"${data}"}]}`;
          const datagram = Buffer.allocUnsafe(PUSH_DATA_HEADER + Buffer.byteLength(json));
          this.#gateways[g]!.header.copy(datagram);
          datagram.write(json, PUSH_DATA_HEADER, 'latin1');
          datagrams[i] = datagram;
          gatewayOf[i] = g;
          if (c === 0) trackAddr[i] = addr;
        }
      }
    }
    this.#tmst = (this.#tmst + Math.round(seconds * 1e6) + 1_000_000) >>> 0;
    return { ratePerSec, seconds, confirmed, uplinks, datagrams, gatewayOf, trackAddr };
  }

  /**
   * Sends `plan` evenly over `options.seconds` (default: the plan's), calls `onSent` once the
   * last datagram left, waits `graceMs` for answers, and reports what came back.
   */
  async run(
    plan: StepPlan,
    graceMs: number,
    options: { readonly onSent?: () => void; readonly seconds?: number } = {},
  ): Promise<StepObservation> {
    const stats = new StepStats();
    this.#stats = stats;
    // A late PUSH_ACK of an earlier step must not count in this one.
    for (const gw of this.#gateways) gw.sentAt.fill(Number.NaN);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const total = plan.datagrams.length;
    const perMs = total / ((options.seconds ?? plan.seconds) * 1000);
    let next = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const due = Math.min(total, Math.floor((performance.now() - start) * perMs) + 1);
        for (; next < due; next++) this.#send(plan, next, stats);
        if (next < total) setTimeout(tick, 1);
        else resolve();
      };
      tick();
    });
    const sendSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    options.onSent?.();
    await sleep(graceMs);
    // Answers after the grace period belong to no step.
    this.#stats = new StepStats();
    const pushAckMs = stats.pushAckMs.sort((a, b) => a - b);
    const answerMs = stats.answerMs.sort((a, b) => a - b);
    return {
      sent: total,
      uplinks: plan.uplinks,
      sendSeconds,
      pushAcks: stats.pushAcks,
      pushAckP50Ms: percentile(pushAckMs, 0.5),
      pushAckP99Ms: percentile(pushAckMs, 0.99),
      answered: stats.answered,
      answerP50Ms: percentile(answerMs, 0.5),
      answerP99Ms: percentile(answerMs, 0.99),
      unmatchedDownlinks: stats.unmatched,
      generatorCpuPct: ((cpu.user + cpu.system) / 1e4 / sendSeconds) | 0,
    };
  }

  #send(plan: StepPlan, i: number, stats: StepStats): void {
    const gw = this.#gateways[plan.gatewayOf[i]!]!;
    const datagram = plan.datagrams[i]!;
    const token = gw.nextToken();
    datagram[1] = token >> 8;
    datagram[2] = token & 0xff;
    const now = performance.now();
    gw.sentAt[token] = now;
    const addr = plan.trackAddr[i]!;
    if (plan.confirmed && addr !== 0) {
      const waiting = stats.waiting.get(addr);
      if (waiting === undefined) stats.waiting.set(addr, [now]);
      else waiting.push(now);
    }
    gw.socket.send(datagram);
  }

  #onMessage(gw: LoadGateway, msg: Buffer): void {
    if (msg.length < 4) return;
    const now = performance.now();
    this.#lastMessageMs = now;
    const stats = this.#stats;
    switch (msg[3]) {
      case 0x01: {
        // PUSH_ACK
        const token = (msg[1]! << 8) | msg[2]!;
        const sentMs = gw.sentAt[token]!;
        if (Number.isNaN(sentMs)) return;
        gw.sentAt[token] = Number.NaN;
        stats.pushAcks++;
        stats.pushAckMs.push(now - sentMs);
        return;
      }
      case 0x04:
        gw.pullAcked = true;
        return;
      case 0x03:
        this.#onPullResp(gw, msg, now, stats);
        return;
    }
  }

  #onPullResp(gw: LoadGateway, msg: Buffer, now: number, stats: StepStats): void {
    // TX_ACK without JSON: the packet was programmed for transmission [GWMP §5].
    const txAck = Buffer.from(gw.header);
    txAck[1] = msg[1]!;
    txAck[2] = msg[2]!;
    txAck[3] = 0x05;
    gw.socket.send(txAck);
    let phy: Buffer;
    try {
      const body = JSON.parse(msg.toString('utf8', 4)) as { txpk?: { data?: string } };
      phy = Buffer.from(body.txpk?.data ?? '', 'base64');
    } catch {
      stats.unmatched++;
      return;
    }
    if (phy.length < 5) {
      stats.unmatched++;
      return;
    }
    const waiting = stats.waiting.get(phy.readUInt32LE(1));
    const sentMs = waiting?.shift();
    if (sentMs === undefined) {
      stats.unmatched++;
      return;
    }
    stats.answered++;
    stats.answerMs.push(now - sentMs);
  }
}
