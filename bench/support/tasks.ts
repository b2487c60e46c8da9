// The measured work of the scale bench, one task per child process, so that each figure comes with its own peak RSS
// and no task inherits another's heap. Entry: `node --import tsx bench/support/tasks.ts <task> <json args>`; the last
// stdout line is `@@result <json>`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { fixedClock, openCore, silentSink, type Core } from '../../core/index';
import { openDatabase } from '../../core/db/open';
import type { WritableDb } from '../../core/db/types';
import { generateDemo, type DemoSizes } from '../../core/demo/generate';
import { monthEnd, monthStart } from '../../core/penalties/dates';
import { matchSignals, type ContractMonthKey } from '../../core/penalties/match';
import { rebuildAll, recomputeContractMonths } from '../../core/penalties/recompute';
import { ActivityTally } from '../../core/signals/activity';
import { GRID_QUERIES } from './gridQueries';
import { BENCH_MONTH, BENCH_TODAY, DAILY_ROWS } from './scales';

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

const NOW_ISO = `${BENCH_TODAY}T12:00:00.000Z`;
const HEADER = ['visit_id', 'visit_date', 'outlet_code', 'rep_code', 'signal_type', 'sku_code', 'equipment_code', 'photo_ref', 'source'];

function ms(t: number): number {
  return Math.round((performance.now() - t) * 10) / 10;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Wall and CPU time of a section. The machine is shared, so wall time swings with the load; the process's CPU time
 * (user + system, every thread) is what the same work costs on an idle core, and the targets are judged on it.
 */
function stopwatch() {
  const t = performance.now();
  const c = process.cpuUsage();
  return () => {
    const d = process.cpuUsage(c);
    return { ms: round1(performance.now() - t), cpuMs: round1((d.user + d.system) / 1000) };
  };
}

function checkpoint(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Demo database at the given sizes, matched and with the contract-month cache filled, like `demo.load` does. */
function generate(a: Args): Result {
  const t = performance.now();
  const db = openDatabase(String(a.dbPath));
  const summary = db.transaction(() => {
    const s = generateDemo(db, { scale: 'large', sizes: a.sizes as DemoSizes, today: BENCH_TODAY });
    rebuildAll(db, NOW_ISO);
    return s;
  })();
  checkpoint(db);
  db.close();
  return { ms: ms(t), rows: summary.rows };
}

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function csvText(rows: string[][]): string {
  const esc = (s: string) => (/[";\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  // Semicolons and a BOM: what Excel in a Russian locale saves.
  return '\uFEFF' + rows.map((r) => r.map(esc).join(';')).join('\r\n') + '\r\n';
}

/**
 * Writes the bench month as the files a user would import (XLSX, CSV, and a 5 000-row daily CSV of late visits),
 * then removes that month's visits from the database so the import brings it back.
 */
function prepare(a: Args): Result {
  const dir = String(a.dir);
  const db = openDatabase(String(a.dbPath));
  const from = monthStart(BENCH_MONTH);
  const to = monthEnd(BENCH_MONTH);
  const raw = db
    .prepare(
      `SELECT v.visit_id, v.visit_date, o.code, v.rep_code, s.signal_type, s.object_code, s.photo_ref, v.source
       FROM visits v JOIN outlets o ON o.id = v.outlet_id LEFT JOIN signals s ON s.visit_row_id = v.id
       WHERE v.visit_date BETWEEN ? AND ? ORDER BY v.id, s.id`,
    )
    .raw()
    .all(from, to) as [string, string, string, string | null, string | null, string | null, string | null, string | null][];
  const rows = raw.map(([visitId, date, outlet, rep, type, obj, photo, source]) => [
    visitId,
    ddmmyyyy(date),
    outlet,
    rep ?? '',
    type ?? '',
    type === 'OOS' ? (obj ?? '') : '',
    type === 'EQUIPMENT' ? (obj ?? '') : '',
    photo ?? '',
    source ?? '',
  ]);
  const t = performance.now();
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), 'Визиты');
  fs.writeFileSync(path.join(dir, 'month.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  fs.writeFileSync(path.join(dir, 'month.csv'), csvText([HEADER, ...rows]));
  // Late visits of the month's first days (new visit ids): the file of the incremental recalculation.
  const daily = rows.slice(0, DAILY_ROWS).map((r) => [`${r[0]}-L`, ...r.slice(1)]);
  fs.writeFileSync(path.join(dir, 'daily.csv'), csvText([HEADER, ...daily]));
  const writeMs = ms(t);

  db.transaction(() => {
    const pairs = db
      .prepare(
        `SELECT DISTINCT s.contract_id AS contractId, substr(v.visit_date, 1, 7) AS month
         FROM visits v JOIN signals s ON s.visit_row_id = v.id
         WHERE v.visit_date BETWEEN ? AND ? AND s.contract_id IS NOT NULL`,
      )
      .all(from, to) as ContractMonthKey[];
    const batches = db.prepare('SELECT DISTINCT batch_id FROM visits WHERE visit_date BETWEEN ? AND ?').pluck().all(from, to) as (number | null)[];
    db.prepare('DELETE FROM signals WHERE visit_row_id IN (SELECT id FROM visits WHERE visit_date BETWEEN ? AND ?)').run(from, to);
    db.prepare('DELETE FROM visits WHERE visit_date BETWEEN ? AND ?').run(from, to);
    const dropBatch = db.prepare(
      'DELETE FROM import_batches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM visits WHERE batch_id = ?) AND NOT EXISTS (SELECT 1 FROM signals WHERE batch_id = ?)',
    );
    for (const b of batches) if (b !== null) dropBatch.run(b, b, b);
    recomputeContractMonths(db, pairs, NOW_ISO);
  })();
  checkpoint(db);
  db.close();
  return { rows: rows.length, signals: raw.filter((r) => r[4] !== null).length, writeMs };
}

async function signIn(core: Core, login: string): Promise<string> {
  const env = (await core.invoke('session.signIn', { login, password: 'demo' })) as { ok: boolean; data: { token: string } };
  if (!env.ok) throw new Error(`sign-in of ${login} failed: ${JSON.stringify(env)}`);
  return env.data.token;
}

function openBenchCore(dbPath: string): Core {
  return openCore({ dbPath, clock: fixedClock(NOW_ISO), logSink: silentSink });
}

/** One commit of a signals file through the command table, as the renderer sends it (base64). */
async function importFile(a: Args): Promise<Result> {
  const file = String(a.file);
  const core = openBenchCore(String(a.dbPath));
  const session = await signIn(core, 'assistant');
  const contentBase64 = fs.readFileSync(file).toString('base64');
  const sw = stopwatch();
  const env = (await core.invoke(
    'signals.importFile',
    { fileName: path.basename(file), contentBase64, mode: 'commit' },
    { session },
  )) as { ok: boolean; data?: Record<string, unknown>; error?: unknown };
  const took = sw();
  core.close();
  if (!env.ok || !env.data?.committed) {
    const d = env.data as { errors?: unknown[]; message?: string } | undefined;
    throw new Error(`import failed: ${JSON.stringify(env.error ?? d?.message)} ${JSON.stringify(d?.errors?.slice(0, 3))}`);
  }
  const d = env.data;
  return { ...took, rowsRead: d.rowsRead, visitsAdded: d.visitsAdded, signalsAdded: d.signalsAdded, matched: d.matched, contractMonths: d.contractMonths };
}

function bindable(v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'number' || typeof v === 'string' ? v : String(v);
}

/** The raw floor on the same file: SheetJS parse alone, then a bare prepared insert of its rows in one transaction. */
function floor(a: Args): Result {
  const bytes = fs.readFileSync(String(a.file));
  let sw = stopwatch();
  const wb = XLSX.read(bytes, { type: 'buffer', dense: true });
  const sheet = wb.Sheets[wb.SheetNames[0]];
  const data = (sheet['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const parse = sw();
  const db = new Database(String(a.dbPath));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE rows (${HEADER.map((h) => `${h} TEXT`).join(', ')})`);
  const ins = db.prepare(`INSERT INTO rows VALUES (${HEADER.map(() => '?').join(', ')})`);
  sw = stopwatch();
  db.transaction(() => {
    for (let r = 1; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      ins.run(bindable(row[0]?.v), bindable(row[1]?.v), bindable(row[2]?.v), bindable(row[3]?.v), bindable(row[4]?.v), bindable(row[5]?.v), bindable(row[6]?.v), bindable(row[7]?.v), bindable(row[8]?.v));
    }
  })();
  const insert = sw();
  db.close();
  return {
    ms: round1(parse.ms + insert.ms),
    cpuMs: round1(parse.cpuMs + insert.cpuMs),
    parseMs: parse.ms,
    parseCpuMs: parse.cpuMs,
    insertMs: insert.ms,
    insertCpuMs: insert.cpuMs,
    rows: data.length - 1,
  };
}

/** Reads a bench CSV written by `prepare` (no quoting needed: the demo's values hold no `;`). */
function readBenchCsv(file: string): string[][] {
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '');
  return lines.slice(1).map((l) => l.split(';'));
}

/** Inserts daily rows as one committed batch, the way an import's insert phase does; returns the batch id. */
function insertDaily(db: WritableDb, rows: string[][]): number {
  const outlets = new Map(db.prepare('SELECT code, id FROM outlets').raw().all() as [string, number][]);
  const batchId = Number(
    db
      .prepare(`INSERT INTO import_batches (kind, file_name, sha256, created_at, rows_read, rows_added) VALUES ('signals', 'daily.csv', 'bench', ?, ?, ?)`)
      .run(NOW_ISO, rows.length, rows.length).lastInsertRowid,
  );
  const insVisit = db.prepare('INSERT INTO visits (visit_id, visit_date, outlet_id, rep_code, source, batch_id) VALUES (?, ?, ?, ?, ?, ?)');
  // Signals carry their visit's date, outlet and id (migration 011), and the dashboard counts are tallied, as the import does.
  const insSignal = db.prepare(
    'INSERT INTO signals (visit_row_id, signal_type, object_code, photo_ref, batch_id, visit_date, outlet_id, visit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const tally = new ActivityTally();
  const ids = new Map<string, number>();
  for (const [visitId, date, outlet, rep, type, sku, equipment, photo, source] of rows) {
    const iso = `${date.slice(6, 10)}-${date.slice(3, 5)}-${date.slice(0, 2)}`;
    const outletId = outlets.get(outlet)!;
    let id = ids.get(visitId);
    if (id === undefined) {
      id = Number(insVisit.run(visitId, iso, outletId, rep || null, source || null, batchId).lastInsertRowid);
      ids.set(visitId, id);
      tally.add(iso, outletId, '');
    }
    if (type) {
      insSignal.run(id, type, sku || equipment || '', photo || null, batchId, iso, outletId, visitId);
      tally.add(iso, outletId, type);
    }
  }
  tally.flush(db);
  return batchId;
}

/**
 * Full recalculation of every contract-month (from an emptied cache, so every row is computed and written), the full
 * re-match + recalculation, and the incremental one after a 5 000-row daily file (match its signals, recompute the
 * contract-months they touch).
 */
function recompute(a: Args): Result {
  const db = openDatabase(String(a.dbPath));
  const cached = db.prepare('SELECT count(*) FROM contract_months').pluck().get() as number;
  let full = { ms: 0, cpuMs: 0 };
  let fullSummary: unknown;
  db.transaction(() => {
    db.exec('DELETE FROM contract_months');
    const sw = stopwatch();
    fullSummary = recomputeContractMonths(db, 'all', NOW_ISO);
    full = sw();
  })();
  const sw = stopwatch();
  const rebuildSummary = db.transaction(() => rebuildAll(db, NOW_ISO))();
  const rebuild = sw();

  const daily = readBenchCsv(String(a.dailyFile));
  let incremental = { ms: 0, cpuMs: 0 };
  let match = { ms: 0, cpuMs: 0 };
  let incSummary: unknown;
  db.transaction(() => {
    const batchId = insertDaily(db, daily);
    const swInc = stopwatch();
    const m = matchSignals(db, { batchId });
    match = swInc();
    incSummary = { matched: m.matched, pairs: m.affected.length, ...recomputeContractMonths(db, m.affected, NOW_ISO) };
    incremental = swInc();
  })();
  db.close();
  return {
    cached,
    full,
    fullSummary,
    rebuild,
    rebuildSummary,
    incremental,
    incrementalMatch: match,
    incSummary,
    dailyRows: daily.length,
  };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

async function timeInvoke(core: Core, name: string, input: unknown, session: string): Promise<{ ms: number; cpuMs: number }> {
  const sw = stopwatch();
  const env = (await core.invoke(name, input, { session })) as { ok: boolean; error?: unknown };
  const took = sw();
  if (!env.ok) throw new Error(`${name}: ${JSON.stringify(env.error)}`);
  return took;
}

/** Median and p95 of wall and CPU times. */
function summarize(xs: { ms: number; cpuMs: number }[]) {
  const wall = xs.map((x) => x.ms);
  const cpu = xs.map((x) => x.cpuMs);
  return { median: quantile(wall, 0.5), p95: quantile(wall, 0.95), cpuMedian: quantile(cpu, 0.5), cpuP95: quantile(cpu, 0.95) };
}

// One input fits every dashboard command: zod objects drop the keys a command does not take.
const DASHBOARD_INPUT = { month: BENCH_MONTH, to: BENCH_MONTH, months: 12, outletId: 1, rules: { OOS: 1500 } };

/** The grid page queries (each several times, the first one cold), then the dashboard and registry commands if present. */
async function queries(a: Args): Promise<Result> {
  const reps = Number(a.reps ?? 5);
  const core = openBenchCore(String(a.dbPath));
  const sessions = new Map<string, string>();
  const sessionOf = async (login: string) => sessions.get(login) ?? (sessions.set(login, await signIn(core, login)), sessions.get(login)!);
  const grid: ({ name: string } & ReturnType<typeof summarize>)[] = [];
  const all: { ms: number; cpuMs: number }[] = [];
  for (const q of GRID_QUERIES) {
    const session = await sessionOf(q.login);
    const samples: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < reps; i++) samples.push(await timeInvoke(core, 'signals.list', { limit: 100, ...q.input }, session));
    grid.push({ name: q.name, ...summarize(samples) });
    all.push(...samples);
  }

  const names = core.commandNames();
  const director = await sessionOf('director');
  const dashboard: ({ name: string; note?: string } & Partial<ReturnType<typeof summarize>>)[] = [];
  for (const name of names.filter((n) => n.startsWith('dashboard.'))) {
    const samples: { ms: number; cpuMs: number }[] = [];
    let note: string | undefined;
    for (let i = 0; i < 5 && !note; i++) {
      try {
        samples.push(await timeInvoke(core, name, DASHBOARD_INPUT, director));
      } catch (e) {
        note = String((e as Error).message).slice(0, 160);
      }
    }
    dashboard.push({ name, note, ...(samples.length ? summarize(samples) : {}) });
  }
  let registry: ({ note?: string } & Partial<{ ms: number; cpuMs: number }>) | null = null;
  if (names.includes('payments.buildRegistry')) {
    const session = await signIn(core, 'finance');
    try {
      registry = await timeInvoke(core, 'payments.buildRegistry', { month: BENCH_MONTH }, session);
    } catch (e) {
      registry = { note: String((e as Error).message).slice(0, 160) };
    }
  }
  core.close();
  return { grid, all: summarize(all), dashboard, registry };
}

const TASKS: Record<string, (a: Args) => Result | Promise<Result>> = { generate, prepare, importFile, floor, recompute, queries };

const [task, json] = process.argv.slice(2);
const run = TASKS[task];
if (!run) throw new Error(`unknown bench task ${task}`);
const result = await run(JSON.parse(json ?? '{}') as Args);
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`@@result ${JSON.stringify({ ...result, maxRssMb })}\n`);
