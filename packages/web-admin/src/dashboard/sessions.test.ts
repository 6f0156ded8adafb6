import type { GetListParams, RaRecord } from 'react-admin';
import { describe, expect, it } from 'vitest';
import type { LnsDataProvider } from '../providers/data-provider';
import { ACTIVE_WINDOW_MS, countActiveSessions, isActive } from './sessions';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

/** Nodes served like the API: sorted by lastRx, newest first, one page per getList. */
function pagedNodes(lastRx: (string | undefined)[]) {
  const nodes = lastRx
    .map((t, i) => ({ id: `26${String(i).padStart(6, '0')}`, lastRx: t }))
    .sort((a, b) => (b.lastRx ?? '').localeCompare(a.lastRx ?? ''));
  const pages: number[] = [];
  const provider = {
    getList: (_resource: string, params: GetListParams) => {
      const { page, perPage } = params.pagination ?? { page: 1, perPage: 10 };
      pages.push(page);
      const data = nodes.slice((page - 1) * perPage, page * perPage) as RaRecord[];
      return Promise.resolve({ data, total: nodes.length });
    },
  } as unknown as LnsDataProvider;
  return { provider, pages };
}

describe('active sessions', () => {
  it('counts a session active with an uplink within the last 24 h', () => {
    expect(isActive({ lastRx: ago(ACTIVE_WINDOW_MS) }, NOW)).toBe(true);
    expect(isActive({ lastRx: ago(ACTIVE_WINDOW_MS + 1000) }, NOW)).toBe(false);
    expect(isActive({ lastRx: undefined }, NOW)).toBe(false);
  });

  it('reads one page when it already holds an inactive session', async () => {
    const { provider, pages } = pagedNodes([ago(60_000), ago(3 * 86_400_000), undefined]);
    expect(await countActiveSessions(provider, NOW)).toEqual({ active: 1, atLeast: false });
    expect(pages).toEqual([1]);
  });

  it('reads on while every session of a page is active', async () => {
    const lastRx = Array.from({ length: 250 }, (_, i) => ago(i * 1000));
    const { provider, pages } = pagedNodes([...lastRx, ago(2 * ACTIVE_WINDOW_MS)]);
    expect(await countActiveSessions(provider, NOW)).toEqual({ active: 250, atLeast: false });
    expect(pages).toEqual([1, 2, 3]);
  });

  it('stops at 1000 and says there are at least that many', async () => {
    const lastRx = Array.from({ length: 1200 }, (_, i) => ago(i * 1000));
    const { provider, pages } = pagedNodes(lastRx);
    expect(await countActiveSessions(provider, NOW)).toEqual({ active: 1000, atLeast: true });
    expect(pages).toHaveLength(10);
  });
});
