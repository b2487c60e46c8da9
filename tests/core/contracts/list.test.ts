import { describe, expect, it } from 'vitest';
import { listStatementForExplain } from '../../../core/contracts/repo';
import { listInput } from '../../../core/contracts/schemas';
import { insertContract, makeWorld, NOW, type World } from './fixtures';

type Row = { number: string; [k: string]: unknown };

/** Six contracts over three regions, statuses and categories; MK-5 has a fee change in force today. */
function seed(w: World) {
  const ids = {
    a: insertContract(w, { number: 'MK-1', status: 'active', startDate: '2026-01-01', endDate: '2026-12-20', outlets: ['TT-001', 'TT-002'], monthlyFee: 2_000_000 }),
    b: insertContract(w, { number: 'MK-2', status: 'on_approval', outlets: ['TT-003'], monthlyFee: 1_000_000, createdBy: w.users.asst }),
    c: insertContract(w, { number: 'MK-3', status: 'draft', category: 'SNACKS', outlets: ['TT-004'], monthlyFee: 3_000_000 }),
    d: insertContract(w, { number: 'MK-4', status: 'signed', counterpartyId: w.cp.ip, startDate: '2026-12-10', endDate: '2027-01-02', outlets: ['TT-101'], monthlyFee: 500_000, managerUserId: w.users.mgr77, createdBy: w.users.mgr77 }),
    e: insertContract(w, { number: 'MK-5', status: 'active', counterpartyId: w.cp.ip, startDate: '2026-06-01', endDate: '2027-05-31', outlets: ['TT-102'], monthlyFee: 700_000, managerUserId: null, createdBy: w.users.mgr77 }),
    f: insertContract(w, { number: 'MK-6', status: 'on_approval', category: 'DAIRY', outlets: ['TT-001'], monthlyFee: 900_000, createdBy: w.users.mgr }),
  };
  w.db.prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at, reason) VALUES (?, '2026-11-01', 800000, ?, 'supplement')").run(ids.e, NOW);
  w.db.prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at, reason) VALUES (?, '2027-02-01', 999999, ?, 'supplement')").run(ids.e, NOW);
  return ids;
}

async function list(w: World, login: string, req: Record<string, unknown> = {}): Promise<{ rows: Row[]; total: number }> {
  return w.ok(login, 'contracts.list', req);
}
const numbers = (p: { rows: Row[] }) => p.rows.map((r) => r.number);

describe('contracts.list', () => {
  it('returns the grid columns, newest first', async () => {
    const w = makeWorld();
    seed(w);
    const page = await list(w, 'adm');
    expect(page.total).toBe(6);
    expect(numbers(page)).toEqual(['MK-6', 'MK-5', 'MK-4', 'MK-3', 'MK-2', 'MK-1']);
    expect(page.rows.find((r) => r.number === 'MK-1')).toEqual({
      id: 1,
      number: 'MK-1',
      counterpartyId: w.cp.good,
      counterpartyName: 'ООО «Ромашка»',
      counterpartyInn: '7707083893',
      category: 'BEVERAGES',
      categoryName: 'Напитки',
      managerUserId: w.users.mgr,
      managerName: 'Тест mgr',
      startDate: '2026-01-01',
      endDate: '2026-12-20',
      signedDate: null,
      terminatedDate: null,
      status: 'active',
      statusName: 'Действует',
      monthlyFee: 2_000_000,
      outletsCount: 2,
      regionCode: '16',
      regionName: 'Республика Татарстан',
      federalDistrict: 'ПФО',
    });
  });

  it('shows the fee of the terms version in force today, and the first one before the start', async () => {
    const w = makeWorld();
    seed(w);
    const page = await list(w, 'adm', { sort: [{ col: 'number', dir: 'asc' }] });
    expect(page.rows.map((r) => [r.number, r.monthlyFee])).toEqual([
      ['MK-1', 2_000_000],
      ['MK-2', 1_000_000],
      ['MK-3', 3_000_000],
      ['MK-4', 500_000],
      ['MK-5', 800_000],
      ['MK-6', 900_000],
    ]);
  });

  it('pages with offset/limit and a stable total', async () => {
    const w = makeWorld();
    seed(w);
    const sort = [{ col: 'number', dir: 'asc' }];
    const p1 = await list(w, 'adm', { limit: 4, sort });
    const p2 = await list(w, 'adm', { offset: 4, limit: 4, sort });
    expect([p1.total, p2.total]).toEqual([6, 6]);
    expect([...numbers(p1), ...numbers(p2)]).toEqual(['MK-1', 'MK-2', 'MK-3', 'MK-4', 'MK-5', 'MK-6']);
  });

  it('sorts by computed columns with the id as tie-breaker', async () => {
    const w = makeWorld();
    seed(w);
    expect(numbers(await list(w, 'adm', { sort: [{ col: 'monthlyFee', dir: 'desc' }] }))).toEqual(['MK-3', 'MK-1', 'MK-2', 'MK-6', 'MK-5', 'MK-4']);
    expect(numbers(await list(w, 'adm', { sort: [{ col: 'regionName', dir: 'asc' }, { col: 'outletsCount', dir: 'desc' }] }))).toEqual([
      'MK-1', 'MK-6', 'MK-3', 'MK-2', 'MK-5', 'MK-4',
    ]);
  });

  it('filters by column', async () => {
    const w = makeWorld();
    seed(w);
    const f = async (filters: Record<string, unknown>) => numbers(await list(w, 'adm', { filters, sort: [{ col: 'number', dir: 'asc' }] }));
    expect(await f({ status: { type: 'set', values: ['active', 'signed'] } })).toEqual(['MK-1', 'MK-4', 'MK-5']);
    expect(await f({ category: { type: 'text', op: 'equals', value: 'snacks' } })).toEqual(['MK-3']);
    expect(await f({ federalDistrict: { type: 'set', values: ['ЦФО'] } })).toEqual(['MK-4', 'MK-5']);
    expect(await f({ endDate: { type: 'date', op: 'inRange', from: '2026-12-01', to: '2027-01-31' } })).toEqual(['MK-1', 'MK-4']);
    expect(await f({ monthlyFee: { type: 'number', op: 'greaterThan', from: 900_000 } })).toEqual(['MK-1', 'MK-2', 'MK-3']);
    expect(await f({ managerName: { type: 'text', op: 'contains', value: 'mgr77' } })).toEqual(['MK-4']);
    expect(await w.call('adm', 'contracts.list', { filters: { password: { type: 'text', op: 'equals', value: 'x' } } })).toMatchObject({
      ok: false,
      error: { code: 'validation', message: 'Неизвестная колонка таблицы: password' },
    });
  });

  it('searches number, INN, counterparty name (any case, ё = е) and outlet code', async () => {
    const w = makeWorld();
    seed(w);
    const s = async (search: string) => numbers(await list(w, 'adm', { search, sort: [{ col: 'number', dir: 'asc' }] }));
    expect(await s('mk-4')).toEqual(['MK-4']);
    expect(await s('7707083')).toEqual(['MK-1', 'MK-2', 'MK-3', 'MK-6']);
    expect(await s('РОМАШ')).toEqual(['MK-1', 'MK-2', 'MK-3', 'MK-6']);
    expect(await s('петров петр')).toEqual(['MK-4', 'MK-5']);
    expect(await s('tt-102')).toEqual(['MK-5']);
    expect(await s('TT-00')).toEqual(['MK-1', 'MK-2', 'MK-3', 'MK-6']);
    expect(await s('%')).toEqual([]);
  });

  it('preset expiring30: signed/active contracts ending within 30 days of today', async () => {
    const w = makeWorld();
    seed(w);
    insertContract(w, { number: 'MK-7', status: 'draft', endDate: '2026-12-15', startDate: '2026-12-01', outlets: ['TT-004'], category: 'DAIRY' });
    insertContract(w, { number: 'MK-8', status: 'expired', startDate: '2026-01-01', endDate: '2026-12-02', outlets: ['TT-003'], category: 'DAIRY' });
    const page = await list(w, 'adm', { preset: 'expiring30', sort: [{ col: 'endDate', dir: 'asc' }] });
    expect(numbers(page)).toEqual(['MK-1', 'MK-4']);
    expect(page.total).toBe(2);
  });

  it('preset mineOnApproval: pending steps of my roles or my name, and my own contracts on approval', async () => {
    const w = makeWorld();
    const ids = seed(w);
    const g = insertContract(w, { number: 'MK-7', status: 'on_approval', category: 'DAIRY', outlets: ['TT-004'], createdBy: w.users.asst });
    const instance = (contractId: number) =>
      Number(w.db.prepare("INSERT INTO approval_instances (contract_id, route_id, annual_value, submitted_by, submitted_at, status) VALUES (?, 2, 1, ?, ?, 'in_progress')").run(contractId, w.users.asst, NOW).lastInsertRowid);
    const step = (inst: number, no: number, role: string, status: string, userId: number | null = null) =>
      w.db.prepare("INSERT INTO approval_steps (instance_id, step_no, role, user_id, quorum, due_hours, status) VALUES (?, ?, ?, ?, 'any', 8, ?)").run(inst, no, role, userId, status);
    const ib = instance(ids.b);
    step(ib, 1, 'manager', 'approved');
    step(ib, 2, 'legal', 'pending');
    const iff = instance(ids.f);
    step(iff, 1, 'assistant', 'pending');
    const ig = instance(g);
    step(ig, 1, 'legal', 'pending', w.users.fin); // a named person: only they see it
    // A quorum step the lawyer already approved waits for other lawyers, not for this one.
    const h = insertContract(w, { number: 'MK-8', status: 'on_approval', category: 'SNACKS', outlets: ['TT-001'], createdBy: w.users.asst });
    const ih = instance(h);
    const sh = Number(step(ih, 1, 'legal', 'pending').lastInsertRowid);
    w.db.prepare("INSERT INTO approval_decisions (step_id, user_id, decision, at) VALUES (?, ?, 'approve', ?)").run(sh, w.users.lawyer, NOW);
    const mine = async (login: string) => numbers(await list(w, login, { preset: 'mineOnApproval', sort: [{ col: 'number', dir: 'asc' }] }));
    expect(await mine('lawyer')).toEqual(['MK-2']);
    expect(await mine('asst')).toEqual(['MK-2', 'MK-6', 'MK-7', 'MK-8']); // MK-2, MK-7 and MK-8 are the assistant's own
    expect(await mine('mgr')).toEqual(['MK-6']);
    expect(await mine('fin')).toEqual(['MK-7']);
    expect(await mine('adm')).toEqual([]);
  });

  it('limits rows and totals to the user scope: a contract is in scope when any of its outlets is', async () => {
    const w = makeWorld();
    seed(w);
    // A contract spanning Татарстан and Москва is seen by both scoped managers.
    w.db.prepare('INSERT INTO outlets (code, name, region_code, counterparty_id) VALUES (?, ?, ?, ?)').run('TT-103', 'Магазин', '16', w.cp.ip);
    const both = insertContract(w, { number: 'MK-9', status: 'active', category: 'DAIRY', counterpartyId: w.cp.ip, outlets: ['TT-101'] });
    w.db.prepare("INSERT INTO contract_outlets (contract_id, outlet_id) SELECT ?, id FROM outlets WHERE code = 'TT-103'").run(both);
    const pfo = await list(w, 'mgr', { sort: [{ col: 'number', dir: 'asc' }] });
    expect(numbers(pfo)).toEqual(['MK-1', 'MK-2', 'MK-3', 'MK-6', 'MK-9']);
    expect(pfo.total).toBe(5);
    const msk = await list(w, 'mgr77', { sort: [{ col: 'number', dir: 'asc' }], limit: 2 });
    expect(numbers(msk)).toEqual(['MK-4', 'MK-5']);
    expect(msk.total).toBe(3);
    expect((await list(w, 'mgr77', { search: 'ромашка' })).total).toBe(0);
    expect((await list(w, 'adm')).total).toBe(7);
    expect((await w.ok('mgr77', 'contracts.get', { id: both })).number).toBe('MK-9');
  });
});

describe('contracts.list on 20 000 contracts', () => {
  it('answers a page, a sorted page, a search and a scoped count quickly, with indexed lookups', async () => {
    const w = makeWorld();
    const db = w.db;
    const N = 20_000;
    db.transaction(() => {
      const ins = db.prepare(
        `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, '2026-01-01', ?, ?, ?, ?, ?)`,
      );
      const link = db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)');
      const terms = db.prepare("INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, created_at) VALUES (?, '2026-01-01', ?, ?)");
      const outlets = Object.values(w.outlets);
      const statuses = ['active', 'active', 'signed', 'draft', 'expired'];
      const cats = ['BEVERAGES', 'SNACKS', 'DAIRY', 'CONFECTIONERY'];
      for (let i = 1; i <= N; i++) {
        const end = `2027-${String((i % 12) + 1).padStart(2, '0')}-15`;
        const id = Number(ins.run(`MK-2026-${String(i).padStart(6, '0')}`, w.cp.good, cats[i % 4], w.users.mgr, end, statuses[i % 5], w.users.mgr, NOW, NOW).lastInsertRowid);
        link.run(id, outlets[i % outlets.length]);
        if (i % 3 === 0) link.run(id, outlets[(i + 1) % outlets.length]);
        terms.run(id, 100_000 + (i % 977) * 1000, NOW);
      }
    })();
    db.exec('ANALYZE');

    const timed = async (login: string, req: Record<string, unknown>) => {
      const t0 = performance.now();
      const page = await list(w, login, req);
      return { ms: performance.now() - t0, page };
    };
    // Sign in first, so the timings measure the query and not the password hash.
    await list(w, 'adm', { limit: 1, filters: { id: { type: 'number', op: 'equals', from: 1 } } });
    await list(w, 'mgr77', { limit: 1, filters: { id: { type: 'number', op: 'equals', from: 1 } } });
    const first = await timed('adm', { limit: 100 });
    expect(first.page.total).toBe(N);
    const byFee = await timed('adm', { limit: 100, offset: 19_900, sort: [{ col: 'monthlyFee', dir: 'desc' }] });
    expect(byFee.page.rows).toHaveLength(100);
    const search = await timed('adm', { search: 'TT-101', limit: 50 });
    expect(search.page.total).toBeGreaterThan(0);
    const scoped = await timed('mgr77', { limit: 100, filters: { status: { type: 'set', values: ['active'] } } });
    const scopedCount = db
      .prepare(
        `SELECT count(DISTINCT c.id) FROM contracts c JOIN contract_outlets co ON co.contract_id = c.id JOIN outlets o ON o.id = co.outlet_id
         WHERE o.region_code = '77' AND c.status = 'active'`,
      )
      .pluck()
      .get();
    expect(scoped.page.total).toBe(scopedCount);
    if (process.env.MCM_EXPLAIN) console.log([first, byFee, search, scoped].map((t) => Math.round(t.ms)));
    for (const t of [first, byFee, search, scoped]) expect(t.ms).toBeLessThan(1000);

    // The plans: contracts scanned once; everything else looked up by primary key or index — no full scan of the
    // terms, outlets or contract_outlets tables per row. The default page needs no join at all.
    const user = { id: w.users.adm, login: 'adm', fullName: 'adm', roles: ['admin' as const], scope: { districts: [], regions: [] } };
    const planOf = (req: Record<string, unknown>) => {
      const st = listStatementForExplain(db, user, listInput.parse(req), '2026-12-03');
      return (db.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).all(...st.params) as { detail: string }[]).map((r) => r.detail);
    };
    expect(planOf({ limit: 100 })).toEqual(['SCAN c']);
    const plan = planOf({ limit: 100, sort: [{ col: 'monthlyFee', dir: 'desc' }, { col: 'regionName', dir: 'asc' }], search: 'TT-1' });
    if (process.env.MCM_EXPLAIN) console.log(plan.join('\n'));
    const scans = plan.filter((d) => /^SCAN /.test(d));
    expect(scans.filter((d) => !/^SCAN (c|scp|o2 USING COVERING INDEX)\b/.test(d))).toEqual([]);
    expect(plan.some((d) => /SEARCH tv USING (INDEX|PRIMARY KEY|COVERING INDEX) .*contract_id/.test(d))).toBe(true);
    expect(plan.some((d) => /SEARCH fco USING PRIMARY KEY \(contract_id=\?\)/.test(d))).toBe(true);
  }, 60_000);
});
