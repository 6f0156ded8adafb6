/**
 * SPEC: reads of `frames` and `events` cover the whole cluster, each node answering for its own
 * log (high-rate logs are not replicated, DESIGN). A list asks every live peer for the first
 * `end + 1` matches of the same query (`local=1`), merges them with its own and cuts the page;
 * Content-Range counts the matches of every node that answered. A peer that does not answer in
 * time is left out and logged, never fails the read.
 */
import type { Logger } from '../shared/logger.js';
import { queryArray } from '../store/index.js';
import type { ListResult, RecordQuery } from '../store/index.js';
import { NODE_IDENTITY, createToken } from './auth.js';
import type { ClusterControl } from './types.js';

/** How long a peer may take to answer its part of a list. */
const PEER_TIMEOUT_MS = 1500;

export interface ClusterReadDeps {
  readonly cluster: ClusterControl | undefined;
  readonly authSecret: Buffer;
  readonly now: () => number;
  readonly log: Logger;
}

export function clusterList<T extends { readonly id: string }>(
  resource: 'frames' | 'events',
  local: (query: RecordQuery) => Promise<ListResult<T>>,
  deps: ClusterReadDeps,
): (query: RecordQuery, ctx: { readonly local: boolean }) => Promise<ListResult<T>> {
  return async (query, ctx) => {
    const peers = ctx.local ? [] : (deps.cluster?.peerApis() ?? []);
    if (peers.length === 0) return local(query);
    const end = query.range?.end ?? 999;
    const wide: RecordQuery = { ...query, range: { start: 0, end } };
    const token = createToken(deps.authSecret, {
      sub: NODE_IDENTITY,
      role: 'admin',
      exp: Math.floor(deps.now() / 1000) + 60,
    });
    const params = new URLSearchParams({ range: JSON.stringify([0, end]), local: '1' });
    if (query.sort) params.set('sort', JSON.stringify([query.sort.field, query.sort.order]));
    if (query.filter && Object.keys(query.filter).length > 0) {
      params.set('filter', JSON.stringify(query.filter));
    }
    const parts = await Promise.all([
      local(wide),
      ...peers.map((peer) =>
        fetchPart<T>(
          `${peer.baseUrl}/api/${resource}?${params.toString()}`,
          token,
          peer.nodeId,
          deps.log,
        ),
      ),
    ]);
    const answered = parts.filter((p): p is ListResult<T> => p !== undefined);
    const merged = queryArray(
      answered.flatMap((p) => p.items),
      { sort: query.sort, range: query.range },
      { defaultOrder: 'DESC' },
    );
    return { items: merged.items, total: answered.reduce((n, p) => n + p.total, 0) };
  };
}

async function fetchPart<T>(
  url: string,
  token: string,
  nodeId: string,
  log: Logger,
): Promise<ListResult<T> | undefined> {
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(PEER_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`status ${res.status}`);
    const items = (await res.json()) as T[];
    const total = Number(
      /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? items.length,
    );
    return { items, total };
  } catch (err) {
    log.warn({ err, peer: nodeId }, 'peer left out of a cluster-wide read');
    return undefined;
  }
}
