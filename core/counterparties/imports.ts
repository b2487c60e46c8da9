// The counterparties file of DOMAIN.md: upsert by INN, every requisite validated, all-or-nothing.
import type { MutationCtx } from '../command';
import type { ColumnSpec } from '../import/columns';
import type { ImportSpec } from '../import/result';
import { recordBankDetailChange } from '../payments/bankChanges';
import { validateBik, validateKpp } from '../requisites';
import { WHOLE_COUNTRY } from '../users/scope';
import { checkCounterparty, digitsText, restoreInn, restoreLeadingZero, type CounterpartyData, type CounterpartyField, type CounterpartyInput } from './fields';
import { counterpartyVisible, dataOf, findCounterpartyByInn, insertCounterparty, sameData, updateCounterparty, type Counterparty } from './repo';

export const COUNTERPARTY_COLUMNS: ColumnSpec[] = [
  { key: 'inn', label: 'ИНН', required: true, aliases: ['ИНН контрагента'] },
  { key: 'kpp', label: 'КПП', required: false, aliases: [] },
  { key: 'ogrn', label: 'ОГРН', required: false, aliases: ['ОГРНИП', 'ОГРН/ОГРНИП', 'ОГРН / ОГРНИП'] },
  { key: 'name', label: 'Наименование', required: true, aliases: ['Название', 'Наименование контрагента', 'Контрагент'] },
  { key: 'type', label: 'Тип', required: true, aliases: ['Тип контрагента', 'ЮЛ/ИП', 'Организационная форма'] },
  { key: 'vat_mode', label: 'Режим НДС', required: true, aliases: ['НДС', 'Ставка НДС', 'Налогообложение'] },
  { key: 'bik', label: 'БИК', required: false, aliases: ['БИК банка'] },
  { key: 'account', label: 'Расчётный счёт', required: false, aliases: ['Р/с', 'Р/сч', 'Р/счёт', 'Расч. счёт', 'Счёт'] },
  { key: 'corr_account', label: 'Корр. счёт', required: false, aliases: ['К/с', 'К/сч', 'Корреспондентский счёт', 'Кор. счёт', 'Корсчёт', 'Корр.счёт'] },
  { key: 'bank_name', label: 'Банк', required: false, aliases: ['Наименование банка', 'Название банка'] },
  { key: 'address', label: 'Адрес', required: false, aliases: ['Юридический адрес', 'Юр. адрес'] },
  { key: 'edo_id', label: 'Идентификатор ЭДО', required: false, aliases: ['ЭДО', 'ID ЭДО', 'Ящик Диадок', 'Идентификатор участника ЭДО'] },
];

const COLUMN_OF: Record<CounterpartyField, string> = {
  type: 'type', name: 'name', inn: 'inn', kpp: 'kpp', ogrn: 'ogrn', vatMode: 'vat_mode', bik: 'bik', account: 'account',
  corrAccount: 'corr_account', bankName: 'bank_name', address: 'address', edoId: 'edo_id',
};

interface Parsed {
  data: CounterpartyData;
  old: Counterparty | undefined;
}

/** The counterparties import; columns the file lacks keep their stored values. */
export function counterpartyImport(ctx: MutationCtx): ImportSpec<Parsed> {
  const scope = ctx.user?.scope ?? WHOLE_COUNTRY;
  const userId = ctx.user?.id ?? null;
  return {
    kind: 'counterparties',
    title: 'Ошибки импорта контрагентов',
    columns: COUNTERPARTY_COLUMNS,
    keyColumn: 'inn',
    parse(row, fail, present) {
      const inn = restoreInn(digitsText(row.inn));
      const old = inn ? findCounterpartyByInn(ctx.db, inn) : undefined;
      const cell = (col: string, stored: string | null | undefined) => (present.has(col) ? row[col] : (stored ?? ''));
      const input: CounterpartyInput = {
        inn: inn ?? '',
        type: row.type,
        name: row.name,
        vatMode: row.vat_mode,
        kpp: present.has('kpp') ? restoreLeadingZero(digitsText(row.kpp), 9, (v) => validateKpp(v).ok) : old?.kpp,
        ogrn: cell('ogrn', old?.ogrn),
        bik: present.has('bik') ? restoreLeadingZero(digitsText(row.bik), 9, (v) => validateBik(v).ok) : old?.bik,
        account: cell('account', old?.account),
        corrAccount: cell('corr_account', old?.corrAccount),
        bankName: cell('bank_name', old?.bankName),
        address: cell('address', old?.address),
        edoId: cell('edo_id', old?.edoId),
      };
      const checked = checkCounterparty(input);
      for (const i of checked.issues) fail(COLUMN_OF[i.field], i.reason);
      return checked.data && { data: checked.data, old };
    },
    key: (p) => p.data.inn,
    classify(p, fail) {
      if (!p.old) return 'added';
      if (sameData(p.old, p.data)) return 'unchanged';
      if (!counterpartyVisible(ctx.db, scope, userId, p.old.id)) {
        fail('inn', `Контрагент с ИНН ${p.data.inn} вне вашей зоны ответственности: изменить его может другой сотрудник`);
      }
      return 'updated';
    },
    apply(p, status) {
      const now = ctx.clock.now().toISOString();
      const saved = status === 'added' ? insertCounterparty(ctx.db, p.data, now) : updateCounterparty(ctx.db, p.old!.id, p.data, now);
      // Changed bank details hold the counterparty's payments until a second person confirms them (issue 6).
      const bankChangeId = p.old ? recordBankDetailChange(ctx.db, p.old.id, p.old, saved, userId, now) : null;
      ctx.audit({ entity: 'counterparty', entityId: saved.id, before: p.old ? dataOf(p.old) : null, after: { ...dataOf(saved), ...(bankChangeId ? { bankChangeId } : {}) } });
    },
  };
}
