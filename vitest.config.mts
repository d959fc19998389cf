import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{native-bridge,main,renderer,preload}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.kernel.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Real sockets: run inside a private network namespace (scripts/in-netns.mjs).
        test: {
          name: 'kernel',
          include: ['{native-bridge,main}/**/*.kernel.test.ts'],
          testTimeout: 30_000,
          fileParallelism: false,
        },
      },
      {
        // The packaged app directory: run by `npm run pack:check`, which builds it first.
        test: { name: 'pack', include: ['scripts/pack/**/*.pack.test.mjs'] },
      },
    ],
  },
});
