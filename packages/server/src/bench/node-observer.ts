/**
 * What the e2e benchmark reads of the node processes themselves: their Prometheus counters
 * (an uplink counts as processed when a node says so, not when a PUSH_ACK came back) and
 * their CPU time and resident memory from /proc.
 */
import { readFileSync } from 'node:fs';
import type { BenchNode } from './node-process.js';

/** The uplink counters of one or more nodes (summed). */
export interface UplinkCounters {
  readonly received: number;
  readonly processed: number;
  /** lns_uplinks_dropped_total by reason. */
  readonly dropped: Readonly<Record<string, number>>;
  /** lns_udp_datagrams_dropped by reason. */
  readonly udpDropped: Readonly<Record<string, number>>;
}

const SAMPLE = /^([a-z_]+)(?:\{([^}]*)\})? ([0-9.e+-]+)$/;

/** Reads the uplink counters out of a /metrics text. */
export function parseUplinkCounters(text: string): UplinkCounters {
  let received = 0;
  let processed = 0;
  const dropped: Record<string, number> = {};
  const udpDropped: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (m === null) continue;
    const [, name, labels = '', value] = m;
    const n = Number(value);
    const reason = /reason="([^"]*)"/.exec(labels)?.[1] ?? '';
    if (name === 'lns_uplinks_received_total') received += n;
    else if (name === 'lns_uplinks_processed_total') processed += n;
    else if (name === 'lns_uplinks_dropped_total') dropped[reason] = (dropped[reason] ?? 0) + n;
    else if (name === 'lns_udp_datagrams_dropped') udpDropped[reason] = n;
  }
  return { received, processed, dropped, udpDropped };
}

function sumRecords(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
  sign: 1 | -1,
): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + sign * v;
  for (const [k, v] of Object.entries(out)) if (v === 0) delete out[k];
  return out;
}

/** `after - before`, field by field (reasons that did not change are left out). */
export function counterDelta(before: UplinkCounters, after: UplinkCounters): UplinkCounters {
  return {
    received: after.received - before.received,
    processed: after.processed - before.processed,
    dropped: sumRecords(after.dropped, before.dropped, -1),
    udpDropped: sumRecords(after.udpDropped, before.udpDropped, -1),
  };
}

/** The counters of every node, summed. */
export async function readCounters(nodes: readonly BenchNode[]): Promise<UplinkCounters> {
  const all = await Promise.all(nodes.map(async (n) => parseUplinkCounters(await n.metrics())));
  return all.reduce((sum, c) => ({
    received: sum.received + c.received,
    processed: sum.processed + c.processed,
    dropped: sumRecords(sum.dropped, c.dropped, 1),
    udpDropped: sumRecords(sum.udpDropped, c.udpDropped, 1),
  }));
}

/** CPU time (user + system) and resident set of a process, from /proc. */
export interface ProcessSample {
  readonly cpuMs: number;
  readonly rssMb: number;
  /**
   * The resident set split as /proc/<pid>/status gives it: anonymous memory (heaps, V8,
   * LevelDB's caches and memtables: what the process holds) and file-backed pages (LevelDB maps
   * its table files, up to 1 000 of them, so this part follows the database's size and the
   * kernel can drop it under pressure).
   */
  readonly anonMb: number;
  readonly fileMb: number;
  readonly atMs: number;
}

/** VmRSS, RssAnon and RssFile + RssShmem of a /proc/<pid>/status text, in MB. */
export function parseStatusMemory(status: string): { rssMb: number; anonMb: number; fileMb: number } {
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return {
    rssMb: kb('VmRSS') / 1024,
    anonMb: kb('RssAnon') / 1024,
    fileMb: (kb('RssFile') + kb('RssShmem')) / 1024,
  };
}

/** USER_HZ: the unit of /proc/<pid>/stat times on every Linux this runs on. */
const CLOCK_TICKS_PER_SEC = 100;

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SEC,
    ...parseStatusMemory(readFileSync(`/proc/${pid}/status`, 'utf8')),
    atMs: performance.now(),
  };
}

/** Samples of several processes: CPU summed, memory summed. */
export function sampleNodes(nodes: readonly BenchNode[]): ProcessSample {
  const samples = nodes.map((n) => sampleProcess(n.pid));
  return {
    cpuMs: samples.reduce((s, x) => s + x.cpuMs, 0),
    rssMb: samples.reduce((s, x) => s + x.rssMb, 0),
    anonMb: samples.reduce((s, x) => s + x.anonMb, 0),
    fileMb: samples.reduce((s, x) => s + x.fileMb, 0),
    atMs: performance.now(),
  };
}

/** CPU use between two samples in % of one core. */
export function cpuPct(before: ProcessSample, after: ProcessSample): number {
  const wallMs = after.atMs - before.atMs;
  return wallMs <= 0 ? 0 : Math.round(((after.cpuMs - before.cpuMs) / wallMs) * 100);
}
