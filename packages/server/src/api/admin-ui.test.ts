import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fastify } from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminUiPlugin } from './admin-ui.js';

const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';
const ASSET = 'console.log("app");';

let dir: string;
let dist: string;
let app: FastifyInstance;

async function build(root: string | URL): Promise<FastifyInstance> {
  const server = fastify();
  await server.register(adminUiPlugin, { root });
  server.get('/api/ping', () => ({ pong: true }));
  await server.ready();
  return server;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lns-admin-ui-'));
  dist = join(dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), ASSET);
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  app = await build(dist);
});

afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adminUiPlugin', () => {
  it('redirects /admin to /admin/', async () => {
    const res = await app.inject({ url: '/admin' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/');
  });

  it('serves index.html at /admin/ and never lets it be cached', async () => {
    const res = await app.inject({ url: '/admin/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe(INDEX);
  });

  it('answers index.html for routes of the app (SPA fallback), so deep links reload', async () => {
    for (const url of ['/admin/gateways', '/admin/devices/aa555a0000000101/show', '/admin/login']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable and other files with a short cache', async () => {
    const asset = await app.inject({ url: '/admin/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(ASSET);
    const icon = await app.inject({ url: '/admin/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers 404 for a missing file instead of index.html', async () => {
    const res = await app.inject({ url: '/admin/assets/index-gone.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: 'not_found',
      message: 'no file /admin/assets/index-gone.js',
    });
  });

  it('never serves a file outside the build directory', async () => {
    for (const url of [
      '/admin/../secret.txt',
      '/admin/%2e%2e/secret.txt',
      '/admin/..%2fsecret.txt',
    ]) {
      const res = await app.inject({ url });
      expect(res.body, url).not.toContain('outside the build');
    }
  });

  it('leaves other routes alone', async () => {
    const res = await app.inject({ url: '/api/ping' });
    expect(res.json()).toEqual({ pong: true });
  });

  it('takes the root as a file: URL too', async () => {
    const other = await build(pathToFileURL(dist));
    const res = await other.inject({ url: '/admin/' });
    expect(res.body).toBe(INDEX);
    await other.close();
  });

  it('answers 404 with the build command when the app was not built', async () => {
    const missing = await build(join(dir, 'not-built'));
    for (const url of ['/admin/', '/admin/gateways']) {
      const res = await missing.inject({ url });
      expect(res.statusCode, url).toBe(404);
      const body = res.json<{ error: string; message: string }>();
      expect(body.error).toBe('not_found');
      expect(body.message).toContain(
        'the admin UI is not built: run `npm run build -w @lns/web-admin`',
      );
    }
    await missing.close();
  });

  it('starts serving once the app is built, without a restart', async () => {
    const later = join(dir, 'later');
    const server = await build(later);
    expect((await server.inject({ url: '/admin/' })).statusCode).toBe(404);
    mkdirSync(later);
    writeFileSync(join(later, 'index.html'), INDEX);
    expect((await server.inject({ url: '/admin/' })).body).toBe(INDEX);
    await server.close();
  });
});
