import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import { createElement } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatMoney } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';

export type SignalRow = CommandOutput<'signals.list'>['rows'][number];
export type MonthRow = CommandOutput<'penalties.contractMonths'>['rows'][number];

/** Basis points as a Russian percent: 3000 → «30 %», 1250 → «12,5 %». */
export function formatBp(bp: number): string {
  return `${(bp / 100).toLocaleString('ru-RU', { maximumFractionDigits: 2 })} %`;
}

export const TYPE_RU: Record<string, string> = {
  OOS: 'Нет SKU на полке',
  EQUIPMENT: 'Оборудование',
  SCHEDULE: 'Закрыто в часы работы',
};

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
const money = {
  filter: 'agNumberColumnFilter',
  filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 },
  type: 'rightAligned',
  valueFormatter: (p: { value: unknown }) => formatMoney(p.value as number),
};

/** Columns of the contract-months grid (money in kopecks from the core, shown in rubles). */
export const MONTH_COLUMNS: ColDef<MonthRow>[] = [
  { field: 'contractNo', headerName: 'Договор', width: 150, ...text },
  { field: 'counterpartyName', headerName: 'Контрагент', flex: 1, minWidth: 200, ...text },
  { field: 'counterpartyInn', headerName: 'ИНН', width: 125, ...text },
  { field: 'month', headerName: 'Месяц', width: 95 },
  { field: 'monthFee', headerName: 'Платёж за месяц', width: 150, ...money },
  { field: 'penaltyBp', headerName: 'Штраф, %', width: 105, type: 'rightAligned', valueFormatter: (p) => formatBp(p.value ?? 0) },
  { field: 'penalty', headerName: 'Штраф', width: 130, ...money },
  { field: 'payout', headerName: 'К выплате без НДС', width: 160, ...money },
  { field: 'vat', headerName: 'НДС', width: 120, ...money },
  { field: 'payoutTotal', headerName: 'К выплате с НДС', width: 160, ...money },
];

/** Columns of the signals grid. */
export const SIGNAL_COLUMNS: ColDef<SignalRow>[] = [
  { field: 'visitDate', headerName: 'Дата визита', width: 115, valueFormatter: (p) => formatDate(p.value) },
  { field: 'type', headerName: 'Нарушение', width: 180, valueFormatter: (p) => TYPE_RU[p.value as string] ?? p.value, ...text },
  { field: 'objectCode', headerName: 'SKU / оборудование', width: 150, ...text },
  { field: 'outletCode', headerName: 'Точка', width: 120, ...text },
  { field: 'region', headerName: 'Регион', width: 170, ...text },
  { field: 'federalDistrict', headerName: 'ФО', width: 80, ...text },
  {
    field: 'status',
    headerName: 'Сопоставление',
    width: 140,
    // An amnestied signal shows its amnesty here rather than in a column of its own: a wider grid pushes the visit id
    // out of the rendered columns. The number is what «Амнистии» lists, so the user can find why it no longer counts.
    valueFormatter: (p) =>
      p.data?.amnestyId ? `амнистирован №${p.data.amnestyId}` : p.value === 'matched' ? 'учтён' : p.value === 'unmatched' ? 'не сопоставлен' : '—',
    cellClass: (p) => (p.data?.amnestyId ? 'amn-signal-cell' : p.value === 'unmatched' ? 'muted' : undefined),
  },
  { field: 'contractNo', headerName: 'Договор', width: 150, ...text },
  // 170, not 220: the selection checkbox column (amnesty) takes ~50 px, and the visit id must stay within the columns
  // ag-grid renders at 1400 px (it virtualises columns past the viewport).
  { field: 'unmatchedReason', headerName: 'Почему не учтён', flex: 1, minWidth: 170, ...text },
  { field: 'visitId', headerName: 'Визит', width: 150, ...text },
  { field: 'source', headerName: 'Источник', width: 95 },
  {
    field: 'photoRef',
    headerName: 'Фото',
    width: 110,
    sortable: false,
    // The core resolves the reference against the photo storage setting; a path without that setting cannot be opened,
    // so the cell says where to set it instead of showing a dead link.
    cellRenderer: (p: ICellRendererParams<SignalRow>) =>
      p.data?.photoUrl
        ? createElement('a', { href: p.data.photoUrl, target: '_blank', rel: 'noopener noreferrer', title: p.data.photoRef ?? '' }, 'открыть')
        : p.data?.photoRef
          ? createElement('span', { className: 'muted', title: `${p.data.photoRef} — укажите адрес хранилища фото в Настройках` }, 'нет адреса')
          : '—',
  },
];
