import type { ColDef } from 'ag-grid-community';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatMoney } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';

export type DocumentRow = CommandOutput<'documents.list'>['rows'][number];

export const KIND_RU: Record<string, string> = { upd: 'УПД', supplement: 'Допсоглашение', contract: 'Договор' };
export const STATUS_RU: Record<string, string> = { generated: 'сформирован', exported: 'выгружен' };

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
const money = {
  filter: 'agNumberColumnFilter',
  filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 },
  type: 'rightAligned',
  valueFormatter: (p: { value: unknown }) => formatMoney(p.value as number | null),
};

/** Columns of the documents grid (money in kopecks from the core, shown in rubles). */
export const DOCUMENT_COLUMNS: ColDef<DocumentRow>[] = [
  { field: 'kind', headerName: 'Вид', width: 130, valueFormatter: (p) => KIND_RU[p.value as string] ?? p.value },
  { field: 'counterpartyName', headerName: 'Контрагент', flex: 1, minWidth: 200, ...text },
  { field: 'counterpartyInn', headerName: 'ИНН', width: 125, ...text },
  { field: 'contractNumber', headerName: 'Договор', width: 150, ...text },
  { field: 'number', headerName: 'Номер', width: 140, ...text },
  { field: 'docDate', headerName: 'Дата', width: 105, valueFormatter: (p) => formatDate(p.value) },
  { field: 'amount', headerName: 'Сумма без НДС', width: 140, ...money },
  { field: 'total', headerName: 'Сумма с НДС', width: 140, ...money },
  {
    field: 'status',
    headerName: 'Статус',
    width: 120,
    valueFormatter: (p) => STATUS_RU[p.value as string] ?? p.value,
    cellClass: (p) => (p.value === 'exported' ? 'doc-exported' : undefined),
  },
];
