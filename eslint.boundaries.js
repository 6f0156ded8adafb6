// @ts-check
/**
 * The rooms of packages/server/src and the arrows between them (CONVENTIONS §2, the table in
 * docs/architecture.md). eslint.config.js applies these rules; packages/server/test/
 * boundaries.test.ts proves each one rejects a forbidden import.
 *
 * - A room may import only the rooms named in `rooms` below, plus `shared/` (a kit of leaf
 *   modules every room uses, imported file by file).
 * - From outside a room, only its `index.ts` may be imported; inside a room relative imports
 *   are free. Test code may also reach a room's `testing/` kit and `src/testing/`.
 * - `app.ts`, `main.ts`, `gateway-bridge.ts`, `gateway-paths.ts`, `metrics.ts`, `node-files.ts`,
 *   `node-health.ts`, `offline.ts` and `bench/` are the composition root: they may import every room, through its index.ts.
 * - The admin app (web-admin/src) may import the server's `shared/contract.ts` only, and only with
 *   `import type`. Its browser e2e test runs a real node and may use the server's test kits.
 */

const root = import.meta.dirname;
const src = 'packages/server/src';
const dbSync = 'packages/db-sync';

/**
 * Room → the rooms it may import (besides `shared/` and itself). `db-sync` is @lns/db-sync;
 * `node-files` is the composition root's node-files.ts (cli builds the node's API secret with it).
 * @type {Record<string, { may: string[], why: string }>}
 */
export const rooms = {
  lorawan: { may: [], why: 'lorawan/ is pure: it may import only shared/.' },
  udp: { may: ['lorawan'], why: 'udp/ may import only lorawan/ and shared/.' },
  ns: {
    may: ['lorawan'],
    why: 'ns/ may import only lorawan/ and shared/ (its ports are its own).',
  },
  store: {
    may: ['ns', 'lorawan', 'db-sync'],
    why: 'store/ implements ns ports on @lns/db-sync: it may import ns/, lorawan/, shared/, @lns/db-sync.',
  },
  api: {
    may: ['ns', 'store'],
    why: 'api/ validates, calls ns or store and shapes the reply: it may import ns/, store/, shared/.',
  },
  integrations: {
    may: ['ns'],
    why: 'integrations/ turns ns events into outputs: it may import ns/ and shared/.',
  },
  cluster: {
    may: ['ns', 'lorawan', 'api', 'db-sync'],
    why: 'cluster/ may import ns/, lorawan/, shared/, @lns/db-sync and api/ types.',
  },
  station: {
    may: ['ns', 'lorawan'],
    why: 'station/ speaks the LNS protocol to Basics Stations: it may import ns/, lorawan/, shared/.',
  },
  sim: {
    may: ['udp', 'lorawan'],
    why: 'sim/ is a software gateway: it may import udp/, lorawan/, shared/.',
  },
  cli: {
    may: ['api', 'config', 'node-files'],
    why: 'cli/ talks to a running node: it may import api/, config/, node-files.ts (the API secret) and shared/.',
  },
  config: { may: [], why: 'config/ may import only shared/.' },
};

/** Leaf kits: no index.ts rule, importable by every room. */
const kits = ['shared'];

/**
 * @param {string} name
 * @returns {string}
 */
const roomPath = (name) =>
  name === 'app' ? './app.ts' : name === 'node-files' ? './node-files.ts' : `./${name}`;

/**
 * `import-x/no-restricted-paths` zones. Test code (`test: true`) may also import the
 * `src/testing/` kit and other rooms' `testing/` folders.
 * @param {{ test: boolean }} options
 */
export function boundaryZones({ test }) {
  /** @type {{ target: string | string[], from: string | string[], except?: string[], message: string }[]} */
  const zones = [];
  for (const [name, { may, why }] of Object.entries(rooms)) {
    zones.push({
      target: `${src}/${name}`,
      from: src,
      except: [
        `./${name}`,
        ...kits.map((k) => `./${k}`),
        ...may.filter((m) => m !== 'db-sync').map(roomPath),
        ...(test ? ['./testing'] : []),
      ],
      message: why,
    });
    if (!may.includes('db-sync')) {
      zones.push({ target: `${src}/${name}`, from: dbSync, message: why });
    }
  }
  zones.push({
    target: `${src}/shared`,
    from: src,
    except: ['./shared'],
    message: 'shared/ is a leaf kit: it imports nothing of lns.',
  });
  // shared/ may import @lns/db-sync: the one Logger and Clock interface of both packages is
  // defined there (the lowest package), and shared/ re-exports it to the rooms.
  // Only index.ts, from outside the room. Absolute globs, as minimatch matches resolved paths;
  // `@(index).ts` because a glob `from` needs glob exceptions.
  for (const name of Object.keys(rooms)) {
    zones.push({
      target: `${root}/packages/server/{src/!(${name})/**,src/*.ts,test/**}`,
      from: `${root}/${src}/${name}/**`,
      except: [
        `${root}/${src}/${name}/@(index).ts`,
        ...(test ? [`${root}/${src}/${name}/testing/**`] : []),
      ],
      message: `import ${name}/ only through ${name}/index.ts.`,
    });
  }
  zones.push({
    target: 'packages/web-admin/src',
    from: 'packages/server',
    except: ['./src/shared/contract.ts'],
    message:
      'web-admin may import only the SPEC contract (packages/server/src/shared/contract.ts).',
  });
  return zones;
}

/** Test code: unit tests, the rooms' testing kits, e2e and bench. */
export const testFiles = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/test/**/*.ts',
  '**/testing/**/*.ts',
  '**/bench/**/*.ts',
];

/** The contract and cluster's view of api/ are types only: nothing runs across those arrows. */
export const typeOnlyRules = [
  {
    files: ['packages/web-admin/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/**', '@lns/server', '@lns/server/*'],
              allowTypeImports: true,
              message: 'web-admin never imports server code at run time: use `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [`${src}/cluster/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../api', '../api/*', '../../api', '../../api/*'],
              allowTypeImports: true,
              message: 'cluster/ may import api/ types only.',
            },
          ],
        },
      ],
    },
  },
];

export { root as boundariesRoot };
