/**
 * Reading a node process's output: `lns start` logs one JSON line per event, and its
 * "node listening" line carries the ports it bound (OS-chosen when configured as 0). Used by
 * `lns local-cluster`, the benchmarks and the whole-process tests.
 */
import type { Readable } from 'node:stream';

/** The ports a node bound, from its "node listening" line. */
export interface ListeningPorts {
  readonly httpPort: number;
  readonly udpPort: number;
  /** The cluster address (LNS_ADVERTISE with the bound port). */
  readonly clusterAddress: string;
}

/** The ports of a "node listening" log line; undefined for any other line (JSON or not). */
export function listeningPorts(line: string): ListeningPorts | undefined {
  if (!line.includes('"node listening"')) return undefined;
  let entry: { msg?: unknown; httpPort?: unknown; udpPort?: unknown; clusterAddress?: unknown };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    // A line that merely quotes the message (not a log record) is not the start line.
    return undefined;
  }
  if (entry.msg !== 'node listening') return undefined;
  if (typeof entry.httpPort !== 'number' || typeof entry.udpPort !== 'number') return undefined;
  return {
    httpPort: entry.httpPort,
    udpPort: entry.udpPort,
    clusterAddress: typeof entry.clusterAddress === 'string' ? entry.clusterAddress : '',
  };
}

/**
 * Calls `onLine` for every complete line of `stream`. A line longer than `maxLineBytes` is
 * dropped, so a process that never writes a newline cannot grow the buffer without bound.
 */
export function forEachLine(
  stream: Readable,
  onLine: (line: string) => void,
  maxLineBytes = 65_536,
): void {
  let buffered = '';
  // After an overlong line is dropped, its rest up to the next newline is dropped too.
  let skipping = false;
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (skipping) skipping = false;
      else onLine(line);
    }
    if (buffered.length > maxLineBytes) {
      buffered = '';
      skipping = true;
    }
  });
}
