/**
 * Each fence of eslint.boundaries.js bites: a one-line file in a room importing what the room
 * may not import is an error, and what it may import is not. The files are linted as text at
 * paths inside the repository (they need not exist; their imports must).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Boundaries {
  boundariesRoot: string;
  boundaryZones(options: { test: boolean }): unknown[];
  testFiles: string[];
  typeOnlyRules: Linter.Config[];
}

interface Case {
  /** Path of the linted file, from packages/server/src (or from the repository with `/`). */
  readonly file: string;
  readonly code: string;
  /** Rule expected to report, or `ok`. */
  readonly expect: 'zone' | 'type-only' | 'ok';
}

const cases: Case[] = [
  { file: 'lorawan/x.ts', code: "import '../shared/ids.js';", expect: 'ok' },
  { file: 'lorawan/x.ts', code: "import '../ns/index.js';", expect: 'zone' },
  { file: 'udp/x.ts', code: "import '../lorawan/index.js';", expect: 'ok' },
  { file: 'udp/x.ts', code: "import '../ns/index.js';", expect: 'zone' },
  { file: 'ns/x.ts', code: "import '../lorawan/index.js';", expect: 'ok' },
  { file: 'ns/x.ts', code: "import '../udp/index.js';", expect: 'zone' },
  { file: 'ns/x.ts', code: "import '../store/index.js';", expect: 'zone' },
  { file: 'ns/x.ts', code: "import '@lns/db-sync';", expect: 'zone' },
  { file: 'store/x.ts', code: "import '../ns/index.js';", expect: 'ok' },
  { file: 'store/x.ts', code: "import '@lns/db-sync';", expect: 'ok' },
  { file: 'store/x.ts', code: "import '../api/index.js';", expect: 'zone' },
  { file: 'api/x.ts', code: "import '../store/index.js';", expect: 'ok' },
  { file: 'api/x.ts', code: "import '../ns/index.js';", expect: 'ok' },
  { file: 'api/x.ts', code: "import '../lorawan/index.js';", expect: 'zone' },
  { file: 'api/x.ts', code: "import '../integrations/index.js';", expect: 'zone' },
  { file: 'api/x.ts', code: "import '@lns/db-sync';", expect: 'zone' },
  { file: 'integrations/x.ts', code: "import '../ns/index.js';", expect: 'ok' },
  { file: 'integrations/x.ts', code: "import '../store/index.js';", expect: 'zone' },
  { file: 'cluster/x.ts', code: "import '../ns/index.js';", expect: 'ok' },
  { file: 'cluster/x.ts', code: "import '@lns/db-sync';", expect: 'ok' },
  { file: 'cluster/x.ts', code: "import '../udp/index.js';", expect: 'zone' },
  { file: 'cluster/x.ts', code: "import type { ApiDeps } from '../api/index.js';", expect: 'ok' },
  {
    file: 'cluster/x.ts',
    code: "import { registerApi } from '../api/index.js';",
    expect: 'type-only',
  },
  { file: 'station/x.ts', code: "import '../ns/index.js';", expect: 'ok' },
  { file: 'station/x.ts', code: "import '../lorawan/index.js';", expect: 'ok' },
  { file: 'station/x.ts', code: "import '../udp/index.js';", expect: 'zone' },
  { file: 'station/x.ts', code: "import '../store/index.js';", expect: 'zone' },
  { file: 'station/x.ts', code: "import '../cluster/index.js';", expect: 'zone' },
  { file: 'x.ts', code: "import './station/session.js';", expect: 'zone' },
  { file: 'x.ts', code: "import './station/index.js';", expect: 'ok' },
  { file: 'sim/x.ts', code: "import '../udp/index.js';", expect: 'ok' },
  { file: 'sim/x.ts', code: "import '../ns/index.js';", expect: 'zone' },
  { file: 'cli/x.ts', code: "import '../node-files.js';", expect: 'ok' },
  { file: 'cli/x.ts', code: "import '../app.js';", expect: 'zone' },
  { file: 'cli/x.ts', code: "import '../config/index.js';", expect: 'ok' },
  { file: 'cli/x.ts', code: "import '../ns/index.js';", expect: 'zone' },
  { file: 'config/x.ts', code: "import '../lorawan/index.js';", expect: 'zone' },
  { file: 'shared/x.ts', code: "import '../lorawan/index.js';", expect: 'zone' },
  { file: 'shared/x.ts', code: "import type { Logger } from '@lns/db-sync';", expect: 'ok' },
  // Only index.ts from outside a room; inside it, anything.
  { file: 'api/x.ts', code: "import '../ns/model.js';", expect: 'zone' },
  { file: 'x.ts', code: "import './ns/ports.js';", expect: 'zone' },
  { file: 'x.ts', code: "import './udp/json.js';", expect: 'zone' },
  { file: 'x.ts', code: "import './udp/index.js';", expect: 'ok' },
  { file: 'ns/uplink/x.ts', code: "import '../model.js';", expect: 'ok' },
  // Test kits: test code only.
  { file: 'udp/x.ts', code: "import '../testing/fake-clock.js';", expect: 'zone' },
  { file: 'udp/x.test.ts', code: "import '../testing/fake-clock.js';", expect: 'ok' },
  { file: 'store/x.ts', code: "import '../ns/testing/memory-ports.js';", expect: 'zone' },
  { file: 'store/x.test.ts', code: "import '../ns/testing/memory-ports.js';", expect: 'ok' },
  // The admin app: the SPEC contract only, types only.
  {
    file: '/packages/web-admin/src/x.ts',
    code: "import type { NodeRecord } from '../../server/src/shared/contract.js';",
    expect: 'ok',
  },
  {
    file: '/packages/web-admin/src/x.ts',
    code: "import { NodeRecord } from '../../server/src/shared/contract.js';",
    expect: 'type-only',
  },
  {
    file: '/packages/web-admin/src/x.ts',
    code: "import type { NodeSession } from '../../server/src/ns/index.js';",
    expect: 'zone',
  },
];

describe('room boundaries (eslint.boundaries.js)', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    const b = (await import(pathToFileURL(join(root, 'eslint.boundaries.js')).href)) as Boundaries;
    const zones = (test: boolean): Linter.RuleEntry => [
      'error',
      { basePath: b.boundariesRoot, zones: b.boundaryZones({ test }) },
    ];
    eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts', '**/*.tsx'],
          languageOptions: { parser: tseslint.parser },
          plugins: {
            'import-x': importX as unknown as ESLint.Plugin,
            '@typescript-eslint': tseslint.plugin as unknown as ESLint.Plugin,
          },
          settings: {
            'import-x/resolver': { typescript: { project: ['packages/*/tsconfig.json'] } },
          },
          rules: { 'import-x/no-restricted-paths': zones(false) },
        },
        { files: b.testFiles, rules: { 'import-x/no-restricted-paths': zones(true) } },
        ...b.typeOnlyRules,
      ],
    });
  });

  it.each(cases)('$file: $code → $expect', async ({ file, code, expect: want }) => {
    const filePath = file.startsWith('/')
      ? join(root, file)
      : join(root, 'packages/server/src', file);
    const [result] = await eslint.lintText(`${code}\n`, { filePath });
    const rules = (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
    const expected = {
      ok: [],
      zone: ['import-x/no-restricted-paths'],
      'type-only': ['@typescript-eslint/no-restricted-imports'],
    }[want];
    expect(rules).toEqual(expected);
  });
});
