/**
 * Records of the lns REST API (SPEC "HTTP"; field names of packages/server/src/ns/model.ts).
 * Declared again here because the admin UI never imports the server: the e2e test checks that
 * both sides agree.
 */

export type Role = 'admin' | 'viewer';

export interface ServerRecord {
  readonly id: string;
  readonly address?: string;
  /** `up`, `down`, `joining`, `leaving` (SPEC); from /health also `degraded`. */
  readonly status: string;
  readonly lastSeen?: string;
  readonly version?: string;
  readonly uptimeS?: number;
  readonly lagMs?: number;
  /** Set by the data provider when the list was made from /health (no cluster API yet). */
  readonly fromHealth?: boolean;
}

export interface GatewayStats {
  readonly rxReceived: number;
  readonly rxOk: number;
  readonly rxForwarded: number;
  readonly txEmitted: number;
  readonly uplinks: number;
  readonly downlinks: number;
}

export interface GatewayRecord {
  readonly id: string;
  readonly name: string;
  readonly location?: { readonly lat: number; readonly lon: number; readonly alt?: number };
  readonly txRfChain: number;
  readonly lastSeen?: string;
  readonly server?: string;
  readonly stats?: GatewayStats;
}

export interface ProfileRecord {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly macVersion: '1.0.2' | '1.0.3' | '1.0.4';
  readonly deviceClass: 'A' | 'C';
  readonly adr: boolean;
  readonly rx1Delay: number;
  readonly rx1DrOffset: number;
  readonly rx2Dr: number;
  readonly rx2Freq: number;
  readonly fcntCheck: 'strict32' | 'reset-allowed' | 'disabled';
}

export interface DeviceRecord {
  readonly id: string;
  readonly name: string;
  readonly joinEui: string;
  readonly appKey: string;
  readonly profileId: string;
  readonly devAddr?: string;
  readonly lastJoin?: string;
}

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
  readonly lastGateway?: {
    readonly gatewayEui: string;
    readonly rssi: number;
    readonly lsnr: number;
    readonly server?: string;
  };
}

export interface QueuedDownlink {
  readonly id: string;
  readonly devAddr: string;
  readonly fPort: number;
  /** Base64. */
  readonly data: string;
  readonly confirmed: boolean;
  readonly createdAt: string;
}

export interface FrameGateway {
  readonly gatewayEui: string;
  readonly rssi: number;
  readonly lsnr: number;
  readonly tmst: number;
  readonly freq: number;
  readonly datr: string;
  readonly server: string;
}

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

export interface EventRecord {
  readonly id: string;
  readonly time: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly entity: string;
  readonly text: string;
}

export interface UserRecord {
  readonly id: string;
  readonly role: Role;
}

export type IntegrationEventType = 'up' | 'join' | 'ack' | 'status' | 'error';

export interface IntegrationRecord {
  readonly id: string;
  readonly type: 'http' | 'mqtt';
  readonly url: string;
  readonly topic?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly events?: readonly IntegrationEventType[];
  readonly enabled?: boolean;
}

/** GET /health (SPEC). */
export interface HealthReport {
  readonly status: 'ok' | 'starting' | 'draining' | 'degraded';
  readonly node: string;
  readonly uptimeS: number;
  readonly cluster: { readonly id: string; readonly members: number; readonly up: number };
  readonly udp: 'ok' | 'down';
  readonly db: 'ok' | 'down' | 'none';
}
