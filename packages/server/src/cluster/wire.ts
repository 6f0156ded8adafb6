/**
 * The JSON shape of radio frames between lns nodes: the in-memory frames with the PHYPayload
 * as base64. Decoding checks every field the receiving side reads, so a peer of another
 * version fails here, once, with the field named, and not deep inside the pipeline.
 */
import type { Eui64 } from '../shared/index.js';
import type { DataRate, DownlinkFrame, UplinkFrame } from '../shared/index.js';
import { txAckStatuses } from '../ns/index.js';
import type { TxAckStatus } from '../ns/index.js';
import type { GatewayLiveInfo } from '../api/index.js';
import { ClusterMessageError } from './errors.js';

type Json = Record<string, unknown>;

const EUI_RE = /^[0-9a-f]{16}$/;
const TX_ACK_STATUSES: ReadonlySet<string> = new Set(txAckStatuses);

function bad(what: string, field: string): ClusterMessageError {
  return new ClusterMessageError(`malformed ${what}`, { field });
}

function object(value: unknown, what: string, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(what, field);
  return value as Json;
}

function num(o: Json, field: string, what: string): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(what, field);
  return v;
}

function str(o: Json, field: string, what: string): string {
  const v = o[field];
  if (typeof v !== 'string') throw bad(what, field);
  return v;
}

function eui(o: Json, field: string, what: string): Eui64 {
  const v = str(o, field, what);
  if (!EUI_RE.test(v)) throw bad(what, field);
  return v as Eui64;
}

function bytes(o: Json, field: string, what: string): Buffer {
  const v = str(o, field, what);
  const buf = Buffer.from(v, 'base64');
  // Buffer.from drops what is not base64; a round trip catches it.
  if (buf.toString('base64') !== v) throw bad(what, field);
  return buf;
}

function dataRate(value: unknown, what: string): DataRate {
  const o = object(value, what, 'dataRate');
  switch (o.modulation) {
    case 'LORA':
      num(o, 'spreadingFactor', what);
      num(o, 'bandwidthHz', what);
      break;
    case 'FSK':
      num(o, 'bitrateBps', what);
      break;
    case 'LR-FHSS':
      str(o, 'codingRate', what);
      num(o, 'occupiedChannelWidthHz', what);
      break;
    default:
      throw bad(what, 'dataRate.modulation');
  }
  return o as unknown as DataRate;
}

/** A gateway's copy of an uplink as forwarded to the device's owner. */
export interface ForwardedUplink {
  readonly frame: UplinkFrame;
  /** How long the forwarding node had the copy before sending it (ms). */
  readonly ageMs: number;
}

export function encodeForwardedUplink(frame: UplinkFrame, ageMs: number): Json {
  return {
    p: frame.phyPayload.toString('base64'),
    r: frame.rxInfo,
    t: frame.txInfo,
    a: ageMs,
  };
}

export function decodeForwardedUplink(payload: unknown): ForwardedUplink {
  const what = 'forwarded uplink';
  const o = object(payload, what, 'payload');
  const rx = object(o.r, what, 'rxInfo');
  const tx = object(o.t, what, 'txInfo');
  eui(rx, 'gatewayEui', what);
  num(rx, 'timestampUs', what);
  num(rx, 'rssiDbm', what);
  num(rx, 'snrDb', what);
  if (rx.crcStatus !== 'ok' && rx.crcStatus !== 'bad' && rx.crcStatus !== 'none') {
    throw bad(what, 'rxInfo.crcStatus');
  }
  if (!Array.isArray(rx.antennas)) throw bad(what, 'rxInfo.antennas');
  num(tx, 'frequencyHz', what);
  dataRate(tx.dataRate, what);
  const ageMs = num(o, 'a', what);
  return {
    frame: {
      phyPayload: bytes(o, 'p', what),
      rxInfo: rx as unknown as UplinkFrame['rxInfo'],
      txInfo: tx as unknown as UplinkFrame['txInfo'],
    },
    ageMs: Math.max(0, ageMs),
  };
}

/** A downlink the owner asks the gateway's node to send; `id` matches the TX_ACK answer. */
export interface RelayedDownlink {
  readonly id: number;
  readonly frame: DownlinkFrame;
}

export function encodeRelayedDownlink(id: number, frame: DownlinkFrame): Json {
  return { id, f: { ...frame, phyPayload: frame.phyPayload.toString('base64') } };
}

export function decodeRelayedDownlink(payload: unknown): RelayedDownlink {
  const what = 'relayed downlink';
  const o = object(payload, what, 'payload');
  const id = num(o, 'id', what);
  const f = object(o.f, what, 'frame');
  eui(f, 'gatewayEui', what);
  num(f, 'frequencyHz', what);
  num(f, 'txPowerDbm', what);
  dataRate(f.dataRate, what);
  if (typeof f.polarizationInversion !== 'boolean') throw bad(what, 'polarizationInversion');
  const timing = object(f.timing, what, 'timing');
  if (timing.kind === 'timestamp') num(timing, 'timestampUs', what);
  else if (timing.kind === 'gps') num(timing, 'gpsTimeMs', what);
  else if (timing.kind !== 'immediate') throw bad(what, 'timing.kind');
  if (f.windowOpensMs !== undefined) num(f, 'windowOpensMs', what);
  if (f.devEui !== undefined) eui(f, 'devEui', what);
  return {
    id,
    frame: { ...(f as unknown as DownlinkFrame), phyPayload: bytes(f, 'phyPayload', what) },
  };
}

/** The answer to a relayed downlink: the gateway's TX_ACK verdict (or NO_PATH / NO_ACK). */
export interface RelayedTxAck {
  readonly id: number;
  readonly status: TxAckStatus;
}

export function encodeRelayedTxAck(id: number, status: TxAckStatus): Json {
  return { id, s: status };
}

export function decodeRelayedTxAck(payload: unknown): RelayedTxAck {
  const what = 'relayed tx_ack';
  const o = object(payload, what, 'payload');
  const id = num(o, 'id', what);
  const status = str(o, 's', what);
  if (!TX_ACK_STATUSES.has(status)) throw bad(what, 's');
  return { id, status: status as TxAckStatus };
}

const PROTOCOLS: ReadonlySet<string> = new Set(['udp', 'basics-station']);
const STAT_FIELDS = ['rxReceived', 'rxOk', 'rxForwarded', 'txEmitted', 'uplinks', 'downlinks'];

/** A node's live gateway entries, answering request `id`. */
export interface GatewayLiveAnswer {
  readonly id: number;
  readonly gateways: readonly GatewayLiveInfo[];
}

export function encodeGatewayLiveAnswer(id: number, gateways: readonly GatewayLiveInfo[]): Json {
  return { id, g: gateways };
}

export function decodeGatewayLiveAnswer(payload: unknown): GatewayLiveAnswer {
  const what = 'gateway list';
  const o = object(payload, what, 'payload');
  const id = num(o, 'id', what);
  if (!Array.isArray(o.g)) throw bad(what, 'g');
  const gateways = o.g.map((value: unknown): GatewayLiveInfo => {
    const g = object(value, what, 'g[]');
    eui(g, 'gatewayEui', what);
    if (g.lastSeen !== undefined) str(g, 'lastSeen', what);
    if (g.server !== undefined) str(g, 'server', what);
    if (g.protocol !== undefined && !PROTOCOLS.has(str(g, 'protocol', what))) {
      throw bad(what, 'protocol');
    }
    if (g.connected !== undefined && typeof g.connected !== 'boolean') throw bad(what, 'connected');
    if (g.stats !== undefined) {
      const stats = object(g.stats, what, 'stats');
      for (const field of STAT_FIELDS) num(stats, field, what);
    }
    return g as unknown as GatewayLiveInfo;
  });
  return { id, gateways };
}

export function encodeGatewayLiveRequest(id: number): Json {
  return { id };
}

export function decodeGatewayLiveRequest(payload: unknown): number {
  return num(object(payload, 'gateway list request', 'payload'), 'id', 'gateway list request');
}
