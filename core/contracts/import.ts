// The contracts import (DOMAIN.md "Canonical import files"): drafts by default, or contracts already signed elsewhere
// (status `active` + signed_date) for administrators migrating an archive. Matching is by contract number, so the
// same file imported twice changes nothing; a signed contract never changes from a file — only by an agreement.
import type { MutationCtx } from '../command';
import { parseDateCell, parseListCell, parseRubles, type ColumnSpec, type ImportInput, type ImportResult, type ImportSpec } from '../import';
import { runImport } from '../import';
import { rolesGrant } from '../users/roles';
import { regionInScope } from '../users/scope';
import { ruDate } from './dates';
import { contractState, insertDraft, rewriteDraft, todayOf, type ContractState } from './draft';
import { statusOnDate, type ContractStatus } from './lifecycle';
import { codesOf, equipmentIds, findOverlaps, scopeSql, skuIds } from './repo';
import { refreshContracts } from '../penalties/recompute';
import { transitionContract } from './status';

/** Columns of the contracts file with the Russian headers people actually use. */
export const CONTRACT_COLUMNS: ColumnSpec[] = [
  { key: 'contract_no', label: 'Номер договора', required: true, aliases: ['Номер', '№ договора', 'Договор'] },
  { key: 'counterparty_inn', label: 'ИНН контрагента', required: true, aliases: ['ИНН'] },
  { key: 'outlet_codes', label: 'Коды ТТ', required: true, aliases: ['Код ТТ', 'Торговые точки', 'Коды точек'] },
  { key: 'category', label: 'Категория', required: true, aliases: ['Категория договора'] },
  { key: 'start_date', label: 'Дата начала', required: true, aliases: ['Начало'] },
  { key: 'end_date', label: 'Дата окончания', required: true, aliases: ['Окончание'] },
  { key: 'monthly_fee', label: 'Ежемесячный платёж', required: true, aliases: ['Сумма в месяц', 'Ежемесячная сумма', 'Платёж в месяц'] },
  { key: 'must_stock_skus', label: 'Обязательные SKU', required: false, aliases: ['SKU', 'Обязательный ассортимент'] },
  { key: 'equipment', label: 'Оборудование', required: false, aliases: ['Коды оборудования'] },
  { key: 'schedule', label: 'График работы', required: false, aliases: ['График'] },
  { key: 'status', label: 'Статус', required: false, aliases: [] },
  { key: 'signed_date', label: 'Дата подписания', required: false, aliases: ['Подписан'] },
];

// Values of the status column: drafts, or contracts signed elsewhere whose real status follows from their dates.
const STATUS_WORDS: Record<string, 'draft' | 'active'> = {
  '': 'draft',
  draft: 'draft',
  черновик: 'draft',
  active: 'active',
  действует: 'active',
  действующий: 'active',
  signed: 'active',
  подписан: 'active',
};

/** One parsed row: the contract state plus resolved ids, the file status and signing day. */
interface ContractRecord {
  state: ContractState;
  skuIds: number[];
  equipmentIds: number[];
  fileStatus: 'draft' | 'active';
  signedDate: string | null;
  existingId: number | null;
}

const LIMITED = 'изменение подписанного договора — только через допсоглашение';

const sameList = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * True when a stored contract says what the file row says. The manager (reassigned by hand, absent from the file)
 * and per-outlet fees (entered in the card, absent from the file) do not count.
 */
function sameData(cur: ContractState, s: ContractState): boolean {
  return (
    cur.number === s.number &&
    cur.counterpartyId === s.counterpartyId &&
    cur.category === s.category &&
    cur.startDate === s.startDate &&
    cur.endDate === s.endDate &&
    sameList(cur.outletIds, s.outletIds) &&
    cur.terms.monthlyFee === s.terms.monthlyFee &&
    cur.terms.schedule === s.terms.schedule &&
    sameList(cur.terms.skuCodes, s.terms.skuCodes) &&
    sameList(cur.terms.equipmentCodes, s.terms.equipmentCodes)
  );
}

/** The import spec for one call: closes over the command's ctx and per-file caches. */
export function contractsImportSpec(ctx: MutationCtx): ImportSpec<ContractRecord> {
  const db = ctx.db;
  const user = ctx.user!;
  const today = todayOf(ctx);
  const now = ctx.clock.now().toISOString();
  const canImportSigned = rolesGrant(user.roles, 'contracts.importSigned');
  const cpByInn = db.prepare('SELECT id, name FROM counterparties WHERE inn = ?');
  const outletByCode = db.prepare('SELECT id, code, region_code, counterparty_id, manager_user_id FROM outlets WHERE code = ? COLLATE NOCASE');
  const categories = db.prepare('SELECT code, name FROM contract_categories').all() as { code: string; name: string }[];
  const existingByNo = db.prepare('SELECT id, status, signed_date FROM contracts WHERE number = ?');
  const isManager = db.prepare("SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'manager'").pluck();
  const scope = scopeSql(user.scope);
  const inScope = db.prepare(`SELECT 1 FROM contracts c WHERE c.id = ? AND ${scope.sql}`).pluck();
  // Rows accepted so far in this file, so two rows of one file cannot claim one outlet for the same period either.
  const accepted: { number: string; category: string; outletIds: Set<number>; codes: Map<number, string>; start: string; end: string }[] = [];

  const findCategory = (v: string) => {
    const t = v.trim().toLowerCase().replace(/ё/g, 'е');
    return categories.find((c) => c.code.toLowerCase() === t || c.name.toLowerCase().replace(/ё/g, 'е') === t);
  };

  return {
    kind: 'contracts',
    title: 'Ошибки импорта договоров',
    columns: CONTRACT_COLUMNS,
    keyColumn: 'contract_no',
    key: (r) => r.state.number,

    parse(row, fail) {
      const number = row.contract_no!.trim();
      if (!number) fail('contract_no', 'Не указан номер договора');
      else if (number.length > 50) fail('contract_no', 'Слишком длинный номер договора');

      const inn = row.counterparty_inn!.replace(/\s/g, '');
      const cp = inn ? (cpByInn.get(inn) as { id: number; name: string } | undefined) : undefined;
      if (!inn) fail('counterparty_inn', 'Не указан ИНН контрагента');
      else if (!cp) fail('counterparty_inn', `Контрагент с ИНН ${inn} не найден: сначала импортируйте контрагентов`);

      const outletIds: number[] = [];
      let managerUserId: number | null = null;
      const codes = parseListCell(row.outlet_codes!);
      if (codes.length === 0) fail('outlet_codes', 'Не указаны коды торговых точек');
      for (const code of codes) {
        const o = outletByCode.get(code) as { id: number; code: string; region_code: string; counterparty_id: number; manager_user_id: number | null } | undefined;
        if (!o || !regionInScope(db, user.scope, o.region_code)) fail('outlet_codes', `Торговая точка ${code} не найдена или вне вашей зоны`);
        else if (cp && o.counterparty_id !== cp.id) fail('outlet_codes', `Точка ${o.code} принадлежит другому контрагенту, не «${cp.name}»`);
        else if (!outletIds.includes(o.id)) {
          outletIds.push(o.id);
          // The responsible manager is the first outlet's manager: the file has no such column.
          if (managerUserId === null && o.manager_user_id !== null && isManager.get(o.manager_user_id)) managerUserId = o.manager_user_id;
        }
      }

      const cat = findCategory(row.category!);
      if (!cat) fail('category', `Неизвестная категория «${row.category}»: ${categories.map((c) => `${c.code} (${c.name})`).join(', ')}`);

      const date = (col: 'start_date' | 'end_date' | 'signed_date', what: string) => {
        const v = row[col]!.trim();
        if (!v) return null;
        const d = parseDateCell(v);
        if (!d) fail(col, `Неверная ${what}: нужна дата вида ДД.ММ.ГГГГ`);
        return d;
      };
      const start = date('start_date', 'дата начала');
      const end = date('end_date', 'дата окончания');
      if (!row.start_date!.trim()) fail('start_date', 'Не указана дата начала');
      if (!row.end_date!.trim()) fail('end_date', 'Не указана дата окончания');
      if (start && end && end < start) fail('end_date', `Дата окончания ${ruDate(end)} раньше даты начала ${ruDate(start)}`);

      let fee = 0;
      try {
        fee = parseRubles(row.monthly_fee!);
        if (fee <= 0) fail('monthly_fee', 'Ежемесячный платёж должен быть больше нуля');
      } catch {
        fail('monthly_fee', row.monthly_fee!.trim() ? 'Неверная сумма: ожидаются рубли, например 15000 или 15 000,50' : 'Не указан ежемесячный платёж');
      }

      const skus = skuIds(db, parseListCell(row.must_stock_skus!));
      if (skus.unknown.length) fail('must_stock_skus', `Неизвестные SKU: ${skus.unknown.join(', ')}`);
      const eq = equipmentIds(db, parseListCell(row.equipment!));
      if (eq.unknown.length) fail('equipment', `Неизвестное оборудование: ${eq.unknown.join(', ')}`);
      const schedule = row.schedule!.trim() || null;
      if (schedule && schedule.length > 200) fail('schedule', 'Слишком длинный график работы');

      const statusWord = row.status!.trim().toLowerCase();
      const fileStatus = STATUS_WORDS[statusWord];
      const signedDate = date('signed_date', 'дата подписания');
      if (!fileStatus) fail('status', 'Статус может быть только draft (черновик) или active (уже подписан)');
      else if (fileStatus === 'active') {
        if (!canImportSigned) fail('status', 'Импортировать подписанные договоры может только администратор');
        else if (!row.signed_date!.trim()) fail('signed_date', 'Для подписанного договора укажите дату подписания');
        else if (signedDate && signedDate > today) fail('signed_date', `Дата подписания ${ruDate(signedDate)} ещё не наступила`);
      } else if (row.signed_date!.trim()) {
        fail('signed_date', 'Дата подписания указывается только для подписанного договора (статус active)');
      }

      if (!cp || !cat || !start || !end || !fileStatus) return null;
      return {
        state: {
          number,
          counterpartyId: cp.id,
          category: cat.code,
          managerUserId,
          startDate: start,
          endDate: end,
          outletIds: [...outletIds].sort((a, b) => a - b),
          terms: {
            monthlyFee: fee,
            schedule,
            ruleSet: 'DEFAULT',
            skuCodes: codesOf(db, 'skus', skus.ids),
            equipmentCodes: codesOf(db, 'equipment_types', eq.ids),
            outletFees: [],
          },
        },
        skuIds: skus.ids,
        equipmentIds: eq.ids,
        fileStatus,
        signedDate: fileStatus === 'active' ? signedDate : null,
        existingId: null,
      };
    },

    classify(rec, fail) {
      const s = rec.state;
      const existing = existingByNo.get(s.number) as { id: number; status: ContractStatus; signed_date: string | null } | undefined;
      let result: 'added' | 'updated' | 'unchanged' = 'added';
      if (existing) {
        // A number taken outside the user's scope is just "taken": no peeking at, or rewriting, someone else's draft.
        if (!inScope.get(existing.id, ...scope.params)) {
          fail('contract_no', `Номер договора ${s.number} уже занят другим договором`);
          return 'unchanged';
        }
        rec.existingId = existing.id;
        const cur = contractState(db, existing.id);
        const same = sameData(cur, s) && (rec.fileStatus === 'draft' || (existing.status !== 'draft' && existing.signed_date === rec.signedDate));
        if (same) return 'unchanged';
        if (existing.status !== 'draft') {
          fail('contract_no', `Договор ${s.number} уже есть в статусе, отличном от черновика: ${LIMITED}`);
          return 'unchanged';
        }
        result = 'updated';
      }
      const hits = findOverlaps(db, { category: s.category, outletIds: s.outletIds, start: s.startDate, end: s.endDate, excludeId: rec.existingId });
      for (const h of hits) {
        fail('outlet_codes', `Точка ${h.outletCode} уже в договоре ${h.number} той же категории на ${ruDate(h.startDate)}–${ruDate(h.endDate)}`);
      }
      for (const a of accepted) {
        if (a.category !== s.category || a.start > s.endDate || s.startDate > a.end) continue;
        const shared = s.outletIds.filter((o) => a.outletIds.has(o));
        if (shared.length) fail('outlet_codes', `Точка ${a.codes.get(shared[0]!)} уже в договоре ${a.number} этого же файла на пересекающийся период`);
      }
      if (hits.length === 0) {
        const codes = new Map(
          (db.prepare(`SELECT id, code FROM outlets WHERE id IN (${s.outletIds.map(() => '?').join(',')})`).all(...s.outletIds) as { id: number; code: string }[]).map(
            (o) => [o.id, o.code],
          ),
        );
        accepted.push({ number: s.number, category: s.category, outletIds: new Set(s.outletIds), codes, start: s.startDate, end: s.endDate });
      }
      return result;
    },

    apply(rec, status) {
      const s = rec.state;
      const resolved = { skuIds: rec.skuIds, equipmentIds: rec.equipmentIds };
      let id: number;
      let before: ContractState | null = null;
      if (status === 'added') {
        // A contract signed elsewhere enters as `signed` and then takes the status its dates call for.
        id = insertDraft(db, s, resolved, user.id, now, rec.fileStatus === 'active' ? 'signed' : 'draft', rec.signedDate);
      } else {
        id = rec.existingId!;
        before = contractState(db, id);
        rewriteDraft(db, id, s, resolved, now);
        if (rec.fileStatus === 'active') {
          // Only an administrator gets here (importSigned); the draft skips approval because it was signed on paper.
          db.prepare("UPDATE contracts SET status = 'signed', signed_date = ? WHERE id = ?").run(rec.signedDate, id);
        }
      }
      let finalStatus: ContractStatus = rec.fileStatus === 'active' ? 'signed' : 'draft';
      if (rec.fileStatus === 'active') {
        const want = statusOnDate('signed', s.startDate, s.endDate, today);
        if (want === 'active') finalStatus = transitionContract(db, id, 'activate', now).to;
        if (want === 'expired') finalStatus = transitionContract(db, id, 'expire', now).to;
        // Entered as signed without the 'sign' transition, so its month fees are computed here.
        refreshContracts(db, [id], now);
      }
      ctx.audit({ entity: 'contract', entityId: id, before, after: { ...s, status: finalStatus, signedDate: rec.signedDate, source: 'import' } });
    },
  };
}

/** `contracts.importFile`: preview or commit a contracts file, all-or-nothing. */
export function importContracts(ctx: MutationCtx, input: ImportInput): ImportResult {
  return runImport(ctx, input, contractsImportSpec(ctx));
}
