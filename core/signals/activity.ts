// The dashboard's visit and signal counts (dashboard_activity, migration 009) for rows written in bulk: migration 011
// dropped the per-row INSERT triggers, so whoever inserts visits or signals in bulk tallies them while inserting and
// adds the tally with one set-based upsert at the end of the batch, in the same transaction.
import type { WritableDb } from '../db/types';

/** Counts of inserted visits (kind '') and signals (kind = signal type) by month and outlet, not yet stored. */
export class ActivityTally {
  // kind → month → outlet id → count: three lookups, no composite key to build, as this runs once per inserted row
  // (10^5 per file). By month, not by date: the summary is monthly, and a month's file then gives some 10^4 groups
  // (one per outlet) instead of one per visit, which made the upsert below cost half a second.
  private readonly counts = new Map<string, Map<string, Map<number, number>>>();

  /** One inserted visit (`kind` '') or signal (`kind` its type) of a visit on `visitDate` at `outletId`. */
  add(visitDate: string, outletId: number, kind: string): void {
    let byMonth = this.counts.get(kind);
    if (!byMonth) this.counts.set(kind, (byMonth = new Map()));
    const month = visitDate.slice(0, 7);
    let byOutlet = byMonth.get(month);
    if (!byOutlet) byMonth.set(month, (byOutlet = new Map()));
    byOutlet.set(outletId, (byOutlet.get(outletId) ?? 0) + 1);
  }

  /** Adds the tally to dashboard_activity under each outlet's current region, then starts over. */
  flush(db: WritableDb): void {
    const rows: [string, string, number, number][] = [];
    for (const [kind, byMonth] of this.counts) {
      for (const [month, byOutlet] of byMonth) for (const [outletId, n] of byOutlet) rows.push([kind, month, outletId, n]);
    }
    this.counts.clear();
    if (rows.length === 0) return;
    // Some 10^4 (kind, month, outlet) groups for a month's file: one statement instead of one upsert per row.
    db.prepare(
      `INSERT INTO dashboard_activity (month, region_code, kind, n)
       SELECT j.value ->> 1, o.region_code, j.value ->> 0, sum(j.value ->> 3)
       FROM json_each(?) j JOIN outlets o ON o.id = j.value ->> 2
       WHERE true GROUP BY 1, 2, 3
       ON CONFLICT (month, region_code, kind) DO UPDATE SET n = n + excluded.n`,
    ).run(JSON.stringify(rows));
  }
}
