import { describe, expect, it } from 'vitest';
import { counterDelta, parseStatusMemory, parseUplinkCounters } from './node-observer.js';

const before = `# HELP lns_uplinks_received_total Uplink copies
# TYPE lns_uplinks_received_total counter
lns_uplinks_received_total 10
lns_uplinks_processed_total 7
lns_uplinks_dropped_total{reason="duplicate"} 2
lns_uplinks_dropped_total{reason="mic_failed"} 1
lns_udp_datagrams_dropped{reason="UDP_INVALID_JSON"} 4
`;

const after = `lns_uplinks_received_total 30
lns_uplinks_processed_total 20
lns_uplinks_dropped_total{reason="duplicate"} 2
lns_uplinks_dropped_total{reason="mic_failed"} 1
lns_uplinks_dropped_total{reason="queue_timeout"} 5
lns_udp_datagrams_dropped{reason="UDP_INVALID_JSON"} 6
`;

describe('node observer', () => {
  it('reads the uplink counters of a /metrics text', () => {
    expect(parseUplinkCounters(before)).toEqual({
      received: 10,
      processed: 7,
      dropped: { duplicate: 2, mic_failed: 1 },
      udpDropped: { UDP_INVALID_JSON: 4 },
    });
  });

  it('gives what changed between two readings, leaving out reasons that did not move', () => {
    expect(counterDelta(parseUplinkCounters(before), parseUplinkCounters(after))).toEqual({
      received: 20,
      processed: 13,
      dropped: { queue_timeout: 5 },
      udpDropped: { UDP_INVALID_JSON: 2 },
    });
  });

  it('splits the resident set of a /proc/<pid>/status text into anonymous and file-backed MB', () => {
    // The lines proc(5) documents, as Linux 6 prints them.
    const status = [
      'Name:\tnode',
      'VmHWM:\t  700000 kB',
      'VmRSS:\t  614400 kB',
      'RssAnon:\t  409600 kB',
      'RssFile:\t  203776 kB',
      'RssShmem:\t    1024 kB',
      'VmSwap:\t       0 kB',
    ].join('\n');
    expect(parseStatusMemory(status)).toEqual({ rssMb: 600, anonMb: 400, fileMb: 200 });
  });
});
