/**
 * End-to-end throughput (SPEC "Benchmarks", issue 9): real `lns start` processes, a load
 * generator in this process acting as G gateways x D ABP devices over real UDP, the rate
 * stepped up until the node(s) no longer keep up. An uplink counts as processed when the
 * nodes' own counters say so (`lns_uplinks_processed_total`, unconfirmed) or when the
 * device's ACK came back in a PULL_RESP (confirmed); a step is sustained when at least
 * 99.5 % of its uplinks were processed by the end of its grace period (dedup window + 1 s,
 * the RX1 delay: later is too late to answer). Progress goes to stderr, results to stdout.
 */
import { pino } from 'pino';
import { testProfile } from '../ns/testing/records.js';
import { openLnsStore } from '../store/index.js';
import type { Eui64 } from '../shared/ids.js';
import { LoadGenerator, makeDevices } from './e2e-load.js';
import type { LoadDevice, StepObservation } from './e2e-load.js';
import { counterDelta, cpuPct, readCounters, sampleNodes } from './node-observer.js';
import type { ProcessSample, UplinkCounters } from './node-observer.js';
import { startBenchNode } from './node-process.js';
import type { BenchNode } from './node-process.js';
import { round, sleep, until } from './stats.js';

/** Where the load goes. */
export interface E2eSetup {
  /** 1, or 3 (a cluster: gateways spread over the nodes, every uplink heard on two). */
  readonly nodes: number;
  readonly gateways: number;
  readonly devices: number;
  /** Gateways that hear each uplink. */
  readonly copies: number;
  readonly dedupWindowMs: number;
  /** Extra environment of the node processes (overload limits...). */
  readonly env?: Readonly<Record<string, string>>;
}

/** How the rate is stepped. */
export interface StepOptions {
  readonly startPerSec: number;
  /** Each passed step multiplies the rate by this. */
  readonly factor: number;
  readonly maxPerSec: number;
  readonly stepSeconds: number;
  /** Steps between the last pass and the first loss (geometric bisection). */
  readonly refineSteps: number;
}

/** The e2e line (SPEC's fields first). */
export interface E2eResult {
  readonly bench: 'e2e';
  readonly confirmed: boolean;
  readonly sustainedUplinksPerSec: number;
  /** PUSH_DATA -> PULL_RESP (confirmed) or PUSH_DATA -> PUSH_ACK (unconfirmed), ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU of the node process(es) at the sustained rate, % of one core (summed in a cluster). */
  readonly cpuPct: number;
  /** Resident memory of the node process(es) after the sustained step (summed). */
  readonly rssMb: number;
  /**
   * Node CPU time per processed uplink at the sustained rate (µs, all nodes): what one uplink
   * costs, less sensitive than the rate to other load on the machine.
   */
  readonly nodeCpuUsPerUplink: number;
  readonly nodes: number;
  readonly gateways: number;
  readonly devices: number;
  readonly copies: number;
  readonly latency: 'pull_resp' | 'push_ack';
  /** The first rate that lost more than 0.5 % (null: the top of the range passed). */
  readonly lossAtUplinksPerSec: number | null;
  readonly processedAtLoss: number | null;
  /** The node's drop reasons in the step that lost (null when none lost). */
  readonly lossReasons: Readonly<Record<string, number>> | null;
  readonly generatorCpuPct: number;
  /** 1e6 / the decode bench's µs per frame, measured in the same run. */
  readonly decodeUplinksPerSec: number;
  /** sustainedUplinksPerSec / decodeUplinksPerSec. */
  readonly ratio: number;
}

/** One timed step. */
export interface StepOutcome {
  readonly ratePerSec: number;
  readonly processed: number;
  readonly share: number;
  readonly observed: StepObservation;
  readonly delta: UplinkCounters;
  readonly cpuPct: number;
  readonly rssMb: number;
  readonly cpuUsPerUplink: number;
}

const PASSWORD = 'bench-e2e-password';
const SECRET = 'bench-e2e-cluster-secret-0123456789abcdef';
const PROFILE = 'bench-class-a';
/** Share of a step's uplinks that must be processed for the step to count as sustained. */
export const SUSTAINED_SHARE = 0.995;
/** Stepping down stops here: below it the machine is too busy to measure anything. */
const MIN_RATE_PER_SEC = 100;
/** Sessions per seeding batch. */
const SEED_BATCH = 1000;

function gatewayEui(i: number): Eui64 {
  return `b827ebfffe${(0xe20000 + i).toString(16)}` as Eui64;
}

function progress(text: string): void {
  process.stderr.write(`e2e: ${text}\n`);
}

/** Started nodes, provisioned, with the generator's gateways connected. */
export class E2eTarget {
  readonly setup: E2eSetup;
  readonly nodes: readonly BenchNode[];
  readonly generator: LoadGenerator;
  readonly devices: readonly LoadDevice[];

  private constructor(
    setup: E2eSetup,
    nodes: readonly BenchNode[],
    generator: LoadGenerator,
    devices: readonly LoadDevice[],
  ) {
    this.setup = setup;
    this.nodes = nodes;
    this.generator = generator;
    this.devices = devices;
  }

  /** Starts the node(s), provisions a profile, the gateways and the devices, opens the gateways. */
  static async start(setup: E2eSetup): Promise<E2eTarget> {
    const nodes: BenchNode[] = [];
    let generator: LoadGenerator | undefined;
    try {
      const env = {
        LNS_CLUSTER_SECRET: SECRET,
        LNS_DEDUP_WINDOW_MS: String(setup.dedupWindowMs),
        ...setup.env,
      };
      const devices = makeDevices(setup.devices);
      const started = performance.now();
      nodes.push(
        await startBenchNode('n1', env, PASSWORD, {
          seed: (location) => seed(location, setup, devices),
        }),
      );
      progress(
        `seeded ${setup.devices} devices, node up in ${Math.round(performance.now() - started)} ms`,
      );
      // Joiners pull everything in one snapshot, faster than replicating each write.
      for (let i = 2; i <= setup.nodes; i++) {
        const master = { LNS_DB_MASTER: nodes[0]!.clusterAddress };
        nodes.push(await startBenchNode(`n${i}`, { ...env, ...master }, PASSWORD));
      }
      for (const node of nodes) {
        await until(
          `${node.name} healthy with ${nodes.length} up, holding every device`,
          async () => {
            const h = await node.health();
            return (
              h.code === 200 &&
              h.up === nodes.length &&
              (await node.count('nodes')) === setup.devices
            );
          },
          120_000,
        );
      }
      generator = new LoadGenerator(
        Array.from({ length: setup.gateways }, (_, g) => ({
          eui: gatewayEui(g),
          host: '127.0.0.1',
          port: nodes[g % nodes.length]!.udpPort,
        })),
        devices,
        setup.copies,
      );
      await generator.open();
      return new E2eTarget(setup, nodes, generator, devices);
    } catch (err) {
      await generator?.close();
      for (const node of nodes) await node.stop();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.generator.close();
    for (const node of this.nodes) await node.stop();
  }

  get graceMs(): number {
    return this.setup.dedupWindowMs + 1000;
  }

  /**
   * Waits (up to 30 s) until the nodes' counters and the gateways' sockets have been quiet
   * for half a second: a previous step's backlog must not count in the next one.
   */
  async settle(): Promise<void> {
    let last = -1;
    for (let i = 0; i < 60; i++) {
      const c = await readCounters(this.nodes);
      const total = c.received + c.processed + Object.values(c.dropped).reduce((s, n) => s + n, 0);
      if (total === last && this.generator.quietForMs() >= 500) return;
      last = total;
      await sleep(500);
    }
  }

  /**
   * One uplink per device at `ratePerSec`, not measured: a running network server has its
   * sessions in memory, a fresh process reads each from disk once.
   */
  async warmUp(ratePerSec: number): Promise<void> {
    const before = await readCounters(this.nodes);
    const plan = this.generator.plan(ratePerSec, this.devices.length / ratePerSec, false);
    await this.generator.run(plan, this.graceMs);
    await this.settle();
    const delta = counterDelta(before, await readCounters(this.nodes));
    progress(
      `warm-up: ${delta.processed} of ${plan.uplinks} uplinks processed ` +
        `(drops ${JSON.stringify(delta.dropped)})`,
    );
  }

  /** One step at `ratePerSec` for `seconds`. */
  async step(ratePerSec: number, seconds: number, confirmed: boolean): Promise<StepOutcome> {
    const plan = this.generator.plan(ratePerSec, seconds, confirmed);
    await this.settle();
    const before = await readCounters(this.nodes);
    const start = sampleNodes(this.nodes);
    let sent: ProcessSample = start;
    const observed = await this.generator.run(plan, this.graceMs, {
      onSent: () => {
        sent = sampleNodes(this.nodes);
      },
    });
    const delta = counterDelta(before, await readCounters(this.nodes));
    const end = sampleNodes(this.nodes);
    const processed = confirmed ? observed.answered : delta.processed;
    const outcome: StepOutcome = {
      ratePerSec,
      processed,
      share: processed / plan.uplinks,
      observed,
      delta,
      cpuPct: cpuPct(start, sent),
      rssMb: Math.round(sent.rssMb),
      cpuUsPerUplink: Math.round(((end.cpuMs - start.cpuMs) * 1000) / Math.max(1, processed)),
    };
    progress(describeStep(this.setup, confirmed, outcome));
    return outcome;
  }
}

function describeStep(setup: E2eSetup, confirmed: boolean, s: StepOutcome): string {
  const o = s.observed;
  const latency = confirmed
    ? `answer p50/p99 ${round(o.answerP50Ms, 1)}/${round(o.answerP99Ms, 1)} ms`
    : `push_ack p50/p99 ${round(o.pushAckP50Ms, 1)}/${round(o.pushAckP99Ms, 1)} ms`;
  return (
    `${setup.nodes} node(s) ${confirmed ? 'confirmed' : 'unconfirmed'} ${s.ratePerSec}/s ` +
    `(sent in ${round(o.sendSeconds, 2)} s): processed ${(s.share * 100).toFixed(2)} %, ` +
    `push_acks ${o.pushAcks}/${o.sent}, ${latency}, node cpu ${s.cpuPct} % ` +
    `(${s.cpuUsPerUplink} µs/uplink), ` +
    `rss ${s.rssMb} MB, generator cpu ${o.generatorCpuPct} %, ` +
    `drops ${JSON.stringify(s.delta.dropped)} udp ${JSON.stringify(s.delta.udpDropped)}`
  );
}

/**
 * The profile, gateways and ABP devices, written through the store (the same code a REST
 * create runs) into the first node's database before it starts; joiners copy it.
 */
async function seed(
  location: string,
  setup: E2eSetup,
  devices: readonly LoadDevice[],
): Promise<void> {
  const store = await openLnsStore({ location, nodeId: 'n1', log: pino({ level: 'silent' }) });
  try {
    await store.profiles.create(testProfile({ id: PROFILE, name: PROFILE }));
    for (let g = 0; g < setup.gateways; g++) {
      const id = gatewayEui(g);
      await store.gateways.create({ id, name: id, txRfChain: 0 });
    }
    // The nodes table written in batches, as a REST create would write each record.
    for (let i = 0; i < devices.length; i += SEED_BATCH) {
      await store.db.batch(
        devices.slice(i, i + SEED_BATCH).map((d) => ({
          table: 'nodes',
          key: d.devAddr,
          value: {
            id: d.devAddr,
            profileId: PROFILE,
            nwkSKey: d.nwkSKey,
            appSKey: d.appSKey,
            fCntDown: 0,
          },
        })),
      );
    }
  } finally {
    await store.close();
  }
}

/**
 * Steps the rate up from `startPerSec` until a step loses; when even the first step loses,
 * steps down until one passes (a slow or busy machine). Then narrows the gap between the last
 * pass and the first loss.
 */
export async function stepUntilLoss(
  target: E2eTarget,
  confirmed: boolean,
  options: StepOptions,
): Promise<{ best: StepOutcome | undefined; loss: StepOutcome | undefined }> {
  let best: StepOutcome | undefined;
  let loss: StepOutcome | undefined;
  const step = (rate: number): Promise<StepOutcome> =>
    target.step(Math.round(rate / 100) * 100, options.stepSeconds, confirmed);
  for (let rate = options.startPerSec; rate <= options.maxPerSec; rate *= options.factor) {
    const outcome = await step(rate);
    if (outcome.share < SUSTAINED_SHARE) {
      loss = outcome;
      break;
    }
    best = outcome;
  }
  for (
    let rate = options.startPerSec / options.factor;
    best === undefined;
    rate /= options.factor
  ) {
    if (rate < MIN_RATE_PER_SEC) break;
    const outcome = await step(rate);
    if (outcome.share < SUSTAINED_SHARE) loss = outcome;
    else best = outcome;
  }
  for (let i = 0; i < options.refineSteps && loss !== undefined && best !== undefined; i++) {
    const rate = Math.round(Math.sqrt(best.ratePerSec * loss.ratePerSec) / 100) * 100;
    if (rate <= best.ratePerSec || rate >= loss.ratePerSec) break;
    const outcome = await target.step(rate, options.stepSeconds, confirmed);
    if (outcome.share < SUSTAINED_SHARE) loss = outcome;
    else best = outcome;
  }
  return { best, loss };
}

/** The e2e line of a stepped run. */
export function e2eLine(
  setup: E2eSetup,
  confirmed: boolean,
  run: { best: StepOutcome | undefined; loss: StepOutcome | undefined },
  decodeUsPerFrame: number,
): E2eResult {
  const { best, loss } = run;
  const sustained = best?.ratePerSec ?? 0;
  const decodeUplinksPerSec = Math.round(1e6 / decodeUsPerFrame);
  const o = best?.observed;
  return {
    bench: 'e2e',
    confirmed,
    sustainedUplinksPerSec: sustained,
    p50Ms: round((confirmed ? o?.answerP50Ms : o?.pushAckP50Ms) ?? 0, 1),
    p99Ms: round((confirmed ? o?.answerP99Ms : o?.pushAckP99Ms) ?? 0, 1),
    cpuPct: best?.cpuPct ?? 0,
    rssMb: best?.rssMb ?? 0,
    nodeCpuUsPerUplink: best?.cpuUsPerUplink ?? 0,
    nodes: setup.nodes,
    gateways: setup.gateways,
    devices: setup.devices,
    copies: setup.copies,
    latency: confirmed ? 'pull_resp' : 'push_ack',
    lossAtUplinksPerSec: loss?.ratePerSec ?? null,
    processedAtLoss: loss === undefined ? null : round(loss.share, 4),
    lossReasons: loss === undefined ? null : lossReasons(loss),
    generatorCpuPct: o?.generatorCpuPct ?? 0,
    decodeUplinksPerSec,
    ratio: round(sustained / decodeUplinksPerSec, 4),
  };
}

/** The node's drop reasons, its socket's, and datagrams never acknowledged (lost unread). */
function lossReasons(loss: StepOutcome): Record<string, number> {
  const udp = Object.entries(loss.delta.udpDropped).map(([k, v]): [string, number] => [
    `udp:${k}`,
    v,
  ]);
  const unacked = loss.observed.sent - loss.observed.pushAcks;
  return {
    ...loss.delta.dropped,
    ...Object.fromEntries(udp),
    ...(unacked > 0 ? { no_push_ack: unacked } : {}),
  };
}
