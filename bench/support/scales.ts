// Bench scales: `x10` is the demo's `large` (≈ 20 000 contracts, 150 000 visits a month, 12 months), the others are
// the same company at a tenth and three tenths, so the growth curve compares like with like.
import { SCALES, type DemoSizes } from '../../core/demo/generate';

export type BenchScale = 'quick' | 'x1' | 'x3' | 'x10';
export const BENCH_SCALES: readonly BenchScale[] = ['x1', 'x3', 'x10'];

const large = SCALES.large;

function fraction(f: number, extraManagers: number): DemoSizes {
  return {
    contracts: Math.round(large.contracts * f),
    counterparties: Math.round(large.counterparties * f),
    outlets: Math.round(large.outlets * f),
    visitsPerMonth: Math.round(large.visitsPerMonth * f),
    months: large.months,
    extraManagers,
  };
}

/** Demo sizes per bench scale; `quick` is a smoke run of a few seconds, not a measurement. */
export const BENCH_SIZES: Readonly<Record<BenchScale, DemoSizes>> = {
  quick: { contracts: 400, counterparties: 150, outlets: 500, visitsPerMonth: 6000, months: 3, extraManagers: 0 },
  x1: fraction(0.1, 1),
  x3: fraction(0.3, 3),
  x10: { ...large },
};

/** The demo's "today": fixed, so every run measures identical data. */
export const BENCH_TODAY = '2026-12-03';
/** The month whose file is imported: the last full month before today. */
export const BENCH_MONTH = '2026-11';
/** Rows of the daily file that drives the incremental recalculation. */
export const DAILY_ROWS = 5000;
