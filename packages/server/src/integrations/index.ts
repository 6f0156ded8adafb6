export { IntegrationBus } from './bus.js';
export type { IntegrationListener } from './bus.js';
export { BoundedQueue } from './output.js';
export type { IntegrationOutput, IntegrationStats } from './output.js';
export { HttpIntegration, defaultHttpIntegrationConfig } from './http.js';
export type { HttpIntegrationConfig, HttpIntegrationOptions } from './http.js';
export { MqttIntegration, defaultMqttIntegrationConfig, mqttClientId, topicOf } from './mqtt.js';
export type { MqttIntegrationConfig, MqttIntegrationOptions } from './mqtt.js';
export { IntegrationManager } from './manager.js';
export type {
  IntegrationDeliveryStats,
  IntegrationManagerOptions,
  IntegrationTable,
  IntegrationOutputFactory,
} from './manager.js';
export { integrationEventJson } from './event-json.js';
