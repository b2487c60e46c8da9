// KPI tiles against hand-computed values of the signals world (tests/core/signals/world.ts), and the drill-through
// rule: the grid behind a tile, with the same filters, sums to the tile.
import { describe, expect, it } from 'vitest';
import type { Kpi } from '../../../core/dashboard/kpis';
import { amnestyInput, makeDashboardWorld } from './world';

const tiles = (r: { tiles: Kpi[] }) => Object.fromEntries(r.tiles.map((t) => [t.key, t])) as Record<Kpi['key'], Kpi>;
const values = (r: { tiles: Kpi[] }) => Object.fromEntries(r.tiles.map((t) => [t.key, [t.value, t.previous, t.delta]]));

describe('dashboard.kpis', () => {
  it('gives every tile of March 2026 for the whole country with February and the change', async () => {
    const w = await makeDashboardWorld();
    const r = await w.ok('fin', 'dashboard.kpis', { month: '2026-03' });
    expect(r.previousMonth).toBe('2026-02');
    expect(values(r)).toEqual({
      // March: C1, C2 (terminated 20 March), C4; February: the same three.
      activeContracts: [3, 3, 0],
      // March: 3 516 129 + 1 000 000 + 1 000 000; February: 3 000 000 + 1 550 000 + 1 000 000.
      monthFees: [5_516_129, 5_550_000, -33_871],
      // 1 406 452 (C1, 40 %) + 100 000 (C2, 10 %) + 100 000 (C4, 10 %); no signals in February.
      penalties: [1_606_452, 0, 1_606_452],
      amnesties: [0, 0, 0],
      // 2 109 677 + 900 000 + 900 000.
      netPayouts: [3_909_677, 5_550_000, -1_640_323],
      // 1 606 452 / 5 516 129 = 29.1228 % → 2912 bp.
      penaltyShare: [2912, 0, 2912],
      // 10 signals on 10 visits in March (V-01 carries two signals, V-04 none); no visits in February.
      signalsPer100Visits: [100, null, null],
      // March approvals 2 h and 5 h: median 3.5 h, p90 = 2 + 0.9 × 3 = 4.7 h; February 1 h.
      cycleMedian: [3.5, 1, 2.5],
      cycleP90: [4.7, 1, 3.7],
      // C3's step was due on 1 December, "now" is 3 December.
      overdueSteps: [1, null, null],
    });
    const t = tiles(r);
    expect(t.netPayouts.secondary).toEqual({ label: 'с НДС', value: 2_573_806 + 900_000 + 1_098_000, unit: 'money' });
    expect([t.cycleMedian.meetsGoal, t.cycleP90.meetsGoal]).toEqual([false, false]);
  });

  it('narrows to a federal district or a region, and never beyond the user\'s own scope', async () => {
    const w = await makeDashboardWorld();
    const cfo = values(await w.ok('fin', 'dashboard.kpis', { month: '2026-03', federalDistrict: 'ЦФО' }));
    // ЦФО holds only C2 (TT-101, Москва): visits V-07, V-08, V-10, each with one signal.
    expect([cfo.activeContracts[0], cfo.monthFees[0], cfo.penalties[0], cfo.netPayouts[0], cfo.signalsPer100Visits[0]]).toEqual([1, 1_000_000, 100_000, 900_000, 100]);
    expect(cfo.cycleMedian).toEqual([null, 1, null]);
    expect(cfo.overdueSteps[0]).toBe(0);
    const tat = values(await w.ok('fin', 'dashboard.kpis', { month: '2026-03', regionCode: '16' }));
    // Татарстан: C1 and C4; visits V-01…V-06 at TT-001/TT-002 with 6 signals.
    expect([tat.activeContracts[0], tat.monthFees[0], tat.penalties[0], tat.signalsPer100Visits[0]]).toEqual([2, 4_516_129, 1_506_452, 100]);
    // The manager works in ПФО: asking for ЦФО shows nothing; his whole scope shows C1 and C4 and the overdue C3 step.
    const mgrCfo = values(await w.ok('mgr', 'dashboard.kpis', { month: '2026-03', federalDistrict: 'ЦФО' }));
    expect([mgrCfo.activeContracts[0], mgrCfo.monthFees[0], mgrCfo.signalsPer100Visits[0]]).toEqual([0, 0, null]);
    const mgr = values(await w.ok('mgr', 'dashboard.kpis', { month: '2026-03' }));
    expect([mgr.activeContracts[0], mgr.monthFees[0], mgr.overdueSteps[0]]).toEqual([2, 4_516_129, 1]);
    expect(await w.call('fin', 'dashboard.kpis', { month: '2026-03', federalDistrict: 'XXX' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('counts an applied amnesty in its month and lowers the penalties by its effect', async () => {
    const w = await makeDashboardWorld();
    const g = await w.ok('lawyer', 'amnesty.grant', amnestyInput(w.contracts.C2, '2026-03'));
    expect(g).toMatchObject({ status: 'applied' });
    const v = values(await w.ok('fin', 'dashboard.kpis', { month: '2026-03' }));
    expect(v.amnesties).toEqual([100_000, 0, 100_000]);
    expect(v.penalties[0]).toBe(1_506_452);
    const cfo = values(await w.ok('fin', 'dashboard.kpis', { month: '2026-03', federalDistrict: 'ЦФО' }));
    expect(cfo.amnesties[0]).toBe(100_000);
    const pfo = values(await w.ok('fin', 'dashboard.kpis', { month: '2026-03', federalDistrict: 'ПФО' }));
    expect(pfo.amnesties[0]).toBe(0);
  });
});

describe('drill-through: the grid behind a tile sums to the tile', () => {
  const sum = (rows: Record<string, number>[], k: string) => rows.reduce((s, r) => s + r[k], 0);

  it('holds for the money tiles and the signals tile, whole country and per district', async () => {
    const w = await makeDashboardWorld();
    for (const area of [{}, { federalDistrict: 'ЦФО' }, { federalDistrict: 'ПФО' }, { regionCode: '16' }]) {
      const t = tiles(await w.ok('fin', 'dashboard.kpis', { month: '2026-03', ...area }));
      const grid = await w.ok('fin', 'dashboard.contractMonths', { month: '2026-03', limit: 1000, ...area });
      expect(grid.total).toBe(t.activeContracts.value);
      expect(sum(grid.rows, 'monthFee')).toBe(t.monthFees.value);
      expect(sum(grid.rows, 'penalty')).toBe(t.penalties.value);
      expect(sum(grid.rows, 'payout')).toBe(t.netPayouts.value);
      const signals = await w.ok('fin', 'dashboard.signals', { month: '2026-03', limit: 1, ...area });
      const visitsSignals = /(\d+) сигн\./.exec(t.signalsPer100Visits.hint ?? '')![1];
      expect(signals.total).toBe(Number(visitsSignals));
    }
    // Without an area the drill-through grids are the ordinary ones.
    const t = tiles(await w.ok('fin', 'dashboard.kpis', { month: '2026-03' }));
    const plain = await w.ok('fin', 'penalties.contractMonths', { month: '2026-03', limit: 1000 });
    expect([plain.total, sum(plain.rows, 'penalty')]).toEqual([t.activeContracts.value, t.penalties.value]);
    expect((await w.ok('fin', 'signals.list', { month: '2026-03', limit: 1 })).total).toBe(10);
  });
});
