/**
 * A LoRa Basics Station for tests, written from the documented message formats ["The LNS
 * Protocol": router-info, version, updf, jreq, dntxed, timesync] and independent of the
 * server's codec: it splits PHYPayloads into the `updf`/`jreq` fields the way the Station
 * does (little-endian numbers, signed 32-bit DevAddr and MIC, EUIs as `HH-HH-…`), writes
 * 64-bit `xtime` digit for digit, and keeps every received message's raw text so tests can
 * read 64-bit values exactly.
 */
import WebSocket from 'ws';

export interface StationClientOptions {
  /** `ws://host:port` or `wss://host:port` of the node. */
  readonly base: string;
  /** HTTP headers as the Station sends its tc.key lines, e.g. `{ authorization: 'tok' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** CA to trust for wss:// (the node's self-signed test certificate). */
  readonly ca?: Buffer | string;
}

/** One received message: parsed (64-bit numbers rounded) and raw. */
export interface Received {
  readonly msg: Record<string, unknown>;
  readonly raw: string;
}

/** Radio metadata of a test uplink. */
export interface TestRadio {
  readonly dr: number;
  readonly freq: number;
  readonly xtime: bigint;
  readonly rctx?: number;
  readonly rssi?: number;
  readonly snr?: number;
  readonly gpstime?: number;
}

/** The value of an integer field as written in the raw text, exactly. */
export function rawInteger(raw: string, field: string): bigint | undefined {
  const m = new RegExp(`"${field}"\\s*:\\s*(-?\\d+)`).exec(raw);
  return m === null ? undefined : BigInt(m[1]!);
}

function euiText(bytesLe: Buffer): string {
  return [...bytesLe]
    .reverse()
    .map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    .join('-');
}

function hexUpper(buf: Buffer): string {
  return buf.toString('hex').toUpperCase();
}

/** JSON text of `fields` with the radio part appended; xtime written as exact digits. */
function uplinkText(fields: Record<string, unknown>, radio: TestRadio): string {
  const head = JSON.stringify({
    ...fields,
    RefTime: 0.0,
    DR: radio.dr,
    Freq: radio.freq,
  }).slice(0, -1);
  const upinfo =
    `{"rctx":${radio.rctx ?? 0},"xtime":${radio.xtime.toString()},` +
    `"gpstime":${radio.gpstime ?? 0},"fts":-1,"rssi":${radio.rssi ?? -50},` +
    `"snr":${radio.snr ?? 9.25},"rxtime":${(Date.now() / 1000).toFixed(6)}}`;
  return `${head},"upinfo":${upinfo}}`;
}

/** A data frame as the `updf` fields a Station sends. */
export function updfFields(phy: Buffer): Record<string, unknown> {
  const fCtrl = phy[5]!;
  const fOptsLen = fCtrl & 0x0f;
  const portOffset = 8 + fOptsLen;
  const micOffset = phy.length - 4;
  const hasPort = portOffset < micOffset;
  return {
    msgtype: 'updf',
    MHdr: phy[0],
    DevAddr: phy.readInt32LE(1),
    FCtrl: fCtrl,
    FCnt: phy.readUInt16LE(6),
    FOpts: hexUpper(phy.subarray(8, portOffset)),
    FPort: hasPort ? phy[portOffset] : -1,
    FRMPayload: hasPort ? hexUpper(phy.subarray(portOffset + 1, micOffset)) : '',
    MIC: phy.readInt32LE(micOffset),
  };
}

/** A join-request as the `jreq` fields a Station sends. */
export function jreqFields(phy: Buffer): Record<string, unknown> {
  return {
    msgtype: 'jreq',
    MHdr: phy[0],
    JoinEui: euiText(phy.subarray(1, 9)),
    DevEui: euiText(phy.subarray(9, 17)),
    DevNonce: phy.readUInt16LE(17),
    MIC: phy.readInt32LE(19),
  };
}

/** Opens a WebSocket; rejects with the HTTP status when the server refuses the upgrade. */
function open(url: string, options: StationClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { ...options.headers },
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode ?? 0}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Asks `/router-info` for the connection URI, as a Station's first step does. */
export async function discover(
  options: StationClientOptions,
  routerJsonValue: string,
): Promise<Record<string, unknown>> {
  const ws = await open(`${options.base}/router-info`, options);
  return new Promise((resolve, reject) => {
    ws.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString()) as Record<string, unknown>);
      ws.close();
    });
    ws.once('close', () => reject(new Error('closed without an answer')));
    ws.send(`{"router":${routerJsonValue}}`);
  });
}

export class StationClient {
  readonly received: Received[] = [];
  readonly #ws: WebSocket;
  #closed: Promise<number>;
  #waiters: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.#closed = new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
    ws.on('message', (data: Buffer) => {
      const raw = data.toString();
      this.received.push({ msg: JSON.parse(raw) as Record<string, unknown>, raw });
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Connects to `uri` (from discovery) or `<base>/router-<id>`. Rejects with `HTTP <status>`. */
  static async connect(options: StationClientOptions, uriOrId: string): Promise<StationClient> {
    const url = uriOrId.includes('://') ? uriOrId : `${options.base}/router-${uriOrId}`;
    return new StationClient(await open(url, options));
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Resolves with the close code once the server closes the connection. */
  closed(): Promise<number> {
    return this.#closed;
  }

  sendText(text: string): void {
    this.#ws.send(text);
  }

  version(): void {
    this.sendText(
      JSON.stringify({
        msgtype: 'version',
        station: '2.0.6(test/std)',
        firmware: null,
        package: null,
        model: 'test',
        protocol: 2,
        features: 'rmtsh',
      }),
    );
  }

  updf(phy: Buffer, radio: TestRadio): void {
    this.sendText(uplinkText(updfFields(phy), radio));
  }

  jreq(phy: Buffer, radio: TestRadio): void {
    this.sendText(uplinkText(jreqFields(phy), radio));
  }

  /** Reports a received dnmsg as transmitted, echoing its diid, DevEui, rctx and xtime. */
  dntxed(dnmsg: Received): void {
    const xtime = rawInteger(dnmsg.raw, 'xtime') ?? 0n;
    const rctx = rawInteger(dnmsg.raw, 'rctx') ?? 0n;
    const m = dnmsg.msg as Record<string, number | string | undefined>;
    const diid = Number(m.diid);
    this.sendText(
      `{"msgtype":"dntxed","seqno":${diid},"diid":${diid},` +
        `"DR":${Number(m.RX1DR ?? m.RX2DR)},"Freq":${Number(m.RX1Freq ?? m.RX2Freq)},` +
        `"DevEui":${JSON.stringify(m.DevEui)},"rctx":${rctx.toString()},` +
        `"xtime":${xtime.toString()},"txtime":${(Date.now() / 1000).toFixed(6)},"gpstime":0}`,
    );
  }

  /** The next message (after `from`) whose msgtype is `type`, within `timeoutMs`. */
  async next(type: string, timeoutMs = 8000, from = 0): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find((r) => r.msg.msgtype === type);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** All messages of `type` received so far. */
  all(type: string): Received[] {
    return this.received.filter((r) => r.msg.msgtype === type);
  }

  close(): Promise<number> {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000);
    return this.#closed;
  }
}
