// Creating and editing drafts. A draft may be edited in place (its single initial terms version included); the
// "terms never change in place" rule starts at signing, from which on only supplementary agreements change terms.
import type { MutationCtx } from '../command';
import type { ReadableDb, WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { regionInScope, type Scope } from '../users/scope';
import { isoDay } from './dates';
import { STATUS_NAMES_RU } from './lifecycle';
import {
  codesOf,
  contractOutletIds,
  equipmentIds,
  insertTerms,
  loadContractInScope,
  nextContractNumber,
  skuIds,
  termsData,
  termsVersions,
  writeContractOutlets,
  writeTermsLists,
  type TermsData,
} from './repo';
import type { CreateInput, UpdateDraftInput } from './schemas';

/** The whole editable state of a contract, as validated and as written to the audit log. */
export interface ContractState {
  number: string;
  counterpartyId: number;
  category: string;
  managerUserId: number | null;
  startDate: string;
  endDate: string;
  outletIds: number[];
  terms: TermsData;
}

/** Current state of a contract (its first terms version for the terms), for audit records and merges. */
export function contractState(db: ReadableDb, id: number): ContractState {
  const c = db.prepare('SELECT * FROM contracts WHERE id = ?').get(id) as {
    number: string;
    counterparty_id: number;
    category: string;
    manager_user_id: number | null;
    start_date: string;
    end_date: string;
  };
  const first = termsVersions(db, id)[0];
  return {
    number: c.number,
    counterpartyId: c.counterparty_id,
    category: c.category,
    managerUserId: c.manager_user_id,
    startDate: c.start_date,
    endDate: c.end_date,
    outletIds: contractOutletIds(db, id),
    terms: first
      ? termsData(db, first)
      : { monthlyFee: 0, schedule: null, ruleSet: 'DEFAULT', skuCodes: [], equipmentCodes: [], outletFees: [] },
  };
}

interface Issue {
  path: string;
  message: string;
}

/** Throws one validation error carrying every issue, so a form can mark all bad fields at once. */
export function throwIssues(issues: Issue[]): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new DomainError('validation', first.message, { field: first.path, issues });
}

/** Resolved ids of a valid state: what the writes need. */
export interface ResolvedState {
  skuIds: number[];
  equipmentIds: number[];
}

/**
 * Checks references of a draft state against the store and the user's scope: counterparty, outlets (exist, in scope,
 * owned by the counterparty), category, manager, SKUs, equipment, per-outlet fees, number uniqueness.
 */
export function validateState(db: ReadableDb, scope: Scope, s: ContractState, selfId: number | null): ResolvedState {
  const issues: Issue[] = [];
  const cp = db.prepare('SELECT id, name FROM counterparties WHERE id = ?').get(s.counterpartyId) as { id: number; name: string } | undefined;
  if (!cp) issues.push({ path: 'counterpartyId', message: 'Контрагент не найден' });

  const outletStmt = db.prepare('SELECT id, code, region_code, counterparty_id FROM outlets WHERE id = ?');
  if (new Set(s.outletIds).size !== s.outletIds.length) issues.push({ path: 'outletIds', message: 'Точка указана дважды' });
  for (const oid of s.outletIds) {
    const o = outletStmt.get(oid) as { id: number; code: string; region_code: string; counterparty_id: number } | undefined;
    if (!o || !regionInScope(db, scope, o.region_code)) {
      // An outlet outside the scope is reported as missing: the user must not learn what exists elsewhere.
      issues.push({ path: 'outletIds', message: `Торговая точка не найдена или недоступна (id ${oid})` });
    } else if (cp && o.counterparty_id !== cp.id) {
      issues.push({ path: 'outletIds', message: `Точка ${o.code} принадлежит другому контрагенту, не «${cp.name}»` });
    }
  }

  const cat = db.prepare('SELECT code FROM contract_categories WHERE code = ?').get(s.category);
  if (!cat) issues.push({ path: 'category', message: `Неизвестная категория договора: ${s.category}` });

  if (s.managerUserId !== null) {
    const m = db
      .prepare(
        `SELECT u.is_active AS active, EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'manager') AS isManager
         FROM users u WHERE u.id = ?`,
      )
      .get(s.managerUserId) as { active: number; isManager: number } | undefined;
    if (!m || !m.active) issues.push({ path: 'managerUserId', message: 'Ответственный менеджер не найден или отключён' });
    else if (!m.isManager) issues.push({ path: 'managerUserId', message: 'Ответственным может быть только пользователь с ролью «Менеджер»' });
  }

  const skus = skuIds(db, s.terms.skuCodes);
  if (skus.unknown.length) issues.push({ path: 'skuCodes', message: `Неизвестные SKU: ${skus.unknown.join(', ')}` });
  const eq = equipmentIds(db, s.terms.equipmentCodes);
  if (eq.unknown.length) issues.push({ path: 'equipmentCodes', message: `Неизвестное оборудование: ${eq.unknown.join(', ')}` });

  const feeOutlets = s.terms.outletFees.map((f) => f.outletId);
  if (new Set(feeOutlets).size !== feeOutlets.length) issues.push({ path: 'outletFees', message: 'Платёж по одной точке указан дважды' });
  if (feeOutlets.some((o) => !s.outletIds.includes(o))) {
    issues.push({ path: 'outletFees', message: 'Платёж по точке указан для точки, которой нет в договоре' });
  }

  const dup = db.prepare('SELECT id FROM contracts WHERE number = ? AND id <> ?').pluck().get(s.number, selfId ?? -1);
  if (dup !== undefined) issues.push({ path: 'number', message: `Договор с номером ${s.number} уже есть` });

  throwIssues(issues);
  return { skuIds: skus.ids, equipmentIds: eq.ids };
}

/** Canonical sorted codes, so the audit and re-import comparisons do not depend on input order or case. */
export function canonicalTerms(db: ReadableDb, t: TermsData, r: ResolvedState): TermsData {
  return {
    ...t,
    skuCodes: codesOf(db, 'skus', r.skuIds),
    equipmentCodes: codesOf(db, 'equipment_types', r.equipmentIds),
    outletFees: [...t.outletFees].sort((a, b) => a.outletId - b.outletId),
  };
}

/** Inserts a validated draft (contract, outlets, initial terms from the start date); returns its id. */
export function insertDraft(db: WritableDb, s: ContractState, r: ResolvedState, userId: number | null, nowIso: string, status = 'draft', signedDate: string | null = null): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO contracts (number, counterparty_id, category, manager_user_id, start_date, end_date, status, signed_date,
                                created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.number, s.counterpartyId, s.category, s.managerUserId, s.startDate, s.endDate, status, signedDate, userId, nowIso, nowIso).lastInsertRowid,
  );
  writeContractOutlets(db, id, s.outletIds);
  insertTerms(db, id, s.startDate, { ...s.terms, ...r }, 'initial', nowIso);
  return id;
}

/** Rewrites a draft in place: contract fields, outlets and its single initial terms version. */
export function rewriteDraft(db: WritableDb, id: number, s: ContractState, r: ResolvedState, nowIso: string): void {
  db.prepare(
    `UPDATE contracts SET number = ?, counterparty_id = ?, category = ?, manager_user_id = ?, start_date = ?, end_date = ?, updated_at = ?
     WHERE id = ?`,
  ).run(s.number, s.counterpartyId, s.category, s.managerUserId, s.startDate, s.endDate, nowIso, id);
  writeContractOutlets(db, id, s.outletIds);
  const versions = termsVersions(db, id);
  const first = versions[0];
  // A draft has one version; anything else would be a leftover and must not survive as "history" of a draft.
  for (const v of versions.slice(1)) db.prepare('DELETE FROM terms_versions WHERE id = ?').run(v.id);
  if (!first) {
    insertTerms(db, id, s.startDate, { ...s.terms, ...r }, 'initial', nowIso);
    return;
  }
  db.prepare('UPDATE terms_versions SET effective_from = ?, monthly_fee = ?, schedule = ?, rule_set = ? WHERE id = ?').run(
    s.startDate,
    s.terms.monthlyFee,
    s.terms.schedule,
    s.terms.ruleSet,
    first.id,
  );
  writeTermsLists(db, first.id, { ...r, outletFees: s.terms.outletFees });
}

/** `contracts.create`: validates and inserts a draft, numbering it when no number is given. */
export function createDraft(ctx: MutationCtx, input: CreateInput): { id: number; number: string } {
  const user = ctx.user!;
  const now = ctx.clock.now().toISOString();
  const managerUserId = input.managerUserId !== undefined ? input.managerUserId : user.roles.includes('manager') ? user.id : null;
  const state: ContractState = {
    number: input.number ?? '',
    counterpartyId: input.counterpartyId,
    category: input.category,
    managerUserId,
    startDate: input.startDate,
    endDate: input.endDate,
    outletIds: input.outletIds,
    terms: {
      monthlyFee: input.monthlyFee,
      schedule: input.schedule ?? null,
      ruleSet: 'DEFAULT',
      skuCodes: input.skuCodes,
      equipmentCodes: input.equipmentCodes,
      outletFees: input.outletFees ?? [],
    },
  };
  // Numbers follow the demo and the paper archive: the year of the contract's start.
  if (!state.number) state.number = nextContractNumber(ctx.db, input.startDate.slice(0, 4));
  const resolved = validateState(ctx.db, user.scope, state, null);
  const id = insertDraft(ctx.db, state, resolved, user.id, now);
  ctx.audit({ entity: 'contract', entityId: id, after: { ...state, terms: canonicalTerms(ctx.db, state.terms, resolved), status: 'draft' } });
  return { id, number: state.number };
}

/** `contracts.updateDraft`: merges the given fields into a draft, validates the whole and rewrites it. */
export function updateDraft(ctx: MutationCtx, input: UpdateDraftInput): { id: number; number: string } {
  const user = ctx.user!;
  const row = loadContractInScope(ctx.db, user.scope, input.id);
  if (row.status !== 'draft') {
    throw new DomainError(
      'conflict',
      `Изменять можно только черновик, а договор ${row.number} в статусе «${STATUS_NAMES_RU[row.status]}»` +
        (row.status === 'signed' || row.status === 'active' ? ': условия подписанного договора меняются допсоглашением' : ''),
      { status: row.status },
    );
  }
  const before = contractState(ctx.db, input.id);
  const next: ContractState = {
    number: input.number ?? before.number,
    counterpartyId: input.counterpartyId ?? before.counterpartyId,
    category: input.category ?? before.category,
    managerUserId: input.managerUserId !== undefined ? input.managerUserId : before.managerUserId,
    startDate: input.startDate ?? before.startDate,
    endDate: input.endDate ?? before.endDate,
    outletIds: input.outletIds ?? before.outletIds,
    terms: {
      monthlyFee: input.monthlyFee ?? before.terms.monthlyFee,
      schedule: input.schedule !== undefined ? input.schedule : before.terms.schedule,
      ruleSet: before.terms.ruleSet,
      skuCodes: input.skuCodes ?? before.terms.skuCodes,
      equipmentCodes: input.equipmentCodes ?? before.terms.equipmentCodes,
      // Dropping outlets drops their per-outlet fees too, unless new fees are given.
      outletFees: input.outletFees ?? before.terms.outletFees.filter((f) => (input.outletIds ?? before.outletIds).includes(f.outletId)),
    },
  };
  if (next.endDate < next.startDate) {
    throwIssues([{ path: 'endDate', message: 'Дата окончания не может быть раньше даты начала' }]);
  }
  const resolved = validateState(ctx.db, user.scope, next, input.id);
  rewriteDraft(ctx.db, input.id, next, resolved, ctx.clock.now().toISOString());
  ctx.audit({ entity: 'contract', entityId: input.id, before, after: { ...next, terms: canonicalTerms(ctx.db, next.terms, resolved) } });
  return { id: input.id, number: next.number };
}

/** Today as the contracts domain counts it (the Moscow calendar day of the clock). */
export function todayOf(ctx: { clock: { now(): Date } }): string {
  return isoDay(ctx.clock.now());
}
