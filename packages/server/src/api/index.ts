export { healthPlugin } from './health.js';
export type { HealthReport, HealthStatus, HealthPluginOptions } from './health.js';
