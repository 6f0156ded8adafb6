/**
 * The messages a LoRa Basics Station sends over its LNS connection ["The LNS Protocol"], read
 * into typed records. Field names, types and ranges are the documented ones; anything else is
 * a StationMessageError naming the field. Pure: no I/O, no clock.
 */
import type { Eui64 } from '../shared/ids.js';
import { StationMessageError } from './errors.js';
import { parseRouterId } from './ids.js';
import { parseStationJson } from './json.js';

type Json = Record<string, unknown>;

/** Radio metadata of one uplink (`upinfo`). */
export interface UpInfo {
  /** Radio context: which antenna/radio heard the frame; echoed in the downlink. */
  readonly rctx: bigint;
  /** 64-bit radio time of the frame's end; echoed in the downlink (class A). */
  readonly xtime: bigint;
  /** GPS time of reception in µs; 0 when the gateway has no GPS time. */
  readonly gpsTimeUs: number;
  /** Fine timestamp in ns, when the radio gives one (-1 in the message means none). */
  readonly fineTimestampNs: number | undefined;
  readonly rssiDbm: number;
  readonly snrDb: number;
  /** The gateway's UTC time of reception, seconds since the Unix epoch. */
  readonly rxTimeS: number | undefined;
}

/** What every uplink message carries besides the frame. */
export interface UplinkRadio {
  readonly dr: number;
  readonly frequencyHz: number;
  readonly upinfo: UpInfo;
}

export interface VersionMessage {
  readonly msgtype: 'version';
  readonly station: string | undefined;
  readonly firmware: string | undefined;
  readonly package: string | undefined;
  readonly model: string | undefined;
  readonly protocol: number | undefined;
  readonly features: string | undefined;
}

/** A data frame split into its fields (`updf`). */
export interface UpdfMessage extends UplinkRadio {
  readonly msgtype: 'updf';
  readonly mhdr: number;
  /** DevAddr as an unsigned 32-bit number. */
  readonly devAddr: number;
  readonly fCtrl: number;
  readonly fCnt: number;
  readonly fOpts: Buffer;
  /** -1: the frame has no FPort. */
  readonly fPort: number;
  readonly frmPayload: Buffer;
  /** MIC as an unsigned 32-bit number (the frame's last four bytes, little-endian). */
  readonly mic: number;
}

/** A join-request split into its fields (`jreq`). */
export interface JreqMessage extends UplinkRadio {
  readonly msgtype: 'jreq';
  readonly mhdr: number;
  readonly joinEui: Eui64;
  readonly devEui: Eui64;
  readonly devNonce: number;
  readonly mic: number;
}

/** A proprietary frame, whole (`propdf`). */
export interface PropdfMessage extends UplinkRadio {
  readonly msgtype: 'propdf';
  readonly frmPayload: Buffer;
}

/** The gateway transmitted a downlink (`dntxed`). */
export interface DntxedMessage {
  readonly msgtype: 'dntxed';
  readonly diid: number;
  readonly devEui: Eui64 | undefined;
  readonly rctx: bigint | undefined;
  readonly xtime: bigint | undefined;
}

/** A time synchronisation request; `txtime` is the gateway's own clock, echoed back. */
export interface TimesyncMessage {
  readonly msgtype: 'timesync';
  readonly txtime: number;
}

export type StationMessage =
  VersionMessage | UpdfMessage | JreqMessage | PropdfMessage | DntxedMessage | TimesyncMessage;

export type UplinkMessage = UpdfMessage | JreqMessage | PropdfMessage;

/**
 * Message types a Station may send that lns does not take: remote shell and commands (lns
 * never opens them), rejoin-requests (LoRaWAN 1.1), and frames the gateway only reports in
 * its test "device mode".
 */
const UNSUPPORTED = new Set(['rmtsh', 'runcmd', 'getxtime', 'rejoin', 'jacc', 'dndf']);

function missing(field: string): StationMessageError {
  return new StationMessageError('STATION_MISSING_FIELD', 'missing field', { field });
}

function invalid(field: string): StationMessageError {
  return new StationMessageError('STATION_INVALID_FIELD', 'invalid field', { field });
}

function present(o: Json, field: string): unknown {
  const v = o[field];
  if (v === undefined || v === null) throw missing(field);
  return v;
}

function int(o: Json, field: string, min: number, max: number): number {
  const v = present(o, field);
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw invalid(field);
  return n;
}

/** A 32-bit field the Station writes as a signed number; read as unsigned. */
function u32(o: Json, field: string): number {
  return int(o, field, -0x8000_0000, 0xffff_ffff) >>> 0;
}

function num(o: Json, field: string): number {
  const v = present(o, field);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field);
  return v;
}

function optionalNum(o: Json, field: string): number | undefined {
  return o[field] === undefined || o[field] === null ? undefined : num(o, field);
}

function bigint(o: Json, field: string): bigint {
  const v = present(o, field);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw invalid(field);
}

function hex(o: Json, field: string, maxBytes: number): Buffer {
  const v = present(o, field);
  if (typeof v !== 'string' || v.length % 2 !== 0 || v.length > maxBytes * 2) throw invalid(field);
  if (!/^[0-9a-fA-F]*$/.test(v)) throw invalid(field);
  return Buffer.from(v, 'hex');
}

function optionalString(o: Json, field: string): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(field);
  return v;
}

/** An EUI field; the Station names it `DevEui` or, after `JoinEUI` filters, `DevEUI`. */
function eui(o: Json, names: readonly [string, string]): Eui64 {
  const [name, alias] = names;
  const field = o[name] !== undefined ? name : alias;
  const id = parseRouterId(present(o, field));
  if (id === undefined) throw invalid(field);
  return id;
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field);
  return value as Json;
}

function upinfo(o: Json): UpInfo {
  const u = object(present(o, 'upinfo'), 'upinfo');
  const fts = optionalNum(u, 'fts');
  const gpstime = optionalNum(u, 'gpstime');
  return {
    rctx: u.rctx === undefined || u.rctx === null ? 0n : bigint(u, 'rctx'),
    xtime: bigint(u, 'xtime'),
    gpsTimeUs: gpstime !== undefined && gpstime > 0 ? gpstime : 0,
    fineTimestampNs: fts !== undefined && fts >= 0 ? fts : undefined,
    rssiDbm: num(u, 'rssi'),
    snrDb: num(u, 'snr'),
    rxTimeS: optionalNum(u, 'rxtime'),
  };
}

function radio(o: Json): UplinkRadio {
  return {
    dr: int(o, 'DR', 0, 15),
    frequencyHz: int(o, 'Freq', 1, 0xffff_ffff),
    upinfo: upinfo(o),
  };
}

/** 255 bytes: the longest LoRa PHYPayload. */
const MAX_FRAME_BYTES = 255;

function decodeUpdf(o: Json): UpdfMessage {
  const fCtrl = int(o, 'FCtrl', 0, 255);
  const fOpts = hex(o, 'FOpts', 15);
  // FOptsLen is the low nibble of FCtrl [L2 1.0.4 §4.3.1]; a frame that disagrees cannot be rebuilt.
  if (fOpts.length !== (fCtrl & 0x0f)) throw invalid('FOpts');
  const fPort = int(o, 'FPort', -1, 255);
  const frmPayload = hex(o, 'FRMPayload', MAX_FRAME_BYTES);
  if (fPort === -1 && frmPayload.length > 0) throw invalid('FPort');
  return {
    msgtype: 'updf',
    mhdr: int(o, 'MHdr', 0, 255),
    devAddr: u32(o, 'DevAddr'),
    fCtrl,
    fCnt: int(o, 'FCnt', 0, 0xffff),
    fOpts,
    fPort,
    frmPayload,
    mic: u32(o, 'MIC'),
    ...radio(o),
  };
}

function decodeJreq(o: Json): JreqMessage {
  return {
    msgtype: 'jreq',
    mhdr: int(o, 'MHdr', 0, 255),
    joinEui: eui(o, ['JoinEui', 'JoinEUI']),
    devEui: eui(o, ['DevEui', 'DevEUI']),
    devNonce: int(o, 'DevNonce', 0, 0xffff),
    mic: u32(o, 'MIC'),
    ...radio(o),
  };
}

function decodeDntxed(o: Json): DntxedMessage {
  // Stations before 2.0 name the downlink id `seqno`; newer ones send both.
  const diidField = o.diid !== undefined ? 'diid' : 'seqno';
  const hasEui = o.DevEui !== undefined || o.DevEUI !== undefined;
  return {
    msgtype: 'dntxed',
    diid: int(o, diidField, 0, Number.MAX_SAFE_INTEGER),
    devEui: hasEui ? eui(o, ['DevEui', 'DevEUI']) : undefined,
    rctx: o.rctx === undefined || o.rctx === null ? undefined : bigint(o, 'rctx'),
    xtime: o.xtime === undefined || o.xtime === null ? undefined : bigint(o, 'xtime'),
  };
}

function parseObject(text: string): Json {
  let parsed: unknown;
  try {
    parsed = parseStationJson(text);
  } catch {
    throw new StationMessageError('STATION_INVALID_JSON', 'message is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StationMessageError('STATION_INVALID_JSON', 'message is not a JSON object');
  }
  return parsed as Json;
}

/** Reads one text message of a Station. Throws StationMessageError. */
export function decodeStationMessage(text: string): StationMessage {
  const o = parseObject(text);
  const msgtype = o.msgtype;
  if (typeof msgtype !== 'string') throw missing('msgtype');
  switch (msgtype) {
    case 'version':
      return {
        msgtype,
        station: optionalString(o, 'station'),
        firmware: optionalString(o, 'firmware'),
        package: optionalString(o, 'package'),
        model: optionalString(o, 'model'),
        protocol: o.protocol === undefined ? undefined : int(o, 'protocol', 0, 0xffff),
        features: optionalString(o, 'features'),
      };
    case 'updf':
      return decodeUpdf(o);
    case 'jreq':
      return decodeJreq(o);
    case 'propdf':
      return { msgtype, frmPayload: hex(o, 'FRMPayload', MAX_FRAME_BYTES), ...radio(o) };
    case 'dntxed':
      return decodeDntxed(o);
    case 'timesync':
      return { msgtype, txtime: num(o, 'txtime') };
    default:
      if (UNSUPPORTED.has(msgtype)) {
        throw new StationMessageError('STATION_UNSUPPORTED', 'message type not supported', {
          msgtype,
        });
      }
      throw new StationMessageError('STATION_UNKNOWN_MSGTYPE', 'unknown message type', {
        msgtype: msgtype.slice(0, 40),
      });
  }
}

/**
 * The `router` of a discovery request (ID6, EUI or integer). Throws StationMessageError when
 * the message is not JSON or names no identity.
 */
export function decodeRouterInfoRequest(text: string): Eui64 {
  const router = parseRouterId(present(parseObject(text), 'router'));
  if (router === undefined) throw invalid('router');
  return router;
}
