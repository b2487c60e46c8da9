import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock';
import { openDatabase } from '../../../core/db/open';
import { CONTRACT_STATUSES, generateDemo, SCALES, type DemoSummary } from '../../../core/demo/generate';
import { FEDERAL_BANKS, REGIONAL_BANKS } from '../../../core/demo/names';
import { createRandom } from '../../../core/demo/random';
import { openCore, type Core, type Envelope } from '../../../core/index';
import { silentSink } from '../../../core/log';
import { validateCorrAccount, validateCounterpartyRequisites } from '../../../core/requisites';
import { SETTING_DEFS } from '../../../core/settings/definitions';

const NOW = '2026-12-03T10:00:00Z';
const TODAY = '2026-12-03';

let dir: string;
const opened: Core[] = [];

function newCore(name: string): Core {
  const core = openCore({ dbPath: path.join(dir, name), clock: fixedClock(NOW), logSink: silentSink });
  opened.push(core);
  return core;
}

function data<T>(env: Envelope): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.data as T;
}

function readOnly(core: Core): Database.Database {
  return new Database(core.dbPath, { readonly: true });
}

/** Every row of every table, in a stable order, for exact before/after and run-to-run comparisons. */
function dumpTables(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).raw().all()]));
}

async function signIn(core: Core, login: string): Promise<string> {
  return data<{ token: string }>(await core.invoke('session.signIn', { login, password: 'demo' })).token;
}

function rowCounts(d: Database.Database, tables: string[]): Record<string, number> {
  return Object.fromEntries(tables.map((t) => [t, d.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

let core: Core;
let db: Database.Database;
let summary: DemoSummary;
/** Rows the migrations themselves put in (reference data, the built-in CLI account). */
let baseline: Record<string, number>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcm-demo-'));
  core = newCore('a.sqlite');
  db = readOnly(core);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  baseline = rowCounts(db, tables);
  summary = data<DemoSummary>(await core.invoke('demo.load', { scale: 'small' }));
});

afterAll(() => {
  db?.close();
  for (const c of opened) c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as T;

describe('demo.load (small)', () => {
  it('reports the rows it added, matching the tables', () => {
    for (const [table, n] of Object.entries(summary.rows)) {
      expect(one<number>(`SELECT count(*) FROM ${table}`) - baseline[table], table).toBe(n);
    }
    expect(summary.today).toBe(TODAY);
    expect(summary.rows.users).toBe(6);
    expect(summary.rows.contracts).toBeGreaterThanOrEqual(290);
    expect(summary.rows.skus).toBe(40);
    expect(summary.rows.import_batches).toBe(4);
    // 3 full months at ~4 000 plus two days of December.
    expect(summary.rows.visits).toBeGreaterThan(3 * 3000);
    expect(summary.rows.visits).toBeLessThan(3 * 5000 + 1000);
  });

  it('writes one audit record for the command, with the summary', () => {
    const rows = all<{ command: string; entity: string; after_json: string }>(
      "SELECT command, entity, after_json FROM audit_log WHERE command = 'demo.load'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].entity).toBe('demo');
    expect(JSON.parse(rows[0].after_json)).toEqual(summary);
  });

  it('creates one user per role with login = role', () => {
    const rows = all<{ login: string; role: string; full_name: string }>(
      `SELECT u.login, r.role, u.full_name FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE u.login <> 'system' ORDER BY u.id`,
    );
    expect(rows.map((r) => [r.login, r.role])).toEqual(
      ['assistant', 'manager', 'legal', 'finance', 'director', 'admin'].map((r) => [r, r]),
    );
    for (const r of rows) expect(r.full_name).toMatch(/^[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+$/);
    // A single manager works across the whole country, so gets no scope rows.
    expect(summary.rows.user_scopes).toBe(0);
  });

  it('fills every company setting with a valid value', () => {
    const settings = Object.fromEntries(
      all<{ key: string; value: string }>('SELECT key, value FROM settings').map((r) => [r.key, r.value]),
    );
    // The company's requisites must all be there (documents and payment exports refuse without them); other settings
    // have defaults or are optional (the photo storage address).
    for (const def of SETTING_DEFS.filter((d) => d.key.startsWith('company.'))) {
      expect(settings[def.key], def.key).toBeTruthy();
      expect(def.check?.(settings[def.key], settings) ?? null, def.key).toBeNull();
    }
    expect(settings['company.edo_id']).toMatch(
      new RegExp(`^2BM-${settings['company.inn']}-${settings['company.kpp']}-\\d{21}$`),
    );
  });

  it('has a contract in every status, with dates consistent with today', () => {
    const byStatus = Object.fromEntries(
      all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM contracts GROUP BY status').map((r) => [
        r.status,
        r.n,
      ]),
    );
    for (const s of CONTRACT_STATUSES) expect(byStatus[s], s).toBeGreaterThan(0);
    expect(byStatus).toEqual(Object.fromEntries(Object.entries(summary.contractsByStatus)));

    const contracts = all<{
      number: string;
      status: string;
      start_date: string;
      end_date: string;
      signed_date: string | null;
      terminated_date: string | null;
      created_at: string;
    }>('SELECT * FROM contracts');
    for (const c of contracts) {
      const where = `${c.number} (${c.status})`;
      expect(c.number, where).toMatch(new RegExp(`^MK-${c.start_date.slice(0, 4)}-\\d{6}$`));
      expect(c.end_date >= c.start_date, where).toBe(true);
      expect(c.created_at < NOW, where).toBe(true);
      const signed = ['signed', 'active', 'expired', 'terminated'].includes(c.status);
      expect(c.signed_date !== null, where).toBe(signed);
      expect(c.terminated_date !== null, where).toBe(c.status === 'terminated');
      if (c.signed_date) expect(c.signed_date <= TODAY && c.signed_date <= c.start_date, where).toBe(true);
      if (c.status === 'active') expect(c.start_date <= TODAY && TODAY <= c.end_date, where).toBe(true);
      if (c.status === 'expired') expect(c.end_date < TODAY, where).toBe(true);
      if (c.status === 'signed') expect(c.start_date > TODAY, where).toBe(true);
      if (c.terminated_date) {
        expect(c.terminated_date > c.start_date && c.terminated_date <= c.end_date, where).toBe(true);
        expect(c.terminated_date < TODAY, where).toBe(true);
      }
    }
  });

  it('keeps creation times in causal order', () => {
    // Counterparties and staff exist before the contracts that name them; terms never predate their contract.
    expect(
      one<number>(
        `SELECT count(*) FROM contracts c JOIN counterparties p ON p.id = c.counterparty_id
         JOIN users u ON u.id = c.created_by
         WHERE p.created_at > c.created_at OR u.created_at > c.created_at OR c.updated_at < c.created_at`,
      ),
    ).toBe(0);
    expect(
      one<number>(
        `SELECT count(*) FROM terms_versions t JOIN contracts c ON c.id = t.contract_id
         WHERE t.created_at < c.created_at OR t.created_at > c.updated_at`,
      ),
    ).toBe(0);
    expect(one<number>(`SELECT count(*) FROM import_batches b WHERE b.created_at < (SELECT max(visit_date) FROM visits v WHERE v.batch_id = b.id)`)).toBe(0);
  });

  it('links 1–3 of the counterparty’s own outlets to each contract', () => {
    const bad = all(
      `SELECT c.number, count(*) AS n, sum(o.counterparty_id <> c.counterparty_id) AS foreign_outlets
       FROM contracts c JOIN contract_outlets co ON co.contract_id = c.id JOIN outlets o ON o.id = co.outlet_id
       GROUP BY c.id HAVING n NOT BETWEEN 1 AND 3 OR foreign_outlets > 0`,
    );
    expect(bad).toEqual([]);
    expect(one<number>('SELECT count(*) FROM contracts WHERE id NOT IN (SELECT contract_id FROM contract_outlets)')).toBe(0);
    expect(one<number>('SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM contract_outlets GROUP BY contract_id)')).toBe(3);
  });

  it('never covers an outlet by two non-terminated contracts of one category in overlapping periods', () => {
    const overlaps = all(
      `SELECT a.number, b.number FROM contracts a
       JOIN contract_outlets ao ON ao.contract_id = a.id
       JOIN contract_outlets bo ON bo.outlet_id = ao.outlet_id AND bo.contract_id > a.id
       JOIN contracts b ON b.id = bo.contract_id AND b.category = a.category
       WHERE a.status <> 'terminated' AND b.status <> 'terminated'
         AND a.start_date <= b.end_date AND b.start_date <= a.end_date`,
    );
    expect(overlaps).toEqual([]);
  });

  it('keeps fees in whole rubles within the category limits', () => {
    const bad = all(
      `SELECT t.id FROM terms_versions t JOIN contracts c ON c.id = t.contract_id
       JOIN contract_categories k ON k.code = c.category
       WHERE t.monthly_fee % 100 <> 0 OR t.monthly_fee NOT BETWEEN k.min_monthly_fee AND k.max_monthly_fee`,
    );
    expect(bad).toEqual([]);
    expect(one<number>('SELECT count(DISTINCT category) FROM contracts')).toBe(
      one<number>('SELECT count(*) FROM contract_categories'),
    );
  });

  it('gives each contract an initial terms version and some a supplement with a new fee', () => {
    expect(
      one<number>(
        `SELECT count(*) FROM contracts c WHERE (SELECT count(*) FROM terms_versions t
           WHERE t.contract_id = c.id AND t.reason = 'initial' AND t.effective_from = c.start_date) <> 1`,
      ),
    ).toBe(0);
    const supplements = all<{ status: string; from: string; start: string; end: string; fee: number; first: number }>(
      `SELECT c.status, t.effective_from AS "from", c.start_date AS start, coalesce(c.terminated_date, c.end_date) AS "end",
              t.monthly_fee AS fee,
              (SELECT monthly_fee FROM terms_versions f WHERE f.contract_id = c.id AND f.reason = 'initial') AS first
       FROM terms_versions t JOIN contracts c ON c.id = t.contract_id WHERE t.reason = 'supplement'`,
    );
    expect(supplements.length).toBeGreaterThan(0);
    for (const s of supplements) {
      expect(['active', 'expired', 'terminated']).toContain(s.status);
      expect(s.from > s.start && s.from <= s.end && s.from <= TODAY).toBe(true);
      expect(s.fee).not.toBe(s.first);
    }
    const perVersion = all<{ skus: number; eq: number; schedule: string | null }>(
      `SELECT (SELECT count(*) FROM terms_skus s WHERE s.terms_id = t.id) AS skus,
              (SELECT count(*) FROM terms_equipment e WHERE e.terms_id = t.id) AS eq, t.schedule
       FROM terms_versions t`,
    );
    for (const v of perVersion) {
      expect(v.skus).toBeGreaterThanOrEqual(3);
      expect(v.skus).toBeLessThanOrEqual(8);
      expect(v.eq).toBeLessThanOrEqual(2);
    }
    expect(perVersion.some((v) => v.schedule === 'Пн-Пт 08:00-22:00; Сб-Вс 10:00-20:00')).toBe(true);
    // Each supplement version is documented by a supplementary agreement pointing at it.
    const agreements = all<{ n: number; kind: string; same_date: number; author: string }>(
      `SELECT a.number AS n, a.kind, a.effective_from = t.effective_from AS same_date, u.login AS author
       FROM supplementary_agreements a JOIN terms_versions t ON t.id = a.terms_id AND t.contract_id = a.contract_id
       JOIN users u ON u.id = a.created_by`,
    );
    expect(agreements).toHaveLength(supplements.length);
    for (const a of agreements) {
      expect(a).toMatchObject({ n: '1', same_date: 1, author: 'legal' });
      expect(['fee_change', 'mixed']).toContain(a.kind);
    }
  });

  it('generates counterparties whose requisites all pass validation', () => {
    const rows = all<Record<string, string | null>>('SELECT * FROM counterparties');
    for (const r of rows) {
      const issues = validateCounterpartyRequisites({
        type: r.type ?? '',
        inn: r.inn,
        kpp: r.kpp,
        ogrn: r.ogrn,
        bik: r.bik,
        account: r.account,
        corr_account: r.corr_account,
      });
      expect(issues, `${r.name} ${r.inn}`).toEqual([]);
      if (r.type === 'ИП') {
        expect(r.kpp).toBeNull();
        expect(r.name).toMatch(/^ИП [А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\.$/);
      } else {
        expect(r.name).toMatch(/^(ООО|АО) «.+»$/);
      }
      if (r.edo_id) expect(r.edo_id.startsWith(`2BM-${r.inn}-`)).toBe(true);
    }
    const types = new Set(rows.map((r) => r.type));
    expect(types).toEqual(new Set(['ЮЛ', 'ИП']));
    const vat = all<{ vat_mode: string; n: number }>('SELECT vat_mode, count(*) AS n FROM counterparties GROUP BY vat_mode');
    expect(vat.map((v) => v.vat_mode).sort()).toEqual(['NO_VAT', 'VAT', 'VAT5', 'VAT7']);
    expect(vat.find((v) => v.vat_mode === 'VAT')!.n).toBeGreaterThan(rows.length / 2);
    expect(rows.filter((r) => r.edo_id).length).toBeGreaterThan(rows.length / 2);
    expect(new Set(rows.map((r) => r.inn)).size).toBe(rows.length);
  });

  it('uses real bank details that pass the key check', () => {
    for (const b of [...FEDERAL_BANKS, ...Object.values(REGIONAL_BANKS).flat()]) {
      expect(validateCorrAccount(b.corr, b.bik), b.name).toEqual({ ok: true });
    }
  });

  it('places outlets in all 8 federal districts, with reps and managers', () => {
    const districts = one<number>(
      'SELECT count(DISTINCT r.federal_district) FROM outlets o JOIN regions r ON r.code = o.region_code',
    );
    expect(districts).toBe(8);
    expect(one<number>("SELECT count(*) FROM outlets WHERE rep_code NOT GLOB 'TP-[0-9][0-9][0-9][0-9]'")).toBe(0);
    expect(
      one<number>(
        `SELECT count(*) FROM outlets o LEFT JOIN user_roles r ON r.user_id = o.manager_user_id AND r.role = 'manager'
         WHERE r.user_id IS NULL`,
      ),
    ).toBe(0);
  });

  it('imports visits as one batch per month with consistent counts', () => {
    const batches = all<{ id: number; kind: string; file_name: string; sha256: string; rows_read: number; rows_added: number }>(
      'SELECT * FROM import_batches ORDER BY id',
    );
    expect(batches.map((b) => b.file_name)).toEqual([
      'visits_2026-09.xlsx',
      'visits_2026-10.xlsx',
      'visits_2026-11.xlsx',
      'visits_2026-12.xlsx',
    ]);
    for (const b of batches) {
      expect(b.kind).toBe('signals');
      expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
      // One file row per signal, plus one per clean visit.
      const expected = one<number>(
        `SELECT (SELECT count(*) FROM visits v WHERE v.batch_id = ? AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.visit_row_id = v.id))
              + (SELECT count(*) FROM signals WHERE batch_id = ?)`,
        b.id,
        b.id,
      );
      expect(b.rows_read).toBe(expected);
      expect(b.rows_added).toBe(expected);
    }
    expect(one<number>("SELECT count(*) FROM visits WHERE visit_id NOT GLOB 'V-2026-[01][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'")).toBe(0);
    expect(one<number>("SELECT count(*) FROM visits WHERE substr(visit_id, 3, 7) <> substr(visit_date, 1, 7)")).toBe(0);
    expect(one<string>('SELECT max(visit_date) FROM visits')).toBe('2026-12-02');
    expect(one<string>('SELECT min(visit_date) FROM visits')).toBe('2026-09-01');
    expect(all<{ source: string }>('SELECT DISTINCT source FROM visits ORDER BY 1').map((r) => r.source)).toEqual(['IR', 'SFA']);
  });

  it('visits only outlets of signed contracts, with mostly clean visits', () => {
    expect(
      one<number>(
        `SELECT count(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM contract_outlets co JOIN contracts c ON c.id = co.contract_id
           WHERE co.outlet_id = v.outlet_id AND c.status IN ('signed', 'active', 'expired', 'terminated'))`,
      ),
    ).toBe(0);
    const flagged = one<number>('SELECT count(DISTINCT visit_row_id) FROM signals');
    expect(flagged).toBeGreaterThan(0);
    expect(flagged / summary.rows.visits).toBeLessThan(0.2);
  });

  it('keeps signals unique, typed, with objects that mostly match the contract terms', () => {
    expect(
      one<number>(
        'SELECT count(*) FROM (SELECT 1 FROM signals GROUP BY visit_row_id, signal_type, object_code HAVING count(*) > 1)',
      ),
    ).toBe(0);
    const types = all<{ signal_type: string }>('SELECT DISTINCT signal_type FROM signals ORDER BY 1');
    expect(types.map((t) => t.signal_type)).toEqual(['EQUIPMENT', 'OOS', 'SCHEDULE']);
    expect(one<number>("SELECT count(*) FROM signals WHERE signal_type = 'SCHEDULE' AND object_code <> ''")).toBe(0);
    expect(
      one<number>("SELECT count(*) FROM signals WHERE signal_type = 'OOS' AND object_code NOT IN (SELECT code FROM skus)"),
    ).toBe(0);
    expect(
      one<number>(
        "SELECT count(*) FROM signals WHERE signal_type = 'EQUIPMENT' AND object_code NOT IN (SELECT code FROM equipment_types)",
      ),
    ).toBe(0);
    // An OOS signal matches when the terms in force that day at a signed contract covering the outlet list the SKU.
    const oos = all<{ matched: number }>(
      `SELECT EXISTS (
         SELECT 1 FROM contract_outlets co JOIN contracts c ON c.id = co.contract_id
         JOIN terms_versions t ON t.contract_id = c.id
         JOIN terms_skus ts ON ts.terms_id = t.id JOIN skus k ON k.id = ts.sku_id
         WHERE co.outlet_id = v.outlet_id AND c.status IN ('signed', 'active', 'expired', 'terminated')
           AND v.visit_date BETWEEN c.start_date AND coalesce(c.terminated_date, c.end_date)
           AND t.effective_from = (SELECT max(effective_from) FROM terms_versions t2
                                   WHERE t2.contract_id = c.id AND t2.effective_from <= v.visit_date)
           AND k.code = s.object_code) AS matched
       FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE s.signal_type = 'OOS'`,
    );
    const matched = oos.filter((r) => r.matched).length;
    expect(matched / oos.length).toBeGreaterThan(0.6);
    expect(matched).toBeLessThan(oos.length);
  });

  it('produces identical content for the same seed and today', async () => {
    const other = newCore('b.sqlite');
    const again = data<DemoSummary>(await other.invoke('demo.load', { scale: 'small' }));
    expect(again).toEqual(summary);
    const otherDb = readOnly(other);
    try {
      expect(dumpTables(otherDb)).toEqual(dumpTables(db));
    } finally {
      otherDb.close();
    }
  });

  it('produces different content for another seed', async () => {
    const other = newCore('c.sqlite');
    const third = data<DemoSummary>(await other.invoke('demo.load', { scale: 'small', seed: 7 }));
    expect(third.seed).toBe(7);
    const otherDb = readOnly(other);
    try {
      const inns = (d: Database.Database) => d.prepare('SELECT inn FROM counterparties ORDER BY id').pluck().all();
      expect(inns(otherDb)).not.toEqual(inns(db));
    } finally {
      otherDb.close();
    }
  });

  it('lets the demo users sign in with password demo', async () => {
    const token = await signIn(core, 'admin');
    const me = data<{ login: string; permissions: string[] }>(await core.invoke('session.whoami', {}, { session: token }));
    expect(me.login).toBe('admin');
    expect(me.permissions).toContain('demo.load');
  });

  it('refuses a second load into a filled database and changes nothing', async () => {
    const token = await signIn(core, 'admin');
    const before = dumpTables(db);
    const res = await core.invoke('demo.load', { scale: 'small' }, { session: token });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('conflict');
      expect(res.error.message).toBe('В базе уже есть данные: демо-данные загружаются только в пустую базу');
    }
    expect(dumpTables(db)).toEqual(before);
  });

  it('refuses a load by a user without the permission, or by nobody once users exist', async () => {
    const token = await signIn(core, 'legal');
    const before = dumpTables(db);
    const byLegal = await core.invoke('demo.load', {}, { session: token });
    expect(byLegal.ok ? null : byLegal.error).toEqual({
      code: 'forbidden',
      message: 'Демо-данные может загрузить только администратор',
    });
    const anonymous = await core.invoke('demo.load', {});
    expect(anonymous.ok ? null : anonymous.error.code).toBe('forbidden');
    expect(dumpTables(db)).toEqual(before);
  });

  it('validates its input', async () => {
    const res = await newCore('d.sqlite').invoke('demo.load', { scale: 'huge' });
    expect(res.ok ? null : res.error.code).toBe('validation');
    const frac = await newCore('e.sqlite').invoke('demo.load', { seed: 1.5 });
    expect(frac.ok ? null : frac.error.code).toBe('validation');
  });
});

describe('generateDemo with custom sizes', () => {
  const sizes = { contracts: 24, counterparties: 10, outlets: 18, visitsPerMonth: 300, months: 1, extraManagers: 2 };

  function tiny(file: string, seed?: number) {
    const store = openDatabase(path.join(dir, file));
    const progress: [number, number, string][] = [];
    const result = store.transaction(() =>
      generateDemo(store, { scale: 'small', today: '2026-03-01', seed, sizes, onProgress: (d, t, s) => progress.push([d, t, s]) }),
    )();
    return { store, result, progress };
  }

  it('honours the sizes and still shows every status and district', () => {
    const { store, result, progress } = tiny('tiny.sqlite');
    try {
      expect(result.rows.counterparties).toBe(10);
      expect(result.rows.outlets).toBe(18);
      expect(result.rows.contracts).toBe(24);
      expect(result.rows.users).toBe(8);
      expect(CONTRACT_STATUSES.every((s) => result.contractsByStatus[s] > 0)).toBe(true);
      expect(
        store
          .prepare('SELECT count(DISTINCT r.federal_district) FROM outlets o JOIN regions r ON r.code = o.region_code')
          .pluck()
          .get(),
      ).toBe(8);
      // today is the 1st: only the full month before it, no partial current month.
      expect(store.prepare('SELECT file_name FROM import_batches').pluck().all()).toEqual(['visits_2026-02.xlsx']);
      expect(result.visitsFrom).toBe('2026-02-01');
      expect(result.visitsTo).toBe('2026-02-28');
      expect(store.prepare("SELECT count(*) FROM users WHERE login GLOB 'manager*'").pluck().get()).toBe(3);
      // Three managers share the 8 districts; each district belongs to exactly one of them.
      const scopes = store
        .prepare(
          `SELECT u.login, s.kind, s.code FROM user_scopes s JOIN users u ON u.id = s.user_id ORDER BY s.code`,
        )
        .all() as { login: string; kind: string; code: string }[];
      expect(scopes).toHaveLength(8);
      expect(new Set(scopes.map((r) => r.code)).size).toBe(8);
      expect(new Set(scopes.map((r) => r.login))).toEqual(new Set(['manager', 'manager2', 'manager3']));
      expect(result.rows.user_scopes).toBe(8);
      // Outlets are managed by the manager whose scope holds their district.
      expect(
        store
          .prepare(
            `SELECT count(*) FROM outlets o JOIN regions r ON r.code = o.region_code
             WHERE NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = o.manager_user_id AND s.code = r.federal_district)`,
          )
          .pluck()
          .get(),
      ).toBe(0);
      const last = progress[progress.length - 1];
      expect(last[2]).toBe('done');
      expect(last[0]).toBe(last[1]);
      for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
    } finally {
      store.close();
    }
  });

  it('leaves existing users, settings and catalogue entries alone', () => {
    const store = openDatabase(path.join(dir, 'existing.sqlite'));
    try {
      store
        .prepare("INSERT INTO users (login, full_name, password_hash, created_at) VALUES ('admin', 'Свой Админ', 'x', ?)")
        .run(NOW);
      store.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('company.name', 'ООО «Наша»', ?)").run(NOW);
      store.prepare("INSERT INTO skus (code, name) VALUES ('SKU-0001', 'Своя позиция')").run();
      const result = store.transaction(() => generateDemo(store, { scale: 'small', today: TODAY, sizes }))();
      expect(result.rows.users).toBe(7);
      expect(result.rows.settings).toBe(11);
      expect(result.rows.skus).toBe(39);
      expect(store.prepare("SELECT full_name FROM users WHERE login = 'admin'").pluck().get()).toBe('Свой Админ');
      expect(store.prepare("SELECT value FROM settings WHERE key = 'company.name'").pluck().get()).toBe('ООО «Наша»');
    } finally {
      store.close();
    }
  });

  it('refuses an impossible today', () => {
    const store = openDatabase(path.join(dir, 'bad-today.sqlite'));
    try {
      expect(() => generateDemo(store, { scale: 'small', today: '2026-02-30', sizes })).toThrow(RangeError);
      expect(() => generateDemo(store, { scale: 'small', today: '03.12.2026', sizes })).toThrow(RangeError);
    } finally {
      store.close();
    }
  });

  it('exposes the named scales', () => {
    expect(SCALES.small.contracts).toBe(300);
    expect(SCALES.large.contracts).toBe(20_000);
    expect(SCALES.large.visitsPerMonth).toBe(150_000);
    expect(SCALES.large.months).toBe(12);
  });
});

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 1000 }, () => a.int(3, 8));
    expect(Array.from({ length: 1000 }, () => b.int(3, 8))).toEqual(xs);
    expect(Math.min(...xs)).toBe(3);
    expect(Math.max(...xs)).toBe(8);
    const r = createRandom(1);
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(r.sample([1, 2, 3, 4, 5], 3)).size).toBe(3);
    expect(r.sample([1, 2], 5)).toHaveLength(2);
    expect(Array.from({ length: 200 }, () => r.weighted(['a', 'b'], [1, 0]))).not.toContain('b');
  });
});
