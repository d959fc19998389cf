// Lint, including the layer rules (DEVELOPERS.md): data flows native-bridge → main/monitor →
// transport → renderer; `main/common` is the one folder every layer may import, and it imports
// nothing but itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'worker_threads', 'crypto', 'url', 'util'];
const noElectron = { name: 'electron', message: 'Only main/electron and preload may import electron.' };
const noNode = NODE_BUILTINS.map((name) => ({
  group: [name],
  message: 'This layer runs anywhere (a browser too): no Node modules.',
}));

/** Module names (not paths) a folder may not import. */
const bannedModules = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
});

/** Folders, as import-x resolves them: `target` may import nothing under `from` but what `except` names. */
const COMMON = 'main/common';
const zone = (target, from, message, except) => ({
  target: `./${target}`,
  from: `./${from}`,
  message,
  ...(except ? { except } : {}),
});
const FOLDER_RULES = [
  zone(COMMON, '.', 'main/common runs anywhere: it imports only main/common.', [`./${COMMON}`, './node_modules']),
  zone('native-bridge', 'main', 'native-bridge is the bottom layer: of main it may import main/common only.', ['./common']),
  zone('native-bridge', 'renderer', 'native-bridge is the bottom layer.'),
  zone('native-bridge', 'preload', 'native-bridge is the bottom layer.'),
  ...['main/monitor', 'main/transport', 'main/server', 'main/cli'].flatMap((plain) => [
    zone(plain, 'main/electron', 'Plain-Node layers must not depend on the Electron shell.'),
    zone(plain, 'renderer', 'Plain-Node layers must not depend on the UI.'),
    zone(plain, 'preload', 'Plain-Node layers must not depend on the preload.'),
  ]),
  zone('renderer', 'main', 'The renderer imports only main/common (types and pure functions).', ['./common']),
  zone('renderer', 'native-bridge', 'The renderer imports only main/common (types and pure functions).'),
  zone('renderer', 'preload', 'The renderer talks to the preload only through window.sockscope.'),
  zone('preload', 'main', 'The preload exposes the contract (main/common) and nothing else.', ['./common']),
  zone('preload', 'native-bridge', 'The preload exposes the contract (main/common) and nothing else.'),
  zone('preload', 'renderer', 'The preload exposes the contract (main/common) and nothing else.'),
];

export default tseslint.config(
  { ignores: ['out/**', 'bench/results/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Code that Playwright runs in the page (page.evaluate callbacks) sees the browser's globals.
  {
    files: ['bench/ui.mjs'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', requestAnimationFrame: 'readonly', PerformanceObserver: 'readonly' },
    },
  },
  // The layer rule: one rule over folders, resolved like the bundler resolves them.
  {
    files: ['main/**', 'native-bridge/**', 'renderer/**', 'preload/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.mjs', '.js', '.json', '.node'] })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: FOLDER_RULES }] },
  },
  // Modules by name: Electron only in main/electron and preload; no Node where code runs in a browser.
  bannedModules(['native-bridge/**', 'main/monitor/**', 'main/transport/**', 'main/server/**', 'main/cli/**'], {
    paths: [noElectron],
  }),
  bannedModules([`${COMMON}/**`], { paths: [noElectron], patterns: noNode }),
  bannedModules(['renderer/**'], {
    paths: [{ name: 'electron', message: 'The renderer talks only to the contract (window.sockscope or the WebSocket).' }],
    patterns: noNode,
  }),
  bannedModules(['preload/**'], { patterns: noNode }),
  // The Electron shell: ipcMain only through the typed transport (GitHub Desktop's rule).
  {
    files: ['main/electron/**'],
    ignores: ['main/electron/ipc-transport.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Use IpcTransport: one typed channel map, validated.' }],
        },
      ],
    },
  },
  // Shipped to the scan worker as source text (Function.prototype.toString): whatever such a
  // function took from its module would be missing there. Types are fine: they are erased.
  {
    files: ['native-bridge/linux/fd-scan/scan-loop.ts', 'native-bridge/linux/fd-scan/pair-writer.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[importKind!='type'], ImportExpression, TSImportEqualsDeclaration, CallExpression[callee.name='require']",
          message: 'This module runs in the scan worker from its source text: import types only (`import type`).',
        },
        {
          selector:
            'Program > VariableDeclaration, Program > ExportNamedDeclaration > VariableDeclaration, Program > FunctionDeclaration, Program > ClassDeclaration',
          message:
            'This module runs in the scan worker from its source text: a module-level value does not go with it (declare it inside the function, or pass it in).',
        },
      ],
    },
  },
);
