// Demo stage for contracts: every lifecycle status with dates that make sense as of `today`, versioned terms, and no
// two contracts of one category on the same outlet at the same time.
import {
  CONTRACT_STATUSES,
  SIGNED_STATUSES,
  stamp,
  type Category,
  type ContractPlan,
  type ContractStatus,
  type DemoContext,
  type TermsPlan,
} from './context';
import { firstDay, isoOf, lastDay, monthOf } from './dates';
import { OUTLET_KINDS, SCHEDULES } from './names';
import type { Random } from './random';

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

/** Contract length in months. */
const DURATIONS = [12, 6, 24, 18, 3] as const;
const DURATION_WEIGHTS = [0.6, 0.15, 0.15, 0.07, 0.03] as const;

/** Period, signing and creation days consistent with the status as of `today`. */
function planDates(ctx: DemoContext, rnd: Random, status: ContractStatus) {
  const T = ctx.today;
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
      // Signed but not yet started: once the start date comes it becomes active.
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

/** Busy periods as flat [from, to, from, to, …] day pairs per (outlet, category) key. */
function isFree(busy: Map<number, number[]>, key: number, from: number, to: number): boolean {
  const list = busy.get(key);
  if (!list) return true;
  for (let i = 0; i < list.length; i += 2) if (from <= list[i + 1] && list[i] <= to) return false;
  return true;
}

/** Rounds to whole hundreds of rubles inside the category's limits. */
function clampFee(kopecks: number, cat: Category): number {
  const lo = Math.ceil(cat.min / 100) * 100;
  const hi = Math.floor(cat.max / 100) * 100;
  return Math.min(hi, Math.max(lo, Math.round(kopecks / 10_000) * 10_000));
}

/** Monthly fee in kopecks: a typical fee per outlet format, summed over the contract's outlets. */
function fee(ctx: DemoContext, rnd: Random, outlets: number[], cat: Category): number {
  let rub = 0;
  for (const o of outlets) {
    const [lo, hi] = OUTLET_KINDS[ctx.outlets[o].kind].fee;
    rub += rnd.int(lo / 100, hi / 100) * 100;
  }
  return clampFee(rub * 100, cat);
}

type ContractBase = Omit<ContractPlan, 'terms' | 'created' | 'updated'>;

/** The initial terms and, for about one signed contract in ten, a supplementary agreement changing the fee. */
function planTerms(ctx: DemoContext, rnd: Random, c: ContractBase, created: string): TermsPlan[] {
  const cat = ctx.categories[c.category];
  const eqCount = rnd.weighted([0, 1, 2], [0.35, 0.45, 0.2]);
  const first: TermsPlan = {
    from: c.start,
    fee: fee(ctx, rnd, c.outlets, cat),
    schedule: rnd.pick(SCHEDULES),
    skus: rnd.sample(cat.skus, rnd.int(3, Math.min(8, cat.skus.length))).sort((a, b) => a - b),
    equipment: rnd.sample(cat.equipment, eqCount).sort((a, b) => a - b),
    reason: 'initial',
    created,
  };
  const terms = [first];
  const lastMonth = monthOf(Math.min(c.terminated ?? c.end, ctx.today));
  const startMonth = monthOf(c.start);
  // Only contracts already running can have had a supplement, effective from a later month's first day.
  if (c.status !== 'signed' && SIGNED_STATUSES.has(c.status) && lastMonth > startMonth && rnd.chance(0.1)) {
    const from = firstDay(rnd.int(startMonth + 1, lastMonth));
    let newFee = clampFee(Math.round(first.fee * (0.8 + rnd.next() * 0.5)), cat);
    if (newFee === first.fee) newFee = clampFee(first.fee + 100_000, cat);
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
    terms.push({
      ...first,
      from,
      fee: newFee,
      skus,
      reason: 'supplement',
      created: stamp(ctx, Math.max(c.signed ?? c.start, from - rnd.int(3, 20)), rnd),
    });
  }
  return terms;
}

/** Plans every contract in memory, then inserts them with their outlets and terms in creation order. */
export function insertContracts(ctx: DemoContext, rnd: Random): void {
  ctx.progress.report('contracts', true);
  const busy = new Map<number, number[]>();
  const nCat = ctx.categories.length;
  const plans: ContractPlan[] = [];
  for (let i = 0; i < ctx.sizes.contracts; i++) {
    // The first contracts cycle through every status so that even a tiny demo shows each one.
    const status =
      i < CONTRACT_STATUSES.length
        ? CONTRACT_STATUSES[i]
        : rnd.weighted(CONTRACT_STATUSES, CONTRACT_STATUSES.map((s) => STATUS_WEIGHTS[s]));
    const d = planDates(ctx, rnd, status);
    const effEnd = d.terminated ?? d.end;
    let placed: { outlets: number[]; category: number } | null = null;
    // Overlap is checked on the effective period of every contract, a stricter rule than the submission check.
    for (let attempt = 0; attempt < 30 && !placed; attempt++) {
      const anchor = rnd.int(0, ctx.outlets.length - 1);
      const cp = ctx.counterparties[ctx.outlets[anchor].counterparty];
      const category = rnd.int(0, nCat - 1);
      const others = rnd.sample(cp.outlets.filter((o) => o !== anchor), rnd.weighted([0, 1, 2], [0.5, 0.3, 0.2]));
      const chosen = [anchor, ...others].filter((o) => isFree(busy, o * nCat + category, d.start, effEnd));
      if (chosen.length > 0) placed = { outlets: chosen.sort((a, b) => a - b), category };
    }
    if (!placed) continue;
    for (const o of placed.outlets) {
      const key = o * nCat + placed.category;
      const list = busy.get(key);
      if (list) list.push(d.start, effEnd);
      else busy.set(key, [d.start, effEnd]);
    }
    const outlet = ctx.outlets[placed.outlets[0]];
    const base: ContractBase = {
      status,
      start: d.start,
      end: d.end,
      signed: d.signed,
      terminated: d.terminated,
      counterparty: outlet.counterparty,
      outlets: placed.outlets,
      category: placed.category,
      managerId: outlet.managerId,
    };
    const created = stamp(ctx, d.created, rnd);
    const terms = planTerms(ctx, rnd, base, created);
    let updatedDay = Math.max(d.created, d.signed ?? 0, d.terminated ?? 0);
    if (status === 'approved' || status === 'rejected') updatedDay = rnd.int(d.created, ctx.today - 1);
    let updated = updatedDay === d.created ? created : stamp(ctx, updatedDay, rnd);
    const last = terms[terms.length - 1];
    if (last.created > updated) updated = last.created;
    plans.push({ ...base, created, updated, terms });
  }

  // Inserted in creation order, so ids and per-year numbers grow with time as they would in real use.
  const order = plans
    .map((_, i) => i)
    .sort((a, b) => (plans[a].created < plans[b].created ? -1 : plans[a].created > plans[b].created ? 1 : a - b));
  const insContract = ctx.db.prepare(
    `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status, signed_date,
       terminated_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLink = ctx.db.prepare('INSERT INTO contract_outlets (contract_id, outlet_id) VALUES (?, ?)');
  const insTerms = ctx.db.prepare(
    `INSERT INTO terms_versions (contract_id, effective_from, monthly_fee, schedule, rule_set, reason, created_at)
     VALUES (?, ?, ?, ?, 'DEFAULT', ?, ?)`,
  );
  const insTermsSku = ctx.db.prepare('INSERT INTO terms_skus (terms_id, sku_id) VALUES (?, ?)');
  const insTermsEq = ctx.db.prepare('INSERT INTO terms_equipment (terms_id, equipment_id) VALUES (?, ?)');
  const insAgreement = ctx.db.prepare(
    `INSERT INTO supplementary_agreements (contract_id, number, kind, effective_from, terms_id, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // Supplementary agreements are the lawyers' job.
  const agreementAuthor = ctx.userIds.get('legal') ?? null;
  const seqByYear = new Map<number, number>();
  for (const idx of order) {
    const c = plans[idx];
    const year = Number(isoOf(c.start).slice(0, 4));
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const id = Number(
      insContract.run(
        `MK-${year}-${String(seq).padStart(6, '0')}`,
        ctx.counterparties[c.counterparty].id,
        ctx.categories[c.category].code,
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
    ctx.rows.contracts++;
    for (const o of c.outlets) insLink.run(id, ctx.outlets[o].id);
    ctx.rows.contract_outlets += c.outlets.length;
    let agreementNo = 0;
    let previous: TermsPlan | null = null;
    for (const t of c.terms) {
      const tid = Number(insTerms.run(id, isoOf(t.from), t.fee, t.schedule, t.reason, t.created).lastInsertRowid);
      ctx.rows.terms_versions++;
      if (previous) {
        const skusChanged = t.skus.join() !== previous.skus.join();
        const kind = skusChanged ? 'mixed' : 'fee_change';
        insAgreement.run(id, String(++agreementNo), kind, isoOf(t.from), tid, agreementAuthor, t.created);
        ctx.rows.supplementary_agreements++;
      }
      previous = t;
      for (const s of t.skus) insTermsSku.run(tid, ctx.skuIds[s]);
      for (const e of t.equipment) insTermsEq.run(tid, ctx.equipmentIds[e]);
      ctx.rows.terms_skus += t.skus.length;
      ctx.rows.terms_equipment += t.equipment.length;
    }
    ctx.contracts.push(c);
    ctx.contractIds.push(id);
    ctx.progress.done++;
    ctx.progress.report('contracts');
  }
  // Contracts that found no free outlet still count as progress, so the bar reaches its end.
  ctx.progress.done += ctx.sizes.contracts - plans.length;
}
