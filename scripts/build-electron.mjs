#!/usr/bin/env node
// Bundles the Electron main process, preload and core host into dist-electron/*.cjs with Vite (rolldown).
// Needs no Electron binary: it only compiles, and then loads coreHost.cjs in plain Node as a smoke check.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist-electron');
const MIGRATIONS_SRC = path.join(ROOT, 'core', 'db', 'migrations');

const ENTRIES = {
  main: 'electron/main.ts',
  preload: 'electron/preload.ts',
  coreHost: 'electron/coreHost.ts',
};

// Native or runtime-provided: better-sqlite3 must load its own .node file, electron exists only inside Electron.
const EXTERNAL = new Set(['electron', 'better-sqlite3', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isExternal = (id) => EXTERNAL.has(id) || EXTERNAL.has(id.split('/')[0]) || id.startsWith('node:');

// The core finds its SQL files next to itself via import.meta.url. A CJS bundle has no import.meta, so say
// explicitly what it means there: this bundle file (dist-electron/coreHost.cjs → dist-electron/migrations).
// Rolldown would polyfill it the same way for Node targets today; spelling it out keeps that from being luck.
const IMPORT_META_URL_CJS = 'require("node:url").pathToFileURL(__filename).href';

/** Builds one entry into dist-electron/<name>.cjs; each bundle is self-contained (no shared chunks). */
async function buildEntry(name, entry) {
  // The sandboxed preload may require only 'electron' (and a few polyfills), so it gets no node:url shim.
  const nodeTarget = name !== 'preload';
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    define: nodeTarget ? { 'import.meta.url': IMPORT_META_URL_CJS } : {},
    build: {
      ssr: path.join(ROOT, entry),
      outDir: OUT_DIR,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: {
          format: 'cjs',
          entryFileNames: `${name}.cjs`,
          codeSplitting: false,
        },
      },
    },
    // ssr mode would leave every dependency external; bundle all but the externals above (zod, the core).
    ssr: { noExternal: true, target: 'node' },
  });
}

// Import and document templates (core/reference/templates.ts looks for dist-electron/templates first): the packaged
// app ships dist-electron/, not resources/.
async function copyTemplates() {
  await fs.cp(path.join(ROOT, 'resources', 'templates'), path.join(OUT_DIR, 'templates'), { recursive: true });
}

async function copyMigrations() {
  const dest = path.join(OUT_DIR, 'migrations');
  await fs.mkdir(dest, { recursive: true });
  const files = (await fs.readdir(MIGRATIONS_SRC)).filter((f) => f.endsWith('.sql'));
  await Promise.all(files.map((f) => fs.copyFile(path.join(MIGRATIONS_SRC, f), path.join(dest, f))));
  return files.length;
}

// Loads the core bundle in plain Node with a fake parentPort, opens a throwaway store and runs one command.
// That proves import.meta.url resolves to dist-electron/migrations and that better-sqlite3 stays external.
const SMOKE = `
const { EventEmitter } = require('node:events');
const fs = require('node:fs'); const os = require('node:os'); const path = require('node:path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-smoke-'));
process.env.MCM_DB_PATH = path.join(dir, 'smoke.sqlite');
const port = new EventEmitter();
port.postMessage = (msg) => {
  if (msg.id !== 1) return;
  const ok = msg.envelope && msg.envelope.ok === false && msg.envelope.error.code === 'unknown_command';
  if (!ok) { console.error('unexpected reply: ' + JSON.stringify(msg)); process.exit(1); }
  port.emit('message', { data: { type: 'shutdown' } });
};
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
process.parentPort = port;
require(process.argv[1]);
port.emit('message', { data: { id: 1, name: 'smoke.noSuchCommand', input: {}, session: undefined } });
setTimeout(() => { console.error('no reply from coreHost within 10 s'); process.exit(1); }, 10000).unref();
`;

function smokeCheck() {
  const res = spawnSync(process.execPath, ['-e', SMOKE, path.join(OUT_DIR, 'coreHost.cjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20000,
  });
  if (res.status !== 0) {
    throw new Error(`coreHost.cjs smoke check failed (exit ${res.status}):\n${res.stderr || res.stdout}`);
  }
}

async function main() {
  const started = performance.now();
  await fs.rm(OUT_DIR, { recursive: true, force: true });
  // Sequential: parallel Vite builds share one process and gain little on two cores.
  for (const [name, entry] of Object.entries(ENTRIES)) await buildEntry(name, entry);
  const migrations = await copyMigrations();
  await copyTemplates();
  if (!process.argv.includes('--no-smoke')) smokeCheck();

  const sizes = [];
  for (const name of Object.keys(ENTRIES)) {
    const { size } = await fs.stat(path.join(OUT_DIR, `${name}.cjs`));
    sizes.push(`${name}.cjs ${(size / 1024).toFixed(1)} kB`);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`dist-electron: ${sizes.join(', ')}, ${migrations} migrations — ${secs} s\n`);
}

main().catch((err) => {
  process.stderr.write(`build-electron: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
