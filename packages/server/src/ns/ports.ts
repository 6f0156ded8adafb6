/**
 * What the network server needs from the world, as interfaces. store/ implements the
 * storage ports on @lns/db-sync, app.ts wires the downlink sender to the UDP socket (or to the
 * node holding the gateway's pull path) and the sinks to the frames log, events log and
 * integrations. ns itself never imports udp, store, api or db-sync.
 */
import type { DevAddr, Eui64 } from '../shared/ids.js';
import type { DownlinkFrame } from '../shared/radio.js';
import type { Clock } from '../shared/clock.js';
import type {
  Device,
  EventRecord,
  FrameRecord,
  Gateway,
  NodeSession,
  Profile,
  QueuedDownlink,
} from './model.js';

export type { Clock };

export interface ProfileStore {
  getProfile(id: string): Promise<Profile | undefined>;
}

export interface GatewayStore {
  getGateway(gatewayEui: Eui64): Promise<Gateway | undefined>;
}

export interface DeviceStore {
  getDevice(devEui: Eui64): Promise<Device | undefined>;
  /** True when this DevNonce was already used by this device [L2 1.0.4 §6.2.4]. */
  isDevNonceUsed(devEui: Eui64, devNonce: number): Promise<boolean>;
  /**
   * Writes a join atomically: remembers the DevNonce, points the device at its new DevAddr
   * and stores the new session. Returns false (and writes nothing) if the DevNonce was used
   * meanwhile.
   */
  commitJoin(join: {
    readonly device: Device;
    readonly devNonce: number;
    readonly session: NodeSession;
    /** The previous session of this device, removed by the join. */
    readonly replacedDevAddr?: DevAddr;
  }): Promise<boolean>;
}

export interface SessionStore {
  getSession(devAddr: DevAddr): Promise<NodeSession | undefined>;
  putSession(session: NodeSession): Promise<void>;
  /** Sessions of class C devices with queued downlinks are found through this. */
  listSessions(): AsyncIterable<NodeSession>;
  /** DevAddrs in use, for allocation of a fresh one. */
  isDevAddrInUse(devAddr: DevAddr): Promise<boolean>;
}

export interface DownlinkQueue {
  /** Oldest queued downlink of a device, if any. */
  peek(devAddr: DevAddr): Promise<QueuedDownlink | undefined>;
  count(devAddr: DevAddr): Promise<number>;
  remove(devAddr: DevAddr, id: string): Promise<void>;
  /** Fires when a downlink is queued (class C devices send at once). */
  onQueued(listener: (item: QueuedDownlink) => void): void;
}

/**
 * A gateway's TX_ACK verdict on a downlink, plus three of lns's own: `NO_PATH` (no fresh
 * downlink path to the gateway on any node), `NO_ACK` (the gateway did not answer with
 * TX_ACK in time; protocol v1 gateways never do) and `NOT_TRANSMITTED` (a gateway that
 * confirms only what went on air, a Basics Station's `dntxed`, did not confirm it by the
 * window: it was not sent).
 */
export const txAckStatuses = [
  'ok',
  'TOO_LATE',
  'TOO_EARLY',
  'COLLISION_PACKET',
  'COLLISION_BEACON',
  'TX_FREQ',
  'TX_POWER',
  'GPS_UNLOCKED',
  'UNKNOWN',
  'NO_PATH',
  'NO_ACK',
  'NOT_TRANSMITTED',
] as const;

export type TxAckStatus = (typeof txAckStatuses)[number];

export interface DownlinkSender {
  /** Sends one downlink to its gateway and resolves with the gateway's TX_ACK verdict. */
  send(frame: DownlinkFrame): Promise<TxAckStatus>;
}

/** SPEC "Integration event" rxInfo in unit names; integrations/event-json.ts writes SPEC's. */
export interface IntegrationRxInfo {
  readonly gatewayEui: Eui64;
  readonly rssiDbm: number;
  readonly snrDb: number;
  readonly time?: string;
  readonly timestampUs: number;
  readonly server: string;
}

export interface IntegrationTxInfo {
  readonly frequencyHz: number;
  readonly dataRate: string;
  readonly codingRate?: string;
}

export type IntegrationEvent =
  | {
      readonly type: 'up';
      readonly devEui?: Eui64;
      readonly devAddr: DevAddr;
      readonly fCnt: number;
      readonly fPort?: number;
      /** base64 */
      readonly data: string;
      readonly confirmed: boolean;
      readonly adr: boolean;
      readonly rxInfo: readonly IntegrationRxInfo[];
      readonly txInfo: IntegrationTxInfo;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'join';
      readonly devEui: Eui64;
      readonly devAddr: DevAddr;
      readonly joinEui: Eui64;
      readonly rxInfo: readonly IntegrationRxInfo[];
      readonly receivedAt: string;
    }
  | {
      readonly type: 'ack';
      readonly devEui?: Eui64;
      readonly devAddr: DevAddr;
      readonly fCntDown: number;
      readonly acknowledged: boolean;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'status';
      readonly devEui?: Eui64;
      readonly devAddr: DevAddr;
      readonly battery: number;
      readonly margin: number;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'error';
      readonly devEui?: Eui64;
      readonly devAddr?: DevAddr;
      readonly kind: string;
      readonly text: string;
      readonly receivedAt: string;
    };

/** Where the results of the pipeline go: logs, events and integrations. */
export interface NsSink {
  frame(frame: Omit<FrameRecord, 'id'>): void;
  event(event: Omit<EventRecord, 'id' | 'time'>): void;
  integration(event: IntegrationEvent): void;
}

/** Why an uplink was not delivered; each reason is a metric label and most an event. */
export type UplinkDropReason =
  | 'unknown_gateway'
  | 'duplicate'
  | 'bad_phy_payload'
  | 'unsupported_mtype'
  | 'unknown_devaddr'
  | 'unknown_deveui'
  | 'unknown_profile'
  | 'mic_failed'
  | 'fcnt_replay'
  | 'fcnt_gap'
  /** Same FCnt as the last accepted uplink: not delivered again (a confirmed one is re-ACKed). */
  | 'retransmission'
  /** The gateway forwarded a copy whose CRC failed. */
  | 'bad_crc'
  | 'joineui_mismatch'
  | 'devnonce_reused'
  | 'store_failed'
  /** A step threw unexpectedly (a bug or a broken record); logged at error. */
  | 'internal_error'
  /** Overload: too many uplinks waiting for a pipeline (or open dedup windows). */
  | 'queue_full'
  /** Overload: the uplink waited past its deadline for a pipeline (ns/uplink/uplink-queue.ts). */
  | 'queue_timeout';

/** Counters and timings app.ts turns into Prometheus metrics. */
export interface NsMetrics {
  uplinkReceived(): void;
  /** One deduplicated uplink fully processed; `durationMs` from first copy to hand-off. */
  uplinkProcessed(durationMs: number): void;
  uplinkDropped(reason: UplinkDropReason): void;
  downlinkSent(window: 'rx1' | 'rx2' | 'class_c'): void;
  downlinkFailed(reason: TxAckStatus | 'too_late'): void;
}

/**
 * Which devices this node answers for. A single node answers for every device; in a cluster
 * the cluster room decides (rendezvous hash over the live members), so ns never learns there
 * is a cluster.
 */
export interface DeviceOwnership {
  /** True when uplinks of `devAddr` reach this node's pipeline (join allocation, class C). */
  ownsDevAddr(devAddr: DevAddr): boolean;
  /**
   * How many FCntDown values to skip before this node's next downlink of `devAddr`: 0 while
   * this node held the device's counter without a break, a safety gap after it took the
   * device over (the last counter the previous owner used may not have replicated yet).
   * Called once per downlink, right before the counter is taken.
   */
  fCntDownGap(devAddr: DevAddr): number;
  /** This node just created the session of `devAddr` (a join): it holds the counter. */
  claim(devAddr: DevAddr): void;
  /**
   * Resolves once the live peers have this node's writes so far, or after a bounded wait: a
   * join-accept goes out only when a node taking the device over would find its session.
   */
  replicated(): Promise<void>;
}

/** The ownership of a node alone: every device, never a gap. */
export const soleOwnership: DeviceOwnership = {
  ownsDevAddr: () => true,
  fCntDownGap: () => 0,
  claim: () => undefined,
  replicated: () => Promise.resolve(),
};

/** Everything the network server needs, injected by app.ts. */
export interface NsPorts {
  readonly clock: Clock;
  readonly profiles: ProfileStore;
  readonly gateways: GatewayStore;
  readonly devices: DeviceStore;
  readonly sessions: SessionStore;
  readonly queue: DownlinkQueue;
  readonly downlinks: DownlinkSender;
  readonly sink: NsSink;
  readonly metrics: NsMetrics;
  /** Unset: this node answers for every device ({@link soleOwnership}). */
  readonly ownership?: DeviceOwnership;
}
