// Bundles a TypeScript entry (bench/bench-lib.ts) into one ES module under bench/results/,
// so benchmarks run the code as a production build would: rolldown (Vite 8's bundler) strips
// types and inlines the modules; koffi stays external like any native dependency.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(import.meta.dirname, '..');

/** Builds `entry` (relative to the repo root) and returns the bundle's file URL. */
export async function bundle(entry, name = path.basename(entry, '.ts')) {
  const file = path.join(root, 'bench', 'results', `${name}.bundle.mjs`);
  await build({
    tsconfig: false,
    input: path.join(root, entry),
    platform: 'node',
    external: ['koffi', 'ws', 'better-sqlite3', /^node:/],
    logLevel: 'silent',
    output: { file, format: 'esm', codeSplitting: false },
  });
  return pathToFileURL(file).href;
}
