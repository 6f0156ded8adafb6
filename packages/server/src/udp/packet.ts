/**
 * GWMP datagram codec [GWMP §2]: the 4-byte header (version, token, identifier), the gateway
 * EUI and the JSON body of the six packet types, as a discriminated union on `type`.
 */
import type { Eui64 } from '../shared/ids.js';
import { UdpDecodeError, UdpEncodeError } from './errors.js';
import { noErrorAck, parsePullRespBody, parsePushDataBody, parseTxAckBody } from './json.js';
import type { Rxpk, Stat, Txpk, TxpkAck } from './json.js';

/** Protocol version byte: 1 (packet_forwarder ≤ 1.4) or 2 (TX_ACK, tmms) [GWMP §6]. */
export type GwmpVersion = 1 | 2;

/** Identifier byte of each packet type [GWMP §2]. */
export const GWMP_PACKET_IDS = {
  PUSH_DATA: 0x00,
  PUSH_ACK: 0x01,
  PULL_DATA: 0x02,
  PULL_RESP: 0x03,
  PULL_ACK: 0x04,
  TX_ACK: 0x05,
} as const;

/** Packet type names, as PROTOCOL.TXT spells them. */
export type GwmpPacketType = keyof typeof GWMP_PACKET_IDS;

const TYPES_BY_ID: readonly GwmpPacketType[] = [
  'PUSH_DATA',
  'PUSH_ACK',
  'PULL_DATA',
  'PULL_RESP',
  'PULL_ACK',
  'TX_ACK',
];

const HEADER_LENGTH = 4;
const EUI_HEADER_LENGTH = 12;
const EUI_RE = /^[0-9a-f]{16}$/;

/** The common header; `token` is bytes 1-2 read big-endian, echoed byte for byte in ACKs. */
export interface GwmpHeader {
  readonly version: GwmpVersion;
  readonly token: number;
  readonly type: GwmpPacketType;
}

/** Uplinks and/or gateway status, gateway → server [GWMP §3]. */
export interface PushDataPacket extends GwmpHeader {
  readonly type: 'PUSH_DATA';
  readonly gatewayEui: Eui64;
  /** Empty when the datagram carries only `stat`. */
  readonly rxpk: readonly Rxpk[];
  readonly stat?: Stat | undefined;
}

/** Server's receipt of a PUSH_DATA; measures link quality only, nothing is resent [GWMP §1]. */
export interface PushAckPacket extends GwmpHeader {
  readonly type: 'PUSH_ACK';
}

/** Keep-alive that opens the downstream path through the gateway's NAT [GWMP §2]. */
export interface PullDataPacket extends GwmpHeader {
  readonly type: 'PULL_DATA';
  readonly gatewayEui: Eui64;
}

/** A downlink, server → gateway. In v1 the token bytes are unused and always 0 [GWMP §6]. */
export interface PullRespPacket extends GwmpHeader {
  readonly type: 'PULL_RESP';
  readonly txpk: Txpk;
}

/** Server's receipt of a PULL_DATA: the downstream path is open [GWMP §2]. */
export interface PullAckPacket extends GwmpHeader {
  readonly type: 'PULL_ACK';
}

/** Gateway's answer to a PULL_RESP; a datagram without JSON reads as `{ error: 'NONE' }`. */
export interface TxAckPacket extends GwmpHeader {
  readonly type: 'TX_ACK';
  readonly gatewayEui: Eui64;
  readonly txpkAck: TxpkAck;
}

/** Any GWMP datagram, discriminated on `type`. */
export type GwmpPacket =
  PushDataPacket | PushAckPacket | PullDataPacket | PullRespPacket | PullAckPacket | TxAckPacket;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeHeaderOf(b: Buffer): GwmpHeader {
  if (b.length < HEADER_LENGTH) {
    throw new UdpDecodeError('UDP_TOO_SHORT', 'datagram shorter than the gwmp header', {
      length: b.length,
      minimum: HEADER_LENGTH,
    });
  }
  const version = b[0]!;
  if (version !== 1 && version !== 2) {
    throw new UdpDecodeError('UDP_UNKNOWN_VERSION', 'unknown gwmp protocol version', {
      version,
    });
  }
  const identifier = b[3]!;
  const type = TYPES_BY_ID[identifier];
  if (type === undefined) {
    throw new UdpDecodeError('UDP_UNKNOWN_PACKET_TYPE', 'unknown gwmp packet type', {
      version,
      identifier,
    });
  }
  return { version, token: (b[1]! << 8) | b[2]!, type };
}

/**
 * Reads only the 4-byte header, so a server can PUSH_ACK before (and whether or not)
 * the body parses [GWMP §7]. Throws UdpDecodeError.
 */
export function decodeHeader(bytes: Uint8Array): GwmpHeader {
  return decodeHeaderOf(asBuffer(bytes));
}

function checkLength(b: Buffer, type: GwmpPacketType, exact: boolean, expected: number): void {
  if (exact ? b.length !== expected : b.length < expected) {
    throw new UdpDecodeError('UDP_INVALID_LENGTH', 'invalid datagram length', {
      packetType: type,
      length: b.length,
      expected: exact ? String(expected) : `>= ${expected}`,
    });
  }
}

/**
 * End of the JSON text: trailing NUL bytes (some Kerlink forwarders send a C string
 * terminator) and whitespace are not part of it.
 */
function jsonEnd(b: Buffer, start: number): number {
  let end = b.length;
  while (end > start) {
    const c = b[end - 1];
    if (c !== 0x00 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    end--;
  }
  return end;
}

function parseJson(b: Buffer, start: number, end: number, type: GwmpPacketType): unknown {
  if (end <= start) {
    throw new UdpDecodeError('UDP_INVALID_JSON', 'empty json body', { packetType: type });
  }
  try {
    return JSON.parse(b.toString('utf8', start, end));
  } catch (err) {
    throw new UdpDecodeError(
      'UDP_INVALID_JSON',
      'invalid json body',
      { packetType: type, reason: err instanceof Error ? err.message : String(err) },
      { cause: err },
    );
  }
}

/** Adds the packet type (and gateway) to a body validation error's details. */
function withPacket(err: unknown, type: GwmpPacketType, gatewayEui?: Eui64): unknown {
  if (!(err instanceof UdpDecodeError)) return err;
  return new UdpDecodeError(
    err.code,
    err.message,
    { ...err.details, packetType: type, gatewayEui: gatewayEui ?? null },
    { cause: err.cause },
  );
}

function decodePushData(b: Buffer, version: GwmpVersion, token: number): PushDataPacket {
  checkLength(b, 'PUSH_DATA', false, EUI_HEADER_LENGTH);
  const gatewayEui = readEui(b);
  try {
    const json = parseJson(b, EUI_HEADER_LENGTH, jsonEnd(b, EUI_HEADER_LENGTH), 'PUSH_DATA');
    const { rxpk, stat } = parsePushDataBody(json);
    return { type: 'PUSH_DATA', version, token, gatewayEui, rxpk, stat };
  } catch (err) {
    throw withPacket(err, 'PUSH_DATA', gatewayEui);
  }
}

function decodePullResp(b: Buffer, version: GwmpVersion, token: number): PullRespPacket {
  try {
    const json = parseJson(b, HEADER_LENGTH, jsonEnd(b, HEADER_LENGTH), 'PULL_RESP');
    const txpk = parsePullRespBody(json);
    return { type: 'PULL_RESP', version, token: version === 1 ? 0 : token, txpk };
  } catch (err) {
    throw withPacket(err, 'PULL_RESP');
  }
}

function decodeTxAck(b: Buffer, version: GwmpVersion, token: number): TxAckPacket {
  checkLength(b, 'TX_ACK', false, EUI_HEADER_LENGTH);
  const gatewayEui = readEui(b);
  const end = jsonEnd(b, EUI_HEADER_LENGTH);
  // No JSON means the packet was programmed for transmission [GWMP §5].
  if (end === EUI_HEADER_LENGTH) {
    return { type: 'TX_ACK', version, token, gatewayEui, txpkAck: noErrorAck() };
  }
  try {
    const txpkAck = parseTxAckBody(parseJson(b, EUI_HEADER_LENGTH, end, 'TX_ACK'));
    return { type: 'TX_ACK', version, token, gatewayEui, txpkAck };
  } catch (err) {
    throw withPacket(err, 'TX_ACK', gatewayEui);
  }
}

/**
 * Decodes one datagram: header, EUI and validated JSON body. Throws only UdpDecodeError;
 * unknown JSON fields are dropped, and a v1 PULL_RESP always decodes with token 0.
 */
export function decodePacket(bytes: Uint8Array): GwmpPacket {
  const b = asBuffer(bytes);
  const { version, token, type } = decodeHeaderOf(b);
  switch (type) {
    case 'PUSH_ACK':
    case 'PULL_ACK':
      checkLength(b, type, true, HEADER_LENGTH);
      return { type, version, token };
    case 'PULL_DATA':
      checkLength(b, type, true, EUI_HEADER_LENGTH);
      return { type, version, token, gatewayEui: readEui(b) };
    case 'PUSH_DATA':
      return decodePushData(b, version, token);
    case 'PULL_RESP':
      return decodePullResp(b, version, token);
    case 'TX_ACK':
      return decodeTxAck(b, version, token);
  }
}

function readEui(b: Buffer): Eui64 {
  return b.toString('hex', HEADER_LENGTH, EUI_HEADER_LENGTH) as Eui64;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeHeader(b: Buffer, version: GwmpVersion, token: number, type: GwmpPacketType): void {
  if (version !== 1 && version !== 2) {
    throw new UdpEncodeError('invalid gwmp protocol version', { version });
  }
  if (!Number.isInteger(token) || token < 0 || token > 0xffff) {
    throw new UdpEncodeError('invalid gwmp token', { token });
  }
  b[0] = version;
  b[1] = token >>> 8;
  b[2] = token & 0xff;
  b[3] = GWMP_PACKET_IDS[type];
}

function writeEui(b: Buffer, eui: Eui64): void {
  if (typeof eui !== 'string' || !EUI_RE.test(eui)) {
    throw new UdpEncodeError('invalid gateway eui', { gatewayEui: String(eui) });
  }
  b.write(eui, HEADER_LENGTH, 8, 'hex');
}

function withJson(headerLength: number, json: string): Buffer {
  const b = Buffer.allocUnsafe(headerLength + Buffer.byteLength(json));
  b.write(json, headerLength, 'utf8');
  return b;
}

function txpkAckJson(ack: TxpkAck): string | undefined {
  if (ack.error === 'NONE' && ack.warn === undefined && ack.value === undefined) return undefined;
  return JSON.stringify({
    txpk_ack: {
      error: ack.error === 'NONE' ? undefined : ack.error,
      warn: ack.warn,
      value: ack.value,
    },
  });
}

/**
 * Encodes a packet to one datagram. JSON bodies are written as given (build them with
 * translate.ts); a TX_ACK without error or warning is sent without JSON. Throws UdpEncodeError.
 */
export function encodePacket(p: GwmpPacket): Buffer {
  let b: Buffer;
  switch (p.type) {
    case 'PUSH_ACK':
    case 'PULL_ACK':
      b = Buffer.allocUnsafe(HEADER_LENGTH);
      break;
    case 'PULL_DATA':
      b = Buffer.allocUnsafe(EUI_HEADER_LENGTH);
      writeEui(b, p.gatewayEui);
      break;
    case 'PUSH_DATA':
      b = withJson(
        EUI_HEADER_LENGTH,
        JSON.stringify({ rxpk: p.rxpk.length > 0 ? p.rxpk : undefined, stat: p.stat }),
      );
      writeEui(b, p.gatewayEui);
      break;
    case 'PULL_RESP':
      b = withJson(HEADER_LENGTH, JSON.stringify({ txpk: p.txpk }));
      // v1 forwarders ignore the token; ChirpStack writes zeros there too [GWMP §6].
      writeHeader(b, p.version, p.version === 1 ? 0 : p.token, p.type);
      return b;
    case 'TX_ACK': {
      const json = txpkAckJson(p.txpkAck);
      b =
        json === undefined
          ? Buffer.allocUnsafe(EUI_HEADER_LENGTH)
          : withJson(EUI_HEADER_LENGTH, json);
      writeEui(b, p.gatewayEui);
      break;
    }
  }
  writeHeader(b, p.version, p.token, p.type);
  return b;
}

function buildAck(version: GwmpVersion, token: number, type: 'PUSH_ACK' | 'PULL_ACK'): Buffer {
  const b = Buffer.allocUnsafe(HEADER_LENGTH);
  writeHeader(b, version, token, type);
  return b;
}

/** 4-byte PUSH_ACK echoing the PUSH_DATA's version and token [GWMP §2]. */
export function buildPushAck(version: GwmpVersion, token: number): Buffer {
  return buildAck(version, token, 'PUSH_ACK');
}

/** 4-byte PULL_ACK echoing the PULL_DATA's version and token [GWMP §2]. */
export function buildPullAck(version: GwmpVersion, token: number): Buffer {
  return buildAck(version, token, 'PULL_ACK');
}
