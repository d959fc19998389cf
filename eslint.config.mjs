// Lint, including the layer rules (DEVELOPERS.md): data flows native-bridge → main/monitor →
// transport → renderer, and each layer may import only what sits below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'worker_threads', 'crypto', 'url', 'util'];
const noElectron = { name: 'electron', message: 'Only main/electron and preload may import electron.' };
const nodeBuiltinPatterns = NODE_BUILTINS.map((name) => ({ group: [name], message: 'This layer runs in a browser: no Node modules.' }));

/** Layers: each entry bans imports into the folders it may not use. */
const layer = (files, { paths = [], patterns = [] }) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] },
});

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
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', performance: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // native-bridge: data sources only; never Electron, never the layers above it.
  layer(['native-bridge/**'], {
    paths: [noElectron],
    patterns: [{ regex: '^(\\.\\./)+(main|renderer|preload)/', message: 'native-bridge is the bottom layer.' }],
  }),
  // Common modules (the contract and the row type): pure, importable by every layer.
  layer(['main/contract/**', 'native-bridge/types.ts'], {
    paths: [noElectron],
    patterns: [...nodeBuiltinPatterns, { regex: '(^|/)(monitor|server|electron|cli|transport|linux|win32)/', message: 'The contract is common code: it imports only other common modules.' }],
  }),
  // main/monitor, transports, web shell, CLI: plain Node, never Electron, never the UI.
  layer(['main/monitor/**', 'main/transport/**', 'main/server/**', 'main/cli/**'], {
    paths: [noElectron],
    patterns: [{ regex: '^(\\.\\./)+(renderer|preload|main/electron|electron)/', message: 'Plain-Node layers must not depend on the Electron shell or the UI.' }],
  }),
  // The Electron shell: ipcMain only through the typed transport (GitHub Desktop's rule).
  {
    files: ['main/electron/**'],
    ignores: ['main/electron/ipc-transport.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'Use IpcTransport: one typed channel map, validated.' }] }],
    },
  },
  // The renderer: a browser page. No Node, no Electron; other layers by type only, but the common modules.
  layer(['renderer/**'], {
    paths: [{ name: 'electron', message: 'The renderer talks only to the contract (window.sockscope or the WebSocket).' }],
    patterns: [
      ...nodeBuiltinPatterns,
      {
        regex: '^(\\.\\./)+(main/(?!contract/)|native-bridge/(?!types$))',
        allowTypeImports: true,
        message: 'The renderer may import other layers by type only (values only from main/contract and native-bridge/types).',
      },
    ],
  }),
  // The preload: electron's contextBridge/ipcRenderer and the contract, nothing else.
  layer(['preload/**'], {
    patterns: [...nodeBuiltinPatterns, { regex: '^(\\.\\./)+(main/(?!contract/)|native-bridge/|renderer/)', allowTypeImports: true, message: 'The preload exposes the contract and nothing else.' }],
  }),

  // Shipped to the scan worker as source text (Function.prototype.toString): whatever such a
  // function took from its module would be missing there. Types are fine: they are erased.
  {
    files: ['native-bridge/linux/fd-scan/scan-loop.ts', 'native-bridge/linux/fd-scan/pair-writer.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[importKind!='type'], ImportExpression, TSImportEqualsDeclaration, CallExpression[callee.name='require']",
          message: 'This module runs in the scan worker from its source text: import types only (`import type`).',
        },
        {
          selector: 'Program > VariableDeclaration, Program > ExportNamedDeclaration > VariableDeclaration, Program > FunctionDeclaration, Program > ClassDeclaration',
          message: 'This module runs in the scan worker from its source text: a module-level value does not go with it (declare it inside the function, or pass it in).',
        },
      ],
    },
  },
);
