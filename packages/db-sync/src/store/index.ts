export { openStore } from './open.js';
export { storeInternals } from './level-store.js';
export type { OpenStoreOptions, RecordRow, Store, StoreInternals, TableOptions } from './api.js';
