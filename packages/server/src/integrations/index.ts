export { IntegrationBus } from './bus.js';
export type { IntegrationListener } from './bus.js';
