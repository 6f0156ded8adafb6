// Public API of @lns/db-sync: everything the server may use is exported here and only here.
export { checkConsistency, openStore } from './store/index.js';
export type { ConsistencyReport } from './store/index.js';
export type { OpenStoreOptions, Store, TableOptions } from './store/index.js';
export { BaseTable, LocalTable, Table } from './table.js';
export { SyncError, SYNC_ERROR_CODES, isSyncError } from './errors.js';
export type { SyncErrorCode, SyncErrorDetails } from './errors.js';
export {
  HybridClock,
  NODE_ID_PATTERN,
  assertNodeId,
  compareHlc,
  decodeHlc,
  encodeHlc,
  encodeWallMs,
} from './hlc.js';
export type { Hlc, HybridClockOptions } from './hlc.js';
export { Oplog, DEFAULT_READ_LIMIT, encodeSeq, decodeSeq } from './oplog/index.js';
export type {
  OplogEntry,
  OplogPut,
  OplogDelete,
  RawOplogEntry,
  RemoteEntry,
} from './oplog/index.js';
export { compareVersions } from './codec.js';
export { prefixUpperBound } from './range.js';
export type { KeyRange, ListQuery } from './range.js';
export type { LevelDb } from './level.js';
export type {
  AnyMergeFunction,
  ApplyResult,
  ChangeEvent,
  ChangeListener,
  ChangeOp,
  DeleteOp,
  MergeFunction,
  PutOp,
  RecordVersion,
  TableEntry,
  WriteOp,
  WriteOptions,
} from './types.js';
export {
  MESSAGE_BUFFER_LIMIT_BYTES,
  startCluster,
  defaultClusterTiming,
  defaultConnectionLimits,
} from './cluster/index.js';
export type {
  AckResult,
  ConnectionLimits,
  ConnectionStats,
  Cluster,
  ClusterEvents,
  ClusterOptions,
  ClusterState,
  ClusterTiming,
  MessageStats,
  PushResult,
  RepairResult,
} from './cluster/index.js';
export { systemClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { silentLogger } from './logger.js';
export type { LogFn, Logger } from './logger.js';
export { MEMBERS_TABLE, REMOVED_TABLE } from './membership/members.js';
export type { MemberRecord, MemberState, MemberStatus } from './membership/members.js';
export { META_TABLE } from './replication/meta.js';
export { defaultOplogRetention } from './replication/trim.js';
export type { OplogRetention } from './replication/trim.js';
export type { RepairStats, SnapshotPurpose } from './replication/session.js';
export { parseAddress, formatAddress } from './transport/index.js';
export type { RefusalReason } from './transport/index.js';
export { BACKUP_FORMAT, BackupReader, openBackup, restoreBackup } from './backup/index.js';
export type {
  BackupHeader,
  BackupOptions,
  BackupPart,
  BackupSource,
  BackupSummary,
  RestoreOptions,
} from './backup/index.js';
