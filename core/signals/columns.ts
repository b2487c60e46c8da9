// Columns of the visits/signals file (DOMAIN.md "Canonical import files"), with the Russian headers users type.
import type { ColumnSpec } from '../import';

/** Canonical keys of the visits/signals file. */
export type SignalColumn =
  | 'visit_id'
  | 'visit_date'
  | 'outlet_code'
  | 'rep_code'
  | 'signal_type'
  | 'sku_code'
  | 'equipment_code'
  | 'photo_ref'
  | 'source';

/** The file's columns in canonical order; only visit_id, visit_date and outlet_code are required. */
export const SIGNAL_COLUMNS: ColumnSpec[] = [
  { key: 'visit_id', label: 'ИД визита', required: true, aliases: ['Идентификатор визита', 'ID визита', 'Визит', 'visit'] },
  { key: 'visit_date', label: 'Дата визита', required: true, aliases: ['Дата', 'date'] },
  { key: 'outlet_code', label: 'Код ТТ', required: true, aliases: ['Код торговой точки', 'ТТ', 'outlet'] },
  { key: 'rep_code', label: 'Код ТП', required: false, aliases: ['Код торгового представителя', 'ТП', 'rep'] },
  { key: 'signal_type', label: 'Тип сигнала', required: false, aliases: ['Сигнал', 'Тип нарушения', 'type'] },
  { key: 'sku_code', label: 'Код SKU', required: false, aliases: ['SKU', 'Артикул'] },
  { key: 'equipment_code', label: 'Код оборудования', required: false, aliases: ['Оборудование', 'equipment'] },
  { key: 'photo_ref', label: 'Фото', required: false, aliases: ['Ссылка на фото', 'photo'] },
  { key: 'source', label: 'Источник', required: false, aliases: ['Система'] },
];

/** Column spec by key. */
export function signalColumn(key: string): ColumnSpec | undefined {
  return SIGNAL_COLUMNS.find((c) => c.key === key);
}
