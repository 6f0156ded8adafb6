export {
  openLnsStore,
  LnsStore,
  defaultLnsStoreConfig,
  replicatedTableNames,
} from './lns-store.js';
export type { LnsStoreConfig, NsStoragePorts, OpenLnsStoreOptions } from './lns-store.js';
export { Repository } from './repository.js';
export type { RepositoryOptions } from './repository.js';
export { UserRepository, ensureAdminUser } from './users.js';
export { QueueRepository } from './queue.js';
export type { QueueInput } from './queue.js';
export { LogRepository } from './logs.js';
export { LevelNsStores, ReadCache } from './ns-ports.js';
export { GatewayRegistry } from './gateway-registry.js';
export { hashPassword, verifyPassword, generatePassword, defaultScryptParams } from './password.js';
export type { ScryptParams } from './password.js';
export { StoreError, storeErrorCodes } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { matchesFilter, queryArray, runQuery } from './query.js';
export type * from './types.js';
export { mergeSessionCounters, stampCounterEpoch, tableMerges } from './session-counters.js';
