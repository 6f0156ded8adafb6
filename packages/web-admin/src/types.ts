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
  GatewayProtocol,
  GatewayRecord,
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
