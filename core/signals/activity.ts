// The dashboard's visit and signal counts (dashboard_activity, migration 009) for rows written in bulk: migration 011
// dropped the per-row INSERT triggers, so whoever inserts visits or signals in bulk tallies them while inserting and
// adds the tally with one set-based upsert at the end of the batch, in the same transaction.
import type { WritableDb } from '../db/types';

/** Counts of inserted visits (kind '') and signals (kind = signal type) by visit date and outlet, not yet stored. */
export class ActivityTally {
  // kind → visit date → outlet id → count: three lookups with strings the caller already holds, no key to build, as
  // this runs once per inserted row (10^5 per file).
  private readonly counts = new Map<string, Map<string, Map<number, number>>>();

  /** One inserted visit (`kind` '') or signal (`kind` its type) of a visit on `visitDate` at `outletId`. */
  add(visitDate: string, outletId: number, kind: string): void {
    let byDate = this.counts.get(kind);
    if (!byDate) this.counts.set(kind, (byDate = new Map()));
    let byOutlet = byDate.get(visitDate);
    if (!byOutlet) byDate.set(visitDate, (byOutlet = new Map()));
    byOutlet.set(outletId, (byOutlet.get(outletId) ?? 0) + 1);
  }

  /** Adds the tally to dashboard_activity under each outlet's current region, then starts over. */
  flush(db: WritableDb): void {
    const rows: [string, string, number, number][] = [];
    for (const [kind, byDate] of this.counts) {
      for (const [date, byOutlet] of byDate) for (const [outletId, n] of byOutlet) rows.push([kind, date, outletId, n]);
    }
    this.counts.clear();
    if (rows.length === 0) return;
    // Some 10^4 (kind, date, outlet) groups for a month's file: one statement instead of one upsert per row.
    db.prepare(
      `INSERT INTO dashboard_activity (month, region_code, kind, n)
       SELECT substr(j.value ->> 1, 1, 7), o.region_code, j.value ->> 0, sum(j.value ->> 3)
       FROM json_each(?) j JOIN outlets o ON o.id = j.value ->> 2
       WHERE true GROUP BY 1, 2, 3
       ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + excluded.n`,
    ).run(JSON.stringify(rows));
  }
}
