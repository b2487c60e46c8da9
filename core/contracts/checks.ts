// Pre-submission checks of DOMAIN.md "Contract". They list every problem at once, so the user fixes a draft in one
// pass instead of discovering the issues one submission at a time. Read-only: the approvals workflow calls them too.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { formatRubles } from '../money';
import { validateCounterpartyRequisites, type CounterpartyRequisitesInput } from '../requisites';
import { ruDate as ru } from './dates';
import { findOverlaps } from './repo';

/** Stable codes of the checks, so the UI and the approvals engine can tell them apart without parsing text. */
export type SubmissionIssueCode =
  | 'requisites'
  | 'required'
  | 'period'
  | 'period_past'
  | 'overlap'
  | 'fee_limits'
  | 'control_sum';

/** One failed check: a code, the input field it points at (when there is one) and a Russian message. */
export interface SubmissionIssue {
  code: SubmissionIssueCode | (string & {});
  field?: string;
  message: string;
}

interface ContractRow {
  id: number;
  number: string;
  counterparty_id: number | null;
  category: string | null;
  manager_user_id: number | null;
  start_date: string | null;
  end_date: string | null;
}

interface CounterpartyRow {
  type: string;
  name: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  bik: string | null;
  account: string | null;
  corr_account: string | null;
}

interface TermsRow {
  id: number;
  effective_from: string;
  monthly_fee: number | null;
}

const REQUISITE_NAMES: Record<keyof CounterpartyRequisitesInput, string> = {
  type: 'тип',
  inn: 'ИНН',
  kpp: 'КПП',
  ogrn: 'ОГРН',
  bik: 'БИК',
  account: 'расчётный счёт',
  corr_account: 'корр. счёт',
};

const blank = (v: string | null | undefined): boolean => (v ?? '').trim() === '';

/** Every failed pre-submission check of a contract (empty when it may go to approval), as of `today` (YYYY-MM-DD). */
export function checkSubmission(db: ReadableDb, contractId: number, today: string): SubmissionIssue[] {
  const c = db
    .prepare(
      `SELECT id, number, counterparty_id, category, manager_user_id, start_date, end_date
       FROM contracts WHERE id = ?`,
    )
    .get(contractId) as ContractRow | undefined;
  if (!c) throw new DomainError('not_found', 'Договор не найден', { contractId });

  const issues: SubmissionIssue[] = [];
  const required = (field: string, message: string) => issues.push({ code: 'required', field, message });

  // Required fields. The schema forbids NULL in most of them, but blank strings can still slip in from imports.
  if (blank(c.number)) required('number', 'Не указан номер договора');

  const cp =
    c.counterparty_id == null
      ? undefined
      : (db
          .prepare('SELECT type, name, inn, kpp, ogrn, bik, account, corr_account FROM counterparties WHERE id = ?')
          .get(c.counterparty_id) as CounterpartyRow | undefined);
  if (!cp) required('counterpartyId', 'Не указан контрагент');
  else {
    for (const i of validateCounterpartyRequisites(cp)) {
      issues.push({
        code: 'requisites',
        field: `counterparty.${i.field}`,
        message: `Реквизиты контрагента «${cp.name}» (${REQUISITE_NAMES[i.field]}): ${i.reason}`,
      });
    }
  }

  const outlets = db
    .prepare(
      `SELECT o.id, o.code FROM contract_outlets co JOIN outlets o ON o.id = co.outlet_id
       WHERE co.contract_id = ? ORDER BY o.code`,
    )
    .all(contractId) as { id: number; code: string }[];
  if (outlets.length === 0) required('outletIds', 'Не выбрана ни одна торговая точка');

  const category = blank(c.category)
    ? undefined
    : (db
        .prepare('SELECT code, name, min_monthly_fee AS min, max_monthly_fee AS max FROM contract_categories WHERE code = ?')
        .get(c.category) as { code: string; name: string; min: number; max: number } | undefined);
  if (!category) required('category', 'Не указана категория договора');

  if (c.manager_user_id == null) required('managerUserId', 'Не назначен ответственный менеджер');

  const hasStart = !blank(c.start_date);
  const hasEnd = !blank(c.end_date);
  if (!hasStart) required('startDate', 'Не указана дата начала');
  if (!hasEnd) required('endDate', 'Не указана дата окончания');
  const periodOk = hasStart && hasEnd && c.end_date! >= c.start_date!;
  if (hasStart && hasEnd && !periodOk) {
    issues.push({
      code: 'period',
      field: 'endDate',
      message: `Дата окончания ${ru(c.end_date!)} раньше даты начала ${ru(c.start_date!)}`,
    });
  }
  // A contract whose whole period lies in the past has nothing left to approve; old contracts come in by import.
  if (periodOk && c.end_date! < today) {
    issues.push({ code: 'period_past', field: 'endDate', message: `Срок договора уже истёк ${ru(c.end_date!)}` });
  }

  const terms = db
    .prepare('SELECT id, effective_from, monthly_fee FROM terms_versions WHERE contract_id = ? ORDER BY effective_from, id')
    .all(contractId) as TermsRow[];
  if (terms.length === 0 || terms.every((t) => t.monthly_fee == null || t.monthly_fee <= 0)) {
    required('monthlyFee', 'Не указаны условия договора с ежемесячным платежом');
  }

  // Overlap: one outlet may carry only one live contract per category at a time; drafts count too, so two people
  // preparing the same deal find out before both go to approval.
  if (periodOk && category && outlets.length > 0) {
    const clashes = findOverlaps(db, {
      category: category.code,
      outletIds: outlets.map((o) => o.id),
      start: c.start_date!,
      end: c.end_date!,
      excludeId: c.id,
    });
    for (const x of clashes) {
      issues.push({
        code: 'overlap',
        field: 'outletIds',
        message:
          `Точка ${x.outletCode} уже входит в договор ${x.number} категории «${category.name}» ` +
          `на период ${ru(x.startDate)}–${ru(x.endDate)}, пересекающийся с этим договором`,
      });
    }
  }

  const feeOf = db.prepare('SELECT count(*) AS n, COALESCE(sum(monthly_fee), 0) AS total FROM terms_outlet_fees WHERE terms_id = ?');
  const foreignFees = db.prepare(
    `SELECT o.code FROM terms_outlet_fees f JOIN outlets o ON o.id = f.outlet_id
     WHERE f.terms_id = ? AND f.outlet_id NOT IN (SELECT outlet_id FROM contract_outlets WHERE contract_id = ?)
     ORDER BY o.code`,
  );
  const several = terms.length > 1;
  for (const t of terms) {
    if (t.monthly_fee == null || t.monthly_fee <= 0) continue;
    const from = several ? ` (условия с ${ru(t.effective_from)})` : '';
    if (category && (t.monthly_fee < category.min || t.monthly_fee > category.max)) {
      issues.push({
        code: 'fee_limits',
        field: 'monthlyFee',
        message:
          `Ежемесячный платёж ${formatRubles(t.monthly_fee)}${from} вне лимитов категории «${category.name}»: ` +
          `от ${formatRubles(category.min)} до ${formatRubles(category.max)}`,
      });
    }
    const { n, total } = feeOf.get(t.id) as { n: number; total: number };
    if (n > 0 && total !== t.monthly_fee) {
      issues.push({
        code: 'control_sum',
        field: 'outletFees',
        message:
          `Контрольная сумма не сходится${from}: сумма платежей по точкам ${formatRubles(total)}, ` +
          `а ежемесячный платёж договора ${formatRubles(t.monthly_fee)}`,
      });
    }
    const foreign = foreignFees.pluck().all(t.id, contractId) as string[];
    if (foreign.length > 0) {
      issues.push({
        code: 'control_sum',
        field: 'outletFees',
        message: `Платёж указан по точкам, не входящим в договор${from}: ${foreign.join(', ')}`,
      });
    }
  }
  return issues;
}

/** 12 × the monthly fee of the contract's first terms version, in kopecks (0 without terms); drives route choice. */
export function annualValue(db: ReadableDb, contractId: number): number {
  const fee = db
    .prepare('SELECT monthly_fee FROM terms_versions WHERE contract_id = ? ORDER BY effective_from, id LIMIT 1')
    .pluck()
    .get(contractId) as number | undefined;
  return (fee ?? 0) * 12;
}
