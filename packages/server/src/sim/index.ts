export { FakeGateway } from './fake-gateway.js';
export type { FakeGatewayOptions, ReceivedDownlink, UplinkRadio } from './fake-gateway.js';
export { SimDevice } from './sim-device.js';
export type { AbpSession, DecodedDownlink, OtaaIdentity, UplinkOptions } from './sim-device.js';
export { runSimulate } from './simulate-cli.js';
