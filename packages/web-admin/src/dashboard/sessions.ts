/**
 * Devices and sessions for the dashboard tiles. A device is an OTAA device (`devices`) or an
 * ABP node (a `nodes` session without a DevEUI): counting `devices` alone shows 0 while ABP
 * nodes talk. A session is active when its node sent an uplink within {@link ACTIVE_WINDOW_MS}
 * (the tile says so): a node that joined once and went silent is a session, not an active one.
 */
import type { LnsDataProvider } from '../providers/data-provider';
import type { NodeRecord } from '../types';

/** 24 h: covers the devices that report once a day, the slowest common interval. */
export const ACTIVE_WINDOW_MS = 24 * 3600 * 1000;
export const ACTIVE_WINDOW_TEXT = 'an uplink in the last 24 h';

/** Whether a session's last uplink lies within the active window before `nowMs`. */
export function isActive(node: Pick<NodeRecord, 'lastRx'>, nowMs: number): boolean {
  if (node.lastRx === undefined) return false;
  const t = Date.parse(node.lastRx);
  return Number.isFinite(t) && nowMs - t <= ACTIVE_WINDOW_MS;
}

export interface DeviceTotals {
  readonly gateways: number;
  /** OTAA devices (`devices`). */
  readonly otaa: number;
  /** ABP nodes: sessions made by hand, without a DevEUI. */
  readonly abp: number;
  /** Every session (`nodes`), OTAA and ABP. */
  readonly sessions: number;
}

export async function deviceTotals(dataProvider: LnsDataProvider): Promise<DeviceTotals> {
  const [gateways, otaa, abp, sessions] = await Promise.all([
    dataProvider.getTotal('gateways'),
    dataProvider.getTotal('devices'),
    // The list filter matches null to a field the record lacks (server store/query.ts).
    dataProvider.getTotal('nodes', { devEui: null }),
    dataProvider.getTotal('nodes'),
  ]);
  return { gateways, otaa, abp, sessions };
}

export interface ActiveCount {
  readonly active: number;
  /** True when the count stopped at its bound: there are at least `active`. */
  readonly atLeast: boolean;
}

const PAGE = 100;
const MAX_PAGES = 10;

/**
 * Active sessions, read newest uplink first a page at a time until a page holds an inactive
 * one (usually one request); at most {@link MAX_PAGES} pages.
 */
export async function countActiveSessions(
  dataProvider: LnsDataProvider,
  nowMs: number,
): Promise<ActiveCount> {
  let active = 0;
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { data, total } = await dataProvider.getList<NodeRecord>('nodes', {
      pagination: { page, perPage: PAGE },
      sort: { field: 'lastRx', order: 'DESC' },
      filter: {},
    });
    const here = data.filter((n) => isActive(n, nowMs)).length;
    active += here;
    if (here < data.length || data.length < PAGE || page * PAGE >= (total ?? 0)) {
      return { active, atLeast: false };
    }
  }
  return { active, atLeast: true };
}
