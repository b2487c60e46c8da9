#!/usr/bin/env node
// `npm start`: runs the desktop app in Electron, or the browser shell when no Electron runtime can be had.
// Arguments after `--` go to whichever shell starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const DOWNLOAD_TIMEOUT_MS = 60_000;

const extraArgs = process.argv.slice(2);
if (extraArgs[0] === '--') extraArgs.shift();

/** Runs a Node build script with inherited output; a failed build stops the start with its exit code. */
function runNodeStep(script, args) {
  const res = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

/** Path of the Electron executable, or null when the package is there but its binary is not. */
function locateElectron() {
  try {
    const id = require.resolve('electron');
    // index.js reads path.txt once at load; drop the cached module so a fresh download is seen.
    delete require.cache[id];
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    // "Electron failed to install correctly": the postinstall that fetches the binary was skipped or failed.
    return null;
  }
}

/** Tries once to fetch the Electron runtime; returns a short reason when that fails. */
function tryDownloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD задан';
  let installer;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return 'пакет electron не установлен';
  }
  const res = spawnSync(process.execPath, [installer], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: DOWNLOAD_TIMEOUT_MS,
    // Captured, not shown: on a machine without internet its stack trace would bury the one line that matters.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.error?.code === 'ETIMEDOUT') return `загрузка не уложилась в ${DOWNLOAD_TIMEOUT_MS / 1000} с`;
  if (res.status === 0) return null;
  const output = `${res.stderr ?? ''}\n${res.stdout ?? ''}`;
  const net = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN)\b(\s+[\w.-]+)?/.exec(output);
  return net ? net[0] : `установщик завершился с кодом ${res.status}`;
}

/** Starts a long-running child with our stdio and hands it Ctrl+C / SIGTERM; exits with its code. */
function runForeground(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (err) => {
    process.stderr.write(`Не удалось запустить ${command}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// Vite's own bin through this Node (what `npx vite build` runs), so no shell is needed on Windows.
const viteBin = () => path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
if (!existsSync(path.join(ROOT, 'dist', 'index.html'))) runNodeStep(viteBin(), ['build']);
const bundles = ['main.cjs', 'preload.cjs', 'coreHost.cjs'].map((f) => path.join(ROOT, 'dist-electron', f));
if (!bundles.every((f) => existsSync(f))) runNodeStep(path.join(ROOT, 'scripts', 'build-electron.mjs'), []);

let electron = locateElectron();
let reason = null;
if (!electron) {
  reason = tryDownloadElectron();
  electron = locateElectron();
}

if (electron) {
  // Inherited from an `electron-as-node` tool, this would make Electron run main.cjs as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runForeground(electron, ['.', ...extraArgs], env);
} else {
  const why = reason ? `не удалось получить runtime: ${reason}` : 'не удалось получить runtime';
  process.stdout.write(`Electron недоступен на этой машине (${why}) — запускаю браузерную версию.\n`);
  // The bundled CLI starts in about a second instead of compiling TypeScript on every thread; a few seconds to build
  // when the sources changed. Not fatal: without a fresh bundle bin/mcm.mjs runs the sources through tsx.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.stdout.write('Сборка dist-server не удалась — запускаю из исходников (медленнее).\n');
  runForeground(process.execPath, [path.join(ROOT, 'bin', 'mcm.mjs'), 'serve', '--demo-if-empty', ...extraArgs]);
}
