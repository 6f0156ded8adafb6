/**
 * Records of the lns REST API. They are typed once, in the server's SPEC contract
 * (packages/server/src/shared/contract.ts), imported here with `import type` only: the admin
 * UI never loads server code at run time (eslint.boundaries.js enforces both).
 */
import type * as Contract from '../../server/src/shared/contract';

export type {
  DeviceRecord,
  EventRecord,
  FrameGateway,
  FrameRecord,
  GatewayStats,
  HealthReport,
  IntegrationEventType,
  IntegrationRecord,
  NodeRecord,
  ProfileRecord,
  QueuedDownlink,
  Role,
  Severity,
  UserRecord,
} from '../../server/src/shared/contract';

/** How a gateway last talked to the cluster (CONTRACTS.md "Gateway record"). */
export type GatewayProtocol = 'udp' | 'basics-station';

/**
 * A REST `gateways` record with the fields this round adds to the contract (CONTRACTS.md
 * "Gateway record"): `region` (absent: the node's LNS_REGION) and the live `protocol` and
 * `connected`. The regions and station branches put them in contract.ts; once merged, this
 * intersection adds nothing and may shrink to the contract's type.
 */
export type GatewayRecord = Contract.GatewayRecord & {
  readonly region?: string;
  readonly protocol?: GatewayProtocol;
  readonly connected?: boolean;
};

/**
 * A row of the Servers page: a REST `servers` record, or one made from /health when the node
 * has no cluster API (`fromHealth`; its status may then also be `degraded`).
 */
export interface ServerRecord {
  readonly id: string;
  readonly address?: string;
  /** `up`, `down`, `joining`, `leaving` (SPEC); from /health also `degraded`. */
  readonly status: Contract.ServerRecord['status'] | Contract.HealthReport['status'];
  readonly lastSeen?: string;
  readonly version?: string;
  readonly uptimeS?: number;
  readonly lagMs?: number;
  readonly fromHealth?: boolean;
}
