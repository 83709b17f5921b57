// Lint config for the whole workspace: ESLint 9 flat config, @eslint/js + typescript-eslint (type-aware).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { packageBoundaries } from './eslint/package-boundaries.js';

// The `globals` package is not a workspace dependency; these are the Node globals our plain JS files use.
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  setImmediate: 'readonly',
  queueMicrotask: 'readonly',
  structuredClone: 'readonly',
};

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', '**/coverage/', 'bench/results/', 'storm/target/', '**/.twinstorm/', '**/*.d.ts']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Every .ts file is in the root tsconfig.json; the project service finds it per file.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_conf`, `_context`: unused parameters of overridable component methods are named with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Packages meet only through their package.json exports; examples import only public packages.
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { twinstorm: packageBoundaries },
    rules: { 'twinstorm/package-boundaries': 'error' },
  },

  // Plain JS (this file, bin scripts): not in any tsconfig, so no type-aware rules.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },

  // The status page's script runs in the browser (uPlot is the chart library's global, loaded before it).
  {
    files: ['packages/web/page/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', EventSource: 'readonly', uPlot: 'readonly' },
    },
  },

  // Components must never write to stdout: on Storm, fd 1 is the multilang channel and any stray byte kills
  // the worker. Runtimes log through component.log / stderr instead. The CLI owns its stdout.
  {
    files: ['packages/*/src/**/*.ts', 'examples/**/*.ts'],
    ignores: ['packages/cli/**', '**/*.test.ts', 'examples/**/test/**'],
    rules: { 'no-console': 'error' },
  },

  // Tests: vitest idioms (expect(obj.method), async callbacks without await, loose fixtures) are fine.
  {
    files: ['**/*.test.ts', 'packages/*/test/**/*.ts', 'test/**/*.ts', 'examples/**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
