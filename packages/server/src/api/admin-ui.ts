/**
 * Serves the admin UI (packages/web-admin, a Vite build) at `/admin` (SPEC "HTTP"). Files of
 * the build are sent as they are; any other path under /admin that does not name a file gets
 * index.html, so the app's own routes (`/admin/gateways/…`) survive a reload. Hashed assets
 * are cached for good, index.html never. When the app was not built every /admin path answers
 * 404 with the command that builds it. No auth here: the app logs in against /api.
 */
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';

export interface AdminUiOptions {
  /** The web-admin build directory (`packages/web-admin/dist`), as a path or file: URL. */
  readonly root: string | URL;
}

/** Prefix the app is built for (web-admin vite.config.ts `base`). */
export const ADMIN_PREFIX = '/admin';

const BUILD_HINT = 'npm run build -w @lns/web-admin';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}

async function serveAdminUi(app: FastifyInstance, root: string): Promise<void> {
  // Registered in this plugin's own context: reply.sendFile stays private to /admin.
  await app.register(fastifyStatic, { root, serve: false });
  const indexHtml = resolve(root, 'index.html');

  const sendIndex = (reply: FastifyReply): FastifyReply =>
    securityHeaders(reply)
      .header('cache-control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });

  const notBuilt = (reply: FastifyReply): FastifyReply =>
    reply.code(404).send({
      error: 'not_found',
      message: `the admin UI is not built: run \`${BUILD_HINT}\` (looked for ${indexHtml})`,
    });

  app.get(ADMIN_PREFIX, (_request, reply) => reply.redirect(`${ADMIN_PREFIX}/`));

  app.get<{ Params: { '*': string } }>(`${ADMIN_PREFIX}/*`, async (request, reply) => {
    if (!(await isFile(indexHtml))) return notBuilt(reply);
    const wanted = request.params['*'];
    if (wanted === '' || wanted === 'index.html') return sendIndex(reply);
    const path = resolve(root, wanted);
    // `..` never leaves the build directory (the router decodes %2e%2e too).
    const inside = path.startsWith(root.endsWith(sep) ? root : root + sep);
    if (inside && (await isFile(path))) {
      // Vite names everything under assets/ by content hash, so it never changes.
      const immutable = wanted.startsWith('assets/');
      return reply.sendFile(wanted, {
        maxAge: immutable ? 365 * 24 * 3600 * 1000 : 3600 * 1000,
        immutable,
      });
    }
    // A missing file (a stale asset URL) is a 404; anything else is a route of the app.
    if (extname(wanted) !== '') {
      return reply
        .code(404)
        .send({ error: 'not_found', message: `no file ${ADMIN_PREFIX}/${wanted}` });
    }
    return sendIndex(reply);
  });
}

/** The fastify plugin; register it at the root of the node's HTTP server. */
export const adminUiPlugin: FastifyPluginAsync<AdminUiOptions> = async (app, opts) => {
  const root = resolve(typeof opts.root === 'string' ? opts.root : fileURLToPath(opts.root));
  await serveAdminUi(app, root);
};
