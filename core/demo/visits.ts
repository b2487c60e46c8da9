// Demo stage for field data: daily visits to outlets under signed contracts and the signals they report, one import
// batch per month as if the monthly files had been loaded.
import { createHash } from 'node:crypto';
import { VisitWriter } from '../signals/bulkWriter';
import { SIGNED_STATUSES, stamp, type ContractPlan, type DemoContext, type TermsPlan } from './context';
import { firstDay, isoOf, lastDay, monthLabel, monthOf, weekdayOf } from './dates';
import type { Random } from './random';

type SignalType = 'OOS' | 'EQUIPMENT' | 'SCHEDULE';
const SIGNAL_TYPES: readonly SignalType[] = ['OOS', 'EQUIPMENT', 'SCHEDULE'];
const SIGNAL_TYPE_WEIGHTS = [0.65, 0.2, 0.15] as const;
/** Relative visit volume by weekday, Monday first: reps mostly work on weekdays. */
const WEEKDAY_WEIGHTS = [1, 1, 1, 1, 1, 0.6, 0.3] as const;

/** Planned visits per day of one month of the window. */
export interface MonthVolume {
  month: number;
  days: number[];
  counts: number[];
  total: number;
}

/** Visits per day for each month of the window, with a little day-to-day noise; known up front for progress. */
export function planVisitVolumes(ctx: DemoContext, rnd: Random): MonthVolume[] {
  const TM = monthOf(ctx.today);
  const months: number[] = [];
  for (let k = ctx.sizes.months; k >= 1; k--) months.push(TM - k);
  // Files arrive daily for the day before, so the current month has data up to yesterday.
  if (ctx.today > firstDay(TM)) months.push(TM);
  const weight = (day: number) => WEEKDAY_WEIGHTS[weekdayOf(day)];
  return months.map((m) => {
    const first = firstDay(m);
    const last = Math.min(lastDay(m), ctx.today - 1);
    let full = 0;
    for (let d = first; d <= lastDay(m); d++) full += weight(d);
    const days: number[] = [];
    const counts: number[] = [];
    for (let d = first; d <= last; d++) {
      days.push(d);
      counts.push(Math.round(((ctx.sizes.visitsPerMonth * weight(d)) / full) * (0.9 + 0.2 * rnd.next())));
    }
    return { month: m, days, counts, total: counts.reduce((s, n) => s + n, 0) };
  });
}

function termsInForce(contracts: ContractPlan[] | undefined, day: number): TermsPlan | null {
  if (!contracts) return null;
  for (const c of contracts) {
    if (day < c.start || day > (c.terminated ?? c.end)) continue;
    let found: TermsPlan | null = null;
    for (const t of c.terms) if (t.from <= day) found = t;
    if (found) return found;
  }
  return null;
}

/** Visits and signals, month by month; this is the bulk of a large load, so it only runs prepared inserts. */
export function insertVisits(ctx: DemoContext, plan: MonthVolume[], rnd: Random): void {
  ctx.progress.report('visits', true);
  // Which signed contracts cover each outlet, to draw signals that mostly hit the contract's own obligations.
  const coverage = new Map<number, ContractPlan[]>();
  for (const c of ctx.contracts) {
    if (!SIGNED_STATUSES.has(c.status)) continue;
    for (const o of c.outlets) {
      const list = coverage.get(o);
      if (list) list.push(c);
      else coverage.set(o, [c]);
    }
  }
  const insBatch = ctx.db.prepare(
    `INSERT INTO import_batches (kind, file_name, sha256, user_id, created_at) VALUES ('signals', ?, ?, ?, ?)`,
  );
  const updBatch = ctx.db.prepare('UPDATE import_batches SET rows_read = ?, rows_added = ? WHERE id = ?');
  // Visits and signals as the import writes them: with the visit's copies on the signal and the dashboard's tally.
  const writer = new VisitWriter(ctx.db);
  const importer = ctx.userIds.get('assistant') ?? null;
  const allSkus = ctx.skuCodes.map((_, i) => i);
  const allEquipment = ctx.equipmentCodes.map((_, i) => i);

  for (const m of plan) {
    const from = firstDay(m.month);
    const to = lastDay(m.month);
    // Reps visit the outlets of contracts in force during the month.
    const candidates: number[] = [];
    const seen = new Set<number>();
    for (const c of ctx.contracts) {
      if (!SIGNED_STATUSES.has(c.status) || c.start > to || (c.terminated ?? c.end) < from) continue;
      for (const o of c.outlets) {
        if (!seen.has(o)) {
          seen.add(o);
          candidates.push(o);
        }
      }
    }
    if (candidates.length === 0 || m.total === 0) {
      ctx.progress.done += m.total;
      continue;
    }
    candidates.sort((a, b) => a - b);
    const label = monthLabel(m.month);
    const [yyyy, mm] = label.split('-');
    const fileName = `visits_${label}.xlsx`;
    const sha = createHash('sha256').update(`mcm-demo:${ctx.seed}:${fileName}`).digest('hex');
    const batchAt = m.month === monthOf(ctx.today) ? `${isoOf(ctx.today)}T00:00:00.000Z` : stamp(ctx, to + 1, rnd);
    const batchId = Number(insBatch.run(fileName, sha, importer, batchAt).lastInsertRowid);
    ctx.rows.import_batches++;
    let seq = 0;
    // The file has one row per signal and one per clean visit.
    let fileRows = 0;
    for (let di = 0; di < m.days.length; di++) {
      const day = m.days[di];
      const date = isoOf(day);
      for (let v = 0; v < m.counts[di]; v++) {
        const o = candidates[Math.floor(rnd.next() * candidates.length)];
        const outlet = ctx.outlets[o];
        const visitId = `V-${yyyy}-${mm}-${String(++seq).padStart(6, '0')}`;
        const flagged = rnd.next() < outlet.violationRate;
        const type = flagged ? rnd.weighted(SIGNAL_TYPES, SIGNAL_TYPE_WEIGHTS) : null;
        // A closed outlet is reported by the rep; image recognition only sees shelves and equipment.
        const source = type === 'SCHEDULE' || rnd.next() >= 0.35 ? 'SFA' : 'IR';
        const visit = writer.addVisit({ visitId, visitDate: date, outletId: outlet.id, repCode: outlet.repCode, source, batchId });
        ctx.rows.visits++;
        ctx.progress.done++;
        ctx.progress.report('visits');
        if (!type) {
          fileRows++;
          continue;
        }
        const terms = termsInForce(coverage.get(o), day);
        const objects: string[] = [];
        if (type === 'OOS') {
          const n = rnd.weighted([1, 2, 3], [0.7, 0.2, 0.1]);
          for (let k = 0; k < n; k++) {
            // Mostly a contracted SKU; sometimes one outside the list, which stays unmatched. Terms without a must-stock
            // list (they occur at some sizes) draw from all SKUs, without consuming a draw, so other sizes keep their data.
            const pool = terms && terms.skus.length > 0 && rnd.next() < 0.85 ? terms.skus : allSkus;
            const code = ctx.skuCodes[rnd.pick(pool)];
            if (!objects.includes(code)) objects.push(code);
          }
        } else if (type === 'EQUIPMENT') {
          const pool = terms && terms.equipment.length > 0 && rnd.next() < 0.85 ? terms.equipment : allEquipment;
          objects.push(ctx.equipmentCodes[rnd.pick(pool)]);
        } else {
          objects.push('');
        }
        objects.forEach((obj, k) => {
          const photo =
            source === 'IR' || rnd.next() < 0.7 ? `${source.toLowerCase()}/${label}/${visitId}-${k + 1}.jpg` : null;
          writer.addSignal(visit, { type, objectCode: obj, photoRef: photo, batchId });
        });
        ctx.rows.signals += objects.length;
        fileRows += objects.length;
      }
      if (seq > 0) {
        if (ctx.visitsFrom === null) ctx.visitsFrom = date;
        ctx.visitsTo = date;
      }
    }
    updBatch.run(fileRows, fileRows, batchId);
    writer.flush();
  }
}
