// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const src = './packages/server/src';

/**
 * One-way dependencies (CONVENTIONS §2): protocol code imports nothing of the project except
 * shared ids/errors; ns never reaches transport, storage or the API. Tests may also use the
 * fixtures helpers in src/testing.
 * @param {string[]} extra
 */
const layerZones = (extra) => [
  {
    target: `${src}/lorawan`,
    from: `${src}`,
    except: ['./lorawan', './shared', ...extra],
    message: 'lorawan/ is pure: it may import only shared/.',
  },
  {
    target: `${src}/udp`,
    from: `${src}`,
    except: ['./udp', './lorawan', './shared', ...extra],
    message: 'udp/ may import only lorawan/ and shared/.',
  },
  {
    target: `${src}/ns`,
    from: `${src}`,
    except: ['./ns', './lorawan', './shared', ...extra],
    message: 'ns/ may import only lorawan/, shared/ and its own ports.',
  },
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'vitest.config.ts', 'packages/*/vitest.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones([]) }],
    },
    settings: {
      'import-x/resolver': {
        typescript: { project: ['packages/*/tsconfig.json'] },
      },
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones(['./testing']) }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['packages/web-admin/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
