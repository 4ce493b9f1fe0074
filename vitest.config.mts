import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

// `server-only` throws outside a React Server environment; in tests the server modules are
// exercised directly, so it is replaced by an empty module (nothing else is mocked by this).
const alias = { 'server-only': path.resolve(root, 'test/server-only-stub.ts'), '@': root };
// A `.only` left in a test file would run that test alone: CI refuses it, in every project
// (scripts/summarize-tests.mjs also names it). Said here rather than left to the default's CI detection.
const allowOnly = !process.env.CI;

export default defineConfig({
  resolve: { alias },
  test: {
    allowOnly,
    projects: [
      {
        resolve: { alias },
        // One module graph for all unit files (isolate: false): importing it afresh per file was most of the step's
        // time (measured 340 s isolated, 30 s not, the same 991 tests passing); unit tests keep no module-level state.
        test: { name: 'unit', allowOnly, include: ['{lib,sim,scripts,app,components}/**/*.test.{ts,tsx}'], environment: 'node', isolate: false },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          allowOnly,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Three files at a time: each starts its own simulator, Prometheus (and Redis, PostgreSQL where it needs
          // them) on free ports and its own store (own-store-setup.ts), and most of a file's time is waiting on a
          // scrape, so three share two cores well (measured: 612 s one at a time).
          setupFiles: ['test/integration/own-store-setup.ts'],
          maxWorkers: 3,
        },
      },
      {
        // Tests of the built console (`next build` first): graceful shutdown, the container image. Run by
        // scripts/test.sh after the build step.
        resolve: { alias },
        test: {
          name: 'built',
          allowOnly,
          include: ['test/built/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        // Several built replicas on PostgreSQL and Redis behind HAProxy (scripts/stack/replicas.ts): needs `next build`
        // first, so scripts/test.sh runs it after the build. One replica set per file, shared by its tests.
        resolve: { alias },
        test: {
          name: 'replicas',
          allowOnly,
          include: ['test/replicas/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
