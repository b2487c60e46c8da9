// `npm run test:faults`: slow tests that kill processes and run two of them on one database. Kept out of `npm test`
// (its include is *.test.ts; these are *.fault.ts) and run by .ci/run after it.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
    include: ['tests/faults/**/*.fault.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
