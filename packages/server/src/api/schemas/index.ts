/**
 * The body schemas of the writable resources, by resource: the same objects the routes
 * validate with, for whatever needs them besides the routes (the hostile-input suite
 * generates requests from them).
 */
import type { TSchema } from '@sinclair/typebox';
import { DeviceCreate, DeviceUpdate } from './devices.js';
import { GatewayCreate, GatewayUpdate } from './gateways.js';
import { IntegrationCreate, IntegrationUpdate } from './integrations.js';
import { NodeCreate, NodeUpdate, QueueCreate } from './nodes.js';
import { ProfileCreate, ProfileUpdate } from './profiles.js';
import { UserCreate, UserUpdate } from './users.js';

export const resourceBodySchemas: Readonly<
  Record<string, { readonly create: TSchema; readonly update: TSchema }>
> = {
  profiles: { create: ProfileCreate, update: ProfileUpdate },
  gateways: { create: GatewayCreate, update: GatewayUpdate },
  devices: { create: DeviceCreate, update: DeviceUpdate },
  nodes: { create: NodeCreate, update: NodeUpdate },
  users: { create: UserCreate, update: UserUpdate },
  integrations: { create: IntegrationCreate, update: IntegrationUpdate },
};

/** POST /api/nodes/:id/queue. */
export { QueueCreate };
