/**
 * The data provider: ra-data-simple-rest on `/api` (SPEC "HTTP" is react-admin's simple REST
 * dialect) plus what that dialect has no verb for: a node's downlink queue, `/health`, an
 * admin's read of a record's secrets (`reveal`), and the servers list before the cluster API
 * exists (then it shows this node, from /health). Writes send only the fields the API takes
 * (writable.ts): it refuses unknown fields rather than dropping them.
 */
import simpleRestProvider from 'ra-data-simple-rest';
import { HttpError } from 'react-admin';
import type {
  DataProvider,
  GetListResult,
  GetOneParams,
  GetOneResult,
  RaRecord,
} from 'react-admin';
import type { HealthReport, QueuedDownlink, ServerRecord } from '../types';
import { createHttpClient } from './http-client';
import type { HttpClient } from './http-client';
import { writableBody } from './writable';

export interface QueueDownlinkBody {
  readonly fPort: number;
  /** Base64 payload. */
  readonly data: string;
  readonly confirmed: boolean;
}

export interface ListAllOptions {
  readonly filter?: Readonly<Record<string, unknown>>;
  readonly sort?: readonly [string, 'ASC' | 'DESC'];
  /** At most this many records (the API pages at 1000). */
  readonly max?: number;
}

export interface LnsDataProvider extends DataProvider {
  /** GET /health, whatever its status (503 carries the same report). */
  getHealth(): Promise<HealthReport>;
  getQueue(devAddr: string): Promise<QueuedDownlink[]>;
  queueDownlink(devAddr: string, body: QueueDownlinkBody): Promise<QueuedDownlink>;
  deleteQueued(devAddr: string, itemId: string): Promise<QueuedDownlink>;
  /** Records of a resource without react-admin's paging, for the dashboard's charts. */
  listAll<R extends RaRecord>(resource: string, options?: ListAllOptions): Promise<R[]>;
  /** The total of a list (the Content-Range total), reading one record at most. */
  getTotal(resource: string, filter?: Readonly<Record<string, unknown>>): Promise<number>;
  /** One record with its secrets in plain text (admins only; the server audits it). */
  reveal(resource: string, id: RaRecord['id']): Promise<Record<string, unknown>>;
}

export interface DataProviderOptions {
  readonly apiUrl?: string;
  readonly healthUrl?: string;
  readonly httpClient?: HttpClient;
}

function totalOf(headers: Headers): number {
  const range = headers.get('content-range');
  const total = range === null ? NaN : parseInt(range.split('/').pop() ?? '', 10);
  return Number.isFinite(total) ? total : 0;
}

function isHealthReport(value: unknown): value is HealthReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { node?: unknown }).node === 'string' &&
    typeof (value as { status?: unknown }).status === 'string'
  );
}

/** SPEC server statuses from a /health status. */
function serverStatus(status: HealthReport['status']): ServerRecord['status'] {
  switch (status) {
    case 'ok':
      return 'up';
    case 'starting':
      return 'joining';
    case 'draining':
      return 'leaving';
    default:
      return status;
  }
}

const isNotFound = (err: unknown): boolean => err instanceof HttpError && err.status === 404;

export function createDataProvider(options: DataProviderOptions = {}): LnsDataProvider {
  const apiUrl = options.apiUrl ?? '/api';
  const healthUrl = options.healthUrl ?? '/health';
  const http = options.httpClient ?? createHttpClient();
  const base = simpleRestProvider(apiUrl, http);
  const queueUrl = (devAddr: string): string =>
    `${apiUrl}/nodes/${encodeURIComponent(devAddr)}/queue`;

  const getHealth = async (): Promise<HealthReport> => {
    try {
      const { json } = await http(healthUrl);
      if (isHealthReport(json)) return json;
    } catch (err) {
      if (err instanceof HttpError && isHealthReport(err.body)) return err.body;
      throw err;
    }
    throw new Error('GET /health did not answer a health report');
  };

  /** This node as the only server, until /api/servers exists. */
  const serverFromHealth = async (): Promise<ServerRecord> => {
    const health = await getHealth();
    return {
      id: health.node,
      address: typeof window === 'undefined' ? undefined : window.location.host,
      status: serverStatus(health.status),
      uptimeS: health.uptimeS,
      lastSeen: new Date().toISOString(),
      lagMs: 0,
      fromHealth: true,
    };
  };

  const provider: LnsDataProvider = {
    ...base,
    getList: async (resource, params) => {
      if (resource !== 'servers') return base.getList(resource, params);
      try {
        return await base.getList(resource, params);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const self = await serverFromHealth();
        return { data: [self], total: 1 } as GetListResult;
      }
    },
    getOne: async <R extends RaRecord>(
      resource: string,
      params: GetOneParams<R>,
    ): Promise<GetOneResult<R>> => {
      if (resource !== 'servers') return base.getOne<R>(resource, params);
      try {
        return await base.getOne<R>(resource, params);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const self = await serverFromHealth();
        if (String(params.id) !== self.id) throw err;
        return { data: self as unknown as R };
      }
    },
    update: (resource, params) =>
      base.update(resource, {
        ...params,
        data: writableBody(resource, params.data as Record<string, unknown>),
      }),
    create: async (resource, params) => {
      try {
        return await base.create(resource, {
          ...params,
          data: writableBody(resource, params.data as Record<string, unknown>),
        });
      } catch (err) {
        if (resource === 'servers' && isNotFound(err)) {
          throw new HttpError(
            'this node has no cluster API (/api/servers) yet: servers cannot be added',
            404,
            err instanceof HttpError ? err.body : undefined,
          );
        }
        throw err;
      }
    },
    getHealth,
    getQueue: async (devAddr) => {
      const { json } = await http(
        `${queueUrl(devAddr)}?${new URLSearchParams({ range: '[0,99]' })}`,
      );
      return json as QueuedDownlink[];
    },
    queueDownlink: async (devAddr, body) => {
      const { json } = await http(queueUrl(devAddr), {
        method: 'POST',
        body: JSON.stringify(body),
      });
      return json as QueuedDownlink;
    },
    deleteQueued: async (devAddr, itemId) => {
      const { json } = await http(`${queueUrl(devAddr)}/${encodeURIComponent(itemId)}`, {
        method: 'DELETE',
      });
      return json as QueuedDownlink;
    },
    listAll: async <R extends RaRecord>(resource: string, opts: ListAllOptions = {}) => {
      const max = Math.min(opts.max ?? 1000, 1000);
      const query = new URLSearchParams({
        sort: JSON.stringify(opts.sort ?? ['id', 'ASC']),
        range: JSON.stringify([0, max - 1]),
        filter: JSON.stringify(opts.filter ?? {}),
      });
      const { json } = await http(`${apiUrl}/${resource}?${query}`);
      return json as R[];
    },
    reveal: async (resource, id) => {
      const url = `${apiUrl}/${resource}/${encodeURIComponent(String(id))}?reveal=true`;
      const { json } = await http(url);
      return json as Record<string, unknown>;
    },
    getTotal: async (resource, filter = {}) => {
      const query = new URLSearchParams({ range: '[0,0]', filter: JSON.stringify(filter) });
      const { headers } = await http(`${apiUrl}/${resource}?${query}`);
      return totalOf(headers);
    },
  };
  return provider;
}
