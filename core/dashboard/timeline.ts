// One chronological view per outlet or counterparty: contracts and terms versions, approvals, visits and signals (one
// line per month), penalties, amnesties, payments and documents. Every read is keyed by the subject's contracts or
// outlets through an index.
import type { ReadableDb } from '../db/types';
import { DomainError } from '../errors';
import { monthWords } from '../payments/purpose';
import { contractScopeSql } from '../penalties/repo';
import { regionInScope, scopeCondition, type Scope } from '../users/scope';
import { amnestyAttributionSql } from './sources';

export type TimelineKind = 'contract' | 'terms' | 'agreement' | 'approval' | 'activity' | 'penalty' | 'amnesty' | 'payment' | 'document';

/** One event. `at` sorts (a date or an instant); money in kopecks. */
export interface TimelineEvent {
  at: string;
  date: string;
  kind: TimelineKind;
  title: string;
  detail?: string;
  amount?: number;
  contractId?: number;
  contractNo?: string;
  month?: string;
}

/** What dashboard.timeline returns. */
export interface Timeline {
  subject: { kind: 'outlet' | 'counterparty'; id: number; code: string; name: string; detail: string };
  contracts: { id: number; number: string; status: string }[];
  events: TimelineEvent[];
}

const STATUS_RU: Record<string, string> = {
  draft: 'черновик',
  on_approval: 'на согласовании',
  approved: 'согласован',
  signed: 'подписан',
  active: 'действует',
  expired: 'истёк',
  terminated: 'расторгнут',
  rejected: 'отклонён',
};
const TYPE_RU: Record<string, string> = { OOS: 'нет SKU', EQUIPMENT: 'оборудование', SCHEDULE: 'закрыта' };
const REGISTRY_RU: Record<string, string> = { draft: 'черновик', approved: 'утверждён', exported: 'выгружен в 1С', paid: 'оплачен' };
const DOC_RU: Record<string, string> = { upd: 'УПД', supplement: 'Доп. соглашение', contract: 'Договор' };
const AMNESTY_RU: Record<string, string> = { pending: 'ждёт подтверждения', applied: 'применена', declined: 'отклонена', revoked: 'отозвана' };

function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

function hasTable(db: ReadableDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Builds the timeline of an outlet or a counterparty the user may see. */
export function buildTimeline(db: ReadableDb, scope: Scope, subject: { outletId: number } | { counterpartyId: number }): Timeline {
  let head: Timeline['subject'];
  let outletIds: number[];
  let contractRows: { id: number; number: string; status: string; start_date: string; end_date: string; signed_date: string | null; terminated_date: string | null; created_at: string }[];
  const contractCols = 'c.id, c.number, c.status, c.start_date, c.end_date, c.signed_date, c.terminated_date, c.created_at';
  if ('outletId' in subject) {
    const o = db
      .prepare(
        `SELECT o.id, o.code, o.name, o.region_code AS regionCode, r.name AS regionName, cp.name AS cpName
         FROM outlets o JOIN regions r ON r.code = o.region_code JOIN counterparties cp ON cp.id = o.counterparty_id WHERE o.id = ?`,
      )
      .get(subject.outletId) as { id: number; code: string; name: string; regionCode: string; regionName: string; cpName: string } | undefined;
    if (!o || !regionInScope(db, scope, o.regionCode)) throw new DomainError('not_found', 'Торговая точка не найдена или недоступна', { outletId: subject.outletId });
    head = { kind: 'outlet', id: o.id, code: o.code, name: o.name, detail: `${o.regionName}; контрагент ${o.cpName}` };
    outletIds = [o.id];
    contractRows = db
      .prepare(`SELECT ${contractCols} FROM contract_outlets co JOIN contracts c ON c.id = co.contract_id WHERE co.outlet_id = ? ORDER BY c.start_date`)
      .all(o.id) as typeof contractRows;
  } else {
    const cp = db.prepare('SELECT id, inn, name FROM counterparties WHERE id = ?').get(subject.counterpartyId) as { id: number; inn: string; name: string } | undefined;
    const sc = scopeCondition(scope, 'o.region_code');
    outletIds = cp ? (db.prepare(`SELECT o.id FROM outlets o WHERE o.counterparty_id = ? AND ${sc.sql}`).pluck().all(cp.id, ...sc.params) as number[]) : [];
    if (!cp || (sc.sql !== '1' && outletIds.length === 0)) {
      throw new DomainError('not_found', 'Контрагент не найден или недоступен', { counterpartyId: subject.counterpartyId });
    }
    head = { kind: 'counterparty', id: cp.id, code: cp.inn, name: cp.name, detail: `ИНН ${cp.inn}; торговых точек: ${outletIds.length}` };
    const cs = contractScopeSql(scope, 'c.id');
    contractRows = db
      .prepare(`SELECT ${contractCols} FROM contracts c WHERE c.counterparty_id = ? AND ${cs.sql} ORDER BY c.start_date`)
      .all(cp.id, ...cs.params) as typeof contractRows;
  }

  const events: TimelineEvent[] = [];
  const push = (e: Omit<TimelineEvent, 'date'>) => events.push({ ...e, date: e.at.slice(0, 10) });
  const ids = JSON.stringify(contractRows.map((c) => c.id));
  const outlets = JSON.stringify(outletIds);
  const numberOf = new Map(contractRows.map((c) => [c.id, c.number]));

  for (const c of contractRows) {
    const ref = { contractId: c.id, contractNo: c.number };
    push({ at: c.created_at, kind: 'contract', title: `Договор ${c.number} создан`, detail: `сейчас: ${STATUS_RU[c.status] ?? c.status}`, ...ref });
    if (c.signed_date) push({ at: c.signed_date, kind: 'contract', title: `Договор ${c.number} подписан`, ...ref });
    push({ at: c.start_date, kind: 'contract', title: `Начало действия договора ${c.number}`, detail: `период ${ruDate(c.start_date)} – ${ruDate(c.end_date)}`, ...ref });
    if (c.terminated_date) push({ at: c.terminated_date, kind: 'contract', title: `Договор ${c.number} расторгнут`, ...ref });
    else push({ at: c.end_date, kind: 'contract', title: `Окончание договора ${c.number}`, ...ref });
  }

  const terms = db
    .prepare(
      `SELECT t.contract_id AS contractId, t.effective_from AS effectiveFrom, t.monthly_fee AS fee, t.reason
       FROM terms_versions t WHERE t.contract_id IN (SELECT value FROM json_each(?)) ORDER BY t.contract_id, t.effective_from`,
    )
    .all(ids) as { contractId: number; effectiveFrom: string; fee: number; reason: string }[];
  for (const t of terms) {
    push({
      at: t.effectiveFrom,
      kind: 'terms',
      title: `Условия ${numberOf.get(t.contractId)} с ${ruDate(t.effectiveFrom)}`,
      detail: t.reason === 'initial' ? 'первая редакция, вознаграждение в месяц' : `${t.reason}; вознаграждение в месяц`,
      amount: t.fee,
      contractId: t.contractId,
      contractNo: numberOf.get(t.contractId),
    });
  }

  const agreements = db
    .prepare(`SELECT contract_id AS contractId, number, kind, effective_from AS effectiveFrom FROM supplementary_agreements WHERE contract_id IN (SELECT value FROM json_each(?))`)
    .all(ids) as { contractId: number; number: string; kind: string; effectiveFrom: string }[];
  for (const a of agreements) {
    push({ at: a.effectiveFrom, kind: 'agreement', title: `Доп. соглашение ${a.number} к ${numberOf.get(a.contractId)}`, detail: a.kind, contractId: a.contractId, contractNo: numberOf.get(a.contractId) });
  }

  const approvals = db
    .prepare(
      `SELECT contract_id AS contractId, submitted_at AS submittedAt, status, finished_at AS finishedAt FROM approval_instances
       WHERE contract_id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids) as { contractId: number; submittedAt: string; status: string; finishedAt: string | null }[];
  for (const a of approvals) {
    const ref = { contractId: a.contractId, contractNo: numberOf.get(a.contractId) };
    push({ at: a.submittedAt, kind: 'approval', title: `${numberOf.get(a.contractId)} отправлен на согласование`, ...ref });
    if (a.finishedAt) {
      const hours = Math.round((Date.parse(a.finishedAt) - Date.parse(a.submittedAt)) / 360_000) / 10;
      push({ at: a.finishedAt, kind: 'approval', title: `Согласование ${numberOf.get(a.contractId)}: ${a.status}`, detail: `за ${hours} ч`, ...ref });
    }
  }

  // Visits and signals: one line per month, so a year of daily visits stays readable.
  const activity = db
    .prepare(
      `SELECT substr(v.visit_date, 1, 7) AS month, count(DISTINCT v.id) AS visits, count(s.id) AS signals,
              total(s.signal_type = 'OOS') AS oos, total(s.signal_type = 'EQUIPMENT') AS eq, total(s.signal_type = 'SCHEDULE') AS sch
       FROM visits v LEFT JOIN signals s ON s.visit_row_id = v.id
       WHERE v.outlet_id IN (SELECT value FROM json_each(?)) GROUP BY 1`,
    )
    .all(outlets) as { month: string; visits: number; signals: number; oos: number; eq: number; sch: number }[];
  for (const a of activity) {
    const parts = [a.oos && `${TYPE_RU.OOS} ${a.oos}`, a.eq && `${TYPE_RU.EQUIPMENT} ${a.eq}`, a.sch && `${TYPE_RU.SCHEDULE} ${a.sch}`].filter(Boolean);
    push({
      at: `${a.month}-01`,
      kind: 'activity',
      title: `Визиты за ${monthWords(a.month)}: ${a.visits}, сигналов: ${a.signals}`,
      detail: parts.length ? parts.join(', ') : 'без нарушений',
      month: a.month,
    });
  }

  const penalties = db
    .prepare(
      `SELECT cm.contract_id AS contractId, cm.month, cm.penalty_bp AS bp, cm.penalty FROM contract_months cm
       WHERE cm.contract_id IN (SELECT value FROM json_each(?)) AND cm.penalty > 0`,
    )
    .all(ids) as { contractId: number; month: string; bp: number; penalty: number }[];
  for (const p of penalties) {
    push({
      at: `${p.month}-28`,
      kind: 'penalty',
      title: `Штраф ${numberOf.get(p.contractId)} за ${monthWords(p.month)}`,
      detail: `${p.bp / 100} % вознаграждения`,
      amount: p.penalty,
      contractId: p.contractId,
      contractNo: numberOf.get(p.contractId),
      month: p.month,
    });
  }

  const amnesties = db
    .prepare(
      `SELECT a.id, a.status, a.reason_code AS reason, a.effect, a.granted_at AS grantedAt, am.month, am.contract_id AS contractId
       FROM amnesties a JOIN (${amnestyAttributionSql('1')}) am ON am.id = a.id
       WHERE am.contract_id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids) as { id: number; status: string; reason: string; effect: number; grantedAt: string; month: string | null; contractId: number }[];
  for (const a of amnesties) {
    push({
      at: a.grantedAt,
      kind: 'amnesty',
      title: `Амнистия №${a.id} по ${numberOf.get(a.contractId)}${a.month ? ` за ${monthWords(a.month)}` : ''}`,
      detail: `${AMNESTY_RU[a.status] ?? a.status}; основание ${a.reason}`,
      amount: a.effect,
      contractId: a.contractId,
      contractNo: numberOf.get(a.contractId),
      month: a.month ?? undefined,
    });
  }

  const lines = db
    .prepare(
      `SELECT rl.contract_id AS contractId, rl.month, rl.kind, rl.total, rl.paid_date AS paidDate, rl.paid_amount AS paidAmount,
              r.number, r.status, r.approved_at AS approvedAt, r.created_at AS createdAt
       FROM registry_lines rl JOIN registries r ON r.id = rl.registry_id
       WHERE rl.contract_id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids) as { contractId: number; month: string; kind: string; total: number; paidDate: string | null; paidAmount: number | null; number: string; status: string; approvedAt: string | null; createdAt: string }[];
  for (const l of lines) {
    const ref = { contractId: l.contractId, contractNo: numberOf.get(l.contractId), month: l.month };
    push({
      at: l.approvedAt ?? l.createdAt,
      kind: 'payment',
      title: `${l.kind === 'adjustment' ? 'Корректировка' : 'Выплата'} ${numberOf.get(l.contractId)} за ${monthWords(l.month)} в реестре ${l.number}`,
      detail: `реестр ${REGISTRY_RU[l.status] ?? l.status}; сумма с НДС`,
      amount: l.total,
      ...ref,
    });
    if (l.paidDate) push({ at: l.paidDate, kind: 'payment', title: `Оплачено ${numberOf.get(l.contractId)} за ${monthWords(l.month)}`, amount: l.paidAmount ?? l.total, ...ref });
  }

  // The documents registry arrives with migration 007 (issue 7); older stores simply have no documents.
  if (hasTable(db, 'documents')) {
    const docs = db
      .prepare(
        `SELECT contract_id AS contractId, kind, number, doc_date AS docDate, month, total, status FROM documents
         WHERE contract_id IN (SELECT value FROM json_each(?))`,
      )
      .all(ids) as { contractId: number; kind: string; number: string; docDate: string; month: string; total: number | null; status: string }[];
    for (const d of docs) {
      push({
        at: d.docDate,
        kind: 'document',
        title: `${DOC_RU[d.kind] ?? d.kind} № ${d.number} (${numberOf.get(d.contractId)})`,
        detail: d.status === 'exported' ? 'отправлен в Диадок' : 'сформирован',
        amount: d.total ?? undefined,
        contractId: d.contractId,
        contractNo: numberOf.get(d.contractId),
        month: d.month,
      });
    }
  }

  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { subject: head, contracts: contractRows.map((c) => ({ id: c.id, number: c.number, status: c.status })), events };
}
