// Shared set-up of the fault tests: a demo store, a large signals file built from its codes, and child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openCore, silentSink } from '../../core/index';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A small demo store at dbPath (users, outlets, contracts, visits), built in-process. */
export async function demoStore(dbPath: string): Promise<void> {
  const core = openCore({ dbPath, logSink: silentSink });
  try {
    const env = await core.invoke('demo.load', { scale: 'small', seed: 7 });
    if (!env.ok) throw new Error(env.error.message);
  } finally {
    core.close();
  }
}

/** A signals CSV of `rows` rows over the store's own outlets and SKUs (all valid), visit ids prefixed `prefix`. */
export function signalsCsv(dbPath: string, rows: number, prefix: string): string {
  const db = new Database(dbPath, { readonly: true });
  const outlets = db.prepare('SELECT code FROM outlets ORDER BY id').pluck().all() as string[];
  const skus = db.prepare('SELECT code FROM skus ORDER BY id').pluck().all() as string[];
  db.close();
  const lines = ['ИД визита;Дата визита;Код ТТ;Код ТП;Тип сигнала;Код SKU;Источник'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`${prefix}-${i};${day}.11.2026;${outlets[i % outlets.length]};R-${i % 50};OOS;${skus[i % skus.length]};IR`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** Runs the real CLI (`node bin/mcm.mjs …`) as a child process. */
export function cli(args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(REPO, 'bin/mcm.mjs'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a child's output and waits for its exit. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

/** Counts rows of the tables an import writes. */
export function counts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const c = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { visits: c('visits'), signals: c('signals'), import_batches: c('import_batches'), audit_log: c('audit_log') };
  } finally {
    db.close();
  }
}

/** PRAGMA integrity_check of the file. */
export function integrity(dbPath: string): string {
  const db = new Database(dbPath);
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Resolves once fn() is true (polled every 10 ms), or rejects after ms. */
export async function until(fn: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Bytes in the database's WAL file (0 when there is none). */
export const walSize = (dbPath: string): number => fs.statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0;
