import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import pkg from './package.json' with { type: 'json' };

const root = import.meta.dirname;
const define = { SOCKSCOPE_VERSION: JSON.stringify(pkg.version) };

export default defineConfig({
  // Plain Node bundles: the Electron main process, the poll worker, and the CLI (bin/sockscope).
  main: {
    define,
    build: {
      outDir: resolve(root, 'out/main'),
      sourcemap: true,
      rollupOptions: {
        input: {
          'electron-main': resolve(root, 'main/electron/main.ts'),
          'poll-worker': resolve(root, 'main/monitor/poll-worker.ts'),
          cli: resolve(root, 'main/cli/index.ts'),
        },
        // Chunks beside the entries, so __dirname is out/main wherever code lands (the worker path relies on it).
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  // Sandboxed preload: one self-contained CommonJS file.
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: { input: { preload: resolve(root, 'preload/index.ts') } },
    },
  },
  // One renderer bundle, loaded by Electron from disk and served by `sockscope serve`.
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
