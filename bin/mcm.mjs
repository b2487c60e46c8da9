#!/usr/bin/env node
// The `mcm` command. Runs the one-file bundle dist-server/mcm.mjs (`npm run build:server`) when it matches the sources,
// else the TypeScript CLI through tsx, so no build step is ever required and a stale bundle is never run.
// MCM_NO_BUNDLE=1 forces tsx; MCM_DEBUG_BUNDLE=1 prints which one was picked and why.
import { fileURLToPath } from 'node:url';
import { bundleChoice } from './server-bundle.mjs';

const choice = bundleChoice(fileURLToPath(new URL('..', import.meta.url)));
if (process.env.MCM_DEBUG_BUNDLE === '1') process.stderr.write(`mcm: ${choice.runner} (${choice.reason})\n`);

if (choice.runner === 'bundle') {
  // The bundle runs the CLI itself and sets process.exitCode.
  await import('../dist-server/mcm.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
