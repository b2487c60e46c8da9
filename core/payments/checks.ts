// Checks of a registry before approval (issue 6), each with the lines it concerns. Errors block approval; warnings
// inform. A draft is also checked against today's data, so what is approved is what the user last saw built.
import { STATUS_NAMES_RU, type ContractStatus } from '../contracts/lifecycle';
import type { ReadableDb } from '../db/types';
import { formatRubles } from '../money';
import { validateCounterpartyRequisites } from '../requisites';
import { lineKey, LINE_FIELDS, planRegistry, type PlannedLine } from './plan';
import { allLines, lineSums, type RegistryHeader, type RegistryLine } from './repo';

/** A line a check points at; lineId is null for something not in the registry (a held counterparty, a missing line). */
export interface CheckLine {
  lineId: number | null;
  contractNumber: string;
  counterpartyName: string;
  message: string;
}

/** The result of one check. */
export interface RegistryCheck {
  code: 'requisites' | 'bank_details' | 'non_positive' | 'unsigned' | 'control_sum' | 'stale' | 'held';
  title: string;
  severity: 'error' | 'warning';
  ok: boolean;
  /** Set when the problem is with the registry as a whole (the control sum). */
  message?: string;
  /** How many lines the check found (the list is capped). */
  count: number;
  lines: CheckLine[];
}

const MAX_LINES = 1000;
const SIGNED = ['signed', 'active', 'expired', 'terminated'];
const blank = (s: string | null) => (s ?? '').trim() === '';
const rub = (k: number) => formatRubles(k);

function check(code: RegistryCheck['code'], title: string, severity: RegistryCheck['severity'], lines: CheckLine[], message?: string): RegistryCheck {
  return { code, title, severity, ok: lines.length === 0 && !message, ...(message ? { message } : {}), count: lines.length, lines: lines.slice(0, MAX_LINES) };
}

const at = (l: RegistryLine, message: string): CheckLine => ({ lineId: l.id, contractNumber: l.contractNumber, counterpartyName: l.counterpartyName, message });

function requisitesCheck(lines: RegistryLine[]): RegistryCheck {
  const out: CheckLine[] = [];
  for (const l of lines) {
    const issues = validateCounterpartyRequisites({
      type: l.counterpartyType,
      inn: l.inn,
      kpp: l.kpp,
      bik: l.bik,
      account: l.account,
      corr_account: l.corrAccount,
    });
    if (issues.length) out.push(at(l, issues.map((i) => i.reason).join('; ')));
  }
  return check('requisites', 'Реквизиты контрагентов корректны (ИНН, КПП, БИК, счета)', 'error', out);
}

function bankCheck(lines: RegistryLine[]): RegistryCheck {
  const out: CheckLine[] = [];
  for (const l of lines) {
    const missing = [blank(l.bik) && 'БИК', blank(l.account) && 'расчётный счёт', blank(l.bankName) && 'банк'].filter(Boolean);
    if (missing.length) out.push(at(l, `Не указан ${missing.join(', ')}`));
  }
  return check('bank_details', 'Банковские реквизиты указаны', 'error', out);
}

// One payment per contract (its lines net out: a negative adjustment reduces the payout line), so the sign is checked
// per contract.
function nonPositiveCheck(lines: RegistryLine[]): RegistryCheck {
  const net = new Map<number, number>();
  for (const l of lines) net.set(l.contractId, (net.get(l.contractId) ?? 0) + l.total);
  const out = lines
    .filter((l) => net.get(l.contractId)! <= 0)
    .map((l) => at(l, `К оплате по договору ${rub(net.get(l.contractId)!)} (строка: ${rub(l.total)})`));
  return check('non_positive', 'Нет отрицательных и нулевых выплат', 'error', out);
}

function unsignedCheck(db: ReadableDb, lines: RegistryLine[]): RegistryCheck {
  const ids = [...new Set(lines.map((l) => l.contractId))];
  const state = new Map<number, { status: string; signedDate: string | null }>();
  const rows = db
    .prepare(`SELECT id, status, signed_date AS signedDate FROM contracts WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; status: string; signedDate: string | null }[];
  for (const r of rows) state.set(r.id, r);
  const out: CheckLine[] = [];
  for (const l of lines) {
    const s = state.get(l.contractId);
    if (!s || !SIGNED.includes(s.status) || !s.signedDate) {
      out.push(at(l, !s ? 'Договор не найден' : s.signedDate ? `Договор в статусе «${STATUS_NAMES_RU[s.status as ContractStatus] ?? s.status}»` : 'Нет даты подписания договора'));
    }
  }
  return check('unsigned', 'Договоры подписаны', 'error', out);
}

function controlSumCheck(db: ReadableDb, r: RegistryHeader, lines: RegistryLine[]): RegistryCheck {
  const out = lines.filter((l) => l.total !== l.payout + l.vat).map((l) => at(l, `Итого ${rub(l.total)} ≠ ${rub(l.payout)} + НДС ${rub(l.vat)}`));
  const s = lineSums(db, r.id);
  const diffs: string[] = [];
  if (s.count !== r.lineCount) diffs.push(`строк ${r.lineCount} в заголовке, ${s.count} в реестре`);
  if (s.payout !== r.totalPayout) diffs.push(`сумма без НДС ${rub(r.totalPayout)} в заголовке, ${rub(s.payout)} по строкам`);
  if (s.vat !== r.totalVat) diffs.push(`НДС ${rub(r.totalVat)} в заголовке, ${rub(s.vat)} по строкам`);
  if (s.total !== r.total) diffs.push(`итого ${rub(r.total)} в заголовке, ${rub(s.total)} по строкам`);
  return check('control_sum', 'Контрольная сумма: итоги реестра равны сумме строк', 'error', out, diffs.length ? `Не сходится: ${diffs.join('; ')}` : undefined);
}

// Compares the stored lines with what building would produce now: a changed fee, penalty, requisite or hold.
function staleCheck(lines: RegistryLine[], planned: PlannedLine[]): RegistryCheck {
  const stored = new Map(lines.map((l) => [lineKey(l), l]));
  const out: CheckLine[] = [];
  const seen = new Set<string>();
  for (const p of planned) {
    const k = lineKey(p);
    seen.add(k);
    const l = stored.get(k);
    if (!l) out.push({ lineId: null, contractNumber: p.contractNumber, counterpartyName: p.counterpartyName, message: 'Новая строка: её нет в реестре' });
    else if (LINE_FIELDS.some((f) => (l[f as keyof RegistryLine] ?? null) !== (p[f] ?? null))) out.push(at(l, 'Данные строки изменились'));
  }
  for (const l of lines) if (!seen.has(lineKey(l))) out.push(at(l, 'Строки больше не должно быть в реестре'));
  return check('stale', 'Реестр соответствует текущим данным (иначе сформируйте его заново)', 'error', out);
}

/** Runs every check of a registry. A draft is also compared with a fresh plan and lists held counterparties. */
export function checkRegistry(db: ReadableDb, r: RegistryHeader, nowIso: string): RegistryCheck[] {
  const lines = allLines(db, r.id);
  const checks = [requisitesCheck(lines), bankCheck(lines), nonPositiveCheck(lines), unsignedCheck(db, lines), controlSumCheck(db, r, lines)];
  if (r.status === 'draft') {
    const plan = planRegistry(db, r.month, r.id, nowIso);
    checks.push(staleCheck(lines, plan.lines));
    const held = plan.held.map((h) => ({
      lineId: null,
      contractNumber: '',
      counterpartyName: h.name,
      message: `Изменены банковские реквизиты ${h.changedAt.slice(0, 10)} (${h.changedByName ?? 'система'}): БИК ${h.oldBik ?? '—'} → ${h.newBik ?? '—'}, счёт ${h.oldAccount ?? '—'} → ${h.newAccount ?? '—'}; выплаты задержаны до подтверждения вторым сотрудником`,
    }));
    checks.push(check('held', 'Выплаты контрагентов с недавно изменёнными реквизитами задержаны', 'warning', held));
  }
  return checks;
}

/** The failing error checks, which block approval. */
export function blockingChecks(checks: RegistryCheck[]): RegistryCheck[] {
  return checks.filter((c) => c.severity === 'error' && !c.ok);
}
