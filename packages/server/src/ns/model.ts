/**
 * The records the network server works on, as stored. Most are also REST resources with the
 * same field names; radio values use the unit names of shared/radio.ts (`rssiDbm`, `snrDb`,
 * `frequencyHz`) and become SPEC's wire names (`rssi`, `lsnr`, `freq` in MHz) only at the
 * edges: api/wire.ts (REST) and integrations/event-json.ts (integration events). Records
 * whose stored shape is their wire shape take it from shared/contract.ts, so it is typed once. EUIs, DevAddrs and keys
 * are lowercase hex; times are ISO-8601 strings in records and ms numbers inside the pipeline.
 */
import type { RegionName } from '../lorawan/index.js';
import type { GatewayProtocol, GatewayStats, ProfileRecord, Severity } from '../shared/contract.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';

export type { DeviceClass, FCntCheck, GatewayProtocol, MacVersion } from '../shared/contract.js';

/** SPEC `profiles`, with the region a name lorawan/ knows. */
export interface Profile extends Omit<ProfileRecord, 'region'> {
  readonly region: RegionName;
}

export interface Location {
  readonly lat: number;
  readonly lon: number;
  readonly alt: number;
}

export type GatewayTrafficStats = GatewayStats;

export interface Gateway {
  readonly id: Eui64;
  readonly name: string;
  readonly location?: Location;
  /** RF chain the gateway transmits on (0 for almost every gateway). */
  readonly txRfChain: number;
  /** Absent: the node's default region (LNS_REGION); read it through `gatewayRegion()`. */
  readonly region?: RegionName;
  readonly lastSeen?: string;
  /** Node holding this gateway's downlink (PULL_DATA) path. */
  readonly server?: string;
  readonly stats?: GatewayTrafficStats;
  /** How the gateway last talked to the cluster (live, not stored). */
  readonly protocol?: GatewayProtocol;
  /** A downlink path is open on some node now (live, not stored). */
  readonly connected?: boolean;
  /**
   * The token a LoRa Basics Station must present in its `Authorization` header (from its
   * `tc.key`); none: any Station with this EUI may connect. A secret, like the keys.
   */
  readonly stationToken?: string;
}

/** An OTAA device: what the join server part needs. */
export interface Device {
  readonly id: Eui64;
  readonly name: string;
  readonly joinEui: Eui64;
  readonly appKey: string;
  readonly profileId: string;
  /** DevAddr of the last join; the session itself is the `nodes` record. */
  readonly devAddr?: DevAddr;
  readonly lastJoin?: string;
  /**
   * JoinNonce (AppNonce before 1.0.4) of the last join-accept; the next join uses the next
   * value, so a device never sees one twice [L2 1.0.4 §6.2.6].
   */
  readonly joinNonce?: number;
}

export interface AdrState {
  /** Data rate the device uses now, as last seen in an uplink. */
  readonly dataRate: number;
  readonly txPower: number;
  readonly nbTrans: number;
  /** Best SNR per recent uplink, newest last, for the ADR algorithm. */
  readonly snrHistory: readonly number[];
}

/** A MAC command the server sent and waits to see answered; resent until it is. */
export interface PendingMacCommand {
  readonly cid: number;
  /** The command as bytes (CID included), lowercase hex. */
  readonly hex: string;
  readonly sentCount: number;
}

/** How the device answered the last MAC request of one kind (latest answer per command). */
export interface MacAnswerRecord {
  /** The answer's spec name, e.g. 'LinkADRAns'. */
  readonly command: string;
  readonly accepted: boolean;
  readonly time: string;
}

/** The gateway that heard a node's last uplink best. */
export interface LastGateway {
  readonly gatewayEui: Eui64;
  readonly rssiDbm: number;
  readonly snrDb: number;
  readonly server?: string;
}

/** An active session (ABP or after OTAA), keyed by DevAddr. */
export interface NodeSession {
  readonly id: DevAddr;
  readonly devEui?: Eui64;
  readonly profileId: string;
  readonly nwkSKey: string;
  readonly appSKey: string;
  /** Last accepted 32-bit uplink counter; undefined before the first uplink. */
  readonly fCntUp?: number;
  /** Next downlink counter to use; never reused. */
  readonly fCntDown: number;
  readonly lastRx?: string;
  readonly adr?: AdrState;
  /** DevStatusAns battery (0 external, 1..254, 255 unknown). */
  readonly battery?: number;
  /** DevStatusAns demodulation margin in dB. */
  readonly margin?: number;
  readonly lastGateway?: LastGateway;
  readonly pendingMac?: readonly PendingMacCommand[];
  /** Latest answer per MAC command; a rejected LinkADRAns stops ADR until the next join. */
  readonly macAnswers?: readonly MacAnswerRecord[];
  /** A confirmed downlink with this FCntDown waits for the device's ACK. */
  readonly awaitingAckFCntDown?: number;
  /** An uplink that asked for an ACK which has not been sent yet (class A answer). */
  readonly rxWindowsState?: { readonly ackPending: boolean };
  /**
   * Replication bookkeeping: replicas merge the frame counters by maximum within one epoch;
   * a deliberate lowering (device reset, operator edit) starts the next epoch (store/).
   */
  readonly counterEpoch?: number;
}

export interface QueuedDownlink {
  readonly id: string;
  readonly devAddr: DevAddr;
  readonly fPort: number;
  /** Application payload, base64 (SPEC queue body). */
  readonly data: string;
  readonly confirmed: boolean;
  readonly createdAt: string;
}

/** One gateway's copy of a frame (REST `frames.gateways` in SPEC's names: api/wire.ts). */
export interface FrameGateway {
  readonly gatewayEui: Eui64;
  readonly rssiDbm: number;
  readonly snrDb: number;
  /** Gateway's concentrator time of the frame in µs (GWMP `tmst`); 0 for untimed downlinks. */
  readonly timestampUs: number;
  readonly frequencyHz: number;
  /** Data-rate name as gateways write it: `SF7BW125`, `M0CW137`, FSK bit rate. */
  readonly dataRate: string;
  readonly server: string;
}

export interface FrameRecord {
  readonly id: string;
  readonly time: string;
  readonly dir: 'up' | 'down';
  readonly devAddr: DevAddr;
  readonly devEui?: Eui64;
  readonly fCnt: number;
  readonly fPort?: number;
  /** Decrypted FRMPayload, lowercase hex. */
  readonly data: string;
  readonly confirmed: boolean;
  readonly gateways: readonly FrameGateway[];
  readonly server: string;
}

export type EventSeverity = Severity;

export type EventKind =
  | 'mic_failed'
  | 'fcnt_replay'
  | 'fcnt_gap'
  | 'unknown_devaddr'
  | 'unknown_deveui'
  | 'unknown_gateway'
  | 'unknown_profile'
  | 'joineui_mismatch'
  | 'devnonce_reused'
  | 'join'
  | 'tx_error'
  | 'tx_late'
  | 'mac_error'
  | 'server_down'
  | 'cluster_refused'
  // The API's audit trail (api/audit.ts).
  | 'audit'
  | 'login_failed'
  | 'login_throttled'
  /** Uplinks dropped because the node is behind (rate-limited; the metric counts each). */
  | 'overload';

export interface EventRecord {
  readonly id: string;
  readonly time: string;
  readonly severity: EventSeverity;
  readonly kind: EventKind;
  /** What the event is about: a DevEUI, DevAddr, gateway EUI or node name. */
  readonly entity: string;
  readonly text: string;
  /** `audit` events: the user who acted. */
  readonly user?: string;
}

export type IntegrationType = 'http' | 'mqtt';
export type IntegrationEventType = 'up' | 'join' | 'ack' | 'status' | 'error';

/** SPEC `integrations`: where integration events go. Replicated, so every node sends. */
export interface IntegrationRecord {
  readonly id: string;
  readonly type: IntegrationType;
  readonly url: string;
  /** MQTT topic template; default `lns/devices/<devEui or devAddr>/<type>` (SPEC). */
  readonly topic?: string;
  /** Extra HTTP request headers (e.g. an authorization header of the receiving side). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly events: readonly IntegrationEventType[];
  readonly enabled: boolean;
}
