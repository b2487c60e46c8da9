#!/usr/bin/env node
// Bundles the CLI (with the browser-shell server) and the core worker into dist-server/*.mjs with Vite (rolldown), so
// `mcm serve` starts without compiling TypeScript through tsx on every thread. bin/mcm.mjs uses the bundle only while
// dist-server/stamp.json matches the sources (bin/server-bundle.mjs); `--if-stale` skips the build when it does.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_DIR, ENTRY_FILES, STAMP_FILE, bundleChoice, fingerprint, sourceEntries } from '../bin/server-bundle.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, BUNDLE_DIR);
// Built beside it and swapped in at the end, so a running `mcm` (or a parallel test) never sees half a bundle. Same
// depth as OUT_DIR: the relative source URLs baked in by sourceImportMetaUrl() hold in both places.
const BUILD_DIR = path.join(ROOT, `${BUNDLE_DIR}.build-${process.pid}`);
const CLI_ENTRY = 'virtual:mcm-cli';
const CLI_ENTRY_ID = '\0mcm-cli-entry';

// Native: better-sqlite3 must load its own .node file. tsx is never needed by bundled code.
const EXTERNAL = new Set(['better-sqlite3', ...builtinModules]);
const isExternal = (id) => id.startsWith('node:') || EXTERNAL.has(id) || EXTERNAL.has(id.split('/')[0]);

const toPosix = (p) => p.split(path.sep).join('/');

/**
 * Keeps every project module's import.meta.url pointing at its source file, as under tsx: the bundle then finds
 * migrations (core/db/migrations), import templates (resources/templates), package.json and dist/ exactly where the
 * sources do, with nothing copied that could go stale. The URL is built from the bundle's own at run time, so a
 * moved checkout still works.
 */
function sourceImportMetaUrl() {
  return {
    name: 'mcm-source-import-meta-url',
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('/node_modules/') || !code.includes('import.meta.url')) return null;
      const file = id.split('?')[0];
      if (!toPosix(path.relative(ROOT, file)).match(/^(cli|core|server)\//)) return null;
      const rel = toPosix(path.relative(OUT_DIR, file));
      return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), map: null };
    },
  };
}

// The CLI bundle runs itself, like bin/mcm.mjs does for the sources: `node dist-server/mcm.mjs commands` works.
function cliEntry() {
  const main = JSON.stringify(toPosix(path.join(ROOT, 'cli', 'main.ts')));
  return {
    name: 'mcm-cli-entry',
    resolveId: (id) => (id === CLI_ENTRY ? CLI_ENTRY_ID : null),
    // Imported dynamically: chunks that share modules with the CLI then import them from each other, never from this
    // entry, whose top-level await would otherwise wait on a chunk that waits on it.
    load: (id) => (id === CLI_ENTRY_ID ? `const { main } = await import(${main});\nprocess.exitCode = await main(process.argv.slice(2));\n` : null),
  };
}

/**
 * Builds one entry into dist-server/<fileName>. The CLI's dynamic imports become chunks of their own (`mcm serve`
 * then never compiles the core it runs in worker threads); the worker is one self-contained file.
 */
async function buildEntry(input, fileName, split = false) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    plugins: [cliEntry(), sourceImportMetaUrl()],
    // server/workerCore.ts starts dist-server/coreWorker.mjs instead of the tsx bootstrap when this is true.
    define: { __MCM_SERVER_BUNDLE__: 'true' },
    build: {
      ssr: true,
      outDir: BUILD_DIR,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input,
        external: isExternal,
        output: { format: 'es', entryFileNames: fileName, chunkFileNames: 'mcm-[name]-[hash].mjs', codeSplitting: split },
      },
    },
    // ssr mode would leave every dependency external; bundle all but the externals above (zod, xlsx, the core).
    ssr: { noExternal: true, target: 'node' },
  });
}

// Runs the bundled CLI once: proves it loads, finds its migrations (a fresh store is migrated) and lists commands.
function smokeCheck() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcm-srv-'));
  try {
    const res = spawnSync(process.execPath, [path.join(BUILD_DIR, ENTRY_FILES.cli), '--db', path.join(dir, 'smoke.sqlite'), 'commands'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, MCM_NO_BUNDLE: '' },
    });
    if (res.status !== 0 || !res.stdout.includes('session.info')) {
      throw new Error(`dist-server/mcm.mjs smoke check failed (exit ${res.status}):\n${res.stderr || res.stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv.includes('--if-stale') && bundleChoice(ROOT, {}).runner === 'bundle') return;
  const started = performance.now();
  // Taken before bundling: a source saved during the build makes the stamp (and so the bundle) stale at once.
  const stamp = { fingerprint: fingerprint(sourceEntries(ROOT)), builtAt: new Date().toISOString() };
  try {
    // Sequential: parallel Vite builds share one process and gain little on two cores.
    await buildEntry(CLI_ENTRY, ENTRY_FILES.cli, true);
    await buildEntry(path.join(ROOT, 'server', 'coreWorker.ts'), ENTRY_FILES.worker);
    if (!process.argv.includes('--no-smoke')) smokeCheck();
    await fs.writeFile(path.join(BUILD_DIR, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n');
    const old = `${BUILD_DIR}.old`;
    await fs.rename(OUT_DIR, old).catch(() => undefined);
    await fs.rename(BUILD_DIR, OUT_DIR);
    await fs.rm(old, { recursive: true, force: true });
  } finally {
    // A failed build leaves the previous bundle (which its stamp marks stale, if it is) and no debris.
    await fs.rm(BUILD_DIR, { recursive: true, force: true });
  }

  const sizes = [];
  for (const f of Object.values(ENTRY_FILES)) {
    const { size } = await fs.stat(path.join(OUT_DIR, f));
    sizes.push(`${f} ${(size / 1024).toFixed(1)} kB`);
  }
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`dist-server: ${sizes.join(', ')} — ${secs} s\n`);
}

main().catch((err) => {
  process.stderr.write(`build-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
