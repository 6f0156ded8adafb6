#!/usr/bin/env node
// Keeps nginx's lns upstream in step with each node's GET /health (SPEC: 200 = can take
// gateway traffic; 503 starting/draining/degraded = cannot). Rewrites the upstream file and
// reloads nginx only when the set of healthy nodes changes.
//
//   node lns-lb-sync.mjs --nodes 10.0.0.11:1700@10.0.0.11:8080,10.0.0.12:1700@10.0.0.12:8080 \
//     --out /etc/nginx/lns-upstream.conf [--interval-ms 2000] [--fails 2] [--reload "nginx -s reload"] [--once]
import { execSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string' },
    out: { type: 'string' },
    'interval-ms': { type: 'string', default: '2000' },
    fails: { type: 'string', default: '2' },
    'timeout-ms': { type: 'string', default: '1000' },
    reload: { type: 'string', default: 'nginx -s reload' },
    once: { type: 'boolean', default: false },
  },
});
if (!values.nodes || !values.out) {
  process.stderr.write(
    'lns-lb-sync: --nodes udpHost:port@httpHost:port,... and --out file are required\n',
  );
  process.exit(2);
}
const nodes = values.nodes.split(',').map((spec) => {
  const [udp, http] = spec.split('@');
  if (!udp || !http) {
    process.stderr.write(`lns-lb-sync: "${spec}" is not udpHost:port@httpHost:port\n`);
    process.exit(2);
  }
  return { udp, health: `http://${http}/health`, fails: 0, healthy: true };
});
const maxFails = Number(values.fails);
const timeoutMs = Number(values['timeout-ms']);

async function probe(node) {
  try {
    const res = await fetch(node.health, { signal: AbortSignal.timeout(timeoutMs) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function render() {
  return nodes.map((n) => `server ${n.udp}${n.healthy ? '' : ' down'};\n`).join('');
}

function write(text) {
  let current = '';
  try {
    current = readFileSync(values.out, 'utf8');
  } catch {
    // First run: no file yet.
  }
  if (current === text) return false;
  writeFileSync(`${values.out}.tmp`, text);
  renameSync(`${values.out}.tmp`, values.out);
  return true;
}

async function round() {
  const results = await Promise.all(nodes.map(probe));
  results.forEach((ok, i) => {
    const node = nodes[i];
    // A node goes down after `fails` failed probes in a row (one lost probe is not a
    // failure) and comes back at its first healthy answer.
    node.fails = ok ? 0 : node.fails + 1;
    node.healthy = ok || node.fails < maxFails;
  });
  // nginx refuses an upstream where every server is down; keep them all then (nothing better).
  if (nodes.every((n) => !n.healthy)) nodes.forEach((n) => (n.healthy = true));
  if (write(render())) {
    process.stdout.write(
      `lns-lb-sync: ${nodes.map((n) => `${n.udp}=${n.healthy ? 'up' : 'down'}`).join(' ')}\n`,
    );
    if (values.reload) execSync(values.reload, { stdio: 'inherit' });
  }
}

await round();
if (!values.once) {
  setInterval(() => {
    round().catch((err) => process.stderr.write(`lns-lb-sync: ${err.message}\n`));
  }, Number(values['interval-ms']));
}
