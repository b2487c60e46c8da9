// dashboard.whatIf reads the month's signals by their own visit date (migration 011) and runs the engine without the
// per-signal explanation. On a small demo database it must give exactly what the plain path gives: every contract-month
// of the month, its signals through the visits, the full engine with the explanation (computeFor).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxRuleSets, type SandboxChange } from '../../../core/dashboard/sandbox';
import { contractsInScopeSql } from '../../../core/dashboard/sources';
import { whatIf } from '../../../core/dashboard/whatIf';
import { openDatabase } from '../../../core/db/open';
import type { ReadableDb } from '../../../core/db/types';
import { generateDemo } from '../../../core/demo/generate';
import { loadContracts, loadMonthSignals, loadRefs } from '../../../core/penalties/load';
import { computeFor, rebuildAll } from '../../../core/penalties/recompute';
import { WHOLE_COUNTRY, type Scope } from '../../../core/users/scope';
import { closeAfterTest, tempDir } from '../../helpers/core';

interface Delta {
  penalty: number;
  payout: number;
}

/** The what-if deltas computed the plain way, contract-month by contract-month. */
function reference(db: ReadableDb, scope: Scope, month: string, change: SandboxChange) {
  const refs = loadRefs(db);
  const sandbox = { ...refs, ruleSets: sandboxRuleSets(refs.ruleSets, change) };
  const s = contractsInScopeSql(scope, 'cm.contract_id');
  const ids = db.prepare(`SELECT cm.contract_id FROM contract_months cm WHERE cm.month = ? AND ${s.sql}`).pluck().all(month, ...s.params) as number[];
  const contracts = loadContracts(db, ids);
  const districtsOf = db.prepare(
    `SELECT DISTINCT r.federal_district FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id JOIN regions r ON r.code = o.region_code
     WHERE co.contract_id = ?`,
  );
  const total: Delta = { penalty: 0, payout: 0 };
  const byDistrict: Record<string, Delta> = {};
  let withSignals = 0;
  let changed = 0;
  for (const id of ids) {
    const signals = loadMonthSignals(db, id, month);
    if (signals.length === 0) continue;
    withSignals++;
    const real = computeFor(contracts.get(id)!, month, signals, refs).payout;
    const alt = computeFor(contracts.get(id)!, month, signals, sandbox).payout;
    const d = { penalty: alt.penalty - real.penalty, payout: alt.payout - real.payout };
    if (d.penalty === 0 && d.payout === 0) continue;
    changed++;
    total.penalty += d.penalty;
    total.payout += d.payout;
    for (const fd of districtsOf.pluck().all(id) as string[]) {
      byDistrict[fd] ??= { penalty: 0, payout: 0 };
      byDistrict[fd].penalty += d.penalty;
      byDistrict[fd].payout += d.payout;
    }
  }
  return { withSignals, changed, total, byDistrict };
}

describe('dashboard.whatIf on a small demo database', () => {
  it('equals the plain computation for every month with signals, several scopes and sandboxes', () => {
    const db = openDatabase(path.join(tempDir(), 'whatif.sqlite'));
    closeAfterTest(db);
    const sizes = { contracts: 150, counterparties: 60, outlets: 200, visitsPerMonth: 3000, months: 3, extraManagers: 0 };
    db.transaction(() => {
      generateDemo(db, { scale: 'small', today: '2026-04-01', sizes });
      rebuildAll(db, '2026-04-01T09:00:00.000Z');
    })();
    const months = db.prepare("SELECT DISTINCT substr(visit_date, 1, 7) FROM signals WHERE match_status = 'matched' ORDER BY 1").pluck().all() as string[];
    expect(months.length).toBeGreaterThanOrEqual(2);
    const someRegion = db.prepare('SELECT o.region_code FROM outlets o JOIN contract_outlets co ON co.outlet_id = o.id LIMIT 1').pluck().get() as string;
    const someDistrict = db.prepare('SELECT federal_district FROM regions WHERE code = ?').pluck().get(someRegion) as string;
    const scopes: Scope[] = [WHOLE_COUNTRY, { districts: [someDistrict], regions: [] }, { districts: [], regions: [someRegion] }];
    const changes: SandboxChange[] = [{ rules: { OOS: 1500 } }, { rules: {}, capBp: 1500 }, { rules: { EQUIPMENT: 0, SCHEDULE: 4000 }, capBp: 10_000 }];
    let contractsChanged = 0;
    for (const month of months) {
      for (const scope of scopes) {
        for (const change of changes) {
          const r = whatIf(db, scope, month, change);
          const ref = reference(db, scope, month, change);
          const label = `${month} ${JSON.stringify(scope)} ${JSON.stringify(change)}`;
          expect([r.contractsWithSignals, r.contractsChanged], label).toEqual([ref.withSignals, ref.changed]);
          expect({ penalty: r.total.sandboxPenalty - r.total.currentPenalty, payout: r.total.deltaPayout }, label).toEqual(ref.total);
          const districts = Object.fromEntries(
            r.districts.filter((d) => d.deltaPayout !== 0 || d.sandboxPenalty !== d.currentPenalty).map((d) => [d.federalDistrict, { penalty: d.sandboxPenalty - d.currentPenalty, payout: d.deltaPayout }]),
          );
          expect(districts, label).toEqual(ref.byDistrict);
          contractsChanged += r.contractsChanged;
        }
      }
    }
    // The comparison means something only if the sandboxes moved money.
    expect(contractsChanged).toBeGreaterThan(20);
  });
});
