// Deterministic demo database: a plausible company with counterparties, outlets, contracts in every status and
// months of visits and signals. The same seed and `today` always give identical table contents, so demos,
// screenshots and benchmarks are reproducible.
import type { WritableDb } from '../db/types';
import { insertApprovals } from './approvals';
import { insertContracts } from './contracts';
import {
  CONTRACT_STATUSES,
  createContext,
  type ContractStatus,
  type DemoCounts,
  type DemoSizes,
} from './context';
import { dayOf } from './dates';
import { insertCounterparties } from './market';
import { createRandom, deriveSeed } from './random';
import { demoPasswordHash, insertCatalogue, insertSettings, insertUsers } from './staff';
import { insertVisits, planVisitVolumes } from './visits';

export { CONTRACT_STATUSES, type ContractStatus, type DemoCounts, type DemoSizes } from './context';

export type DemoScale = 'small' | 'large';

/** The named scales: `small` for demos and manual testing, `large` for benchmarks (10× today's volume). */
export const SCALES: Readonly<Record<DemoScale, DemoSizes>> = {
  small: { contracts: 300, counterparties: 120, outlets: 420, visitsPerMonth: 4000, months: 3, extraManagers: 0 },
  large: {
    contracts: 20_000,
    counterparties: 6_000,
    outlets: 25_000,
    visitsPerMonth: 150_000,
    months: 12,
    extraManagers: 7,
  },
};

/** Seed used when the caller gives none, so that "load demo data" is reproducible by default. */
export const DEFAULT_DEMO_SEED = 20261203;

export interface DemoOptions {
  scale: DemoScale;
  seed?: number;
  /** The demo's "today", `YYYY-MM-DD`: statuses and visit dates are laid out around it. */
  today: string;
  /** Overrides parts of the scale; meant for tests that need a tiny database. */
  sizes?: Partial<DemoSizes>;
  /** Called at stage boundaries and every few thousand rows; `total` is known from the start. */
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** What a demo load produced. */
export interface DemoSummary {
  scale: DemoScale;
  seed: number;
  today: string;
  /** First and last visit date, null when no visits were generated. */
  visitsFrom: string | null;
  visitsTo: string | null;
  /** Rows added per table. */
  rows: DemoCounts;
  contractsByStatus: Record<ContractStatus, number>;
}

// Random-order inserts into the visits indexes thrash SQLite's default 2 MB page cache and make a large load about a
// third slower; the cache only grows as pages are touched and is shrunk back afterwards.
const LOAD_CACHE_KIB = 256 * 1024;

/** Fills an empty store with demo data inside the caller's transaction (it opens none itself); returns row counts. */
export function generateDemo(db: WritableDb, opts: DemoOptions): DemoSummary {
  const sizes: DemoSizes = { ...SCALES[opts.scale], ...opts.sizes };
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const ctx = createContext(db, sizes, seed, dayOf(opts.today), opts.onProgress);
  // Each stage draws from its own stream, so changing how one stage uses randomness leaves the others' data alone.
  const rnd = (stage: string) => createRandom(deriveSeed(seed, stage));
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-LOAD_CACHE_KIB}`);
  try {
    const passwordHash = demoPasswordHash(seed);
    const visitPlan = planVisitVolumes(ctx, rnd('visit-volumes'));
    const visits = visitPlan.reduce((s, m) => s + m.total, 0);
    ctx.progress.total = sizes.counterparties + sizes.outlets + sizes.contracts + visits;

    insertUsers(ctx, passwordHash, rnd('users'));
    insertSettings(ctx);
    insertCatalogue(ctx);
    insertCounterparties(ctx, rnd('counterparties'));
    insertContracts(ctx, rnd('contracts'));
    insertApprovals(ctx, rnd('approvals'));
    insertVisits(ctx, visitPlan, rnd('visits'));
    ctx.progress.report('done', true);
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }

  const contractsByStatus = Object.fromEntries(CONTRACT_STATUSES.map((s) => [s, 0])) as Record<ContractStatus, number>;
  for (const c of ctx.contracts) contractsByStatus[c.status]++;
  return {
    scale: opts.scale,
    seed,
    today: opts.today,
    visitsFrom: ctx.visitsFrom,
    visitsTo: ctx.visitsTo,
    rows: { ...ctx.rows },
    contractsByStatus,
  };
}
