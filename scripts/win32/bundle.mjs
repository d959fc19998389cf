#!/usr/bin/env node
// Bundles the Wine suite's own entry point into OUT_DIR as CommonJS for node.exe:
//   wine-selftest.cjs  (native-bridge/win32/testing/wine-selftest.ts)
// The CLI commands run from the built CLI itself (OUT_DIR/bin/sockscope → OUT_DIR/out/main/cli.js).
// koffi stays external: OUT_DIR/node_modules holds it with its Windows binary.
import path from 'node:path';
import { build } from 'vite';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: bundle.mjs OUT_DIR');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..', '..');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: path.resolve(outDir),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { 'wine-selftest': path.join(root, 'native-bridge/win32/testing/wine-selftest.ts') },
      external: ['koffi'],
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
});
