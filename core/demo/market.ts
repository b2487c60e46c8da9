// Demo stage for the market: counterparties with valid requisites and the outlets they own across the country.
import { generateInn, generateKpp, generateOgrn, generateOgrnip, generateSettlementAccount } from '../requisites';
import {
  edoId,
  OLDEST_COUNTERPARTY_DAYS,
  person,
  SETUP_DAYS_AGO,
  stamp,
  type CounterpartyPlan,
  type DemoContext,
  type Region,
} from './context';
import {
  CITIES,
  COMPANY_NAMES,
  COMPANY_NAME_SUFFIXES,
  FEDERAL_BANKS,
  OUTLET_KINDS,
  REGIONAL_BANKS,
  REGION_WEIGHTS,
  SHOP_NAMES,
  STREETS,
  type Bank,
  type OutletKind,
} from './names';
import type { Random } from './random';

const VAT_MODES = ['VAT', 'VAT5', 'VAT7', 'NO_VAT'] as const;
// Small entrepreneurs are mostly on the simplified system, hence the reduced rates and "без НДС".
const VAT_WEIGHTS_LEGAL = [0.82, 0.06, 0.04, 0.08] as const;
const VAT_WEIGHTS_INDIVIDUAL = [0.25, 0.25, 0.15, 0.35] as const;

// Share of visits that report anything, per outlet profile: most outlets are disciplined, a few are not, so the
// demo shows both clean payouts and heavy penalties.
const OUTLET_PROFILES = [0.005, 0.04, 0.2] as const;
const OUTLET_PROFILE_WEIGHTS = [0.5, 0.35, 0.15] as const;

const OUTLETS_PER_REP = 35;

function regionsOf(ctx: DemoContext, district: string): Region[] {
  return ctx.regions.filter((r) => r.district === district);
}

function pickRegion(rnd: Random, pool: Region[]): Region {
  return rnd.weighted(
    pool,
    pool.map((r) => REGION_WEIGHTS[r.code] ?? 0.5),
  );
}

function address(rnd: Random, region: Region, withRegion: boolean): string {
  const city = rnd.pick(CITIES[region.code]);
  const federalCity = region.name.startsWith('г. ');
  const place = federalCity ? region.name : withRegion ? `${region.name}, г. ${city}` : `г. ${city}`;
  const house = rnd.chance(0.15)
    ? `${rnd.int(1, 120)}${rnd.pick(['А', 'Б', 'к1', 'к2', 'стр. 1'])}`
    : String(rnd.int(1, 150));
  return `${place}, ${rnd.pick(STREETS)}, д. ${house}`;
}

function uniqueCompanyName(rnd: Random, used: Set<string>): string {
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
function outletCounts(rnd: Random, total: number, types: ('ЮЛ' | 'ИП')[]): number[] {
  const counts = types.map((t) => (t === 'ИП' && rnd.chance(0.2) ? 2 : 1));
  let left = total - counts.reduce((s, n) => s + n, 0);
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

/** Counterparties (ЮЛ and ИП, all requisites valid) and their outlets, weighted towards populous regions. */
export function insertCounterparties(ctx: DemoContext, rnd: Random): void {
  ctx.progress.report('counterparties', true);
  const insCp = ctx.db.prepare(
    `INSERT INTO counterparties (type, name, inn, kpp, ogrn, vat_mode, bik, account, corr_account, bank_name, address,
       edo_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insOutlet = ctx.db.prepare(
    `INSERT INTO outlets (code, name, address, region_code, channel, counterparty_id, rep_code, manager_user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const n = ctx.sizes.counterparties;
  const types = Array.from({ length: n }, () => (rnd.chance(0.55) ? 'ЮЛ' : 'ИП') as 'ЮЛ' | 'ИП');
  const counts = outletCounts(rnd, ctx.sizes.outlets, types);
  const usedNames = new Set<string>();
  // Reps are per region, each serving a route of about OUTLETS_PER_REP outlets.
  const reps = new Map<string, { code: string; served: number }>();
  let repSeq = 0;
  let outletSeq = 0;

  for (let i = 0; i < n; i++) {
    const type = types[i];
    // The first counterparties go one per federal district, so every district has outlets at any scale.
    const region =
      i < ctx.districts.length ? pickRegion(rnd, regionsOf(ctx, ctx.districts[i])) : pickRegion(rnd, ctx.regions);
    let inn = generateInn(rnd.next, type);
    while (ctx.usedInns.has(inn)) inn = generateInn(rnd.next, type);
    ctx.usedInns.add(inn);
    const kpp = type === 'ЮЛ' ? generateKpp(rnd.next, inn) : null;
    const ogrn = type === 'ЮЛ' ? generateOgrn(rnd.next) : generateOgrnip(rnd.next);
    let name: string;
    let brand: string;
    if (type === 'ЮЛ') {
      brand = uniqueCompanyName(rnd, usedNames);
      usedNames.add(brand);
      name = `${rnd.chance(0.85) ? 'ООО' : 'АО'} «${brand}»`;
    } else {
      const p = person(rnd);
      name = `ИП ${p.surname} ${p.first[0]}. ${p.patronymic[0]}.`;
      brand = rnd.pick(SHOP_NAMES);
    }
    const vat = rnd.weighted(VAT_MODES, type === 'ЮЛ' ? VAT_WEIGHTS_LEGAL : VAT_WEIGHTS_INDIVIDUAL);
    const regional = REGIONAL_BANKS[region.district];
    const bank: Bank = regional && rnd.chance(0.5) ? rnd.pick(regional) : rnd.pick(FEDERAL_BANKS);
    const account = generateSettlementAccount(rnd.next, bank.bik);
    const legalAddress =
      address(rnd, region, true) + (rnd.chance(0.6) ? `, ${rnd.pick(['оф.', 'пом.', 'кв.'])} ${rnd.int(1, 60)}` : '');
    const edo = rnd.chance(0.85) ? edoId(ctx, rnd, inn, kpp) : null;
    const created = stamp(ctx, ctx.today - rnd.int(OLDEST_COUNTERPARTY_DAYS, SETUP_DAYS_AGO), rnd);
    const id = Number(
      insCp.run(
        type, name, inn, kpp, ogrn, vat, bank.bik, account, bank.corr, bank.name, legalAddress, edo, created, created,
      ).lastInsertRowid,
    );
    ctx.rows.counterparties++;
    const cp: CounterpartyPlan = { id, type, region, outlets: [] };
    ctx.counterparties.push(cp);
    ctx.progress.done++;

    const chainKind: OutletKind =
      type === 'ИП'
        ? rnd.weighted(['shop', 'pavilion', 'minimarket'] as const, [0.55, 0.25, 0.2])
        : counts[i] >= 5
          ? rnd.weighted(['supermarket', 'minimarket'] as const, [0.5, 0.5])
          : rnd.weighted(['shop', 'minimarket', 'supermarket', 'gas_station'] as const, [0.35, 0.4, 0.15, 0.1]);
    const district = regionsOf(ctx, region.district);
    for (let k = 0; k < counts[i]; k++) {
      const oRegion = k === 0 || rnd.chance(0.8) ? region : pickRegion(rnd, district);
      const kind: OutletKind = rnd.chance(0.85) ? chainKind : rnd.pick(['shop', 'minimarket'] as const);
      const word = OUTLET_KINDS[kind].word;
      const oName = counts[i] > 1 && type === 'ЮЛ' ? `${word} «${brand}» №${k + 1}` : `${word} «${brand}»`;
      let rep = reps.get(oRegion.code);
      if (!rep || rep.served >= OUTLETS_PER_REP) {
        rep = { code: `TP-${String(++repSeq).padStart(4, '0')}`, served: 0 };
        reps.set(oRegion.code, rep);
      }
      rep.served++;
      const managerId = ctx.managerByDistrict.get(oRegion.district) ?? null;
      const code = `TT-${String(++outletSeq).padStart(6, '0')}`;
      const channel = OUTLET_KINDS[kind].channel;
      const oAddress = address(rnd, oRegion, false);
      const oid = Number(
        insOutlet.run(code, oName, oAddress, oRegion.code, channel, id, rep.code, managerId).lastInsertRowid,
      );
      ctx.rows.outlets++;
      cp.outlets.push(ctx.outlets.length);
      ctx.outlets.push({
        id: oid,
        kind,
        counterparty: i,
        repCode: rep.code,
        managerId,
        violationRate: rnd.weighted(OUTLET_PROFILES, OUTLET_PROFILE_WEIGHTS),
      });
      ctx.progress.done++;
      ctx.progress.report('counterparties');
    }
  }
}
