// Starts the browser shell for Playwright on an empty database with a known launch token.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const port = process.argv[2] ?? '4181';
const dir = path.resolve('test-results', `e2e-db-${port}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const child = spawn(
  process.execPath,
  ['bin/mcm.mjs', 'serve', '--db', path.join(dir, 'mcm.sqlite'), '--port', port, '--token', 'e2e-launch-token'],
  { stdio: 'inherit' },
);
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
