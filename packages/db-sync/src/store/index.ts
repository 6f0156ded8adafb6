export { openStore } from './open.js';
export { storeInternals } from './level-store.js';
export { checkConsistency } from './check.js';
export type { ConsistencyReport } from './check.js';
export type { OpenStoreOptions, RecordRow, Store, StoreInternals, TableOptions } from './api.js';
