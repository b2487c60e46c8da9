// Supplementary agreements and bulk changes. Terms of a signed contract never change in place: an agreement adds a
// terms version from its effective date (copying what it does not change), so every past month stays explainable.
import type { CurrentUser, MutationCtx } from '../command';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { formatRubles } from '../money';
import { scopeCondition } from '../users/scope';
import { addDays, ruDate } from './dates';
import { STATUS_NAMES_RU, type ContractStatus } from './lifecycle';
import {
  codesOf,
  equipmentIds,
  findOverlaps,
  insertTerms,
  loadContractInScope,
  nextAgreementNumber,
  scopeSql,
  skuIds,
  termsData,
  termsVersions,
  type ContractRow,
  type TermsData,
} from './repo';
import { SUPPLEMENT_KIND_NAMES_RU, type BulkChange, type BulkCriteria, type BulkInput, type SupplementInput, type SupplementKind } from './schemas';
import { refreshContracts } from '../penalties/recompute';
import { transitionContract } from './status';

/** What an agreement asks for: its kind, effective day, new terms values and date changes. */
export interface SupplementRequest {
  kind: SupplementKind;
  effectiveFrom: string;
  monthlyFee?: number;
  skuCodes?: string[];
  equipmentCodes?: string[];
  schedule?: string | null;
  outletFees?: { outletId: number; monthlyFee: number }[];
  newEndDate?: string;
  terminationDate?: string;
  comment?: string;
}

/** One changed value, before and after, for the agreement's details, the audit log and previews. */
export interface FieldChange {
  field: 'monthlyFee' | 'skuCodes' | 'equipmentCodes' | 'schedule' | 'outletFees' | 'endDate' | 'terminationDate';
  before: unknown;
  after: unknown;
}

/** A checked agreement ready to write, or the reasons it cannot be made. */
export interface SupplementPlan {
  contract: ContractRow;
  request: SupplementRequest;
  /** The new terms version, when the agreement changes terms; undefined for pure extensions or terminations. */
  newTerms?: TermsData & { skuIds: number[]; equipmentIds: number[] };
  changes: FieldChange[];
  problems: string[];
}

const TERMS_FIELDS = ['monthlyFee', 'skuCodes', 'equipmentCodes', 'schedule', 'outletFees'] as const;
const FIELDS_OF_KIND: Record<Exclude<SupplementKind, 'mixed'>, readonly string[]> = {
  fee_change: ['monthlyFee', 'outletFees'],
  sku_change: ['skuCodes'],
  equipment_change: ['equipmentCodes'],
  schedule_change: ['schedule'],
  extension: ['newEndDate'],
  termination: ['terminationDate'],
};
const FIELD_NAMES_RU: Record<string, string> = {
  monthlyFee: 'ежемесячный платёж',
  skuCodes: 'обязательные SKU',
  equipmentCodes: 'оборудование',
  schedule: 'график работы',
  outletFees: 'платежи по точкам',
  newEndDate: 'новая дата окончания',
  terminationDate: 'дата расторжения',
};
// The field that must be given for a kind (per-outlet fees only come with a fee).
const REQUIRED_OF_KIND: Record<Exclude<SupplementKind, 'mixed'>, string> = {
  fee_change: 'monthlyFee',
  sku_change: 'skuCodes',
  equipment_change: 'equipmentCodes',
  schedule_change: 'schedule',
  extension: 'newEndDate',
  termination: 'terminationDate',
};

const UNCHANGED = 'Допсоглашение не меняет условий договора';
const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/** Checks an agreement against the contract and works out the new terms; never writes. */
export function planSupplement(db: ReadableDb, contract: ContractRow, req: SupplementRequest): SupplementPlan {
  const problems: string[] = [];
  const changes: FieldChange[] = [];
  const plan: SupplementPlan = { contract, request: req, changes, problems };
  const c = contract;
  if (c.status !== 'signed' && c.status !== 'active') {
    problems.push(`Допсоглашение оформляется только к подписанному или действующему договору, а ${c.number} в статусе «${STATUS_NAMES_RU[c.status]}»`);
    return plan;
  }
  if (req.effectiveFrom < c.start_date || req.effectiveFrom > c.end_date) {
    problems.push(`Дата вступления в силу ${ruDate(req.effectiveFrom)} вне срока договора ${ruDate(c.start_date)}–${ruDate(c.end_date)}`);
  }

  // Which fields the kind allows and needs: a "fee change" that also swaps SKUs is a "mixed" agreement.
  const given = (Object.keys(req) as (keyof SupplementRequest)[]).filter(
    (k) => req[k] !== undefined && !['kind', 'effectiveFrom', 'comment'].includes(k),
  );
  if (req.kind === 'mixed') {
    if (given.length === 0) problems.push('Укажите, что меняет допсоглашение');
  } else {
    const allowed = FIELDS_OF_KIND[req.kind];
    const extra = given.filter((g) => !allowed.includes(g));
    if (extra.length) {
      problems.push(
        `Для допсоглашения вида «${SUPPLEMENT_KIND_NAMES_RU[req.kind]}» не указываются: ${extra.map((e) => FIELD_NAMES_RU[e]).join(', ')}; ` +
          'для нескольких изменений выберите вид «комплексное изменение»',
      );
    }
    const need = REQUIRED_OF_KIND[req.kind];
    if (!given.includes(need as keyof SupplementRequest)) problems.push(`Для допсоглашения вида «${SUPPLEMENT_KIND_NAMES_RU[req.kind]}» укажите: ${FIELD_NAMES_RU[need]}`);
  }
  if (problems.length) return plan;

  const changesTerms = TERMS_FIELDS.some((f) => req[f] !== undefined);
  if (changesTerms) planTerms(db, c, req, plan);

  if (req.newEndDate !== undefined) {
    if (req.newEndDate <= c.end_date) {
      problems.push(`Новая дата окончания ${ruDate(req.newEndDate)} должна быть позже текущей ${ruDate(c.end_date)}`);
    } else {
      changes.push({ field: 'endDate', before: c.end_date, after: req.newEndDate });
      const outlets = db.prepare('SELECT outlet_id FROM contract_outlets WHERE contract_id = ?').pluck().all(c.id) as number[];
      for (const hit of findOverlaps(db, { category: c.category, outletIds: outlets, start: addDays(c.end_date, 1), end: req.newEndDate, excludeId: c.id })) {
        problems.push(`Продление пересекается с договором ${hit.number} по точке ${hit.outletCode} (${ruDate(hit.startDate)}–${ruDate(hit.endDate)})`);
      }
    }
  }
  if (req.terminationDate !== undefined) {
    if (req.terminationDate < c.start_date || req.terminationDate > c.end_date) {
      problems.push(`Дата расторжения ${ruDate(req.terminationDate)} вне срока договора ${ruDate(c.start_date)}–${ruDate(c.end_date)}`);
    } else if (req.newEndDate !== undefined) {
      problems.push('Одно допсоглашение не может и продлить, и расторгнуть договор');
    } else {
      changes.push({ field: 'terminationDate', before: c.terminated_date, after: req.terminationDate });
    }
  }
  return plan;
}

function planTerms(db: ReadableDb, c: ContractRow, req: SupplementRequest, plan: SupplementPlan): void {
  const { problems, changes } = plan;
  const known = problems.length;
  const versions = termsVersions(db, c.id);
  const latest = versions[versions.length - 1];
  if (!latest) {
    problems.push(`У договора ${c.number} нет условий, которые можно изменить`);
    return;
  }
  // The version in force on the effective day is the base; when the change is already there, the agreement is moot
  // (a bulk change run twice finds nothing to do rather than failing on the date order).
  const inForce = versions.filter((v) => v.effective_from <= req.effectiveFrom).pop() ?? versions[0]!;
  const base = termsData(db, inForce);
  const next: TermsData = { ...base };
  const skus = skuIds(db, req.skuCodes ?? base.skuCodes);
  const eq = equipmentIds(db, req.equipmentCodes ?? base.equipmentCodes);
  if (req.skuCodes !== undefined) {
    if (skus.unknown.length) problems.push(`Неизвестные SKU: ${skus.unknown.join(', ')}`);
    next.skuCodes = codesOf(db, 'skus', skus.ids);
  }
  if (req.equipmentCodes !== undefined) {
    if (eq.unknown.length) problems.push(`Неизвестное оборудование: ${eq.unknown.join(', ')}`);
    next.equipmentCodes = codesOf(db, 'equipment_types', eq.ids);
  }
  if (req.schedule !== undefined) next.schedule = req.schedule;
  if (req.monthlyFee !== undefined) next.monthlyFee = req.monthlyFee;
  if (req.outletFees !== undefined) next.outletFees = [...req.outletFees].sort((a, b) => a.outletId - b.outletId);

  for (const f of TERMS_FIELDS) {
    const before = base[f];
    const after = next[f];
    if (Array.isArray(before) ? !sameList(before, after as unknown[]) : before !== after) changes.push({ field: f, before, after });
  }
  if (changes.length === 0) {
    // Unknown codes are still reported: they may be the very reason nothing seems to change.
    if (problems.length === known) problems.push(UNCHANGED);
    return;
  }

  const cat = db.prepare('SELECT name, min_monthly_fee AS min, max_monthly_fee AS max FROM contract_categories WHERE code = ?').get(c.category) as
    | { name: string; min: number; max: number }
    | undefined;
  if (cat && (next.monthlyFee < cat.min || next.monthlyFee > cat.max)) {
    problems.push(
      `Ежемесячный платёж ${formatRubles(next.monthlyFee)} вне лимитов категории «${cat.name}»: от ${formatRubles(cat.min)} до ${formatRubles(cat.max)}`,
    );
  }
  // Control sum: per-outlet fees carried over from the old version would no longer add up to a new fee.
  if (next.outletFees.length > 0) {
    const outlets = db.prepare('SELECT outlet_id FROM contract_outlets WHERE contract_id = ?').pluck().all(c.id) as number[];
    if (next.outletFees.some((f) => !outlets.includes(f.outletId))) problems.push('Платёж указан по точке, которой нет в договоре');
    const sum = next.outletFees.reduce((s, f) => s + f.monthlyFee, 0);
    if (sum !== next.monthlyFee) {
      problems.push(
        req.outletFees === undefined
          ? `У договора ${c.number} платежи по точкам: укажите новые платежи по точкам, их сумма должна равняться ${formatRubles(next.monthlyFee)}`
          : `Контрольная сумма не сходится: сумма платежей по точкам ${formatRubles(sum)}, а ежемесячный платёж ${formatRubles(next.monthlyFee)}`,
      );
    }
  }

  if (req.effectiveFrom <= latest.effective_from) {
    problems.push(
      `Новые условия должны вступать в силу позже последней версии условий (с ${ruDate(latest.effective_from)}), а не ${ruDate(req.effectiveFrom)}`,
    );
  }
  plan.newTerms = { ...next, skuIds: skus.ids, equipmentIds: eq.ids };
}

/** Result of writing an agreement. */
export interface SupplementResult {
  contractId: number;
  agreementId: number;
  number: string;
  termsId: number | null;
  status: ContractStatus;
  endDate: string;
}

/** Writes a checked plan: new terms version, the agreement row, date changes, termination; returns what was made. */
export function applySupplement(db: WritableDb, plan: SupplementPlan, userId: number | null, nowIso: string, bulkChangeId: number | null = null): SupplementResult {
  if (plan.problems.length) throw new DomainError('validation', plan.problems[0]!, { issues: plan.problems.map((message) => ({ path: '', message })) });
  const c = plan.contract;
  const req = plan.request;
  const termsId = plan.newTerms ? insertTerms(db, c.id, req.effectiveFrom, plan.newTerms, 'supplement', nowIso) : null;
  const number = nextAgreementNumber(db, c.id);
  const details = {
    ...(req.comment ? { comment: req.comment } : {}),
    changes: plan.changes,
  };
  const agreementId = Number(
    db
      .prepare(
        `INSERT INTO supplementary_agreements (contract_id, number, kind, effective_from, terms_id, bulk_change_id, details_json, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.id, number, req.kind, req.effectiveFrom, termsId, bulkChangeId, JSON.stringify(details), userId, nowIso).lastInsertRowid,
  );
  let endDate = c.end_date;
  if (req.newEndDate !== undefined) {
    endDate = req.newEndDate;
    db.prepare('UPDATE contracts SET end_date = ?, updated_at = ? WHERE id = ?').run(endDate, nowIso, c.id);
  } else {
    db.prepare('UPDATE contracts SET updated_at = ? WHERE id = ?').run(nowIso, c.id);
  }
  let status = c.status;
  // New terms or a new end change the month fees; termination refreshes them inside its transition.
  if (req.terminationDate !== undefined) status = transitionContract(db, c.id, 'terminate', nowIso, { terminatedDate: req.terminationDate }).to;
  else refreshContracts(db, [c.id], nowIso);
  return { contractId: c.id, agreementId, number, termsId, status, endDate };
}

/** `contracts.supplement`: one agreement on one contract in the user's scope. */
export function supplement(ctx: MutationCtx, input: SupplementInput): SupplementResult {
  const user = ctx.user!;
  const c = loadContractInScope(ctx.db, user.scope, input.id);
  const { id: _id, version: _version, ...req } = input;
  const plan = planSupplement(ctx.db, c, req);
  const res = applySupplement(ctx.db, plan, user.id, ctx.clock.now().toISOString());
  ctx.audit({
    entity: 'contract',
    entityId: c.id,
    before: { status: c.status, endDate: c.end_date, terminatedDate: c.terminated_date, terms: Object.fromEntries(plan.changes.map((x) => [x.field, x.before])) },
    after: {
      agreement: res.number,
      kind: req.kind,
      effectiveFrom: req.effectiveFrom,
      termsId: res.termsId,
      status: res.status,
      endDate: res.endDate,
      terms: Object.fromEntries(plan.changes.map((x) => [x.field, x.after])),
    },
  });
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// Bulk changes

/** The agreement kind a bulk change makes: the one field's kind, or `mixed` for several. */
export function bulkKind(change: BulkChange): SupplementKind {
  const kinds: SupplementKind[] = [];
  if (change.monthlyFee !== undefined) kinds.push('fee_change');
  if (change.skuCodes !== undefined) kinds.push('sku_change');
  if (change.equipmentCodes !== undefined) kinds.push('equipment_change');
  if (change.schedule !== undefined) kinds.push('schedule_change');
  return kinds.length === 1 ? kinds[0]! : 'mixed';
}

/** One contract of a bulk preview: what would change, or why it cannot. */
export interface BulkPreviewRow {
  id: number;
  number: string;
  counterpartyName: string;
  status: ContractStatus;
  startDate: string;
  endDate: string;
  result: 'change' | 'unchanged' | 'error';
  changes: FieldChange[];
  problems: string[];
}

/** The bulk preview: every matching contract and the totals per outcome. */
export interface BulkPreview {
  kind: SupplementKind;
  matched: number;
  toChange: number;
  unchanged: number;
  errors: number;
  rows: BulkPreviewRow[];
}

/**
 * Contracts a bulk change applies to: signed/active (or the one status asked), of the category, with an outlet in the
 * district/region, inside the user's scope, and whose period covers the effective day.
 */
export function bulkMatches(db: ReadableDb, user: CurrentUser, criteria: BulkCriteria, effectiveFrom: string): ContractRow[] {
  const conds = ['c.start_date <= ?', 'c.end_date >= ?'];
  const params: unknown[] = [effectiveFrom, effectiveFrom];
  if (criteria.status) {
    conds.push('c.status = ?');
    params.push(criteria.status);
  } else {
    conds.push("c.status IN ('signed', 'active')");
  }
  if (criteria.category) {
    conds.push('c.category = ?');
    params.push(criteria.category);
  }
  if (criteria.regionCode || criteria.federalDistrict) {
    const area = scopeCondition(
      { regions: criteria.regionCode ? [criteria.regionCode] : [], districts: criteria.federalDistrict ? [criteria.federalDistrict] : [] },
      'bo.region_code',
    );
    // Region and district together mean both must hold, not either.
    const both = criteria.regionCode && criteria.federalDistrict;
    const areaSql = both
      ? `bo.region_code = ? AND bo.region_code IN (SELECT code FROM regions WHERE federal_district = ?)`
      : area.sql;
    conds.push(`EXISTS (SELECT 1 FROM contract_outlets bco JOIN outlets bo ON bo.id = bco.outlet_id WHERE bco.contract_id = c.id AND ${areaSql})`);
    params.push(...(both ? [criteria.regionCode, criteria.federalDistrict] : area.params));
  }
  const scope = scopeSql(user.scope);
  conds.push(scope.sql);
  params.push(...scope.params);
  return db.prepare(`SELECT c.* FROM contracts c WHERE ${conds.join(' AND ')} ORDER BY c.number`).all(...params) as ContractRow[];
}

function bulkPlans(db: ReadableDb, user: CurrentUser, input: BulkInput): { kind: SupplementKind; plans: SupplementPlan[] } {
  const kind = bulkKind(input.change);
  const plans = bulkMatches(db, user, input.criteria, input.effectiveFrom).map((c) =>
    planSupplement(db, c, { kind, effectiveFrom: input.effectiveFrom, ...definedOnly(input.change), comment: input.description }),
  );
  return { kind, plans };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const isUnchanged = (p: SupplementPlan) => p.problems.length === 1 && p.problems[0] === UNCHANGED;

/** `contracts.bulkPreview`: what a bulk change would do to each matching contract; writes nothing. */
export function bulkPreview(db: ReadableDb, user: CurrentUser, input: BulkInput): BulkPreview {
  const { kind, plans } = bulkPlans(db, user, input);
  const names = db.prepare('SELECT name FROM counterparties WHERE id = ?').pluck();
  const rows: BulkPreviewRow[] = plans.map((p) => ({
    id: p.contract.id,
    number: p.contract.number,
    counterpartyName: names.get(p.contract.counterparty_id) as string,
    status: p.contract.status,
    startDate: p.contract.start_date,
    endDate: p.contract.end_date,
    result: isUnchanged(p) ? 'unchanged' : p.problems.length ? 'error' : 'change',
    changes: p.changes,
    problems: isUnchanged(p) ? [] : p.problems,
  }));
  return {
    kind,
    matched: rows.length,
    toChange: rows.filter((r) => r.result === 'change').length,
    unchanged: rows.filter((r) => r.result === 'unchanged').length,
    errors: rows.filter((r) => r.result === 'error').length,
    rows,
  };
}

/** Loads a saved (draft) bulk change as an input. */
export function loadBulkDraft(db: ReadableDb, id: number): BulkInput {
  const row = db.prepare('SELECT * FROM bulk_changes WHERE id = ?').get(id) as
    | { status: string; description: string; criteria_json: string; change_json: string; effective_from: string }
    | undefined;
  if (!row) throw new DomainError('not_found', 'Массовое изменение не найдено', { bulkChangeId: id });
  if (row.status !== 'draft') throw new DomainError('conflict', 'Массовое изменение уже применено или отменено', { bulkChangeId: id });
  return {
    description: row.description,
    criteria: JSON.parse(row.criteria_json) as BulkCriteria,
    change: JSON.parse(row.change_json) as BulkChange,
    effectiveFrom: row.effective_from,
  };
}

/** `contracts.bulkSave`: keeps a bulk change as a draft to review and apply later. */
export function saveBulkDraft(ctx: MutationCtx, input: BulkInput): { bulkChangeId: number } {
  const id = Number(
    ctx.db
      .prepare(
        `INSERT INTO bulk_changes (description, criteria_json, change_json, effective_from, status, created_by, created_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
      )
      .run(input.description, JSON.stringify(input.criteria), JSON.stringify(input.change), input.effectiveFrom, ctx.user!.id, ctx.clock.now().toISOString())
      .lastInsertRowid,
  );
  ctx.audit({ entity: 'bulk_change', entityId: id, after: input });
  return { bulkChangeId: id };
}

/** Outcome of a bulk apply. */
export interface BulkApplyResult {
  bulkChangeId: number;
  kind: SupplementKind;
  matched: number;
  changed: number;
  unchanged: number;
  termsVersions: number;
  agreements: number;
}

/**
 * `contracts.bulkApply`: one bulk_changes row and, per contract, its own terms version and agreement, all in the
 * command's one transaction. Any contract that cannot take the change refuses the whole batch.
 */
export function bulkApply(ctx: MutationCtx, input: BulkInput, draftId: number | null): BulkApplyResult {
  const user = ctx.user!;
  const now = ctx.clock.now().toISOString();
  const { kind, plans } = bulkPlans(ctx.db, user, input);
  const failing = plans.filter((p) => p.problems.length && !isUnchanged(p));
  if (failing.length) {
    const issues = failing.flatMap((p) => p.problems.map((m) => ({ path: p.contract.number, message: `${p.contract.number}: ${m}` })));
    throw new DomainError(
      'validation',
      `Массовое изменение не применено: ${failing.length} из ${plans.length} договоров не могут его принять. ${issues[0]!.message}`,
      { issues },
    );
  }
  const toApply = plans.filter((p) => !isUnchanged(p));
  if (toApply.length === 0) {
    throw new DomainError(
      'validation',
      plans.length ? 'Изменение ничего не меняет: у всех подходящих договоров уже такие условия' : 'Ни один договор не подходит под условия отбора',
    );
  }
  let bulkId = draftId;
  if (bulkId === null) {
    bulkId = Number(
      ctx.db
        .prepare(
          `INSERT INTO bulk_changes (description, criteria_json, change_json, effective_from, status, created_by, created_at)
           VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
        )
        .run(input.description, JSON.stringify(input.criteria), JSON.stringify(input.change), input.effectiveFrom, user.id, now).lastInsertRowid,
    );
  }
  let versions = 0;
  for (const p of toApply) {
    const res = applySupplement(ctx.db, p, user.id, now, bulkId);
    if (res.termsId !== null) versions++;
    ctx.audit({
      entity: 'contract',
      entityId: p.contract.id,
      before: { terms: Object.fromEntries(p.changes.map((x) => [x.field, x.before])) },
      after: { agreement: res.number, bulkChangeId: bulkId, effectiveFrom: input.effectiveFrom, terms: Object.fromEntries(p.changes.map((x) => [x.field, x.after])) },
    });
  }
  ctx.db
    .prepare(`UPDATE bulk_changes SET status = 'applied', contracts_count = ?, applied_by = ?, applied_at = ? WHERE id = ?`)
    .run(toApply.length, user.id, now, bulkId);
  ctx.audit({ entity: 'bulk_change', entityId: bulkId, after: { ...input, kind, contracts: toApply.length } });
  return {
    bulkChangeId: bulkId,
    kind,
    matched: plans.length,
    changed: toApply.length,
    unchanged: plans.length - toApply.length,
    termsVersions: versions,
    agreements: toApply.length,
  };
}
