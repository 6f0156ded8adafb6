/**
 * The outside of lns as JSON, typed once (SPEC "HTTP" and "Integration event"): every REST
 * resource and the integration event, in SPEC's wire names (`rssi`, `lsnr`, `freq` in MHz,
 * `datr`, `tmst`). The server's edges produce these (api/wire.ts for REST, integrations/
 * event-json.ts for events) and the admin UI reads them with `import type`.
 *
 * Types only and no imports: packages/web-admin compiles this file with its own settings and
 * must never load server code at run time (enforced by eslint.boundaries.js).
 */

export type Role = 'admin' | 'viewer';

/**
 * What reads show in place of a secret (keys, integration header values, a gateway's
 * stationToken); `GET /api/<res>/<id>?reveal=true` shows an admin the value, and a write that
 * sends the mask back keeps the stored secret (api/secrets.ts).
 */
export type SecretMask = '********';

/** SPEC `servers`: one cluster member. */
export interface ServerRecord {
  readonly id: string;
  readonly address: string;
  readonly status: 'up' | 'down' | 'joining' | 'leaving';
  readonly lastSeen: string | null;
  readonly version: string | null;
  readonly uptimeS: number | null;
  readonly lagMs: number | null;
}

export interface GatewayStats {
  readonly rxReceived: number;
  readonly rxOk: number;
  readonly rxForwarded: number;
  readonly txEmitted: number;
  readonly uplinks: number;
  readonly downlinks: number;
}

/** SPEC `gateways`, by gateway EUI. */
export interface GatewayRecord {
  readonly id: string;
  readonly name: string;
  readonly location?: { readonly lat: number; readonly lon: number; readonly alt?: number };
  readonly txRfChain: number;
  /**
   * Region the gateway's own traffic is read with before the device is known (data-rate
   * indexes, a Basics Station's channel plan): a region name as LNS_REGION takes it. Absent
   * (or null on write): the node's default region. A device's region is its profile's.
   */
  readonly region?: string;
  readonly lastSeen?: string;
  /** Node holding the gateway's downlink path. */
  readonly server?: string;
  readonly stats?: GatewayStats;
  /** How the gateway last talked to the cluster; absent if never seen. */
  readonly protocol?: GatewayProtocol;
  /** UDP: a fresh PULL path on some node; Basics Station: a WebSocket open on some node. */
  readonly connected?: boolean;
  /** Token a LoRa Basics Station presents (`Authorization` header); a secret. */
  readonly stationToken?: string;
}

/** `udp`: Semtech packet forwarder; `basics-station`: LoRa Basics Station (LNS protocol). */
export type GatewayProtocol = 'udp' | 'basics-station';

export type MacVersion = '1.0.2' | '1.0.3' | '1.0.4';
export type DeviceClass = 'A' | 'C';
/**
 * strict32: the 32-bit counter only grows. reset-allowed: a device that restarts at 0 (ABP
 * after a power cycle) is accepted. disabled: every counter is accepted (testing only).
 */
export type FCntCheck = 'strict32' | 'reset-allowed' | 'disabled';

/** SPEC `profiles`. */
export interface ProfileRecord {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly macVersion: MacVersion;
  readonly deviceClass: DeviceClass;
  readonly adr: boolean;
  /** RX1 delay in seconds (1..15) for data frames. */
  readonly rx1Delay: number;
  readonly rx1DrOffset: number;
  readonly rx2Dr: number;
  /** RX2 frequency in Hz. */
  readonly rx2Freq: number;
  readonly fcntCheck: FCntCheck;
}

/** SPEC `devices`, by DevEUI. */
export interface DeviceRecord {
  readonly id: string;
  readonly name: string;
  readonly joinEui: string;
  readonly appKey: string;
  readonly profileId: string;
  /** DevAddr of the last join (read-only). */
  readonly devAddr?: string;
  readonly lastJoin?: string;
}

/** The gateway that heard a node's last uplink best. */
export interface LastGatewayJson {
  readonly gatewayEui: string;
  /** dBm. */
  readonly rssi: number;
  /** dB. */
  readonly lsnr: number;
  readonly server?: string;
}

/** SPEC `nodes`: a session, by DevAddr. */
export interface NodeRecord {
  readonly id: string;
  readonly devEui?: string;
  readonly profileId: string;
  readonly nwkSKey: string;
  readonly appSKey: string;
  readonly fCntUp?: number;
  readonly fCntDown: number;
  readonly lastRx?: string;
  readonly adr?: {
    readonly dataRate: number;
    readonly txPower: number;
    readonly nbTrans: number;
    readonly snrHistory: readonly number[];
  };
  readonly battery?: number;
  readonly margin?: number;
  readonly lastGateway?: LastGatewayJson;
}

/** SPEC `nodes/<DevAddr>/queue`. */
export interface QueuedDownlink {
  readonly id: string;
  readonly devAddr: string;
  readonly fPort: number;
  /** Base64. */
  readonly data: string;
  readonly confirmed: boolean;
  readonly createdAt: string;
}

/** One gateway's copy of a frame, in GWMP's names and units. */
export interface FrameGateway {
  readonly gatewayEui: string;
  /** dBm. */
  readonly rssi: number;
  /** dB. */
  readonly lsnr: number;
  /** Concentrator time in µs. */
  readonly tmst: number;
  /** MHz. */
  readonly freq: number;
  readonly datr: string;
  readonly server: string;
}

/** SPEC `frames`. */
export interface FrameRecord {
  readonly id: string;
  readonly time: string;
  readonly dir: 'up' | 'down';
  readonly devAddr: string;
  readonly devEui?: string;
  readonly fCnt: number;
  readonly fPort?: number;
  /** Hex. */
  readonly data: string;
  readonly confirmed: boolean;
  readonly gateways: readonly FrameGateway[];
  readonly server: string;
}

export type Severity = 'debug' | 'info' | 'warning' | 'error';

/** SPEC `events`. */
export interface EventRecord {
  readonly id: string;
  readonly time: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly entity: string;
  readonly text: string;
  /** `audit` events: the user who acted. */
  readonly user?: string;
}

/** SPEC `users` as read (the password is write-only). */
export interface UserRecord {
  readonly id: string;
  readonly role: Role;
}

export type IntegrationEventType = 'up' | 'join' | 'ack' | 'status' | 'error';

/** SPEC `integrations`. */
export interface IntegrationRecord {
  readonly id: string;
  readonly type: 'http' | 'mqtt';
  readonly url: string;
  readonly topic?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly events?: readonly IntegrationEventType[];
  readonly enabled?: boolean;
}

/** GET /health. */
export interface HealthReport {
  readonly status: 'ok' | 'starting' | 'draining' | 'degraded';
  readonly node: string;
  readonly uptimeS: number;
  readonly cluster: { readonly id: string; readonly members: number; readonly up: number };
  readonly udp: 'ok' | 'down';
  readonly db: 'ok' | 'down' | 'none';
}

/** One gateway's copy in an integration event's `rxInfo`. */
export interface RxInfoJson {
  readonly gatewayEui: string;
  /** dBm. */
  readonly rssi: number;
  /** dB. */
  readonly lsnr: number;
  /** ISO-8601 GPS time of reception, when the gateway knows it. */
  readonly time?: string;
  /** Concentrator time in µs. */
  readonly tmst: number;
  readonly server: string;
}

/** An integration event's `txInfo`: MHz, data-rate and coding-rate names. */
export interface TxInfoJson {
  readonly freq: number;
  readonly datr: string;
  readonly codr?: string;
}

/**
 * SPEC "Integration event": the HTTP POST body, the MQTT payload (topic
 * `lns/devices/<devEui or devAddr>/<type>`) and the `/api/stream` message.
 */
export type IntegrationEventJson =
  | {
      readonly type: 'up';
      readonly devEui?: string;
      readonly devAddr: string;
      readonly fCnt: number;
      readonly fPort?: number;
      /** Base64. */
      readonly data: string;
      readonly confirmed: boolean;
      readonly adr: boolean;
      readonly rxInfo: readonly RxInfoJson[];
      readonly txInfo: TxInfoJson;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'join';
      readonly devEui: string;
      readonly devAddr: string;
      readonly joinEui: string;
      readonly rxInfo: readonly RxInfoJson[];
      readonly receivedAt: string;
    }
  | {
      readonly type: 'ack';
      readonly devEui?: string;
      readonly devAddr: string;
      readonly fCntDown: number;
      readonly acknowledged: boolean;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'status';
      readonly devEui?: string;
      readonly devAddr: string;
      readonly battery: number;
      readonly margin: number;
      readonly receivedAt: string;
    }
  | {
      readonly type: 'error';
      readonly devEui?: string;
      readonly devAddr?: string;
      readonly kind: string;
      readonly text: string;
      readonly receivedAt: string;
    };
