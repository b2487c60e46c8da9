// Benchmarks of the foundation: each figure is printed beside the raw library limit measured in the same run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { fixedClock, openCore, silentSink } from '../core/index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-bench-'));

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

function line(name: string, ours: number, raw: number, unit = 'ms') {
  process.stdout.write(`${name.padEnd(52)} ${ours.toFixed(1).padStart(9)} ${unit}  raw ${raw.toFixed(1).padStart(9)} ${unit}  ratio ${(ours / raw).toFixed(2)}×\n`);
}

async function main() {
  const N = 200_000;
  // Raw limit: one transaction of prepared inserts of audit-shaped rows.
  const raw = new Database(path.join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT, login TEXT, command TEXT, entity TEXT, after TEXT)');
  const ins = raw.prepare('INSERT INTO t (at, login, command, entity, after) VALUES (?, ?, ?, ?, ?)');
  const [, rawInsert] = time(() =>
    raw.transaction(() => {
      for (let i = 0; i < N; i++) ins.run('2026-12-03T10:00:00.000Z', `user${i % 7}`, i % 3 ? 'settings.set' : 'session.signIn', 'setting', `{"v":${i}}`);
    })(),
  );
  raw.exec('CREATE INDEX t_at ON t(at)');
  const [, rawPage] = time(() => {
    raw.prepare("SELECT count(*) FROM t WHERE command LIKE '%set%'").get();
    return raw.prepare("SELECT * FROM t WHERE command LIKE '%set%' ORDER BY id DESC LIMIT 50 OFFSET 1000").all();
  });

  // The same volume through the core: demo users, then the audit table filled by real mutations is too slow to
  // build here, so it is filled directly and then read through audit.list (command + grid SQL + envelope).
  const dbPath = path.join(dir, 'core.sqlite');
  const core = openCore({ dbPath, clock: fixedClock('2026-12-03T10:00:00Z'), logSink: silentSink });
  await core.invoke('demo.load', { scale: 'small' });
  const db = new Database(dbPath);
  const auditIns = db.prepare('INSERT INTO audit_log (at, user_login, command, entity, after_json) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < N; i++) auditIns.run('2026-12-03T10:00:00.000Z', `user${i % 7}`, i % 3 ? 'settings.set' : 'session.signIn', 'setting', `{"v":${i}}`);
  })();
  db.close();
  const session = ((await core.invoke('session.signIn', { login: 'admin', password: 'demo' })) as { data: { token: string } }).data.token;
  const [, corePage] = await timeAsync(() =>
    core.invoke('audit.list', { offset: 1000, limit: 50, filters: { command: { type: 'text', op: 'contains', value: 'set' } } }, { session }),
  );
  line(`audit.list page of ${N} rows, text filter (vs raw SQL)`, corePage, rawPage);

  // Dispatch overhead: a query command round trip vs the raw prepared statement it wraps.
  const M = 2000;
  const [, coreCalls] = await timeAsync(async () => {
    for (let i = 0; i < M; i++) await core.invoke('reference.list', { kind: 'federalDistricts' }, { session });
  });
  const rawDb = new Database(dbPath, { readonly: true });
  const [, rawCalls] = time(() => {
    for (let i = 0; i < M; i++) rawDb.prepare('SELECT code, name FROM federal_districts ORDER BY rowid').all();
  });
  line(`${M} × reference.list through dispatch (vs raw)`, coreCalls, rawCalls);
  process.stdout.write(`raw better-sqlite3 insert: ${Math.round(N / (rawInsert / 1000)).toLocaleString('ru-RU')} rows/s\n`);
  rawDb.close();
  core.close();
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
