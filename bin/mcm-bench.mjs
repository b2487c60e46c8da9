#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ and prints ratios against raw library limits.
import { readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
for (const file of readdirSync(new URL('../bench/', import.meta.url)).filter((f) => f.endsWith('.ts')).sort()) {
  process.stdout.write(`\n== ${file}\n`);
  await import(`../bench/${file}`);
}
