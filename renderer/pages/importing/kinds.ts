// The kinds of file the Import page loads: which command runs each, which permission it needs, which template
// the user downloads, and the columns the hint lists. Column lists mirror the core's import specs (DOMAIN.md
// "Canonical import files"); the core stays the judge, this is only what the user reads before picking a file.
import type { CommandInput, CommandOutput } from '../../../core/api';
import type { ImportResult } from '../../../core/import/result';
import type { Permission } from '../../../core/users/roles';
import type { Api } from '../../api/client';
import type { MessageKey } from '../../i18n/messages';

export type ImportKindId = 'signals' | 'contracts' | 'counterparties' | 'outlets' | 'skus' | 'equipment';
type TemplateKind = CommandInput<'reference.template'>['kind'];
type WizardInput = { fileName: string; contentBase64: string; mode: 'preview' | 'commit' };

/** One canonical column of a file: its key, the Russian header users type, and whether a row needs it. */
export interface ImportColumn {
  key: string;
  header: string;
  required: boolean;
}

/** One kind of import file as the page offers it. */
export interface ImportKind {
  id: ImportKindId;
  label: MessageKey;
  hint: MessageKey;
  /** Needed to load the file (the core checks it again). */
  permission: Permission;
  template: TemplateKind;
  /** A second sample, e.g. the windows-1251 CSV that Russian Excel writes. */
  sample?: { kind: TemplateKind; label: MessageKey };
  columns: ImportColumn[];
  run: (api: Api, input: WizardInput) => Promise<ImportResult>;
}

const col = (key: string, header: string, required = false): ImportColumn => ({ key, header, required });

/** The signals command's richer result: duplicates, the same-file warning and a ready Russian summary. */
export type SignalsImportResult = CommandOutput<'signals.importFile'>;

export const IMPORT_KINDS: ImportKind[] = [
  {
    id: 'signals',
    label: 'imp.kind.signals',
    hint: 'imp.hint.signals',
    permission: 'signals.import',
    template: 'visits',
    columns: [
      col('visit_id', 'ИД визита', true),
      col('visit_date', 'Дата визита', true),
      col('outlet_code', 'Код ТТ', true),
      col('rep_code', 'Код ТП'),
      col('signal_type', 'Тип сигнала'),
      col('sku_code', 'Код SKU'),
      col('equipment_code', 'Код оборудования'),
      col('photo_ref', 'Фото'),
      col('source', 'Источник'),
    ],
    run: (api, input) => api.invoke('signals.importFile', input),
  },
  {
    id: 'contracts',
    label: 'imp.kind.contracts',
    hint: 'imp.hint.contracts',
    permission: 'contracts.write',
    template: 'contracts',
    columns: [
      col('contract_no', 'Номер договора', true),
      col('counterparty_inn', 'ИНН контрагента', true),
      col('outlet_codes', 'Коды ТТ', true),
      col('category', 'Категория', true),
      col('start_date', 'Дата начала', true),
      col('end_date', 'Дата окончания', true),
      col('monthly_fee', 'Ежемесячный платёж', true),
      col('must_stock_skus', 'Обязательные SKU'),
      col('equipment', 'Оборудование'),
      col('schedule', 'График работы'),
      col('status', 'Статус'),
      col('signed_date', 'Дата подписания'),
    ],
    run: (api, input) => api.invoke('contracts.importFile', input),
  },
  {
    id: 'counterparties',
    label: 'imp.kind.counterparties',
    hint: 'imp.hint.counterparties',
    permission: 'import.masterData',
    template: 'counterparties',
    sample: { kind: 'counterpartiesCsv', label: 'imp.sampleCsv' },
    columns: [
      col('inn', 'ИНН', true),
      col('kpp', 'КПП'),
      col('ogrn', 'ОГРН'),
      col('name', 'Наименование', true),
      col('type', 'Тип', true),
      col('vat_mode', 'Режим НДС', true),
      col('bik', 'БИК'),
      col('account', 'Расчётный счёт'),
      col('corr_account', 'Корр. счёт'),
      col('bank_name', 'Банк'),
      col('address', 'Адрес'),
      col('edo_id', 'Идентификатор ЭДО'),
    ],
    run: (api, input) => api.invoke('counterparties.importFile', input),
  },
  {
    id: 'outlets',
    label: 'imp.kind.outlets',
    hint: 'imp.hint.outlets',
    permission: 'import.masterData',
    template: 'outlets',
    columns: [
      col('outlet_code', 'Код ТТ', true),
      col('name', 'Наименование', true),
      col('address', 'Адрес'),
      col('region', 'Регион', true),
      col('counterparty_inn', 'ИНН контрагента', true),
      col('channel', 'Канал'),
      col('rep_code', 'Код ТП'),
      col('manager', 'Менеджер'),
    ],
    run: (api, input) => api.invoke('outlets.importFile', input),
  },
  {
    id: 'skus',
    label: 'imp.kind.skus',
    hint: 'imp.hint.skus',
    permission: 'reference.write',
    template: 'skus',
    columns: [col('sku_code', 'Код SKU', true), col('name', 'Наименование', true), col('brand', 'Бренд')],
    run: (api, input) => api.invoke('reference.importSkus', input),
  },
  {
    id: 'equipment',
    label: 'imp.kind.equipment',
    hint: 'imp.hint.equipment',
    permission: 'reference.write',
    template: 'equipment',
    columns: [col('equipment_code', 'Код оборудования', true), col('name', 'Наименование', true)],
    run: (api, input) => api.invoke('reference.importEquipment', input),
  },
];

/** True when a result came from the signals import, which adds duplicates and a summary message. */
export function isSignalsResult(r: ImportResult): r is SignalsImportResult {
  return r.kind === 'signals' && 'message' in r;
}

/** Puts values into a message with `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
