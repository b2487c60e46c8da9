// Deterministic demo database: a plausible company with counterparties, outlets, contracts in every status and
// months of visits and signals. The same seed and `today` always give byte-identical table contents, so demos,
// screenshots and benchmarks are reproducible.
import { createHash } from 'node:crypto';
import type { WritableDb } from '../db/types';
import {
  generateInn,
  generateInnLegal,
  generateKpp,
  generateOgrn,
  generateOgrnip,
  generateSettlementAccount,
} from '../requisites';
import { hashPassword } from '../users/password';
import { insertUser } from '../users/repo';
import { ROLES, type Role } from '../users/roles';
import { dayOf, firstDay, isoOf, lastDay, monthLabel, monthOf, weekdayOf } from './dates';
import {
  CITIES,
  COMPANY_NAMES,
  COMPANY_NAME_SUFFIXES,
  DEMO_COMPANY,
  DEMO_STAFF,
  EQUIPMENT_POOL,
  FEDERAL_BANKS,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  OUTLET_KINDS,
  PATRONYMICS,
  REGIONAL_BANKS,
  REGION_WEIGHTS,
  SCHEDULES,
  SHOP_NAMES,
  SKU_POOL,
  STREETS,
  SURNAMES,
  type Bank,
  type OutletKind,
} from './names';
import { createRandom, deriveSeed, type Random } from './random';

export type DemoScale = 'small' | 'large';

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

/** The named scales: `small` for demos and manual testing, `large` for benchmarks (10× today's volume). */
export const SCALES: Readonly<Record<DemoScale, DemoSizes>> = {
  small: { contracts: 300, counterparties: 120, outlets: 420, visitsPerMonth: 4000, months: 3, extraManagers: 0 },
  large: { contracts: 20_000, counterparties: 6_000, outlets: 25_000, visitsPerMonth: 150_000, months: 12, extraManagers: 7 },
};

/** Seed used when the caller gives none, so that "load demo data" is reproducible by default. */
export const DEFAULT_DEMO_SEED = 20261203;

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

export interface DemoOptions {
  scale: DemoScale;
  seed?: number;
  /** The demo's "today", `YYYY-MM-DD`: statuses and visit dates are laid out around it. */
  today: string;
  /** Overrides parts of the scale; meant for tests that need a tiny database. */
  sizes?: Partial<DemoSizes>;
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** Rows added per table. */
export interface DemoCounts {
  users: number;
  user_roles: number;
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
  import_batches: number;
  visits: number;
  signals: number;
}

/** What a demo load produced. */
export interface DemoSummary {
  scale: DemoScale;
  seed: number;
  today: string;
  /** First and last visit date, null when no visits were generated. */
  visitsFrom: string | null;
  visitsTo: string | null;
  rows: DemoCounts;
  contractsByStatus: Record<ContractStatus, number>;
}

const SIGNED_STATUSES: ReadonlySet<ContractStatus> = new Set(['signed', 'active', 'expired', 'terminated']);

const STATUS_WEIGHTS: Record<ContractStatus, number> = {
  draft: 0.1,
  on_approval: 0.07,
  approved: 0.05,
  signed: 0.06,
  active: 0.45,
  expired: 0.14,
  terminated: 0.05,
  rejected: 0.08,
};

const DURATIONS = [12, 6, 24, 18, 3] as const;
const DURATION_WEIGHTS = [0.6, 0.15, 0.15, 0.07, 0.03] as const;

const VAT_MODES = ['VAT', 'VAT5', 'VAT7', 'NO_VAT'] as const;
const VAT_WEIGHTS_LEGAL = [0.82, 0.06, 0.04, 0.08] as const;
const VAT_WEIGHTS_INDIVIDUAL = [0.25, 0.25, 0.15, 0.35] as const;

type SignalType = 'OOS' | 'EQUIPMENT' | 'SCHEDULE';
const SIGNAL_TYPES: readonly SignalType[] = ['OOS', 'EQUIPMENT', 'SCHEDULE'];
const SIGNAL_TYPE_WEIGHTS = [0.65, 0.2, 0.15] as const;

// Share of visits that report anything, per outlet profile: most outlets are disciplined, a few are not, so the
// demo shows both clean payouts and heavy penalties.
const OUTLET_PROFILES = [0.005, 0.04, 0.2] as const;
const OUTLET_PROFILE_WEIGHTS = [0.5, 0.35, 0.15] as const;

const OUTLETS_PER_REP = 35;
const PROGRESS_STEP = 5000;

interface Region {
  code: string;
  name: string;
  district: string;
}

interface Category {
  code: string;
  min: number;
  max: number;
  /** Indices into the SKU list that this category's must-stock lists draw from. */
  skus: number[];
  equipment: number[];
}

interface CounterpartyPlan {
  id: number;
  type: 'ЮЛ' | 'ИП';
  brand: string;
  region: Region;
  outlets: number[];
}

interface OutletPlan {
  id: number;
  kind: OutletKind;
  district: string;
  counterparty: number;
  repCode: string;
  managerId: number | null;
  /** Probability that a visit reports something. */
  violationRate: number;
}

interface TermsPlan {
  from: number;
  fee: number;
  schedule: string | null;
  skus: number[];
  equipment: number[];
  reason: 'initial' | 'supplement';
  created: string;
}

interface ContractPlan {
  status: ContractStatus;
  start: number;
  end: number;
  signed: number | null;
  terminated: number | null;
  createdDay: number;
  created: string;
  updated: string;
  counterparty: number;
  outlets: number[];
  category: number;
  managerId: number | null;
  terms: TermsPlan[];
}

/** Fills an empty store with demo data inside the caller's transaction; returns the row counts. */
export function generateDemo(db: WritableDb, opts: DemoOptions): DemoSummary {
  const sizes: DemoSizes = { ...SCALES[opts.scale], ...opts.sizes };
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const today = dayOf(opts.today);
  const g = new Generator(db, sizes, seed, today, opts.onProgress);
  // Random-order inserts into the visits indexes thrash SQLite's default 2 MB page cache and make a large load
  // about a third slower; the cache only grows as pages are touched and is shrunk back afterwards.
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-256 * 1024}`);
  try {
    return g.run(opts.scale, opts.today);
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
}

class Generator {
  private readonly rows: DemoCounts = {
    users: 0,
    user_roles: 0,
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
    import_batches: 0,
    visits: 0,
    signals: 0,
  };
  private readonly regions: Region[];
  private readonly districts: string[];
  private readonly categories: Category[];
  private skuIds: number[] = [];
  private skuCodes: string[] = [];
  private equipmentIds: number[] = [];
  private equipmentCodes: string[] = [];
  private userIds = new Map<string, number>();
  /** Manager user id per federal district. */
  private managerByDistrict = new Map<string, number | null>();
  private counterparties: CounterpartyPlan[] = [];
  private outlets: OutletPlan[] = [];
  private contracts: ContractPlan[] = [];
  private visitsFrom: string | null = null;
  private visitsTo: string | null = null;
  private done = 0;
  private total = 0;
  private lastReported = 0;

  constructor(
    private readonly db: WritableDb,
    private readonly sizes: DemoSizes,
    private readonly seed: number,
    private readonly today: number,
    private readonly onProgress?: (done: number, total: number, stage: string) => void,
  ) {
    // Reference data comes from the store so that the demo follows whatever the migrations (or an admin) defined.
    this.regions = (
      db.prepare('SELECT code, name, federal_district AS district FROM regions ORDER BY code').all() as Region[]
    ).filter((r) => r.code in CITIES);
    this.districts = db.prepare('SELECT code FROM federal_districts ORDER BY rowid').pluck().all() as string[];
    const cats = db
      .prepare('SELECT code, min_monthly_fee AS min, max_monthly_fee AS max FROM contract_categories ORDER BY code')
      .all() as { code: string; min: number; max: number }[];
    this.categories = cats.map((c) => {
      const own = SKU_POOL.flatMap((s, i) => (s.category === c.code ? [i] : []));
      const eq = EQUIPMENT_POOL.flatMap((e, i) => ((e.categories as readonly string[]).includes(c.code) ? [i] : []));
      return {
        ...c,
        skus: own.length >= 3 ? own : SKU_POOL.map((_, i) => i),
        equipment: eq.length > 0 ? eq : EQUIPMENT_POOL.map((_, i) => i),
      };
    });
    if (this.categories.length === 0) throw new Error('contract_categories is empty: the demo needs at least one');
  }

  run(scale: DemoScale, todayIso: string): DemoSummary {
    const passwordHash = this.demoPasswordHash();
    const rnd = (label: string) => createRandom(deriveSeed(this.seed, label));
    const visitPlan = this.planVisitVolumes(rnd('visit-volumes'));
    this.total =
      this.sizes.counterparties + this.sizes.outlets + this.sizes.contracts + visitPlan.reduce((s, m) => s + m.total, 0);

    this.insertUsers(passwordHash, rnd('users'));
    this.insertSettings();
    this.insertReference();
    this.insertCounterparties(rnd('counterparties'));
    this.insertContracts(rnd('contracts'));
    this.insertVisits(visitPlan, rnd('visits'));
    this.report('done', true);

    const contractsByStatus = Object.fromEntries(CONTRACT_STATUSES.map((s) => [s, 0])) as Record<ContractStatus, number>;
    for (const c of this.contracts) contractsByStatus[c.status]++;
    return {
      scale,
      seed: this.seed,
      today: todayIso,
      visitsFrom: this.visitsFrom,
      visitsTo: this.visitsTo,
      rows: { ...this.rows },
      contractsByStatus,
    };
  }

  private report(stage: string, force = false): void {
    if (!this.onProgress) return;
    if (force || this.done - this.lastReported >= PROGRESS_STEP) {
      this.lastReported = this.done;
      this.onProgress(force && stage === 'done' ? this.total : Math.min(this.done, this.total), this.total, stage);
    }
  }

  // The salt comes from the seed: the demo password is public anyway, and a random salt would make two loads differ.
  private demoPasswordHash(): string {
    const salt = createHash('sha256').update(`mcm-demo-salt:${this.seed}`).digest().subarray(0, 16);
    return hashPassword('demo', salt);
  }

  /** Timestamp of a day at a plausible office hour, never later than the day before `today`. */
  private stamp(day: number, rnd: Random): string {
    const d = Math.min(day, this.today - 1);
    const hh = String(rnd.int(5, 14)).padStart(2, '0');
    const mm = String(rnd.int(0, 59)).padStart(2, '0');
    return `${isoOf(d)}T${hh}:${mm}:00.000Z`;
  }

  private person(rnd: Random): { surname: string; first: string; patronymic: string } {
    const female = rnd.chance(0.5);
    const s = rnd.pick(SURNAMES);
    const p = rnd.pick(PATRONYMICS);
    return female
      ? { surname: s[1], first: rnd.pick(FEMALE_FIRST_NAMES), patronymic: p[1] }
      : { surname: s[0], first: rnd.pick(MALE_FIRST_NAMES), patronymic: p[0] };
  }

  private insertUsers(passwordHash: string, rnd: Random): void {
    this.report('users', true);
    const created = `${isoOf(this.today - 730)}T06:00:00.000Z`;
    // An admin may already exist (they are the one loading the demo): their login is left alone.
    const taken = new Set((this.db.prepare('SELECT lower(login) FROM users').pluck().all() as string[]));
    const add = (login: string, fullName: string, roles: Role[]) => {
      if (taken.has(login)) return;
      taken.add(login);
      this.userIds.set(login, insertUser(this.db, { login, fullName, passwordHash, roles }, created));
      this.rows.users++;
      this.rows.user_roles += roles.length;
    };
    for (const role of ROLES) add(role, DEMO_STAFF[role], [role]);
    const managers: number[] = [];
    const base = this.userIds.get('manager');
    if (base !== undefined) managers.push(base);
    for (let i = 0; i < this.sizes.extraManagers; i++) {
      const p = this.person(rnd);
      const login = `manager${i + 2}`;
      add(login, `${p.surname} ${p.first} ${p.patronymic}`, ['manager']);
      const id = this.userIds.get(login);
      if (id !== undefined) managers.push(id);
    }
    if (managers.length === 0) {
      managers.push(
        ...(this.db
          .prepare("SELECT user_id FROM user_roles WHERE role = 'manager' ORDER BY user_id")
          .pluck()
          .all() as number[]),
      );
    }
    this.districts.forEach((d, i) => this.managerByDistrict.set(d, managers.length ? managers[i % managers.length] : null));
  }

  private insertSettings(): void {
    this.report('settings', true);
    // The company is the same for every seed: it is "us", only the market around it varies.
    const rnd = createRandom(deriveSeed(0, 'company'));
    const inn = generateInnLegal(rnd.next);
    const kpp = generateKpp(rnd.next, inn);
    const bank = DEMO_COMPANY.bank;
    const values: [string, string][] = [
      ['company.name', DEMO_COMPANY.name],
      ['company.inn', inn],
      ['company.kpp', kpp],
      ['company.ogrn', generateOgrn(rnd.next)],
      ['company.address', DEMO_COMPANY.address],
      ['company.bik', bank.bik],
      ['company.account', generateSettlementAccount(rnd.next, bank.bik)],
      ['company.corr_account', bank.corr],
      ['company.bank_name', bank.name],
      ['company.edo_id', this.edoId(rnd, inn, kpp)],
      ['company.signer_name', DEMO_COMPANY.signerName],
      ['company.signer_position', DEMO_COMPANY.signerPosition],
    ];
    this.companyInn = inn;
    // Settings an admin already entered win over the demo's.
    const ins = this.db.prepare(
      'INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
    );
    const at = `${isoOf(this.today - 730)}T06:30:00.000Z`;
    const by = this.userIds.get('admin') ?? null;
    for (const [k, v] of values) this.rows.settings += ins.run(k, v, at, by).changes;
  }

  private companyInn = '';

  /** Diadoc box id: 2BM-ИНН-КПП-<21 digits> (no КПП for an ИП), as the operator issues them. */
  private edoId(rnd: Random, inn: string, kpp: string | null): string {
    const day = isoOf(this.today - rnd.int(400, 3000)).replaceAll('-', '');
    let tail = day;
    while (tail.length < 21) tail += String(rnd.int(0, 9));
    return kpp ? `2BM-${inn}-${kpp}-${tail}` : `2BM-${inn}-${tail}`;
  }

  private insertReference(): void {
    this.report('reference', true);
    // Existing codes are reused, not duplicated: an admin may have loaded part of the catalogue already.
    const skuIds = new Map(
      (this.db.prepare('SELECT code, id FROM skus').all() as { code: string; id: number }[]).map((r) => [r.code, r.id]),
    );
    const insSku = this.db.prepare('INSERT INTO skus (code, name, brand) VALUES (?, ?, ?)');
    SKU_POOL.forEach((s, i) => {
      const code = `SKU-${String(i + 1).padStart(4, '0')}`;
      let id = skuIds.get(code);
      if (id === undefined) {
        id = Number(insSku.run(code, s.name, s.brand).lastInsertRowid);
        this.rows.skus++;
      }
      this.skuIds.push(id);
      this.skuCodes.push(code);
    });
    const eqIds = new Map(
      (this.db.prepare('SELECT code, id FROM equipment_types').all() as { code: string; id: number }[]).map((r) => [
        r.code,
        r.id,
      ]),
    );
    const insEq = this.db.prepare('INSERT INTO equipment_types (code, name) VALUES (?, ?)');
    for (const e of EQUIPMENT_POOL) {
      let id = eqIds.get(e.code);
      if (id === undefined) {
        id = Number(insEq.run(e.code, e.name).lastInsertRowid);
        this.rows.equipment_types++;
      }
      this.equipmentIds.push(id);
      this.equipmentCodes.push(e.code);
    }
  }

  private regionsOf(district: string): Region[] {
    return this.regions.filter((r) => r.district === district);
  }

  private pickRegion(rnd: Random, pool: Region[]): Region {
    return rnd.weighted(
      pool,
      pool.map((r) => REGION_WEIGHTS[r.code] ?? 0.5),
    );
  }

  private address(rnd: Random, region: Region, withRegion: boolean): string {
    const city = rnd.pick(CITIES[region.code]);
    const federalCity = region.name.startsWith('г. ');
    const place = federalCity ? region.name : withRegion ? `${region.name}, г. ${city}` : `г. ${city}`;
    const house = rnd.chance(0.15) ? `${rnd.int(1, 120)}${rnd.pick(['А', 'Б', 'к1', 'к2', 'стр. 1'])}` : String(rnd.int(1, 150));
    return `${place}, ${rnd.pick(STREETS)}, д. ${house}`;
  }

  private uniqueCompanyName(rnd: Random, used: Set<string>): string {
    const base = rnd.pick(COMPANY_NAMES);
    if (!used.has(base)) return base;
    for (const suffix of rnd.shuffle(COMPANY_NAME_SUFFIXES)) {
      const name = `${base} ${suffix}`;
      if (!used.has(name)) return name;
    }
    for (let n = 2; ; n++) {
      const name = `${base}-${n}`;
      if (!used.has(name)) return name;
    }
  }

  /** How many outlets each counterparty owns: individuals one or two, companies a heavy-tailed share of the rest. */
  private outletCounts(rnd: Random, types: ('ЮЛ' | 'ИП')[]): number[] {
    const counts = types.map((t) => (t === 'ИП' && rnd.chance(0.2) ? 2 : 1));
    let left = this.sizes.outlets - counts.reduce((s, n) => s + n, 0);
    const legal = types.flatMap((t, i) => (t === 'ЮЛ' ? [i] : []));
    if (left <= 0 || legal.length === 0) return counts;
    const weights = legal.map(() => Math.exp(3 * rnd.next() * rnd.next()));
    const sum = weights.reduce((s, w) => s + w, 0);
    const share = legal.map((_, k) => Math.floor((left * weights[k]) / sum));
    legal.forEach((i, k) => (counts[i] += share[k]));
    left -= share.reduce((s, n) => s + n, 0);
    for (let k = 0; left > 0; k = (k + 1) % legal.length, left--) counts[legal[k]]++;
    return counts;
  }

  private insertCounterparties(rnd: Random): void {
    this.report('counterparties', true);
    const insCp = this.db.prepare(
      `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, address,
         edo_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insOutlet = this.db.prepare(
      `INSERT INTO outlets (code, name, address, region_code, channel, counterparty_id, rep_code, manager_user_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const n = this.sizes.counterparties;
    const types = Array.from({ length: n }, () => (rnd.chance(0.55) ? 'ЮЛ' : 'ИП') as 'ЮЛ' | 'ИП');
    const counts = this.outletCounts(rnd, types);
    const usedInn = new Set<string>([this.companyInn]);
    const usedNames = new Set<string>();
    // Reps are per region, each serving a route of about OUTLETS_PER_REP outlets.
    const reps = new Map<string, { code: string; served: number }>();
    let repSeq = 0;
    let outletSeq = 0;

    for (let i = 0; i < n; i++) {
      const type = types[i];
      // The first counterparties go one per federal district, so every district has outlets at any scale.
      const region =
        i < this.districts.length ? this.pickRegion(rnd, this.regionsOf(this.districts[i])) : this.pickRegion(rnd, this.regions);
      let inn = generateInn(rnd.next, type);
      while (usedInn.has(inn)) inn = generateInn(rnd.next, type);
      usedInn.add(inn);
      const kpp = type === 'ЮЛ' ? generateKpp(rnd.next, inn) : null;
      const ogrn = type === 'ЮЛ' ? generateOgrn(rnd.next) : generateOgrnip(rnd.next);
      let name: string;
      let brand: string;
      if (type === 'ЮЛ') {
        brand = this.uniqueCompanyName(rnd, usedNames);
        usedNames.add(brand);
        name = `${rnd.chance(0.85) ? 'ООО' : 'АО'} «${brand}»`;
      } else {
        const p = this.person(rnd);
        name = `ИП ${p.surname} ${p.first[0]}. ${p.patronymic[0]}.`;
        brand = rnd.pick(SHOP_NAMES);
      }
      const vat = rnd.weighted(VAT_MODES, type === 'ЮЛ' ? VAT_WEIGHTS_LEGAL : VAT_WEIGHTS_INDIVIDUAL);
      const regional = REGIONAL_BANKS[region.district];
      const bank: Bank = regional && rnd.chance(0.5) ? rnd.pick(regional) : rnd.pick(FEDERAL_BANKS);
      const account = generateSettlementAccount(rnd.next, bank.bik);
      const address = this.address(rnd, region, true) + (rnd.chance(0.6) ? `, ${rnd.pick(['оф.', 'пом.', 'кв.'])} ${rnd.int(1, 60)}` : '');
      const edo = rnd.chance(0.85) ? this.edoId(rnd, inn, kpp) : null;
      const created = this.stamp(this.today - rnd.int(400, 1200), rnd);
      const id = Number(
        insCp.run(type, name, inn, kpp, ogrn, vat, bank.bik, account, bank.corr, bank.name, address, edo, created, created)
          .lastInsertRowid,
      );
      this.rows.counterparties++;
      const cp: CounterpartyPlan = { id, type, brand, region, outlets: [] };
      this.counterparties.push(cp);
      this.done++;

      const chainKind: OutletKind =
        type === 'ИП'
          ? rnd.weighted(['shop', 'pavilion', 'minimarket'] as const, [0.55, 0.25, 0.2])
          : counts[i] >= 5
            ? rnd.weighted(['supermarket', 'minimarket'] as const, [0.5, 0.5])
            : rnd.weighted(['shop', 'minimarket', 'supermarket', 'gas_station'] as const, [0.35, 0.4, 0.15, 0.1]);
      const district = this.regionsOf(region.district);
      for (let k = 0; k < counts[i]; k++) {
        const oRegion = k === 0 || rnd.chance(0.8) ? region : this.pickRegion(rnd, district);
        const kind: OutletKind = rnd.chance(0.85) ? chainKind : rnd.pick(['shop', 'minimarket'] as const);
        const word = OUTLET_KINDS[kind].word;
        const oName = counts[i] > 1 && type === 'ЮЛ' ? `${word} «${brand}» №${k + 1}` : `${word} «${brand}»`;
        let rep = reps.get(oRegion.code);
        if (!rep || rep.served >= OUTLETS_PER_REP) {
          rep = { code: `TP-${String(++repSeq).padStart(4, '0')}`, served: 0 };
          reps.set(oRegion.code, rep);
        }
        rep.served++;
        const managerId = this.managerByDistrict.get(oRegion.district) ?? null;
        const code = `TT-${String(++outletSeq).padStart(6, '0')}`;
        const oid = Number(
          insOutlet.run(code, oName, this.address(rnd, oRegion, false), oRegion.code, OUTLET_KINDS[kind].channel, id, rep.code, managerId)
            .lastInsertRowid,
        );
        this.rows.outlets++;
        cp.outlets.push(this.outlets.length);
        this.outlets.push({
          id: oid,
          kind,
          district: oRegion.district,
          counterparty: i,
          repCode: rep.code,
          managerId,
          violationRate: rnd.weighted(OUTLET_PROFILES, OUTLET_PROFILE_WEIGHTS),
        });
        this.done++;
        this.report('counterparties');
      }
    }
  }

  /** Contract period, signing and creation days consistent with the status as of `today`. */
  private planDates(rnd: Random, status: ContractStatus) {
    const T = this.today;
    const TM = monthOf(T);
    const duration = rnd.weighted(DURATIONS, DURATION_WEIGHTS);
    let start: number;
    let end: number;
    let signed: number | null = null;
    let terminated: number | null = null;
    let created: number;
    switch (status) {
      case 'active': {
        const m = TM - rnd.int(0, 11);
        start = firstDay(m);
        // Some contracts start mid-month so that pro-rated fees show up in the demo.
        if (rnd.chance(0.15)) start = Math.min(start + rnd.int(1, 20), T);
        end = lastDay(m + duration - 1);
        if (end < T) end = lastDay(TM + rnd.int(1, 11));
        signed = start - rnd.int(1, 25);
        created = signed - rnd.int(1, 14);
        break;
      }
      case 'expired': {
        const endMonth = TM - rnd.int(1, 14);
        end = lastDay(endMonth);
        start = firstDay(endMonth - duration + 1);
        signed = start - rnd.int(1, 25);
        created = signed - rnd.int(1, 14);
        break;
      }
      case 'terminated': {
        const m = TM - rnd.int(2, 14);
        start = firstDay(m);
        end = lastDay(m + Math.max(duration, 12) - 1);
        terminated = start + rnd.int(30, Math.min(end, T - 1) - start);
        signed = start - rnd.int(1, 25);
        created = signed - rnd.int(1, 14);
        break;
      }
      case 'signed': {
        start = firstDay(TM + rnd.int(1, 2));
        end = lastDay(monthOf(start) + duration - 1);
        signed = T - rnd.int(0, 20);
        created = signed - rnd.int(1, 14);
        break;
      }
      default: {
        const ahead = { draft: [1, 4], on_approval: [1, 3], approved: [1, 3], rejected: [-2, 2] }[status];
        const age = { draft: [1, 30], on_approval: [1, 5], approved: [2, 25], rejected: [10, 120] }[status];
        start = firstDay(TM + rnd.int(ahead[0], ahead[1]));
        end = lastDay(monthOf(start) + duration - 1);
        created = T - rnd.int(age[0], age[1]);
      }
    }
    return { start, end, signed, terminated, created };
  }

  private isFree(busy: Map<number, number[]>, key: number, from: number, to: number): boolean {
    const list = busy.get(key);
    if (!list) return true;
    for (let i = 0; i < list.length; i += 2) if (from <= list[i + 1] && list[i] <= to) return false;
    return true;
  }

  /** Monthly fee in kopecks: a typical fee per outlet format, whole hundreds of rubles, inside the category's limits. */
  private fee(rnd: Random, outlets: number[], cat: Category): number {
    let rub = 0;
    for (const o of outlets) {
      const [lo, hi] = OUTLET_KINDS[this.outlets[o].kind].fee;
      rub += rnd.int(lo / 100, hi / 100) * 100;
    }
    return this.clampFee(rub * 100, cat);
  }

  private clampFee(kopecks: number, cat: Category): number {
    const lo = Math.ceil(cat.min / 100) * 100;
    const hi = Math.floor(cat.max / 100) * 100;
    return Math.min(hi, Math.max(lo, Math.round(kopecks / 10_000) * 10_000));
  }

  private planTerms(rnd: Random, c: Omit<ContractPlan, 'terms' | 'created' | 'updated'>, created: string): TermsPlan[] {
    const cat = this.categories[c.category];
    const eqCount = rnd.weighted([0, 1, 2], [0.35, 0.45, 0.2]);
    const first: TermsPlan = {
      from: c.start,
      fee: this.fee(rnd, c.outlets, cat),
      schedule: rnd.pick(SCHEDULES),
      skus: rnd.sample(cat.skus, rnd.int(3, Math.min(8, cat.skus.length))).sort((a, b) => a - b),
      equipment: rnd.sample(cat.equipment, eqCount).sort((a, b) => a - b),
      reason: 'initial',
      created,
    };
    const terms = [first];
    const effEnd = Math.min(c.terminated ?? c.end, this.today);
    const lastMonth = monthOf(effEnd);
    const startMonth = monthOf(c.start);
    if (c.status !== 'signed' && SIGNED_STATUSES.has(c.status) && lastMonth > startMonth && rnd.chance(0.1)) {
      const from = firstDay(rnd.int(startMonth + 1, lastMonth));
      let fee = this.clampFee(Math.round(first.fee * (0.8 + rnd.next() * 0.5)), cat);
      if (fee === first.fee) fee = this.clampFee(first.fee + 100_000, cat);
      let skus = first.skus;
      if (rnd.chance(0.5)) {
        const spare = cat.skus.filter((s) => !skus.includes(s));
        skus =
          skus.length < 8 && spare.length > 0 && rnd.chance(0.6)
            ? [...skus, rnd.pick(spare)].sort((a, b) => a - b)
            : skus.length > 3
              ? skus.filter((s) => s !== rnd.pick(skus))
              : skus;
      }
      const signedDay = c.signed ?? c.start;
      terms.push({
        ...first,
        from,
        fee,
        skus,
        reason: 'supplement',
        created: this.stamp(Math.max(signedDay, from - rnd.int(3, 20)), rnd),
      });
    }
    return terms;
  }

  private insertContracts(rnd: Random): void {
    this.report('contracts', true);
    const busy = new Map<number, number[]>();
    const nCat = this.categories.length;
    const plans: ContractPlan[] = [];
    for (let i = 0; i < this.sizes.contracts; i++) {
      // The first contracts cycle through every status so that even a tiny demo shows each one.
      const status =
        i < CONTRACT_STATUSES.length
          ? CONTRACT_STATUSES[i]
          : rnd.weighted(CONTRACT_STATUSES, CONTRACT_STATUSES.map((s) => STATUS_WEIGHTS[s]));
      const d = this.planDates(rnd, status);
      const effEnd = d.terminated ?? d.end;
      let placed: { outlets: number[]; category: number } | null = null;
      // Overlap is checked on the effective period of every contract, a stricter rule than the submission check.
      for (let attempt = 0; attempt < 30 && !placed; attempt++) {
        const anchor = rnd.int(0, this.outlets.length - 1);
        const cp = this.counterparties[this.outlets[anchor].counterparty];
        const category = rnd.int(0, nCat - 1);
        const others = rnd.sample(cp.outlets.filter((o) => o !== anchor), rnd.weighted([0, 1, 2], [0.5, 0.3, 0.2]));
        const chosen = [anchor, ...others].filter((o) => this.isFree(busy, o * nCat + category, d.start, effEnd));
        if (chosen.length > 0) placed = { outlets: chosen.sort((a, b) => a - b), category };
      }
      if (!placed) continue;
      for (const o of placed.outlets) {
        const key = o * nCat + placed.category;
        const list = busy.get(key);
        if (list) list.push(d.start, effEnd);
        else busy.set(key, [d.start, effEnd]);
      }
      const outlet = this.outlets[placed.outlets[0]];
      const base = {
        status,
        start: d.start,
        end: d.end,
        signed: d.signed,
        terminated: d.terminated,
        createdDay: d.created,
        counterparty: outlet.counterparty,
        outlets: placed.outlets,
        category: placed.category,
        managerId: outlet.managerId,
      };
      const created = this.stamp(d.created, rnd);
      const terms = this.planTerms(rnd, base, created);
      let updatedDay = Math.max(d.created, d.signed ?? 0, d.terminated ?? 0);
      if (status === 'approved' || status === 'rejected') updatedDay = rnd.int(d.created, this.today - 1);
      let updated = updatedDay === d.created ? created : this.stamp(updatedDay, rnd);
      const last = terms[terms.length - 1];
      if (last.created > updated) updated = last.created;
      plans.push({ ...base, created, updated, terms });
    }

    // Inserted in creation order, so ids and per-year numbers grow with time as they would in real use.
    const order = plans.map((_, i) => i).sort((a, b) => (plans[a].created < plans[b].created ? -1 : plans[a].created > plans[b].created ? 1 : a - b));
    const insContract = this.db.prepare(
      `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status, signed_date,
         terminated_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLink = this.db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)');
    const insTerms = this.db.prepare(
      `INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, rule_set, reason, created_at)
       VALUES (?, ?, ?, ?, 'DEFAULT', ?, ?)`,
    );
    const insTermsSku = this.db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)');
    const insTermsEq = this.db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)');
    const seqByYear = new Map<number, number>();
    for (const idx of order) {
      const c = plans[idx];
      const year = Number(isoOf(c.start).slice(0, 4));
      const seq = (seqByYear.get(year) ?? 0) + 1;
      seqByYear.set(year, seq);
      const id = Number(
        insContract.run(
          `MK-${year}-${String(seq).padStart(6, '0')}`,
          this.counterparties[c.counterparty].id,
          this.categories[c.category].code,
          c.managerId,
          isoOf(c.start),
          isoOf(c.end),
          c.status,
          c.signed === null ? null : isoOf(c.signed),
          c.terminated === null ? null : isoOf(c.terminated),
          c.managerId,
          c.created,
          c.updated,
        ).lastInsertRowid,
      );
      this.rows.contracts++;
      for (const o of c.outlets) insLink.run(id, this.outlets[o].id);
      this.rows.contract_outlets += c.outlets.length;
      for (const t of c.terms) {
        const tid = Number(insTerms.run(id, isoOf(t.from), t.fee, t.schedule, t.reason, t.created).lastInsertRowid);
        this.rows.terms_versions++;
        for (const s of t.skus) insTermsSku.run(tid, this.skuIds[s]);
        for (const e of t.equipment) insTermsEq.run(tid, this.equipmentIds[e]);
        this.rows.terms_skus += t.skus.length;
        this.rows.terms_equipment += t.equipment.length;
      }
      this.contracts.push(c);
      this.done++;
      this.report('contracts');
    }
    // Contracts that found no free outlet still count as progress, so the bar reaches its end.
    this.done += this.sizes.contracts - plans.length;
  }

  /** Visits per day for each month of the window: fewer at weekends, with a little day-to-day noise. */
  private planVisitVolumes(rnd: Random): { month: number; days: number[]; counts: number[]; total: number }[] {
    const TM = monthOf(this.today);
    const months: number[] = [];
    for (let k = this.sizes.months; k >= 1; k--) months.push(TM - k);
    // Files arrive daily for the day before, so the current month has data up to yesterday.
    if (this.today > firstDay(TM)) months.push(TM);
    const weight = (day: number) => [1, 1, 1, 1, 1, 0.6, 0.3][weekdayOf(day)];
    return months.map((m) => {
      const first = firstDay(m);
      const last = Math.min(lastDay(m), this.today - 1);
      let full = 0;
      for (let d = first; d <= lastDay(m); d++) full += weight(d);
      const days: number[] = [];
      const counts: number[] = [];
      for (let d = first; d <= last; d++) {
        days.push(d);
        counts.push(Math.round(((this.sizes.visitsPerMonth * weight(d)) / full) * (0.9 + 0.2 * rnd.next())));
      }
      return { month: m, days, counts, total: counts.reduce((s, n) => s + n, 0) };
    });
  }

  private insertVisits(plan: { month: number; days: number[]; counts: number[]; total: number }[], rnd: Random): void {
    this.report('visits', true);
    // Which signed contracts cover each outlet, to draw signals that mostly hit the contract's own obligations.
    const coverage = new Map<number, ContractPlan[]>();
    for (const c of this.contracts) {
      if (!SIGNED_STATUSES.has(c.status)) continue;
      for (const o of c.outlets) {
        const list = coverage.get(o);
        if (list) list.push(c);
        else coverage.set(o, [c]);
      }
    }
    const insBatch = this.db.prepare(
      `INSERT INTO import_batches (kind, file_name, sha256, user_id, created_at) VALUES ('signals', ?, ?, ?, ?)`,
    );
    const updBatch = this.db.prepare('UPDATE import_batches SET rows_read = ?, rows_added = ? WHERE id = ?');
    const insVisit = this.db.prepare(
      'INSERT INTO visits (visit_id, visit_date, outlet_id, rep_code, source, batch_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insSignal = this.db.prepare(
      'INSERT INTO signals (visit_row_id, signal_type, object_code, photo_ref, batch_id) VALUES (?, ?, ?, ?, ?)',
    );
    const importer = this.userIds.get('assistant') ?? null;
    const allSkus = this.skuCodes.map((_, i) => i);
    const allEquipment = this.equipmentCodes.map((_, i) => i);

    for (const m of plan) {
      const from = firstDay(m.month);
      const to = lastDay(m.month);
      const candidates: number[] = [];
      const seen = new Set<number>();
      for (const c of this.contracts) {
        if (!SIGNED_STATUSES.has(c.status) || c.start > to || (c.terminated ?? c.end) < from) continue;
        for (const o of c.outlets) {
          if (!seen.has(o)) {
            seen.add(o);
            candidates.push(o);
          }
        }
      }
      if (candidates.length === 0 || m.total === 0) {
        this.done += m.total;
        continue;
      }
      candidates.sort((a, b) => a - b);
      const label = monthLabel(m.month);
      const [yyyy, mm] = label.split('-');
      const fileName = `visits_${label}.xlsx`;
      const sha = createHash('sha256').update(`mcm-demo:${this.seed}:${fileName}`).digest('hex');
      const batchAt = m.month === monthOf(this.today) ? `${isoOf(this.today)}T00:00:00.000Z` : this.stamp(to + 1, rnd);
      const batchId = Number(insBatch.run(fileName, sha, importer, batchAt).lastInsertRowid);
      this.rows.import_batches++;
      let seq = 0;
      let fileRows = 0;
      for (let di = 0; di < m.days.length; di++) {
        const day = m.days[di];
        const date = isoOf(day);
        for (let v = 0; v < m.counts[di]; v++) {
          const o = candidates[Math.floor(rnd.next() * candidates.length)];
          const outlet = this.outlets[o];
          const visitId = `V-${yyyy}-${mm}-${String(++seq).padStart(6, '0')}`;
          const flagged = rnd.next() < outlet.violationRate;
          const type = flagged ? rnd.weighted(SIGNAL_TYPES, SIGNAL_TYPE_WEIGHTS) : null;
          // A closed outlet is reported by the rep; image recognition only sees shelves and equipment.
          const source = type === 'SCHEDULE' || rnd.next() >= 0.35 ? 'SFA' : 'IR';
          const rowId = Number(insVisit.run(visitId, date, outlet.id, outlet.repCode, source, batchId).lastInsertRowid);
          this.rows.visits++;
          this.done++;
          this.report('visits');
          if (!type) {
            fileRows++;
            continue;
          }
          const terms = this.termsInForce(coverage.get(o), day);
          const objects: string[] = [];
          if (type === 'OOS') {
            const n = rnd.weighted([1, 2, 3], [0.7, 0.2, 0.1]);
            for (let k = 0; k < n; k++) {
              // Mostly a contracted SKU; sometimes one outside the list, which stays unmatched.
              const pool = terms && rnd.next() < 0.85 ? terms.skus : allSkus;
              const code = this.skuCodes[rnd.pick(pool)];
              if (!objects.includes(code)) objects.push(code);
            }
          } else if (type === 'EQUIPMENT') {
            const pool = terms && terms.equipment.length > 0 && rnd.next() < 0.85 ? terms.equipment : allEquipment;
            objects.push(this.equipmentCodes[rnd.pick(pool)]);
          } else {
            objects.push('');
          }
          objects.forEach((obj, k) => {
            const photo =
              source === 'IR' || rnd.next() < 0.7 ? `${source.toLowerCase()}/${label}/${visitId}-${k + 1}.jpg` : null;
            insSignal.run(rowId, type, obj, photo, batchId);
          });
          this.rows.signals += objects.length;
          fileRows += objects.length;
        }
        if (seq > 0) {
          if (this.visitsFrom === null) this.visitsFrom = date;
          this.visitsTo = date;
        }
      }
      updBatch.run(fileRows, fileRows, batchId);
    }
  }

  private termsInForce(contracts: ContractPlan[] | undefined, day: number): TermsPlan | null {
    if (!contracts) return null;
    for (const c of contracts) {
      if (day < c.start || day > (c.terminated ?? c.end)) continue;
      let found: TermsPlan | null = null;
      for (const t of c.terms) if (t.from <= day) found = t;
      if (found) return found;
    }
    return null;
  }
}
