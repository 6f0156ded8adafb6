export { MESSAGE_BUFFER_LIMIT_BYTES, defaultClusterTiming } from './api.js';
export type {
  AckResult,
  Cluster,
  ClusterEvents,
  ClusterOptions,
  ClusterState,
  ClusterTiming,
  MessageStats,
  PushResult,
  RepairResult,
} from './api.js';
export { startCluster } from './start.js';
export { defaultConnectionLimits } from './connection-limits.js';
export type { ConnectionLimits, ConnectionStats } from './connection-limits.js';
