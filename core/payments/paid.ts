// Marking a registry paid: by hand, or from a bank/1C payment confirmation (payment number, date, amount, contract).
// A confirmation file is applied all or nothing: one mismatch and no line is marked.
import type { WritableDb } from '../db/types';
import { DomainError } from '../errors';
import { decodeText } from '../import/csv';
import { mapColumns, parseDateCell, parseRubles, readTable, type ColumnSpec } from '../import';
import { parse1CExchange, parseExchangeAmount } from './exchange1c';
import { paymentGroups } from './export1c';
import { allLines, STATUS_RU, touchRegistry, type RegistryHeader, type RegistryLine } from './repo';

function requirePayable(r: RegistryHeader): void {
  if (r.status !== 'approved' && r.status !== 'exported') {
    throw new DomainError('conflict', `Реестр ${r.number} ${STATUS_RU[r.status]}: отметить оплату можно в утверждённом или выгруженном реестре`, {
      id: r.id,
      status: r.status,
    });
  }
}

// Once every line is paid the registry is paid, on the latest payment date.
function settle(db: WritableDb, r: RegistryHeader, nowIso: string): RegistryHeader['status'] {
  const open = db.prepare('SELECT count(*) FROM registry_lines WHERE registry_id = ? AND paid_date IS NULL').pluck().get(r.id) as number;
  if (open === 0) {
    const last = db.prepare('SELECT max(paid_date) FROM registry_lines WHERE registry_id = ?').pluck().get(r.id) as string | null;
    db.prepare(`UPDATE registries SET status = 'paid', paid_at = ? WHERE id = ?`).run(last ?? nowIso.slice(0, 10), r.id);
  }
  touchRegistry(db, r.id, nowIso);
  return open === 0 ? 'paid' : r.status;
}

/** Marks the given lines (all unpaid ones when omitted) paid in full on a date; returns how many and the new status. */
export function markPaid(db: WritableDb, r: RegistryHeader, date: string, lineIds: number[] | undefined, nowIso: string) {
  requirePayable(r);
  const lines = allLines(db, r.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unknown = (lineIds ?? []).filter((id) => !byId.has(id));
  if (unknown.length) throw new DomainError('not_found', `Строки №${unknown.join(', №')} нет в реестре ${r.number}`, { lineIds: unknown });
  const chosen = (lineIds ? lineIds.map((id) => byId.get(id)!) : lines).filter((l) => l.paidDate === null);
  const set = db.prepare('UPDATE registry_lines SET paid_amount = total, paid_date = ? WHERE id = ?');
  for (const l of chosen) set.run(date, l.id);
  return { marked: chosen.length, lineIds: chosen.map((l) => l.id), status: settle(db, r, nowIso) };
}

/** A row of a confirmation file, as read. */
interface ConfirmationRow {
  row: number;
  paymentNo: string;
  date: string | null;
  amount: number | null;
  contractNumber: string;
}

/** A row of a confirmation that does not match the registry. */
export interface Mismatch {
  row: number;
  contractNumber: string;
  expected: number | null;
  actual: number | null;
  reason: string;
}

const CONFIRMATION_COLUMNS: ColumnSpec[] = [
  { key: 'number', label: 'Номер платежа', required: true, aliases: ['Номер', '№ платежа', 'Номер п/п', 'Номер платёжного поручения', '№ п/п', 'Номер документа'] },
  { key: 'date', label: 'Дата', required: true, aliases: ['Дата платежа', 'Дата оплаты', 'Дата списания'] },
  { key: 'amount', label: 'Сумма', required: true, aliases: ['Сумма платежа', 'Сумма, руб.', 'Сумма, ₽'] },
  { key: 'contract', label: 'Договор', required: true, aliases: ['Номер договора', '№ договора'] },
];

const CONTRACT_IN_PURPOSE = /договор[ау]?\s+(?:№\s*)?(\S+?)[\s,.;]/i;

function isExchange(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).replace(/^\uFEFF|^ï»¿/, '');
  return head.startsWith('1CClientBankExchange');
}

/** Reads a confirmation: a 1C exchange file (contract taken from the purpose text) or an XLSX/CSV table. */
function readConfirmation(bytes: Uint8Array, fileName: string): ConfirmationRow[] {
  if (isExchange(bytes)) {
    const parsed = parse1CExchange(decodeText(bytes));
    return parsed.documents.map((d, i) => ({
      row: i + 1,
      paymentNo: (d['Номер'] ?? '').trim(),
      date: parseDateCell(d['Дата'] ?? ''),
      amount: parseExchangeAmount(d['Сумма'] ?? ''),
      contractNumber: CONTRACT_IN_PURPOSE.exec(`${d['НазначениеПлатежа'] ?? ''} `)?.[1] ?? '',
    }));
  }
  const table = readTable(bytes, fileName);
  const map = mapColumns(table.headers, CONFIRMATION_COLUMNS);
  if (map.missing.length) {
    throw new DomainError('validation', `В файле «${fileName}» нет колонок: ${map.missing.map((c) => c.label).join(', ')}`, {
      missing: map.missing.map((c) => c.label),
    });
  }
  const at = (cells: string[], key: string) => (cells[map.index[key]] ?? '').trim();
  return table.rows.map((r) => {
    let amount: number | null;
    try {
      amount = parseRubles(at(r.cells, 'amount'));
    } catch {
      amount = null;
    }
    return { row: r.rowNo, paymentNo: at(r.cells, 'number'), date: parseDateCell(at(r.cells, 'date')), amount, contractNumber: at(r.cells, 'contract') };
  });
}

/**
 * Applies a bank/1C confirmation to a registry: each row must name a contract of the registry, a valid date and the
 * exact amount of that contract's payment. With any mismatch nothing is marked (`applied: false`).
 */
export function importConfirmation(db: WritableDb, r: RegistryHeader, fileName: string, bytes: Uint8Array, nowIso: string) {
  requirePayable(r);
  const rows = readConfirmation(bytes, fileName);
  if (rows.length === 0) throw new DomainError('validation', `В файле «${fileName}» нет платежей`);
  const groups = new Map<string, RegistryLine[]>();
  for (const g of paymentGroups(allLines(db, r.id))) groups.set(g[0].contractNumber, g);
  const mismatches: Mismatch[] = [];
  const seen = new Set<string>();
  const matched: { row: ConfirmationRow; lines: RegistryLine[] }[] = [];
  for (const row of rows) {
    const g = groups.get(row.contractNumber);
    const expected = g ? g.reduce((s, l) => s + l.total, 0) : null;
    const miss = (reason: string) => mismatches.push({ row: row.row, contractNumber: row.contractNumber, expected, actual: row.amount, reason });
    if (!row.contractNumber) miss('Не указан договор');
    else if (!g) miss(`Договора ${row.contractNumber} нет в реестре ${r.number}`);
    else if (seen.has(row.contractNumber)) miss('Договор повторяется в файле');
    else if (row.amount === null) miss('Неверная сумма');
    else if (row.amount !== expected) miss('Сумма не совпадает с суммой к оплате');
    else if (!row.date) miss('Неверная дата платежа');
    else if (!row.paymentNo) miss('Не указан номер платежа');
    else if (g.some((l) => l.paidDate !== null && l.paidRef !== row.paymentNo)) miss('Договор уже отмечен оплаченным другим платежом');
    else matched.push({ row, lines: g });
    if (row.contractNumber) seen.add(row.contractNumber);
  }
  if (mismatches.length) return { matched: matched.length, applied: false, mismatches, status: r.status };
  const set = db.prepare('UPDATE registry_lines SET paid_amount = total, paid_date = ?, paid_ref = ? WHERE id = ?');
  for (const m of matched) for (const l of m.lines) set.run(m.row.date, m.row.paymentNo, l.id);
  return { matched: matched.length, applied: true, mismatches, status: settle(db, r, nowIso) };
}
