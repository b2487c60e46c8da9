// Budget plan import and the plan/fact/forecast view on a small hand-computed world. Contracts, the contract_months
// cache and registries go in with plain SQL (other domains own them); the plan goes in through budget.importPlan.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open';
import { generateCounterpartyRequisites } from '../../../core/requisites';
import type { Role } from '../../../core/users/roles';
import { closeAfterTest, testCore, userCaller } from '../../helpers/core';

const NOW = '2026-12-03T10:00:00.000Z';
const USERS: { login: string; roles: Role[]; district?: string }[] = [
  { login: 'fin', roles: ['finance'] },
  { login: 'mgr', roles: ['manager'], district: 'ПФО' },
];

function xlsxUpload(rows: (string | number)[][], fileName = 'plan.xlsx') {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'План');
  return { fileName, contentBase64: Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' })).toString('base64') };
}

/**
 * K1 (Татарстан, ПФО) 300 000 ₽ a month and K2 (Москва, ЦФО) 100 000 ₽, both for 2026; K3 (Москва) 60 000 ₽ from
 * 2026-11-16; K4 (Москва) a draft, which has no fee. Penalties cached for June–August; an approved August registry and
 * a draft September one (a draft is not fact).
 */
function makeWorld() {
  const t = testCore(USERS.map((u) => ({ login: u.login, roles: u.roles })));
  const db = openDatabase(t.dbPath);
  closeAfterTest(db, t.core);
  for (const u of USERS) {
    if (!u.district) continue;
    const uid = db.prepare('SELECT id FROM users WHERE login = ?').pluck().get(u.login) as number;
    db.prepare("INSERT INTO user_scopes (user_id, kind, code) VALUES (?, 'district', ?)").run(uid, u.district);
  }
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const req = generateCounterpartyRequisites(rand, 'ЮЛ');
  const cp = Number(
    db
      .prepare(
        `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, created_at, updated_at)
         VALUES (?, 'ООО «Ромашка»', ?, ?, ?, 'VAT', ?, ?, ?, 'Банк', ?, ?)`,
      )
      .run(req.type, req.inn, req.kpp, req.ogrn, req.bik, req.account, req.corr_account, NOW, NOW).lastInsertRowid,
  );
  const outlet = (code: string, region: string) =>
    Number(db.prepare('INSERT INTO outlets (code, name, region_code, counterparty_id) VALUES (?, ?, ?, ?)').run(code, `Магазин ${code}`, region, cp).lastInsertRowid);
  const kazan = outlet('TT-016', '16');
  const moscow = outlet('TT-077', '77');
  const contract = (number: string, outletId: number, fee: number, start: string, end: string, status = 'active') => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO contracts (number, counterparty_id, category, start_date, end_date, status, signed_date, created_at, updated_at)
           VALUES (?, ?, 'BEVERAGES', ?, ?, ?, ?, ?, ?)`,
        )
        .run(number, cp, start, end, status, status === 'draft' ? null : '2025-12-20', NOW, NOW).lastInsertRowid,
    );
    db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)').run(id, outletId);
    db.prepare('INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, created_at) VALUES (?, ?, ?, ?, ?)').run(id, start, fee, 'Пн-Вс 09:00-21:00', NOW);
    return id;
  };
  const K1 = contract('MK-2026-000001', kazan, 30_000_000, '2026-01-01', '2026-12-31');
  const K2 = contract('MK-2026-000002', moscow, 10_000_000, '2026-01-01', '2026-12-31');
  contract('MK-2026-000003', moscow, 6_000_000, '2026-11-16', '2027-06-30');
  contract('MK-2026-000004', moscow, 50_000_000, '2026-01-01', '2026-12-31', 'draft');

  const cm = db.prepare(
    `INSERT INTO contract_months (contract_id, month, month_fee, penalty_bp, penalty, payout, vat, payout_total, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const cache = (id: number, month: string, fee: number, penalty: number) => cm.run(id, month, fee, 0, penalty, fee - penalty, fee - penalty, NOW);
  // ПФО shares: 10 %, 0 %, 20 % → 10 %. ЦФО: 10 %, no cached month in July, 25 % → 17.5 %.
  cache(K1, '2026-06', 30_000_000, 3_000_000);
  cache(K1, '2026-07', 30_000_000, 0);
  cache(K1, '2026-08', 30_000_000, 6_000_000);
  cache(K2, '2026-06', 10_000_000, 1_000_000);
  cache(K2, '2026-08', 10_000_000, 2_500_000);

  const registry = (month: string, status: string) =>
    Number(
      db
        .prepare('INSERT INTO registries (month, number, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(month, `Р-${month}-1`, status, NOW, NOW).lastInsertRowid,
    );
  const lineStmt = db.prepare(
    `INSERT INTO registry_lines (registry_id, kind, contract_id, month, contract_number, contract_date, counterparty_id, counterparty_name,
       counterparty_type, inn, vat_mode, region_code, federal_district, month_fee, penalty, payout, vat_rate_bp, vat, total)
     VALUES (?, ?, ?, ?, 'MK', '2025-12-20', ?, 'ООО «Ромашка»', 'ЮЛ', ?, 'VAT', ?, ?, 0, 0, ?, 0, 0, ?)`,
  );
  const line = (reg: number, kind: string, contractId: number, month: string, region: string, fd: string, payout: number) =>
    lineStmt.run(reg, kind, contractId, month, cp, req.inn, region, fd, payout, payout);
  const aug = registry('2026-08', 'approved');
  line(aug, 'payout', K1, '2026-08', '16', 'ПФО', 24_000_000);
  line(aug, 'payout', K2, '2026-08', '77', 'ЦФО', 7_500_000);
  // An adjustment for June paid in the August registry counts in August.
  line(aug, 'adjustment', K2, '2026-06', '77', 'ЦФО', 500_000);
  const sep = registry('2026-09', 'draft');
  line(sep, 'payout', K1, '2026-09', '16', 'ПФО', 27_000_000);
  const { call, ok } = userCaller(t);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { t, db, call, ok: ok as <T = any>(login: string, name: string, input?: unknown) => Promise<T> };
}

// budget_plan is WITHOUT ROWID, so it is read in key order here rather than through dumpTable.
const plan = (w: { db: ReturnType<typeof openDatabase> }) =>
  w.db.prepare('SELECT * FROM budget_plan ORDER BY federal_district, month').all() as Record<string, unknown>[];

type Row = { federalDistrict: string; month: string; plan: number | null; fact: number | null; forecast: number | null };

describe('budget plan import', () => {
  it('imports a good file: codes and names of districts, months in several spellings, rubles with kopecks', async () => {
    const w = makeWorld();
    const file = xlsxUpload([
      ['Федеральный округ', 'Месяц', 'Сумма, ₽'],
      ['ЦФО', '2026-08', '8 000 000,00'],
      ['Приволжский федеральный округ', '08.2026', 25_000_000.5],
      ['пфо', 'сентябрь 2026', '26 000 000'],
      ['Центральный', '2026-09-15', '9000000.99'],
    ]);
    const preview = await w.ok('fin', 'budget.importPlan', { ...file, mode: 'preview' });
    expect(preview).toMatchObject({ committed: false, added: 4, rejected: 0, errors: [] });
    expect(plan(w)).toEqual([]);

    const res = await w.ok('fin', 'budget.importPlan', { ...file, mode: 'commit' });
    expect(res).toMatchObject({ committed: true, added: 4, updated: 0 });
    const rows = plan(w).map((r) => [r.federal_district, r.month, r.amount]);
    expect(rows.sort()).toEqual(
      [
        ['ПФО', '2026-08', 2_500_000_050],
        ['ПФО', '2026-09', 2_600_000_000],
        ['ЦФО', '2026-08', 800_000_000],
        ['ЦФО', '2026-09', 900_000_099],
      ].sort(),
    );
    const batch = w.db.prepare("SELECT id FROM import_batches WHERE kind = 'budget_plan'").pluck().get();
    expect(plan(w).every((r) => r.batch_id === batch)).toBe(true);

    // The same file again changes nothing; a new amount updates the row.
    expect(await w.ok('fin', 'budget.importPlan', { ...file, mode: 'commit' })).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    const again = xlsxUpload([['ФО', 'Месяц', 'Сумма'], ['ЦФО', '2026-08', '8 100 000']]);
    expect(await w.ok('fin', 'budget.importPlan', { ...again, mode: 'commit' })).toMatchObject({ updated: 1 });
    expect(w.db.prepare("SELECT amount FROM budget_plan WHERE federal_district = 'ЦФО' AND month = '2026-08'").pluck().get()).toBe(810_000_000);
  });

  it('a file with one bad row changes nothing and reports the row', async () => {
    const w = makeWorld();
    await w.ok('fin', 'budget.importPlan', { ...xlsxUpload([['Федеральный округ', 'Месяц', 'Сумма, ₽'], ['ЦФО', '2026-08', '100']]), mode: 'commit' });
    const before = plan(w);
    const bad = xlsxUpload([
      ['Федеральный округ', 'Месяц', 'Сумма, ₽'],
      ['ЦФО', '2026-08', '200'],
      ['Атлантида', '2026-09', '300'],
      ['ПФО', '2026-09', '-5'],
      ['ПФО', '13.2026', '5'],
    ]);
    const res = await w.ok('fin', 'budget.importPlan', { ...bad, mode: 'commit' });
    expect(res).toMatchObject({ committed: false, rejected: 3 });
    expect(res.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'Федеральный округ'],
      [4, 'Сумма, ₽'],
      [5, 'Месяц'],
    ]);
    expect(res.reportXlsxBase64).toEqual(expect.any(String));
    expect(plan(w)).toEqual(before);
  });

  it('only finance and admin import; the template is served', async () => {
    const w = makeWorld();
    const file = xlsxUpload([['Федеральный округ', 'Месяц', 'Сумма, ₽'], ['ПФО', '2026-08', '100']]);
    expect(await w.call('mgr', 'budget.importPlan', { ...file, mode: 'commit' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const tpl = await w.ok('mgr', 'budget.template', {});
    expect(tpl.fileName).toBe('budget-plan.xlsx');
    // The template itself imports cleanly.
    expect(await w.ok('fin', 'budget.importPlan', { ...tpl, mode: 'preview' })).toMatchObject({ rejected: 0, added: 4 });
  });
});

describe('budget view', () => {
  it('plan, fact and forecast per district and month, computed by hand', async () => {
    const w = makeWorld();
    await w.ok('fin', 'budget.importPlan', {
      ...xlsxUpload([['Федеральный округ', 'Месяц', 'Сумма, ₽'], ['ЦФО', '2026-08', '80 000'], ['ЦФО', '2026-09', '90 000'], ['ПФО', '2026-09', '260 000']]),
      mode: 'commit',
    });
    const v = await w.ok('fin', 'budget.view', { from: '2026-07', to: '2026-12' });
    expect(v).toMatchObject({ lastFactMonth: '2026-08', forecastFrom: '2026-09', trailingMonths: ['2026-06', '2026-07', '2026-08'] });
    expect(v.districts).toHaveLength(8);
    expect(v.rows).toHaveLength(8 * 6);
    const get = (fd: string, month: string) => v.rows.find((r: Row) => r.federalDistrict === fd && r.month === month);
    const pick = (fd: string, month: string) => {
      const r = get(fd, month);
      return [r.plan, r.fact, r.forecast];
    };
    // Past months: fact (0 when nothing was paid), no forecast. The draft September registry is not fact.
    expect(pick('ПФО', '2026-07')).toEqual([null, 0, null]);
    expect(pick('ПФО', '2026-08')).toEqual([null, 24_000_000, null]);
    // ЦФО August: 75 000 ₽ payout + 5 000 ₽ June adjustment paid in August.
    expect(pick('ЦФО', '2026-08')).toEqual([8_000_000, 8_000_000, null]);
    // ПФО forecast: K1 300 000 ₽ × (1 − 10 %) = 270 000 ₽ each coming month.
    expect(pick('ПФО', '2026-09')).toEqual([26_000_000, null, 27_000_000]);
    expect(pick('ПФО', '2026-12')).toEqual([null, null, 27_000_000]);
    // ЦФО forecast, share 17.5 %: September 100 000 ₽ × 0.825 = 82 500 ₽; November adds K3 for 15 of 30 days
    // (30 000 ₽) → 130 000 × 0.825 = 107 250 ₽; December 160 000 × 0.825 = 132 000 ₽. The draft K4 adds nothing.
    expect(pick('ЦФО', '2026-09')).toEqual([9_000_000, null, 8_250_000]);
    expect(pick('ЦФО', '2026-10')).toEqual([null, null, 8_250_000]);
    expect(pick('ЦФО', '2026-11')).toEqual([null, null, 10_725_000]);
    expect(pick('ЦФО', '2026-12')).toEqual([null, null, 13_200_000]);
    // A district without contracts forecasts zero.
    expect(pick('СЗФО', '2026-09')).toEqual([null, null, 0]);
    expect(v.shares.find((s: { federalDistrict: string }) => s.federalDistrict === 'ЦФО').shareBp).toBe(1_750);
    expect(v.shares.find((s: { federalDistrict: string }) => s.federalDistrict === 'ПФО').shareBp).toBe(1_000);

    expect(v.totals).toEqual({ plan: 8_000_000 + 9_000_000 + 26_000_000, fact: 32_000_000, forecast: 4 * 27_000_000 + 8_250_000 * 2 + 10_725_000 + 13_200_000 });
    expect(v.byMonth.find((m: { month: string }) => m.month === '2026-08')).toEqual({ month: '2026-08', plan: 8_000_000, fact: 32_000_000, forecast: null });
    expect(v.byMonth.find((m: { month: string }) => m.month === '2026-11')).toEqual({ month: '2026-11', plan: null, fact: null, forecast: 27_000_000 + 10_725_000 });

    // One district only.
    const cfo = await w.ok('fin', 'budget.view', { from: '2026-07', to: '2026-12', federalDistrict: 'ЦФО' });
    expect(cfo.rows.map((r: Row) => r.federalDistrict)).toEqual(Array(6).fill('ЦФО'));
  });

  it('a Volga manager sees the Volga district only; bad ranges are refused in Russian', async () => {
    const w = makeWorld();
    const v = await w.ok('mgr', 'budget.view', { from: '2026-08', to: '2026-09' });
    expect(v.rows.map((r: Row) => [r.federalDistrict, r.month, r.fact, r.forecast])).toEqual([
      ['ПФО', '2026-08', 24_000_000, null],
      ['ПФО', '2026-09', null, 27_000_000],
    ]);
    expect(await w.call('fin', 'budget.view', { from: '2026-09', to: '2026-08' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await w.call('fin', 'budget.view', { from: '2023-12', to: '2026-12' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Период не длиннее 36 месяцев') } });
  });
});
