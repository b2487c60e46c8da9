// The one door for writing visits and signals in bulk (the daily import, the demo generator). A signal carries its
// visit's date, outlet and ID (migration 011) for the grid, and every row is tallied for the dashboard's counts
// (core/signals/activity.ts); no insert trigger does either, because a per-row trigger costs about 2.7 µs a row —
// half a second on a month's file. Writing through this class makes forgetting one impossible.
import type { WritableDb } from '../db/types';
import { ActivityTally } from './activity';

/** A visit as written: the signals of the batch hang on it. */
export interface StoredVisit {
  id: number;
  visitId: string;
  visitDate: string;
  outletId: number;
}

/** Inserts visits and their signals of one batch; `flush()` adds the batch's counts to the dashboard's summary. */
export class VisitWriter {
  private readonly insVisit;
  private readonly insSignal;
  private readonly tally = new ActivityTally();

  constructor(private readonly db: WritableDb) {
    this.insVisit = db.prepare('INSERT INTO visits (visit_id, visit_date, outlet_id, rep_code, source, batch_id) VALUES (?, ?, ?, ?, ?, ?)');
    this.insSignal = db.prepare(
      'INSERT INTO signals (visit_row_id, signal_type, object_code, photo_ref, batch_id, visit_date, outlet_id, visit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Inserts a visit and returns it as the parent of its signals. */
  addVisit(v: { visitId: string; visitDate: string; outletId: number; repCode: string | null; source: string | null; batchId: number }): StoredVisit {
    const id = Number(this.insVisit.run(v.visitId, v.visitDate, v.outletId, v.repCode, v.source, v.batchId).lastInsertRowid);
    this.tally.add(v.visitDate, v.outletId, '');
    return { id, visitId: v.visitId, visitDate: v.visitDate, outletId: v.outletId };
  }

  /** Inserts one signal of a visit (new or stored earlier) with the visit's own date, outlet and ID. */
  addSignal(visit: StoredVisit, s: { type: string; objectCode: string; photoRef: string | null; batchId: number }): void {
    this.insSignal.run(visit.id, s.type, s.objectCode, s.photoRef, s.batchId, visit.visitDate, visit.outletId, visit.visitId);
    this.tally.add(visit.visitDate, visit.outletId, s.type);
  }

  /** Adds what was written since the last flush to dashboard_activity, in the caller's transaction. */
  flush(): void {
    this.tally.flush(this.db);
  }
}
