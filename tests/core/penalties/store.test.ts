// Matching, the contract-month cache, the explanation and the payout listing, on a real SQLite file through commands.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cmdPayouts, PAYOUTS_HEADER } from '../../../cli/payouts';
import { UNMATCHED_REASONS } from '../../../core/penalties/match';
import { recomputeContractMonths, refreshContracts } from '../../../core/penalties/recompute';
import { fileInput, makeSignalsWorld, MARCH_ROWS, NOW, toCsv, type SignalsWorld } from '../signals/world';

afterEach(() => {
  vi.restoreAllMocks();
});

// ---- An independent calculation, written from DOMAIN.md without the engine: BigInt, half away from zero. ----
function halfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d) * 2n >= d ? q + 1n : q;
}
interface Expected {
  contractNo: string;
  /** [monthly fee, days] per terms version in force in the month. */
  parts: [number, number][];
  daysInMonth: number;
  bp: number;
  vatBp: number;
}
function expectedLine(e: Expected, month: string): string {
  const fee = halfUp(e.parts.reduce((s, [f, d]) => s + BigInt(f) * BigInt(d), 0n), BigInt(e.daysInMonth));
  const penalty = halfUp(fee * BigInt(e.bp), 10000n);
  const payout = fee - penalty;
  const vat = halfUp(payout * BigInt(e.vatBp), 10000n);
  const pct = e.bp % 100 === 0 ? String(e.bp / 100) : String(e.bp / 100);
  return [e.contractNo, month, fee, pct, penalty, payout, vat, payout + vat].join(',');
}

const cmRows = (w: SignalsWorld) =>
  w.db.prepare('SELECT contract_id, month, month_fee, penalty_bp, penalty, payout, vat, payout_total, computed_at FROM contract_months ORDER BY contract_id, month').raw().all() as unknown[][];

async function importMarch(w: SignalsWorld) {
  return w.ok('asst', 'signals.importFile', fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS)));
}

describe('contract-month cache', () => {
  it('holds the worked numbers for the touched contract-months after an import', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const { C1, C2, C4 } = w.contracts;
    expect(cmRows(w)).toEqual([
      // C1 March: (3 000 000 × 15 + 4 000 000 × 16) / 31 = 3 516 129; OOS SKU-1, SKU-2 + one closed day = 40 %;
      // penalty 1 406 451.6 → 1 406 452; payout 2 109 677; VAT 22 % 464 128.94 → 464 129.
      [C1, '2026-03', 3_516_129, 4000, 1_406_452, 2_109_677, 464_129, 2_573_806, NOW],
      // C1 April: equipment absent → 100 %.
      [C1, '2026-04', 4_000_000, 10000, 4_000_000, 0, 0, 0, NOW],
      // C2 March, terminated on the 20th: 1 550 000 × 20 / 31 = 1 000 000; one SKU 10 %; NO_VAT.
      [C2, '2026-03', 1_000_000, 1000, 100_000, 900_000, 0, 900_000, NOW],
      // C4 March: 10 %, VAT 22 %.
      [C4, '2026-03', 1_000_000, 1000, 100_000, 900_000, 198_000, 1_098_000, NOW],
    ]);
  });

  it('gives the same rows incrementally as a full rebuild, which also fills every other month', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const incremental = cmRows(w);
    const r = await w.ok('adm', 'penalties.recompute', {});
    expect(r).toMatchObject({ matched: 7, unmatched: 4 });
    const full = cmRows(w);
    // C1 and C4: 12 months each; C2: January–March (terminated); C3 is a draft: none.
    expect(full).toHaveLength(27);
    for (const row of incremental) expect(full).toContainEqual(row);
    expect(full.filter((x) => x[0] === w.contracts.C3)).toEqual([]);
    expect(full.find((x) => x[0] === w.contracts.C1 && x[1] === '2026-02')).toEqual([w.contracts.C1, '2026-02', 3_000_000, 0, 0, 3_000_000, 660_000, 3_660_000, NOW]);
    expect(await w.call('fin', 'penalties.recompute', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('follows rule sets as data: a new version from the month start changes the percent after a recompute', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    w.db.prepare("INSERT INTO penalty_rule_sets (code, effective_from, name, cap_bp) VALUES ('DEFAULT', '2026-03-01', 'С марта', 10000)").run();
    w.db
      .prepare(
        `INSERT INTO penalty_rules (rule_set_code, effective_from, signal_type, percent_bp, basis) VALUES
         ('DEFAULT', '2026-03-01', 'OOS', 1250, 'per_object_month'), ('DEFAULT', '2026-03-01', 'SCHEDULE', 2000, 'per_outlet_date')`,
      )
      .run();
    await w.ok('adm', 'penalties.recompute', {});
    // C2 March: 12.5 % of 1 000 000 = 125 000. C1 April: the new version has no EQUIPMENT rule → 0 %.
    const row = (id: number, m: string) => w.db.prepare('SELECT penalty_bp, penalty FROM contract_months WHERE contract_id = ? AND month = ?').raw().get(id, m);
    expect(row(w.contracts.C2, '2026-03')).toEqual([1250, 125_000]);
    expect(row(w.contracts.C1, '2026-04')).toEqual([0, 0]);
  });
});

describe('penalties.explain', () => {
  it('shows every signal, its rule, counted or repeat, the cap, the fee parts and the money — matching the cache', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const x = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.C1, month: '2026-03' });
    expect(x.contract).toMatchObject({ number: 'MK-2026-000001', vatMode: 'VAT', counterpartyName: 'ООО «Ромашка»' });
    expect(x.feeParts.map((p: { effectiveFrom: string; monthlyFee: number; from: string; to: string; days: number }) => [p.effectiveFrom, p.monthlyFee, p.from, p.to, p.days])).toEqual([
      ['2026-01-01', 3_000_000, '2026-03-01', '2026-03-15', 15],
      ['2026-03-16', 4_000_000, '2026-03-16', '2026-03-31', 16],
    ]);
    expect([x.daysInMonth, x.feeDays, x.monthFee]).toEqual([31, 109_000_000, 3_516_129]);
    expect(x.ruleSet).toMatchObject({ code: 'DEFAULT', effectiveFrom: '2000-01-01', capBp: 10000 });
    expect(
      x.signals.map((s: { visitId: string; signalType: string; objectCode: string; outletCode: string; counted: boolean; contributedBp: number; rule: { percentBp: number } }) => [
        s.visitId,
        s.signalType,
        s.objectCode,
        s.outletCode,
        s.rule.percentBp,
        s.counted,
        s.contributedBp,
      ]),
    ).toEqual([
      ['V-01', 'OOS', 'SKU-1', 'TT-001', 1000, true, 1000],
      ['V-01', 'OOS', 'SKU-2', 'TT-001', 1000, true, 1000],
      ['V-02', 'OOS', 'SKU-1', 'TT-002', 1000, false, 0],
      ['V-03', 'SCHEDULE', '', 'TT-001', 2000, true, 2000],
    ]);
    expect(x).toMatchObject({ sumBp: 4000, capBp: 10000, totalBp: 4000, capApplied: false, penalty: 1_406_452, payout: 2_109_677, vatRateBp: 2200, vat: 464_129, payoutTotal: 2_573_806, cacheUpToDate: true });
    expect(x.cached).toMatchObject({ monthFee: x.monthFee, penaltyBp: x.totalBp, penalty: x.penalty, payout: x.payout, vat: x.vat, payoutTotal: x.payoutTotal });

    const april = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.C1, month: '2026-04' });
    expect(april).toMatchObject({ sumBp: 10000, totalBp: 10000, penalty: 4_000_000, payout: 0, cacheUpToDate: true });

    // A month outside the period: no fee, nothing cached, and that agrees.
    const later = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.C2, month: '2026-05' });
    expect(later).toMatchObject({ hasFee: false, monthFee: 0, cached: null, cacheUpToDate: true });
  });

  it('leaves amnestied signals out of the penalty and lists them apart', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const lawyer = w.db.prepare("SELECT id FROM users WHERE login = 'lawyer'").pluck().get() as number;
    const amnestyId = Number(
      w.db
        .prepare(
          `INSERT INTO amnesties (status, reason_code, comment, scope_kind, effect, threshold, granted_by, granted_at)
           VALUES ('applied', 'DELIVERY_CONFIRMED', 'Накладная', 'signals', 100000, 5000000, ?, ?)`,
        )
        .run(lawyer, NOW).lastInsertRowid,
    );
    // The only signal of C2 in March (V-07, 10 %) is amnestied; the amnesty work recomputes the month it touches.
    w.db.prepare("UPDATE signals SET amnesty_id = ? WHERE visit_row_id = (SELECT id FROM visits WHERE visit_id = 'V-07')").run(amnestyId);
    w.db.transaction(() => recomputeContractMonths(w.db, [{ contractId: w.contracts.C2, month: '2026-03' }], NOW))();
    const x = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.C2, month: '2026-03' });
    expect(x).toMatchObject({ signals: [], totalBp: 0, penalty: 0, payout: 1_000_000, payoutTotal: 1_000_000, cacheUpToDate: true });
    expect(x.amnestiedSignals).toEqual([expect.objectContaining({ visitId: 'V-07', objectCode: 'SKU-1', amnestyId })]);
  });

  it('applies the cap and says so', async () => {
    const w = makeSignalsWorld();
    const rows = [
      MARCH_ROWS[0],
      ['A-1', '02.03.2026', 'TT-001', '', 'EQUIPMENT', '', 'EQ-1', '', 'IR'],
      ['A-1', '02.03.2026', 'TT-001', '', 'OOS', 'SKU-1', '', '', 'IR'],
      ['A-2', '03.03.2026', 'TT-002', '', 'EQUIPMENT', '', 'EQ-1', '', 'IR'],
    ];
    await w.ok('asst', 'signals.importFile', fileInput('cap.csv', toCsv(rows)));
    const x = await w.ok('fin', 'penalties.explain', { contractId: w.contracts.C1, month: '2026-03' });
    expect(x).toMatchObject({ sumBp: 11000, totalBp: 10000, capApplied: true, penalty: 3_516_129, payout: 0, vat: 0 });
    expect(x.signals.map((s: { counted: boolean }) => s.counted)).toEqual([true, true, false]);
  });
});

describe('mcm payouts', () => {
  it('prints the CSV of a small hand-made case equal to an independent calculation', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    await w.ok('adm', 'penalties.recompute', {});
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const rc = await cmdPayouts(w.t.core, { system: true }, { month: '2026-03', format: 'csv' });
    vi.restoreAllMocks();
    expect(rc).toBe(0);
    const expected = [
      PAYOUTS_HEADER,
      expectedLine({ contractNo: 'MK-2026-000001', parts: [[3_000_000, 15], [4_000_000, 16]], daysInMonth: 31, bp: 4000, vatBp: 2200 }, '2026-03'),
      expectedLine({ contractNo: 'MK-2026-000002', parts: [[1_550_000, 20]], daysInMonth: 31, bp: 1000, vatBp: 0 }, '2026-03'),
      expectedLine({ contractNo: 'MK-2026-000004', parts: [[1_000_000, 31]], daysInMonth: 31, bp: 1000, vatBp: 2200 }, '2026-03'),
    ];
    expect(out.join('')).toBe(expected.join('\n') + '\n');
    expect(expected[1]).toBe('MK-2026-000001,2026-03,3516129,40,1406452,2109677,464129,2573806');

    // April: C2 ended in March, so only C1 and C4; a month with no contracts prints the header alone.
    out.length = 0;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    await cmdPayouts(w.t.core, { system: true }, { month: '2026-04' });
    await cmdPayouts(w.t.core, { system: true }, { month: '2030-01' });
    vi.restoreAllMocks();
    expect(out.join('').split('\n').filter(Boolean)).toEqual([
      PAYOUTS_HEADER,
      'MK-2026-000001,2026-04,4000000,100,4000000,0,0,0',
      'MK-2026-000004,2026-04,1000000,0,0,1000000,220000,1220000',
      PAYOUTS_HEADER,
    ]);
  });

  it('prints a fractional percent as a plain number', async () => {
    const w = makeSignalsWorld();
    w.db.prepare("UPDATE penalty_rules SET percent_bp = 1250 WHERE signal_type = 'OOS'").run();
    await importMarch(w);
    const { lines } = await w.ok('fin', 'penalties.payouts', { month: '2026-03' });
    // C2: 12.5 % of 1 000 000 = 125 000.
    expect(lines.find((l: { contractNo: string }) => l.contractNo === 'MK-2026-000002')).toMatchObject({ penaltyBp: 1250, penaltyPercent: '12.5', penalty: 125_000 });
  });

  it('refuses a malformed month', async () => {
    const w = makeSignalsWorld();
    await expect(cmdPayouts(w.t.core, { system: true }, { month: '2026-13' })).rejects.toThrow('ГГГГ-ММ');
    expect(await w.call('fin', 'penalties.payouts', { month: '03.2026' })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

describe('matching after contract changes', () => {
  it('re-matches when a draft gets signed, and recomputes its months', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const reason = () => w.db.prepare("SELECT match_status, unmatched_reason FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE v.visit_id = 'V-09'").raw().get();
    expect(reason()).toEqual(['unmatched', UNMATCHED_REASONS.noContract]);
    w.db.prepare("UPDATE contracts SET status = 'active', signed_date = '2025-12-25' WHERE id = ?").run(w.contracts.C3);
    const r = w.db.transaction(() => refreshContracts(w.db, [w.contracts.C3], NOW))();
    expect(r.written).toBe(12);
    expect(reason()).toEqual(['matched', null]);
    // C3 March: 20 000 ₽, one closed day 20 % → 400 000; VAT 22 % of 1 600 000 = 352 000.
    expect(w.db.prepare("SELECT month_fee, penalty_bp, penalty, payout, vat FROM contract_months WHERE contract_id = ? AND month = '2026-03'").raw().get(w.contracts.C3)).toEqual([
      2_000_000, 2000, 400_000, 1_600_000, 352_000,
    ]);
  });

  it('says so when no terms version is in force on the visit date yet', async () => {
    const w = makeSignalsWorld();
    // C2 is the only contract at TT-101; its terms now start on 10 March, after the visit of the 5th.
    w.db.prepare("UPDATE terms_versions SET effective_from = '2026-03-10' WHERE contract_id = ?").run(w.contracts.C2);
    await importMarch(w);
    const row = w.db
      .prepare("SELECT s.match_status, s.unmatched_reason FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE v.visit_id = 'V-07'")
      .raw()
      .get();
    expect(row).toEqual(['unmatched', UNMATCHED_REASONS.noTerms]);
  });

  it('drops signals and months after an early termination', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    await w.ok('adm', 'penalties.recompute', {});
    w.db.prepare("UPDATE contracts SET status = 'terminated', terminated_date = '2026-03-10' WHERE id = ?").run(w.contracts.C1);
    w.db.transaction(() => refreshContracts(w.db, [w.contracts.C1], NOW))();
    const status = (visitId: string) =>
      w.db.prepare('SELECT match_status FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE v.visit_id = ? ORDER BY s.id').pluck().all(visitId);
    // The termination day itself still counts; after it nothing does.
    expect(status('V-02')).toEqual(['matched']);
    expect(status('V-03')).toEqual(['unmatched']);
    expect(status('V-11')).toEqual(['unmatched']);
    const months = w.db.prepare('SELECT month, month_fee, penalty_bp FROM contract_months WHERE contract_id = ? ORDER BY month').raw().all(w.contracts.C1);
    // March: 3 000 000 × 10 / 31 = 967 741.9 → 967 742; OOS SKU-1, SKU-2 = 20 % (the closed day was after the 10th).
    expect(months).toEqual([
      ['2026-01', 3_000_000, 0],
      ['2026-02', 3_000_000, 0],
      ['2026-03', 967_742, 2000],
    ]);
  });
});

describe('lists and scope', () => {
  it('lists signals with filters, in the user’s scope only', async () => {
    const w = makeSignalsWorld();
    await importMarch(w);
    const all = await w.ok('fin', 'signals.list', {});
    expect(all.total).toBe(11);
    expect(all.rows[0]).toMatchObject({ visitId: 'V-11', month: '2026-04', type: 'EQUIPMENT', status: 'matched', contractNo: 'MK-2026-000001', federalDistrict: 'ПФО', region: 'Республика Татарстан' });
    const march = await w.ok('fin', 'signals.list', { month: '2026-03' });
    expect(march.total).toBe(10);
    const unmatched = await w.ok('fin', 'signals.list', { filters: { status: { type: 'set', values: ['unmatched'] } }, sort: [{ col: 'visitId', dir: 'asc' }] });
    expect(unmatched.rows.map((r: { visitId: string; unmatchedReason: string }) => [r.visitId, r.unmatchedReason])).toEqual([
      ['V-05', UNMATCHED_REASONS.skuNotInTerms],
      ['V-08', UNMATCHED_REASONS.noContract],
      ['V-09', UNMATCHED_REASONS.noContract],
      ['V-10', UNMATCHED_REASONS.noSchedule],
    ]);
    const byContract = await w.ok('fin', 'signals.list', { filters: { contractNo: { type: 'text', op: 'equals', value: 'MK-2026-000004' } } });
    expect(byContract.rows.map((r: { visitId: string }) => r.visitId)).toEqual(['V-06']);
    const byDistrict = await w.ok('fin', 'signals.list', { filters: { federalDistrict: { type: 'text', op: 'equals', value: 'ЦФО' }, type: { type: 'set', values: ['OOS'] } } });
    expect(byDistrict.total).toBe(2);

    // The manager works in ПФО: Москва's outlet TT-101 and contract C2 are invisible to him.
    const mine = await w.ok('mgr', 'signals.list', { limit: 100 });
    expect(mine.total).toBe(8);
    expect(mine.rows.every((r: { outletCode: string }) => r.outletCode !== 'TT-101')).toBe(true);
    const months = await w.ok('mgr', 'penalties.contractMonths', { month: '2026-03' });
    expect(months.rows.map((r: { contractNo: string }) => r.contractNo)).toEqual(['MK-2026-000001', 'MK-2026-000004']);
    expect(await w.call('mgr', 'penalties.explain', { contractId: w.contracts.C2, month: '2026-03' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const finMonths = await w.ok('fin', 'penalties.contractMonths', { filters: { month: { type: 'text', op: 'equals', value: '2026-03' } }, sort: [{ col: 'payoutTotal', dir: 'desc' }] });
    expect(finMonths.rows.map((r: { contractNo: string; payoutTotal: number; counterpartyName: string }) => [r.contractNo, r.payoutTotal])).toEqual([
      ['MK-2026-000001', 2_573_806],
      ['MK-2026-000004', 1_098_000],
      ['MK-2026-000002', 900_000],
    ]);
  });
});
