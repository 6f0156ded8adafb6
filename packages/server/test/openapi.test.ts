/**
 * The REST reference (issue 13): `/api/openapi.json` lists every operation the node registers
 * (compared with fastify's own route table, not with what the OpenAPI plugin saw), the
 * document is valid OpenAPI 3 (checked offline against the specification's JSON schema), and
 * `/api/docs` serves Swagger UI from the package's files, with no address on the internet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode } from '../src/app.js';
import type { LnsNode } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';

/**
 * Not API operations, so not in the reference: the admin UI's pages, the reference itself,
 * CORS preflights (OPTIONS) and the HEAD twin fastify adds to every GET.
 */
function isApiOperation(method: string, path: string): boolean {
  if (method === 'HEAD' || method === 'OPTIONS') return false;
  return !/^\/admin(\/|\*|$)/.test(path) && !/^\/api\/(docs|openapi\.json)(\/|$)/.test(path);
}

/**
 * `METHOD /path` of every route in fastify's table, from `printRoutes({commonPrefix:false})`:
 * one line per node of the radix tree, a child's text continuing its parent's path.
 */
function fastifyRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const path = `${stack[stack.length - 1]?.path ?? ''}${m[2]!}`;
    stack.push({ depth, path });
    for (const method of m[3]?.split(', ') ?? []) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** fastify's `/:id` is OpenAPI's `/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

describe('OpenAPI document and reference', () => {
  let node: LnsNode;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lns-openapi-'));
    const config = loadConfig({
      env: {
        LNS_NODE: 'openapi',
        LNS_DATA_DIR: dir,
        LNS_HTTP_HOST: '127.0.0.1',
        LNS_HTTP_PORT: '0',
        LNS_UDP_HOST: '127.0.0.1',
        LNS_UDP_PORT: '0',
        LNS_CLUSTER_HOST: '127.0.0.1',
        LNS_CLUSTER_PORT: '0',
        LNS_ADVERTISE: '127.0.0.1:0',
        LNS_ADMIN_PASSWORD: 'openapi-password',
      },
    });
    node = await buildNode({ config, log: pino({ level: 'silent' }) });
    const { httpPort } = await node.listen();
    base = `http://127.0.0.1:${httpPort}`;
  });

  afterAll(async () => {
    await node?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function document(): Promise<{
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  }> {
    const res = await fetch(`${base}/api/openapi.json`);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
  }

  it('lists every operation fastify registered, and nothing else', async () => {
    const doc = await document();
    const registered = fastifyRoutes(node.http.printRoutes({ commonPrefix: false }))
      .map((r) => r.split(' ') as [string, string])
      .filter(([method, path]) => isApiOperation(method, path))
      .map(([method, path]) => `${method} ${openApiPath(path)}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    // The parse found the table (a broken parse must not pass as "both empty").
    expect(registered).toContain('POST /api/login');
    expect(registered).toContain('PUT /api/devices/{id}');
    expect(registered).toContain('GET /health');
    expect(documented).toEqual(registered);
  });

  it('is a valid OpenAPI 3 document, with the route schemas in it', async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Generated from the schemas, not a bare list of paths: a body schema made it in.
    const login = doc.paths['/api/login']?.post as {
      requestBody?: { content?: Record<string, { schema?: { required?: string[] } }> };
    };
    expect(login.requestBody?.content?.['application/json']?.schema?.required).toEqual([
      'username',
      'password',
    ]);
  });

  it('serves the browsable reference from its own files (no CDN), without a login', async () => {
    const page = await fetch(`${base}/api/docs/`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src, 'every asset is served by the node').not.toMatch(/^(https?:)?\/\//);
      const asset = await fetch(new URL(src, `${base}/api/docs/`));
      expect(asset.status, src).toBe(200);
      // Read to the end: an unread body keeps the connection busy and the server from closing.
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${base}/api/docs/static/swagger-initializer.js`)).text();
    const code = init.split('\n').filter((l) => !l.trim().startsWith('//'));
    expect(code.filter((l) => /https?:\/\//.test(l))).toEqual([]);
    expect(init).toContain('validatorUrl: null');
  });
});
