// The visit/signal counts of migration 009 stay equal to a recount from the base tables through imports (counted
// set-based per batch since migration 011), rollbacks, an outlet moving region, and edits of single rows; the signals'
// copies of their visit's date and outlet (migration 011) follow the same edits.
import { describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../core/db/types';
import { fileInput, makeSignalsWorld, MARCH_ROWS, toCsv } from '../signals/world';

const recount = (db: WritableDb) =>
  db
    .prepare(
      `SELECT month, region_code, kind, n FROM (
         SELECT substr(v.visit_date, 1, 7) AS month, o.region_code, '' AS kind, count(*) AS n FROM visits v JOIN outlets o ON o.id = v.outlet_id GROUP BY 1, 2
         UNION ALL
         SELECT substr(v.visit_date, 1, 7), o.region_code, s.signal_type, count(*) FROM signals s JOIN visits v ON v.id = s.visit_row_id
         JOIN outlets o ON o.id = v.outlet_id GROUP BY 1, 2, 3)
       ORDER BY 1, 2, 3`,
    )
    .raw()
    .all();
const strayCopies = (db: WritableDb) =>
  db
    .prepare('SELECT count(*) FROM signals s JOIN visits v ON v.id = s.visit_row_id WHERE s.visit_date <> v.visit_date OR s.outlet_id <> v.outlet_id OR s.visit_id <> v.visit_id')
    .pluck()
    .get();
const summary = (db: WritableDb) => db.prepare('SELECT month, region_code, kind, n FROM dashboard_activity WHERE n <> 0 ORDER BY 1, 2, 3').raw().all();

describe('dashboard_activity (migration 009)', () => {
  it('follows imports, single-row edits, an outlet changing region and a batch rollback', async () => {
    const w = makeSignalsWorld();
    expect(summary(w.db)).toEqual([]);
    const r = await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03.csv', toCsv(MARCH_ROWS)));
    expect(summary(w.db)).toEqual(recount(w.db));
    // March in Татарстан (16): visits V-01…V-04, V-05, V-06 at TT-001/TT-002.
    expect(summary(w.db)).toContainEqual(['2026-03', '16', '', 6]);

    expect(strayCopies(w.db)).toBe(0);

    w.db.prepare("UPDATE visits SET visit_date = '2026-04-15' WHERE visit_id = 'V-01'").run();
    expect(summary(w.db)).toEqual(recount(w.db));
    expect(strayCopies(w.db)).toBe(0);
    w.db.prepare("UPDATE visits SET outlet_id = (SELECT id FROM outlets WHERE code = 'TT-002') WHERE visit_id = 'V-01'").run();
    expect(summary(w.db)).toEqual(recount(w.db));
    expect(strayCopies(w.db)).toBe(0);
    w.db.prepare("UPDATE visits SET visit_id = 'V-01a' WHERE visit_id = 'V-01'").run();
    expect(strayCopies(w.db)).toBe(0);
    w.db.prepare("UPDATE outlets SET region_code = '50' WHERE code = 'TT-001'").run();
    expect(summary(w.db)).toEqual(recount(w.db));
    w.db.prepare("DELETE FROM signals WHERE id = (SELECT min(id) FROM signals)").run();
    expect(summary(w.db)).toEqual(recount(w.db));
    w.db.prepare("DELETE FROM visits WHERE visit_id = 'V-07'").run();
    expect(summary(w.db)).toEqual(recount(w.db));

    const batchId = (r as { batchId?: number }).batchId ?? (w.db.prepare('SELECT max(id) FROM import_batches').pluck().get() as number);
    await w.ok('adm', 'signals.rollbackBatch', { batchId });
    expect(summary(w.db)).toEqual([]);
  });

  it('adds a second file of the same month to the counts already there', async () => {
    const w = makeSignalsWorld();
    const [header, ...rows] = MARCH_ROWS;
    await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03_a.csv', toCsv([header, ...rows.slice(0, 6)])));
    expect(summary(w.db)).toEqual(recount(w.db));
    // The second file repeats V-03 (already stored: not a new visit) with a new signal, and brings new visits of the
    // same month and regions.
    const extra = ['V-03', '2026-03-21', 'TT-001', 'R1', 'OOS', 'SKU-1', '', '', 'SFA'];
    const second = await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03_b.csv', toCsv([header, ...rows.slice(6), extra])));
    expect(second).toMatchObject({ committed: true, visitsAdded: 6, signalsAdded: 7 });
    expect(summary(w.db)).toEqual(recount(w.db));
    expect(summary(w.db)).toContainEqual(['2026-03', '16', '', 6]);
    expect(summary(w.db)).toContainEqual(['2026-03', '16', 'OOS', 6]);
    expect(strayCopies(w.db)).toBe(0);
  });

  it('counts a file spanning two months under each month (the tally is kept per month and outlet)', async () => {
    const w = makeSignalsWorld();
    const [header] = MARCH_ROWS;
    const rows = [
      ['A-01', '2026-03-31', 'TT-001', 'R1', 'OOS', 'SKU-1', '', '', 'SFA'],
      ['A-02', '2026-04-01', 'TT-001', 'R1', 'OOS', 'SKU-1', '', '', 'SFA'],
      ['A-03', '2026-04-02', 'TT-001', 'R1', '', '', '', '', 'SFA'],
    ];
    await w.ok('asst', 'signals.importFile', fileInput('visits_2026-03-04.csv', toCsv([header, ...rows])));
    expect(summary(w.db)).toEqual(recount(w.db));
    expect(summary(w.db)).toEqual([
      ['2026-03', '16', '', 1],
      ['2026-03', '16', 'OOS', 1],
      ['2026-04', '16', '', 2],
      ['2026-04', '16', 'OOS', 1],
    ]);
  });
});
