// The dashboard's chart series as the commands serve them: kept while the data is unchanged (memo.ts), so the export
// right after the screen loaded, or the what-if panel of the month on screen, reuses what the charts already read.
// KPIs are not kept: overdue steps are measured against the current time.
import type { ReadableDb } from '../db/types';
import type { Scope } from '../users/scope';
import { cycleTimeHistogram } from './cycleTimes';
import { memoized, memoKey } from './memo';
import { byDistrict, moneyTrend, violationsTrend } from './series';

/** moneyTrend, kept while the data is unchanged. */
export const keptTrend = (db: ReadableDb, scope: Scope, to: string, months: number) =>
  memoized(db, memoKey('trend', scope, to, months), () => moneyTrend(db, scope, to, months));

/** byDistrict, kept while the data is unchanged. */
export const keptByDistrict = (db: ReadableDb, scope: Scope, month: string) =>
  memoized(db, memoKey('byDistrict', scope, month), () => byDistrict(db, scope, month));

/** violationsTrend, kept while the data is unchanged. */
export const keptViolations = (db: ReadableDb, scope: Scope, to: string, months: number) =>
  memoized(db, memoKey('violations', scope, to, months), () => violationsTrend(db, scope, to, months));

/** cycleTimeHistogram, kept while the data is unchanged. */
export const keptCycleTimes = (db: ReadableDb, scope: Scope, to: string, months: number) =>
  memoized(db, memoKey('cycleTimes', scope, to, months), () => cycleTimeHistogram(db, scope, to, months));
