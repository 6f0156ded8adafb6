/**
 * Uplink pipeline benchmark: deduplicated uplinks per second through the real NetworkServer
 * (MIC, FCnt, decrypt, session write, frames log, integration event) on the real store (a
 * classic-level LevelDB in a temporary directory). Baseline in the same run: the bare
 * decode + MIC + decrypt of the same frames, so `overheadRatio` says what everything around
 * the crypto costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SessionCrypto, buildDataFrame, decodeDataFrame } from '../lorawan/index.js';
import { NetworkServer, defaultNsConfig } from '../ns/index.js';
import type { ClassARequest, DownlinkScheduler } from '../ns/index.js';
import { CountingMetrics } from '../ns/testing/memory-ports.js';
import { testProfile } from '../ns/testing/records.js';
import { systemClock } from '../shared/clock.js';
import type { DevAddr, Eui64 } from '../shared/ids.js';
import type { UplinkFrame } from '../shared/radio.js';
import { openLnsStore } from '../store/index.js';
import { percentile, round } from './stats.js';

export interface UplinkBenchResult {
  readonly bench: 'uplink-pipeline';
  readonly devices: number;
  readonly uplinks: number;
  readonly uplinksPerSec: number;
  readonly usPerUplink: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly decodeOnlyUsPerUplink: number;
  readonly overheadRatio: number;
}

const GATEWAY = 'aa555a0000000001' as Eui64;

class CountingScheduler implements DownlinkScheduler {
  requests = 0;
  scheduleClassA(_request: ClassARequest): Promise<void> {
    this.requests++;
    return Promise.resolve();
  }
  sendClassC(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Waits (bounded) until `target` uplinks went through the whole pipeline. ns.idle() is not
 * enough: a closing dedup window is a timer, and the pipeline runs after it fires.
 */
async function waitProcessed(metrics: CountingMetrics, target: number): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (metrics.get('processed') < target) {
    if (performance.now() > deadline)
      throw new Error(`only ${metrics.get('processed')} of ${target} processed`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function runUplinkBench(
  devices = 1000,
  uplinksPerDevice = 20,
): Promise<UplinkBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lns-bench-'));
  const log = pino({ level: 'silent' });
  const store = await openLnsStore({ location: dir, nodeId: 'bench', log });
  try {
    await store.profiles.create(testProfile({ id: 'p', name: 'bench' }));
    await store.gateways.create({ id: GATEWAY, name: 'gw', txRfChain: 0 });
    const sessions: { devAddr: DevAddr; crypto: SessionCrypto }[] = [];
    for (let i = 0; i < devices; i++) {
      const devAddr = (0x26000000 + i).toString(16).padStart(8, '0') as DevAddr;
      const nwkSKey = Buffer.alloc(16, i & 0xff);
      const appSKey = Buffer.alloc(16, (i + 1) & 0xff);
      await store.nodes.create({
        id: devAddr,
        profileId: 'p',
        fCntDown: 0,
        nwkSKey: nwkSKey.toString('hex'),
        appSKey: appSKey.toString('hex'),
      });
      sessions.push({ devAddr, crypto: new SessionCrypto({ nwkSKey, appSKey }) });
    }
    // Rounds of one uplink per device, counters increasing, so every frame is new.
    const frames: Buffer[] = [];
    const payload = Buffer.from('0123456789abcdef0123', 'hex');
    for (let fCnt = 0; fCnt < uplinksPerDevice; fCnt++) {
      for (const s of sessions) {
        frames.push(
          buildDataFrame(
            {
              mType: 'UnconfirmedDataUp',
              devAddr: s.devAddr,
              fCnt32: fCnt,
              fCtrl: {},
              fPort: 1,
              payload,
            },
            s.crypto,
          ),
        );
      }
    }

    // Baseline: the crypto and parsing alone.
    const cryptoOf = new Map(sessions.map((s) => [s.devAddr, s.crypto]));
    const decodeStart = performance.now();
    for (const frame of frames) {
      const f = decodeDataFrame(frame);
      const c = cryptoOf.get(f.devAddr)!;
      if (!c.verifyFrameMic(f, f.fCnt)) throw new Error('baseline mic failed');
      c.decryptFrmPayload(f, f.fCnt);
    }
    const decodeUs = ((performance.now() - decodeStart) * 1000) / frames.length;

    const metrics = new CountingMetrics();
    const scheduler = new CountingScheduler();
    const ns = new NetworkServer({
      ports: {
        ...store.ports,
        clock: systemClock,
        downlinks: { send: () => Promise.resolve('ok') },
        metrics,
        sink: {
          frame: (f) => void store.appendFrame(f),
          event: (e) => void store.appendEvent(e),
          integration: () => undefined,
        },
      },
      // No waiting for other gateways' copies: this measures processing, not the window.
      config: { ...defaultNsConfig, dedupWindowMs: 0, server: 'bench', netId: '000000' },
      scheduler,
      log,
    });
    const start = performance.now();
    const receivedMs = Date.now();
    let tmst = 0;
    // Fed in batches of one round so the event loop interleaves I/O as it would under load.
    for (let i = 0; i < frames.length; i += devices) {
      for (const phyPayload of frames.slice(i, i + devices)) {
        tmst = (tmst + 1000) >>> 0;
        const uplink: UplinkFrame = {
          phyPayload,
          rxInfo: {
            gatewayEui: GATEWAY,
            timestampUs: tmst,
            rssiDbm: -60,
            snrDb: 7,
            channel: 0,
            rfChain: 0,
            crcStatus: 'ok',
            antennas: [],
          },
          txInfo: {
            frequencyHz: 868_100_000,
            dataRate: { modulation: 'LORA', spreadingFactor: 7, bandwidthHz: 125_000 },
          },
        };
        ns.handleUplinkFrame(uplink, receivedMs);
      }
      await waitProcessed(metrics, Math.min(i + devices, frames.length));
    }
    const elapsedMs = performance.now() - start;
    await ns.close();
    if (metrics.get('processed') !== frames.length || scheduler.requests !== frames.length) {
      throw new Error(
        `processed ${metrics.get('processed')} of ${frames.length} uplinks: ${JSON.stringify([...metrics.counts])}`,
      );
    }
    const sorted = [...metrics.durationsMs].sort((a, b) => a - b);
    const usPerUplink = (elapsedMs * 1000) / frames.length;
    return {
      bench: 'uplink-pipeline',
      devices,
      uplinks: frames.length,
      uplinksPerSec: Math.round(frames.length / (elapsedMs / 1000)),
      usPerUplink: round(usPerUplink),
      p50Ms: round(percentile(sorted, 0.5)),
      p99Ms: round(percentile(sorted, 0.99)),
      decodeOnlyUsPerUplink: round(decodeUs),
      overheadRatio: round(usPerUplink / decodeUs),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
