/**
 * Node 20 is what lns supports (SPEC "Set-up"; the root package.json says from which release):
 * `npm ci` must install no package whose `engines.node` excludes that release or the running
 * Node (npm warns EBADENGINE for each), and fastify's
 * `inject` (light-my-request, whose `cookie` dependency the root package.json overrides to a
 * release that declares Node 20) must still carry cookies.
 */
import { readFileSync } from 'node:fs';
import { fastify } from 'fastify';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  /** An object in today's packages; a few old ones still have an array. */
  readonly engines?: { readonly node?: unknown };
}

describe('installed packages and Node 20', () => {
  it('package-lock.json holds no package whose engines.node excludes our Node 20', () => {
    const root = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      engines: { node: string };
    };
    const lowest = semver.minVersion(root.engines.node)?.version;
    expect(lowest).toMatch(/^20\./);
    const lock = JSON.parse(
      readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8'),
    ) as { packages: Record<string, LockEntry> };
    const excluded = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = entry.engines?.node;
      if (typeof range !== 'string') return [];
      return [lowest!, process.version]
        .filter((node) => !semver.satisfies(node, range))
        .map((node) => `${path} wants node ${range}, not ${node}`);
    });
    expect(excluded).toEqual([]);
  });

  it('fastify inject still sends cookies (light-my-request with the overridden cookie)', async () => {
    const app = fastify();
    app.get('/echo', (request) => ({ cookie: request.headers.cookie ?? null }));
    const res = await app.inject({ method: 'GET', url: '/echo', cookies: { a: 'b c', d: 'e' } });
    expect(res.json()).toEqual({ cookie: 'a=b%20c; d=e' });
    await app.close();
  });
});
