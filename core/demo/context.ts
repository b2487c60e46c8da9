// State shared by the demo generator's stages: what earlier stages inserted (ids, plans) and what later ones need.
import type { WritableDb } from '../db/types';
import { isoOf } from './dates';
import {
  CITIES,
  EQUIPMENT_POOL,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  PATRONYMICS,
  SKU_POOL,
  SURNAMES,
  type OutletKind,
} from './names';
import type { Random } from './random';

export const CONTRACT_STATUSES = [
  'draft',
  'on_approval',
  'approved',
  'signed',
  'active',
  'expired',
  'terminated',
  'rejected',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Statuses in which a contract has been signed, so it has fees and its outlets get visited. */
export const SIGNED_STATUSES: ReadonlySet<ContractStatus> = new Set(['signed', 'active', 'expired', 'terminated']);

/** How much data a scale produces. */
export interface DemoSizes {
  /** Contracts to create (a few fewer if outlets run out of free periods). */
  contracts: number;
  counterparties: number;
  /** Outlets in total; at least one per counterparty. */
  outlets: number;
  /** Visits in a full month; the current month gets a share for the days already past. */
  visitsPerMonth: number;
  /** Full months of visits before the current month. */
  months: number;
  /** Managers beyond the one `manager` login. */
  extraManagers: number;
}

/** Rows added per table. */
export interface DemoCounts {
  users: number;
  user_roles: number;
  user_scopes: number;
  settings: number;
  skus: number;
  equipment_types: number;
  counterparties: number;
  outlets: number;
  contracts: number;
  contract_outlets: number;
  terms_versions: number;
  terms_skus: number;
  terms_equipment: number;
  supplementary_agreements: number;
  import_batches: number;
  visits: number;
  signals: number;
  approval_instances: number;
  approval_steps: number;
  approval_decisions: number;
  budget_plan: number;
}

export interface Region {
  code: string;
  name: string;
  district: string;
}

export interface Category {
  code: string;
  min: number;
  max: number;
  /** Indices into SKU_POOL that this category's must-stock lists draw from. */
  skus: number[];
  /** Indices into EQUIPMENT_POOL. */
  equipment: number[];
}

export interface CounterpartyPlan {
  id: number;
  type: 'ЮЛ' | 'ИП';
  region: Region;
  /** Indices into DemoContext.outlets. */
  outlets: number[];
}

export interface OutletPlan {
  id: number;
  kind: OutletKind;
  counterparty: number;
  repCode: string;
  managerId: number | null;
  /** Probability that a visit reports something. */
  violationRate: number;
}

export interface TermsPlan {
  from: number;
  fee: number;
  schedule: string | null;
  skus: number[];
  equipment: number[];
  reason: 'initial' | 'supplement';
  created: string;
}

export interface ContractPlan {
  status: ContractStatus;
  start: number;
  end: number;
  signed: number | null;
  terminated: number | null;
  created: string;
  updated: string;
  counterparty: number;
  outlets: number[];
  category: number;
  managerId: number | null;
  terms: TermsPlan[];
}

const PROGRESS_STEP = 5000;

/**
 * How many days before `today` the company and its counterparties were set up: earlier than the oldest contract
 * (an expired 24-month contract that ended 14 months ago was created about 1 170 days back).
 */
export const SETUP_DAYS_AGO = 1500;
export const OLDEST_COUNTERPARTY_DAYS = 1200;

/** Throttled progress reporting: a callback per row would cost more than the inserts. */
export class Progress {
  done = 0;
  total = 0;
  private lastReported = 0;
  constructor(private readonly cb?: (done: number, total: number, stage: string) => void) {}

  /** Reports when enough rows were done since the last report, or always when forced (stage boundaries). */
  report(stage: string, force = false): void {
    if (!this.cb || (!force && this.done - this.lastReported < PROGRESS_STEP)) return;
    this.lastReported = this.done;
    this.cb(stage === 'done' ? this.total : Math.min(this.done, this.total), this.total, stage);
  }
}

export interface DemoContext {
  db: WritableDb;
  sizes: DemoSizes;
  seed: number;
  /** Day number of the demo's "today". */
  today: number;
  regions: Region[];
  districts: string[];
  categories: Category[];
  rows: DemoCounts;
  progress: Progress;
  /** Ids and codes parallel to SKU_POOL / EQUIPMENT_POOL. */
  skuIds: number[];
  skuCodes: string[];
  equipmentIds: number[];
  equipmentCodes: string[];
  /** Users created by the demo, by login. */
  userIds: Map<string, number>;
  managerByDistrict: Map<string, number | null>;
  /** INNs already taken (the company's first), so no counterparty repeats one. */
  usedInns: Set<string>;
  counterparties: CounterpartyPlan[];
  outlets: OutletPlan[];
  contracts: ContractPlan[];
  /** Store ids of `contracts`, index for index. */
  contractIds: number[];
  visitsFrom: string | null;
  visitsTo: string | null;
}

/** Reads the reference data the demo builds on and sets up empty state. */
export function createContext(
  db: WritableDb,
  sizes: DemoSizes,
  seed: number,
  today: number,
  onProgress?: (done: number, total: number, stage: string) => void,
): DemoContext {
  // Reference data comes from the store so that the demo follows whatever the migrations (or an admin) defined.
  const regions = (
    db.prepare('SELECT code, name, federal_district AS district FROM regions ORDER BY code').all() as Region[]
  ).filter((r) => r.code in CITIES);
  const districts = db.prepare('SELECT code FROM federal_districts ORDER BY rowid').pluck().all() as string[];
  const cats = db
    .prepare('SELECT code, min_monthly_fee AS min, max_monthly_fee AS max FROM contract_categories ORDER BY code')
    .all() as { code: string; min: number; max: number }[];
  if (cats.length === 0) throw new Error('contract_categories is empty: the demo needs at least one category');
  const categories = cats.map((c) => {
    const own = SKU_POOL.flatMap((s, i) => (s.category === c.code ? [i] : []));
    const eq = EQUIPMENT_POOL.flatMap((e, i) => ((e.categories as readonly string[]).includes(c.code) ? [i] : []));
    // A category an admin added has no assortment of its own in the pools, so it draws from everything.
    return {
      ...c,
      skus: own.length >= 3 ? own : SKU_POOL.map((_, i) => i),
      equipment: eq.length > 0 ? eq : EQUIPMENT_POOL.map((_, i) => i),
    };
  });
  return {
    db,
    sizes,
    seed,
    today,
    regions,
    districts,
    categories,
    rows: {
      users: 0,
      user_roles: 0,
      user_scopes: 0,
      settings: 0,
      skus: 0,
      equipment_types: 0,
      counterparties: 0,
      outlets: 0,
      contracts: 0,
      contract_outlets: 0,
      terms_versions: 0,
      terms_skus: 0,
      terms_equipment: 0,
      supplementary_agreements: 0,
      import_batches: 0,
      visits: 0,
      signals: 0,
      approval_instances: 0,
      approval_steps: 0,
      approval_decisions: 0,
      budget_plan: 0,
    },
    progress: new Progress(onProgress),
    skuIds: [],
    skuCodes: [],
    equipmentIds: [],
    equipmentCodes: [],
    userIds: new Map(),
    managerByDistrict: new Map(),
    usedInns: new Set(),
    counterparties: [],
    outlets: [],
    contracts: [],
    contractIds: [],
    visitsFrom: null,
    visitsTo: null,
  };
}

/** Timestamp of a day at a plausible office hour, never later than the day before `today`. */
export function stamp(ctx: DemoContext, day: number, rnd: Random): string {
  const d = Math.min(day, ctx.today - 1);
  const hh = String(rnd.int(5, 14)).padStart(2, '0');
  const mm = String(rnd.int(0, 59)).padStart(2, '0');
  return `${isoOf(d)}T${hh}:${mm}:00.000Z`;
}

/** A random Russian person, with surname and patronymic in the right gender. */
export function person(rnd: Random): { surname: string; first: string; patronymic: string } {
  const female = rnd.chance(0.5);
  const s = rnd.pick(SURNAMES);
  const p = rnd.pick(PATRONYMICS);
  return female
    ? { surname: s[1], first: rnd.pick(FEMALE_FIRST_NAMES), patronymic: p[1] }
    : { surname: s[0], first: rnd.pick(MALE_FIRST_NAMES), patronymic: p[0] };
}

/** Diadoc box id: 2BM-ИНН-КПП-<21 digits> (no КПП for an ИП), shaped like the ids the operator issues. */
export function edoId(ctx: DemoContext, rnd: Random, inn: string, kpp: string | null): string {
  let tail = isoOf(ctx.today - rnd.int(400, 3000)).replaceAll('-', '');
  while (tail.length < 21) tail += String(rnd.int(0, 9));
  return kpp ? `2BM-${inn}-${kpp}-${tail}` : `2BM-${inn}-${tail}`;
}
