/**
 * A small network made by a test: one Linux network namespace per node, each joined by a veth
 * pair to a bridge in the test's own namespace, on a /24 of 10.0.0.0/8 that nothing on the
 * machine uses. The test process (its fake gateways and REST clients) reaches every node over
 * the bridge; `cut` blackholes the routes between two groups of nodes inside their namespaces
 * (the test still reaches both sides) and `heal` removes them.
 *
 * Every name starts with a prefix unique to the lab, and every object is recorded in the test
 * run's directory until removed, so the global teardown deletes what a failed test left and
 * nothing else. Needs root and iproute2 (installed as root when missing).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_DIR_VARIABLE } from '../../packages/server/test/helpers/process-group.js';
import { IPROUTE2, ensureDebianPackages } from './debian.js';

/** Where, in the run's directory, created namespaces and links are recorded. */
export const NETNS_RECORD_DIR = 'netns';

export interface LabNode {
  /** Namespace name (`ip netns exec <ns>`). */
  readonly ns: string;
  /** The node's address on the lab bridge. */
  readonly ip: string;
}

export interface NetLab {
  readonly prefix: string;
  /** The test's own address on the lab bridge (bind fake gateways here). */
  readonly hostIp: string;
  readonly nodes: readonly LabNode[];
  /** Drops every packet between the nodes of `a` and those of `b` (both ways). */
  cut(a: readonly number[], b: readonly number[]): void;
  /** Removes every cut. */
  heal(): void;
  /** Deletes the namespaces, links and bridge (idempotent). */
  destroy(): void;
}

/**
 * Fails, naming what is missing, unless this process can make network namespaces: root, and
 * the `ip` tool (iproute2 is installed when missing, as other Debian packages are).
 */
export function requireNetnsSupport(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `network-namespace tests need root (uid 0) to run \`ip netns add\`; this runs as uid ${process.getuid?.()}`,
    );
  }
  ensureDebianPackages(IPROUTE2.packages, IPROUTE2.files);
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A /24 of 10.0.0.0/8 that no address or route of this machine falls in. */
function freeSubnet(): string {
  const used = ip('-4', 'route', 'show', 'table', 'all') + ip('-4', 'addr', 'show');
  for (let i = 0; i < 100; i += 1) {
    const subnet = `10.${randomInt(200, 250)}.${randomInt(0, 256)}`;
    if (!used.includes(`${subnet}.`)) return subnet;
  }
  throw new Error('no free 10.x.y.0/24 subnet for the network namespaces');
}

/** Builds a lab of `count` namespaces on a fresh bridge. */
export function createNetLab(count: number): NetLab {
  requireNetnsSupport();
  const prefix = `lt${randomBytes(3).toString('hex')}`;
  const runDir = process.env[RUN_DIR_VARIABLE];
  const recordDir = runDir === undefined ? undefined : join(runDir, NETNS_RECORD_DIR);
  if (recordDir !== undefined) mkdirSync(recordDir, { recursive: true });
  const recorded = new Set<string>();
  const record = (kind: 'netns' | 'link', name: string): void => {
    recorded.add(`${kind}:${name}`);
    if (recordDir !== undefined) writeFileSync(join(recordDir, `${kind}:${name}`), '');
  };
  const cuts: { ns: string; target: string }[] = [];
  const subnet = freeSubnet();
  const bridge = `${prefix}br`;
  const nodes: LabNode[] = [];

  const destroy = (): void => {
    for (const entry of [...recorded].reverse()) {
      const [kind, name] = entry.split(':') as ['netns' | 'link', string];
      try {
        if (kind === 'netns') ip('netns', 'delete', name);
        else ip('link', 'delete', name);
      } catch {
        // Gone with its namespace (a veth) or already deleted.
      }
      recorded.delete(entry);
      if (recordDir !== undefined) rmSync(join(recordDir, entry), { force: true });
    }
  };

  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    record('link', bridge);
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (let i = 1; i <= count; i += 1) {
      const ns = `${prefix}-n${i}`;
      const host = `${prefix}h${i}`;
      const inner = `${prefix}n${i}`;
      const address = `${subnet}.${10 + i}`;
      ip('netns', 'add', ns);
      record('netns', ns);
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', inner, 'netns', ns);
      record('link', host);
      ip('link', 'set', host, 'master', bridge);
      ip('link', 'set', host, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', inner);
      ip('-n', ns, 'link', 'set', inner, 'up');
      nodes.push({ ns, ip: address });
    }
  } catch (err) {
    destroy();
    throw err;
  }

  const at = (i: number): LabNode => {
    const node = nodes[i];
    if (node === undefined) throw new Error(`no lab node ${i}`);
    return node;
  };
  return {
    prefix,
    hostIp: `${subnet}.1`,
    nodes,
    cut(a, b) {
      for (const [from, to] of [
        ...a.flatMap((x) => b.map((y) => [x, y] as const)),
        ...b.flatMap((y) => a.map((x) => [y, x] as const)),
      ]) {
        const cut = { ns: at(from).ns, target: `${at(to).ip}/32` };
        ip('-n', cut.ns, 'route', 'add', 'blackhole', cut.target);
        cuts.push(cut);
      }
    },
    heal() {
      for (const cut of cuts.splice(0)) {
        ip('-n', cut.ns, 'route', 'del', 'blackhole', cut.target);
      }
    },
    destroy,
  };
}
