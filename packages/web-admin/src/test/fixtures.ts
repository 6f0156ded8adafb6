/** One realistic record per resource, and an in-memory LnsDataProvider over them. */
import type { AuthProvider, RaRecord } from 'react-admin';
import type { LnsDataProvider } from '../providers/data-provider';
import type { HealthReport } from '../types';

const now = new Date().toISOString();

export const fixtures: Readonly<Record<string, readonly RaRecord[]>> = {
  servers: [
    {
      id: 'n1',
      address: '10.0.0.1:4370',
      status: 'up',
      uptimeS: 3700,
      lagMs: 3,
      version: '0.1.0',
      lastSeen: now,
    },
  ],
  gateways: [
    {
      id: 'aa555a0000000101',
      name: 'Rooftop north',
      location: { lat: 52.37024, lon: 4.89173, alt: 12 },
      txRfChain: 0,
      lastSeen: now,
      server: 'n1',
      stats: { rxReceived: 20, rxOk: 18, rxForwarded: 18, txEmitted: 2, uplinks: 17, downlinks: 2 },
    },
  ],
  profiles: [
    {
      id: 'eu-class-a',
      name: 'EU868 class A',
      region: 'EU868',
      macVersion: '1.0.3',
      deviceClass: 'A',
      adr: true,
      rx1Delay: 1,
      rx1DrOffset: 0,
      rx2Dr: 0,
      rx2Freq: 869525000,
      fcntCheck: 'strict32',
    },
  ],
  devices: [
    {
      id: '70b3d57ed0000001',
      name: 'Cold store sensor',
      joinEui: '0000000000000000',
      appKey: '********',
      profileId: 'eu-class-a',
      devAddr: '26011bda',
      lastJoin: now,
    },
  ],
  nodes: [
    {
      id: '26011bda',
      devEui: '70b3d57ed0000001',
      profileId: 'eu-class-a',
      nwkSKey: '********',
      appSKey: '********',
      fCntUp: 41,
      fCntDown: 3,
      lastRx: now,
      battery: 254,
      margin: 9,
      lastGateway: { gatewayEui: 'aa555a0000000101', rssi: -87, lsnr: 7.5 },
    },
  ],
  frames: [
    {
      id: 'f1',
      time: now,
      dir: 'up',
      devAddr: '26011bda',
      devEui: '70b3d57ed0000001',
      fCnt: 41,
      fPort: 2,
      data: 'cafe01',
      confirmed: false,
      server: 'n1',
      gateways: [
        {
          gatewayEui: 'aa555a0000000101',
          rssi: -87,
          lsnr: 7.5,
          tmst: 1000,
          freq: 868.1,
          datr: 'SF7BW125',
          server: 'n1',
        },
      ],
    },
  ],
  events: [
    {
      id: 'e1',
      time: now,
      severity: 'warning',
      kind: 'unknown_gateway',
      entity: 'aa555a00000000ff',
      text: 'uplink from unregistered gateway aa555a00000000ff dropped',
    },
  ],
  users: [{ id: 'operator-jane', role: 'viewer' }],
  integrations: [
    {
      id: 'app-backend',
      type: 'http',
      url: 'https://app.example/lns',
      headers: { Authorization: '********' },
      events: ['up', 'join'],
      enabled: true,
    },
  ],
};

export const health: HealthReport = {
  status: 'ok',
  node: 'n1',
  uptimeS: 3700,
  cluster: { id: 'c1', members: 1, up: 1 },
  udp: 'ok',
  db: 'ok',
};

type Records = Readonly<Record<string, readonly RaRecord[]>>;

/** What an admin's `?reveal=true` read adds: the secrets the fixtures show masked. */
export const revealed: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '70b3d57ed0000001': { appKey: '2b7e151628aed2a6abf7158809cf4f3c' },
  '26011bda': {
    nwkSKey: '00112233445566778899aabbccddeeff',
    appSKey: 'ffeeddccbbaa99887766554433221100',
  },
  'app-backend': { headers: { Authorization: 'Bearer app-token-1' } },
};

/** The API's exact-match list filter; null matches a field the record does not have. */
function matches(record: RaRecord, filter: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(filter).every(([field, wanted]) => {
    const actual: unknown = record[field];
    return wanted === null ? actual === undefined || actual === null : actual === wanted;
  });
}

/** An LnsDataProvider over `records` (the fixtures, or some of them replaced). */
export function fakeDataProvider(records: Records = fixtures): LnsDataProvider {
  const list = (resource: string): RaRecord[] => [...(records[resource] ?? [])];
  const unsupported = () => Promise.reject(new Error('not in the smoke tests'));
  return {
    getList: (resource) =>
      Promise.resolve({ data: list(resource) as never[], total: list(resource).length }),
    getOne: (resource, { id }) => {
      const record = list(resource).find((r) => r.id === id);
      return record === undefined
        ? Promise.reject(new Error('not found'))
        : Promise.resolve({ data: record as never });
    },
    getMany: (resource, { ids }) =>
      Promise.resolve({ data: list(resource).filter((r) => ids.includes(r.id)) as never[] }),
    getManyReference: (resource) =>
      Promise.resolve({ data: list(resource) as never[], total: list(resource).length }),
    create: unsupported,
    update: unsupported,
    updateMany: unsupported,
    delete: unsupported,
    deleteMany: unsupported,
    getHealth: () => Promise.resolve(health),
    getQueue: () => Promise.resolve([]),
    queueDownlink: unsupported,
    deleteQueued: unsupported,
    listAll: <R extends RaRecord>(resource: string) => Promise.resolve(list(resource) as R[]),
    getTotal: (resource, filter = {}) =>
      Promise.resolve(list(resource).filter((r) => matches(r, filter)).length),
    reveal: (resource, id) => {
      const record = list(resource).find((r) => r.id === id);
      return record === undefined
        ? Promise.reject(new Error('not found'))
        : Promise.resolve({ ...record, ...revealed[String(id)] });
    },
  };
}

export function fakeAuthProvider(role: 'admin' | 'viewer' = 'admin'): AuthProvider {
  return {
    login: () => Promise.resolve(),
    logout: () => Promise.resolve(),
    checkAuth: () => Promise.resolve(),
    checkError: () => Promise.resolve(),
    getIdentity: () => Promise.resolve({ id: 'admin', fullName: 'admin (admin)' }),
    getPermissions: () => Promise.resolve(role),
    canAccess: ({ action }: { action: string }) =>
      Promise.resolve(role === 'admin' || ['list', 'show', 'export'].includes(action)),
  };
}
