// `npm run load`: the team server under 200 simulated users on a large-scale database, on loopback, bounded in time.
// Mix per action: 70 % grid queries, 15 % approvals (a manager submits a draft, an approver decides a step),
// 10 % amnesties (a lawyer grants one on a matched signal), 5 % imports of a 5 000-row visits file. Prints
// throughput, p50/p95/p99 per command, errors; then integrity_check and the money invariants of contract_months.
//
//   node scripts/load.mjs [--seconds 60] [--users 200] [--think-ms 10000] [--port 4187] [--keep] [--server-log FILE]
// (fetch refuses a few "bad" ports such as 4190, so pick another one if the default is taken.)
//
// The large database is built once (`mcm demo --scale large`, minutes) and cached in os.tmpdir()/mcm-load; each run
// works on a copy, so runs are comparable. MCM_LOAD_SOURCE may name an existing large database to copy instead.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    users: { type: 'string', default: '200' },
    'think-ms': { type: 'string', default: '10000' },
    port: { type: 'string', default: '4187' },
    keep: { type: 'boolean', default: false },
    // The server's own log (every `slow command` line with its time on the core's thread), for finding where time goes.
    'server-log': { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const USERS = Number(args.users);
const THINK_MS = Number(args['think-ms']);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const IMPORT_ROWS = 5000;
const MIX = [
  ['grid', 0.7],
  ['approval', 0.15],
  ['amnesty', 0.1],
  ['import', 0.05],
];
// Targets of issue 11 on this 2-core machine.
const TARGET_QUERY_P95 = 200;
const TARGET_MUTATION_P95 = 500;

const log = (s) => process.stdout.write(s + '\n');

// --- the database ---------------------------------------------------------------------------------------------------

function cachedLargeDb() {
  const dir = path.join(os.tmpdir(), 'mcm-load');
  fs.mkdirSync(dir, { recursive: true });
  const cache = path.join(dir, 'large.sqlite');
  if (fs.existsSync(cache)) return cache;
  const source = process.env.MCM_LOAD_SOURCE;
  if (source && fs.existsSync(source)) {
    log(`Копирую большую базу из ${source}…`);
    fs.copyFileSync(source, cache + '.part');
  } else {
    log('Строю базу масштаба large (один раз, несколько минут)…');
    const r = spawnSync(process.execPath, ['bin/mcm.mjs', 'demo', '--scale', 'large', '--db', cache + '.part'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('mcm demo --scale large не удалось');
    for (const ext of ['-wal', '-shm']) fs.rmSync(cache + '.part' + ext, { force: true });
  }
  fs.renameSync(cache + '.part', cache);
  return cache;
}

/** What the simulated users act on, read once before the run: drafts per manager, free signals, codes. */
function loadFixtures(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const drafts = new Map();
    for (const r of db
      .prepare(
        `SELECT u.login, c.id FROM contracts c JOIN users u ON u.id = c.manager_user_id
         WHERE c.status = 'draft' ORDER BY c.id`,
      )
      .all()) {
      if (!drafts.has(r.login)) drafts.set(r.login, []);
      drafts.get(r.login).push(r.id);
    }
    const signals = db
      .prepare(
        `SELECT s.id FROM signals s JOIN visits v ON v.id = s.visit_row_id
         WHERE s.match_status = 'matched' AND s.amnesty_id IS NULL AND v.visit_date >= '2026-11-01'
         ORDER BY s.id`,
      )
      .pluck()
      .all();
    const outlets = db.prepare(`SELECT code FROM outlets ORDER BY id LIMIT 5000`).pluck().all();
    const skus = db.prepare(`SELECT code FROM skus ORDER BY code`).pluck().all();
    const logins = db.prepare(`SELECT login FROM users WHERE login <> 'system' AND is_active = 1 ORDER BY login`).pluck().all();
    return { drafts, signals, outlets, skus, logins };
  } finally {
    db.close();
  }
}

// --- the server -----------------------------------------------------------------------------------------------------

function startServer(dbPath) {
  const child = spawn(process.execPath, ['bin/mcm.mjs', 'serve', '--listen', `127.0.0.1:${PORT}`, '--db', dbPath], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let slow = 0;
  const serverLog = args['server-log'] ? fs.createWriteStream(args['server-log']) : null;
  child.stderr.on('data', (d) => {
    serverLog?.write(d);
    // The core logs every command over 200 ms; count them rather than flood the report.
    for (const line of String(d).split('\n')) if (line.includes('slow command')) slow++;
      else if (line.trim()) process.stderr.write(line + '\n');
  });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(BASE)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`сервер завершился с кодом ${code}: ${out}`)));
  });
  return {
    ready,
    slowCount: () => slow,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

// --- measuring ------------------------------------------------------------------------------------------------------

const samples = new Map(); // command → ms[]
const errors = new Map(); // "command: message" → count
let measuring = false;
let requestNo = 0;

async function call(name, input, session) {
  const started = performance.now();
  let env;
  try {
    const res = await fetch(`${BASE}/api/${name}`, {
      method: 'POST',
      // Named like the renderer names its calls, so long commands stream progress to the caller.
      headers: { 'content-type': 'application/json', 'x-mcm-request': `load-${++requestNo}`, ...(session ? { authorization: `Bearer ${session}` } : {}) },
      body: JSON.stringify(input),
    });
    env = await res.json();
  } catch (e) {
    env = { ok: false, error: { code: 'network', message: String(e?.cause?.message ?? e?.cause ?? e) } };
  }
  const ms = performance.now() - started;
  if (measuring) {
    if (!samples.has(name)) samples.set(name, []);
    samples.get(name).push(ms);
    if (!env.ok) {
      const key = `${name}: ${env.error.code}: ${env.error.message.slice(0, 120)}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    }
  }
  return env;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// --- what users do --------------------------------------------------------------------------------------------------

const GRID_COMMANDS = [
  ['contracts.list', () => ({})],
  ['signals.list', () => ({ month: '2026-11' })],
  ['penalties.contractMonths', () => ({ month: '2026-11' })],
  ['counterparties.list', () => ({})],
  ['outlets.list', () => ({})],
  ['amnesty.list', () => ({})],
  ['approvals.inbox', () => ({})],
];
const SORTS = [undefined]; // each grid's default order; column names differ per grid

function pick(list, rand = Math.random) {
  return list[Math.floor(rand() * list.length)];
}

let importNo = 0;
function visitsFile(fx) {
  const n = ++importNo;
  const lines = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source'];
  for (let i = 1; i <= IMPORT_ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const outlet = fx.outlets[(i * 7 + n * 131) % fx.outlets.length];
    const tail = i % 10 === 0 ? `;OOS;${fx.skus[i % fx.skus.length]};;;IR` : ';;;;;SFA';
    lines.push(`LOAD-${process.pid}-${n}-${i};${day}.11.2026;${outlet};R-${i % 40}${tail}`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n').toString('base64');
}

const EVIDENCE = fs.readFileSync(path.join(ROOT, 'tests/fixtures/amnesty/delivery-note.pdf')).toString('base64');

/** One action of a kind; the actor is a session of a login allowed to do it. */
async function act(kind, ctx) {
  const { fx, sessions, grids } = ctx;
  if (kind === 'grid') {
    const s = pick(sessions);
    const [name, extra] = pick(grids.get(s.login));
    return call(name, { offset: Math.floor(Math.random() * 5) * 50, limit: 50, sort: pick(SORTS), ...extra() }, s.token);
  }
  if (kind === 'approval') {
    // Decide a waiting step when an approver has one, else a manager sends a draft to approval.
    const approvers = ctx.approvers;
    const approver = pick(approvers);
    if (approver) {
      const inbox = await call('approvals.inbox', { offset: 0, limit: 20 }, approver.token);
      const steps = inbox.ok ? inbox.data.rows.filter((r) => !ctx.deciding.has(r.stepId)) : [];
      if (steps.length > 0) {
        const step = pick(steps);
        ctx.deciding.add(step.stepId);
        return call('approvals.decide', { stepId: step.stepId, decision: 'approve' }, approver.token);
      }
    }
    const managers = sessions.filter((s) => (fx.drafts.get(s.login) ?? []).length > 0);
    const m = pick(managers);
    if (!m) return null;
    return call('approvals.submit', { contractId: fx.drafts.get(m.login).pop() }, m.token);
  }
  if (kind === 'amnesty') {
    const lawyer = pick(sessions.filter((s) => s.login === 'legal'));
    const signalId = fx.signals.pop();
    if (!lawyer || signalId === undefined) return null;
    return call(
      'amnesty.grant',
      {
        signalIds: [signalId],
        reasonCode: 'DELIVERY_CONFIRMED',
        comment: 'Нагрузочный тест: поставка подтверждена накладной',
        evidence: [{ fileName: 'delivery-note.pdf', contentBase64: EVIDENCE }],
      },
      lawyer.token,
    );
  }
  const asst = pick(sessions.filter((s) => s.login === 'assistant'));
  if (!asst) return null;
  return call('signals.importFile', { fileName: `load-${importNo + 1}.csv`, contentBase64: visitsFile(fx), mode: 'commit' }, asst.token);
}

function chooseKind() {
  let r = Math.random();
  for (const [kind, share] of MIX) {
    if (r < share) return kind;
    r -= share;
  }
  return 'grid';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every open browser keeps an event stream; count what arrives so the report shows the fan-out worked. */
function openStreams(sessions) {
  const received = { changed: 0, inbox: 0, progress: 0 };
  const controllers = sessions.map((s) => {
    const ac = new AbortController();
    fetch(`${BASE}/api/events?session=${encodeURIComponent(s.token)}`, { signal: ac.signal })
      .then(async (res) => {
        const decoder = new TextDecoder();
        for await (const chunk of res.body) {
          for (const m of decoder.decode(chunk, { stream: true }).matchAll(/^event: (\w+)$/gm)) {
            if (m[1] in received) received[m[1]]++;
          }
        }
      })
      .catch(() => undefined);
    return ac;
  });
  return { received, close: () => controllers.forEach((c) => c.abort()) };
}

// --- the run --------------------------------------------------------------------------------------------------------

async function main() {
  const cache = cachedLargeDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-load-run-'));
  const dbPath = path.join(dir, 'run.sqlite');
  fs.copyFileSync(cache, dbPath);
  const fx = loadFixtures(dbPath);
  log(`База: ${dbPath} (копия ${cache}); черновиков ${[...fx.drafts.values()].reduce((a, b) => a + b.length, 0)}, свободных сигналов ${fx.signals.length}`);

  const server = startServer(dbPath);
  let failed = false;
  try {
    await server.ready;
    log(`Сервер: ${BASE} (команда: mcm serve --listen 127.0.0.1:${PORT})`);

    // 200 people sign in: each simulated user gets its own session, the logins spread over the demo users.
    const signInStarted = performance.now();
    measuring = true;
    const sessions = [];
    const queue = Array.from({ length: USERS }, (_, i) => fx.logins[i % fx.logins.length]);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let login; (login = queue.shift()); ) {
          const env = await call('session.signIn', { login, password: 'demo' });
          if (env.ok) sessions.push({ login, token: env.data.token });
        }
      }),
    );
    measuring = false;
    const signInSeconds = (performance.now() - signInStarted) / 1000;
    log(`Вошли ${sessions.length} из ${USERS} пользователей за ${signInSeconds.toFixed(1)} с`);
    if (sessions.length === 0) throw new Error(`никто не вошёл: ${[...errors.keys()][0] ?? ''}`);

    // Which grids each login may open (a refusal is the role model working, not a load error).
    const grids = new Map();
    for (const login of new Set(sessions.map((s) => s.login))) {
      const token = sessions.find((s) => s.login === login).token;
      const allowed = [];
      for (const g of GRID_COMMANDS) {
        const env = await call(g[0], { offset: 0, limit: 1, ...g[1]() }, token);
        if (env.ok) allowed.push(g);
      }
      grids.set(login, allowed);
    }

    // Whoever may open an approval inbox may decide steps (routes ask managers, assistants, lawyers, directors).
    const approvers = sessions.filter((s) => grids.get(s.login).some((g) => g[0] === 'approvals.inbox'));
    const ctx = { fx, sessions, grids, approvers, deciding: new Set() };
    const streams = openStreams(sessions);
    const kinds = new Map();
    const until = performance.now() + SECONDS * 1000;
    measuring = true;
    const started = performance.now();
    await Promise.all(
      sessions.map(async (_, i) => {
        // Users do not start in lockstep.
        await sleep((i / sessions.length) * THINK_MS);
        while (performance.now() < until) {
          const kind = chooseKind();
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          await act(kind, ctx);
          await sleep(THINK_MS * (0.5 + Math.random()));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    measuring = false;
    streams.close();

    report(elapsed, kinds, server.slowCount());
    const r = streams.received;
    log(`События по ${sessions.length} потокам SSE: changed ${r.changed}, inbox ${r.inbox}, progress ${r.progress}`);
  } catch (e) {
    failed = true;
    process.stderr.write(`Ошибка нагрузочного теста: ${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    await server.stop();
  }
  const checks = verify(dbPath);
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  else log(`База оставлена: ${dbPath}`);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  process.exitCode = failed || !checks || errorCount > 0 ? 1 : 0;
}

function report(elapsed, kinds, slow) {
  const rows = [];
  let total = 0;
  for (const [name, list] of [...samples.entries()].sort()) {
    const sorted = [...list].sort((a, b) => a - b);
    total += list.length;
    const errs = [...errors.entries()].filter(([k]) => k.startsWith(name + ':')).reduce((a, [, n]) => a + n, 0);
    rows.push([name, list.length, (list.length / elapsed).toFixed(1), percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), errs]);
  }
  log('');
  log(`Нагрузка: ${samples.size ? total : 0} запросов за ${elapsed.toFixed(1)} с — ${(total / elapsed).toFixed(1)} запросов/с; пауза пользователя ~${THINK_MS} мс`);
  log(`Действия: ${[...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}; медленных команд (>200 мс, журнал ядра): ${slow}`);
  const head = ['команда', 'запросов', 'в сек', 'p50 мс', 'p95 мс', 'p99 мс', 'ошибок'];
  const table = [head, ...rows.map((r) => r.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(0) : String(v))))];
  const widths = head.map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  for (const r of table) log(r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  '));
  const queries = [];
  const mutations = [];
  const short = [];
  for (const [name, list] of samples) {
    if (name === 'session.signIn') continue;
    (/\.(list|inbox|contractMonths)$/.test(name) ? queries : mutations).push(...list);
    // Imports hold the writer for a second or more by themselves; the writer's queue lets the short ones go first.
    if (!/\.(list|inbox|contractMonths)$/.test(name) && !/\.import/.test(name)) short.push(...list);
  }
  const p95 = (list) => percentile([...list].sort((a, b) => a - b), 95).toFixed(0);
  log(
    `Запросы-чтения p95 ${p95(queries)} мс (цель ≤ ${TARGET_QUERY_P95}); изменения p95 ${p95(mutations)} мс (цель ≤ ${TARGET_MUTATION_P95}), ` +
      `из них без импортов p95 ${p95(short)} мс`,
  );
  if (errors.size) {
    log('Ошибки:');
    for (const [k, n] of errors) log(`  ${n} × ${k}`);
  } else log('Ошибок нет.');
}

/** integrity_check and the money invariants of DOMAIN.md on the database after the run. */
function verify(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const bad = db
      .prepare(
        `SELECT
           SUM(payout < 0) AS negativePayout,
           SUM(penalty > month_fee) AS penaltyOverFee,
           SUM(payout <> month_fee - penalty) AS payoutMismatch,
           COUNT(*) AS rows
         FROM contract_months`,
      )
      .get();
    const ok = integrity === 'ok' && !bad.negativePayout && !bad.penaltyOverFee && !bad.payoutMismatch;
    log(
      `Проверка базы: integrity_check = ${integrity}; contract_months ${bad.rows} строк: выплата < 0 — ${bad.negativePayout ?? 0}, ` +
        `штраф > платы — ${bad.penaltyOverFee ?? 0}, выплата ≠ плата − штраф — ${bad.payoutMismatch ?? 0} → ${ok ? 'всё верно' : 'НАРУШЕНО'}`,
    );
    return ok;
  } finally {
    db.close();
  }
}

await main();
