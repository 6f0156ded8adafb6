/**
 * The REST edge of radio values: records keep the server's unit names (`rssiDbm`, `snrDb`,
 * `frequencyHz`, `timestampUs`, `dataRate`), SPEC's resources carry GWMP's (`rssi`, `lsnr`,
 * `freq` in MHz, `tmst`, `datr`). Every other field passes unchanged. The reply types are
 * shared/contract.ts's, which the admin UI reads.
 */
import type {
  Device,
  EventRecord,
  FrameGateway,
  FrameRecord,
  Gateway,
  IntegrationRecord,
  LastGateway,
  NodeSession,
  Profile,
  QueuedDownlink,
} from '../ns/index.js';
import type * as Wire from '../shared/contract.js';
import { mhzOf } from '../shared/radio.js';
import type { ListResult, PublicUser } from '../store/index.js';
import type { HealthReport } from './health.js';

function frameGatewayJson(g: FrameGateway): Wire.FrameGateway {
  return {
    gatewayEui: g.gatewayEui,
    rssi: g.rssiDbm,
    lsnr: g.snrDb,
    tmst: g.timestampUs,
    freq: mhzOf(g.frequencyHz),
    datr: g.dataRate,
    server: g.server,
  };
}

/** SPEC `frames` resource of a stored frame. */
export function frameJson(frame: FrameRecord): Wire.FrameRecord {
  return { ...frame, gateways: frame.gateways.map(frameGatewayJson) };
}

function lastGatewayJson(g: LastGateway): Wire.LastGatewayJson {
  return {
    gatewayEui: g.gatewayEui,
    rssi: g.rssiDbm,
    lsnr: g.snrDb,
    ...(g.server === undefined ? {} : { server: g.server }),
  };
}

/** A session as SPEC's `nodes` resource shows it (MAC bookkeeping fields included). */
export type NodeJson = Omit<NodeSession, 'lastGateway'> & {
  readonly lastGateway?: Wire.LastGatewayJson;
};

/** SPEC `nodes` resource of a stored session. */
export function nodeJson(session: NodeSession): NodeJson {
  const { lastGateway, ...rest } = session;
  return lastGateway === undefined ? rest : { ...rest, lastGateway: lastGatewayJson(lastGateway) };
}

/** A list page with each record shaped by `toJson`. */
export function listJson<T, J>(page: ListResult<T>, toJson: (record: T) => J): ListResult<J> {
  return { items: page.items.map(toJson), total: page.total };
}

/** `toJson` of a record that may be missing. */
export function maybeJson<T, J>(record: T | undefined, toJson: (record: T) => J): J | undefined {
  return record === undefined ? undefined : toJson(record);
}

// The resources whose records are their wire shape: the compiler checks they fit the contract.
type Fits<T extends W, W> = T;
export type ContractChecks = [
  Fits<NodeJson, Wire.NodeRecord>,
  Fits<Profile, Wire.ProfileRecord>,
  Fits<Device, Wire.DeviceRecord>,
  Fits<Gateway, Wire.GatewayRecord>,
  Fits<QueuedDownlink, Wire.QueuedDownlink>,
  Fits<EventRecord, Wire.EventRecord>,
  Fits<IntegrationRecord, Wire.IntegrationRecord>,
  Fits<PublicUser, Wire.UserRecord>,
  // /health is typed in api/health.ts too; both must stay the same shape.
  Fits<HealthReport, Wire.HealthReport>,
  Fits<Wire.HealthReport, HealthReport>,
];
