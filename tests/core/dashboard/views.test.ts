// Chart series, the cycle-time histogram, what-if and the timeline on the dashboard fixture, with hand-computed numbers.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { amnestyInput, makeDashboardWorld } from './world';

describe('chart series', () => {
  it('trend: twelve months ending with the chosen one, fees/penalties/amnesties/payouts per month', async () => {
    const w = await makeDashboardWorld();
    const t = await w.ok('fin', 'dashboard.trend', { to: '2026-04', months: 12 });
    expect(t.map((p: { month: string }) => p.month)).toEqual([
      '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04',
    ]);
    expect(t[0]).toMatchObject({ contracts: 0, monthFee: 0, penalty: 0, amnesties: 0 });
    // April: C1 4 000 000 with the equipment signal (100 %), C4 1 000 000 clean; C2 was terminated in March.
    expect(t[11]).toMatchObject({ contracts: 2, monthFee: 5_000_000, penalty: 4_000_000, payout: 1_000_000, amnesties: 0 });
    expect(t[10]).toMatchObject({ contracts: 3, monthFee: 5_516_129, penalty: 1_606_452 });
  });

  it('by district: each district of the month; the bars add up to the whole when no contract spans districts', async () => {
    const w = await makeDashboardWorld();
    const d = await w.ok('fin', 'dashboard.byDistrict', { month: '2026-03' });
    expect(d.map((r: { federalDistrict: string; contracts: number; monthFee: number; penalty: number; payout: number; penaltyShareBp: number }) => [r.federalDistrict, r.contracts, r.monthFee, r.penalty, r.payout, r.penaltyShareBp])).toEqual([
      ['ЦФО', 1, 1_000_000, 100_000, 900_000, 1000],
      // C1 + C4: 1 506 452 / 4 516 129 = 33.357 % → 3336 bp.
      ['ПФО', 2, 4_516_129, 1_506_452, 3_009_677, 3336],
    ]);
    // The manager (ПФО) sees his district only.
    expect((await w.ok('mgr', 'dashboard.byDistrict', { month: '2026-03' })).map((r: { federalDistrict: string }) => r.federalDistrict)).toEqual(['ПФО']);
  });

  it('violations: signals by type and visits per month', async () => {
    const w = await makeDashboardWorld();
    const v = await w.ok('fin', 'dashboard.violations', { to: '2026-04', months: 2 });
    // March: OOS V-01 ×2, V-02, V-05, V-06, V-07, V-08 = 7; SCHEDULE V-03, V-09, V-10 = 3. April: V-11 equipment.
    expect(v).toEqual([
      { month: '2026-03', visits: 10, OOS: 7, EQUIPMENT: 0, SCHEDULE: 3, total: 10 },
      { month: '2026-04', visits: 1, OOS: 0, EQUIPMENT: 1, SCHEDULE: 0, total: 1 },
    ]);
    const cfo = await w.ok('fin', 'dashboard.violations', { to: '2026-03', months: 1, federalDistrict: 'ЦФО' });
    expect(cfo).toEqual([{ month: '2026-03', visits: 3, OOS: 2, EQUIPMENT: 0, SCHEDULE: 1, total: 3 }]);
  });

  it('cycle times: a histogram of approval hours with the 3-hour goal marked', async () => {
    const w = await makeDashboardWorld();
    const h = await w.ok('fin', 'dashboard.cycleTimes', { to: '2026-03', months: 12 });
    expect(h.total).toBe(3);
    expect(h.buckets.map((b: { label: string; count: number; withinGoal: boolean }) => [b.label, b.count, b.withinGoal])).toEqual([
      ['0–1 ч', 0, true],
      ['1–2 ч', 1, true],
      ['2–3 ч', 1, true],
      ['3–4 ч', 0, false],
      ['4–8 ч', 1, false],
      ['8–24 ч', 0, false],
      ['24–48 ч', 0, false],
      ['≥ 48 ч', 0, false],
    ]);
    expect((await w.ok('fin', 'dashboard.cycleTimes', { to: '2026-03', months: 1 })).total).toBe(2);
  });
});

describe('dashboard.whatIf', () => {
  it('recomputes the month with a sandbox percent and writes nothing', async () => {
    const w = await makeDashboardWorld();
    const before = w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all();
    const r = await w.ok('fin', 'dashboard.whatIf', { month: '2026-03', rules: { OOS: 1500 } });
    // OOS 15 %: C1 2 SKUs × 15 + 20 = 50 % → 1 758 064.5 → 1 758 065 (+351 613); C2 and C4 15 % → +50 000 each.
    expect(r.total).toMatchObject({ monthFee: 5_516_129, currentPenalty: 1_606_452, sandboxPenalty: 2_058_065, currentPayout: 3_909_677, sandboxPayout: 3_458_064, deltaPayout: -451_613 });
    expect(r.districts.map((d: { federalDistrict: string; deltaPayout: number }) => [d.federalDistrict, d.deltaPayout])).toEqual([
      ['ЦФО', -50_000],
      ['ПФО', -401_613],
    ]);
    expect([r.contractsWithSignals, r.contractsChanged]).toEqual([3, 3]);
    expect(r.currentRules.rules).toContainEqual({ signalType: 'OOS', percentBp: 1000 });
    expect(w.db.prepare('SELECT * FROM contract_months ORDER BY contract_id, month').all()).toEqual(before);
    expect(w.db.prepare("SELECT percent_bp FROM penalty_rules WHERE signal_type = 'OOS'").pluck().all()).toEqual([1000]);
  });

  it('applies a sandbox cap', async () => {
    const w = await makeDashboardWorld();
    const r = await w.ok('fin', 'dashboard.whatIf', { month: '2026-03', capBp: 3000 });
    // Only C1 (40 %) is above 30 %: 1 054 838.7 → 1 054 839, so its payout grows by 351 613.
    expect(r.total.deltaPayout).toBe(351_613);
    expect(r.contractsChanged).toBe(1);
    expect(await w.call('fin', 'dashboard.whatIf', { month: '2026-03', capBp: 0 })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('reads the month again after a write: an amnesty granted between two calls takes its contract out', async () => {
    const w = await makeDashboardWorld();
    const input = { month: '2026-03', rules: { OOS: 1500 } };
    expect((await w.ok('fin', 'dashboard.whatIf', input)).total.deltaPayout).toBe(-451_613);
    await w.ok('lawyer', 'amnesty.grant', amnestyInput(w.contracts.C2, '2026-03'));
    const r = await w.ok('fin', 'dashboard.whatIf', input);
    // C2's signals are amnestied: only C1 (+351 613) and C4 (+50 000) still move; C2's 100 000 penalty is gone.
    expect([r.contractsWithSignals, r.contractsChanged]).toEqual([2, 2]);
    expect(r.total).toMatchObject({ currentPenalty: 1_506_452, deltaPayout: -401_613 });
  });
});

describe('dashboard.timeline', () => {
  it('lists an outlet\'s contract, terms, visits, penalties in date order', async () => {
    const w = await makeDashboardWorld();
    const t = await w.ok('fin', 'dashboard.timeline', { outletId: w.outlets['TT-101'] });
    expect(t.subject).toMatchObject({ kind: 'outlet', code: 'TT-101' });
    expect(t.contracts.map((c: { number: string }) => c.number)).toEqual(['MK-2026-000002']);
    const brief = t.events.map((e: { date: string; kind: string; title: string; amount?: number }) => [e.date, e.kind, e.title, e.amount]);
    expect(brief).toEqual([
      ['2025-12-20', 'contract', 'Договор MK-2026-000002 подписан', undefined],
      ['2026-01-01', 'contract', 'Начало действия договора MK-2026-000002', undefined],
      ['2026-01-01', 'terms', 'Условия MK-2026-000002 с 01.01.2026', 1_550_000],
      ['2026-02-10', 'approval', 'MK-2026-000002 отправлен на согласование', undefined],
      ['2026-02-10', 'approval', 'Согласование MK-2026-000002: approved', undefined],
      ['2026-03-01', 'activity', 'Визиты за март 2026: 3, сигналов: 3', undefined],
      ['2026-03-20', 'contract', 'Договор MK-2026-000002 расторгнут', undefined],
      ['2026-03-28', 'penalty', 'Штраф MK-2026-000002 за март 2026', 100_000],
      ['2026-12-03', 'contract', 'Договор MK-2026-000002 создан', undefined],
    ]);
  });

  it('covers a counterparty\'s contracts and refuses one outside the user\'s scope', async () => {
    const w = await makeDashboardWorld();
    const cpId = w.db.prepare("SELECT counterparty_id FROM outlets WHERE code = 'TT-001'").pluck().get() as number;
    const t = await w.ok('fin', 'dashboard.timeline', { counterpartyId: cpId });
    expect(t.contracts.map((c: { number: string }) => c.number)).toEqual(['MK-2026-000001', 'MK-2026-000003', 'MK-2026-000004']);
    expect(t.events.filter((e: { kind: string }) => e.kind === 'penalty').map((e: { month: string; amount: number }) => [e.month, e.amount])).toEqual([
      ['2026-03', 1_406_452],
      ['2026-03', 100_000],
      ['2026-04', 4_000_000],
    ]);
    expect(await w.call('mgr', 'dashboard.timeline', { outletId: w.outlets['TT-101'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('dashboard.exportXlsx', () => {
  it('writes one sheet per view with the tiles of the month', async () => {
    const w = await makeDashboardWorld();
    const x = await w.ok('fin', 'dashboard.exportXlsx', { month: '2026-03', federalDistrict: 'ПФО' });
    expect(x.fileName).toBe('dashboard_2026-03_ПФО.xlsx');
    const wb = XLSX.read(Buffer.from(x.base64, 'base64'));
    expect(wb.SheetNames).toEqual(['Показатели', 'Динамика', 'По округам', 'Нарушения', 'Согласование', 'Бюджет']);
    const kpis = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Показатели'], { header: 1 });
    // ПФО: C1 + C4 in March (4 516 129), 3 000 000 + 1 000 000 in February.
    expect(kpis).toContainEqual(['Вознаграждение за месяц', 45_161.29, 40_000, 5_161.29, '₽']);
    // The budget sheet covers the months of the screen's chart: twelve up to three months past the chosen one.
    const budget = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Бюджет'], { header: 1 }).slice(1).map((r) => r[0]);
    expect([budget[0], budget.at(-1), budget.length]).toEqual(['2025-07', '2026-06', 12]);
  });
});

describe('dashboard.budget', () => {
  it('shows the imported plan per month from the budget domain, for holders of budget.read only', async () => {
    const w = await makeDashboardWorld();
    w.db.prepare("INSERT INTO budget_plan (federal_district, month, amount, updated_at) VALUES ('ПФО', '2026-03', 5000000, '2026-01-01'), ('ЦФО', '2026-03', 1000000, '2026-01-01')").run();
    const all = await w.ok('fin', 'dashboard.budget', { to: '2026-03', months: 3 });
    expect(all.byMonth.map((m: { month: string; plan: number | null }) => [m.month, m.plan])).toEqual([
      ['2026-01', null],
      ['2026-02', null],
      ['2026-03', 6_000_000],
    ]);
    const pfo = await w.ok('fin', 'dashboard.budget', { to: '2026-03', months: 1, federalDistrict: 'ПФО' });
    expect(pfo.byMonth).toMatchObject([{ month: '2026-03', plan: 5_000_000 }]);
    expect(await w.call('lawyer', 'dashboard.budget', { to: '2026-03', months: 3 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
