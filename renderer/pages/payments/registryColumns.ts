// Columns of the registries list and of a registry's lines (money in kopecks from the core, shown in rubles).
import type { ColDef } from 'ag-grid-community';
import { createElement } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';
import { monthLabel, REGISTRY_STATUS_LABEL, type RegistryStatus } from './common';

export type RegistryRow = CommandOutput<'payments.listRegistries'>['rows'][number];
export type LineRow = CommandOutput<'payments.registryLines'>['rows'][number];

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
const money = {
  filter: 'agNumberColumnFilter',
  filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 },
  type: 'rightAligned',
  width: 150,
  // undefined (not null) is a cell the pinned totals row leaves empty.
  valueFormatter: (p: { value: unknown }) => (p.value === undefined ? '' : formatMoney(p.value as number | null)),
};

/** A status badge element (ag-grid cell renderer and the registry header use it). */
export function statusBadge(status: RegistryStatus) {
  return createElement('span', { className: `pay-badge pay-st-${status}`, 'data-testid': 'registry-status' }, REGISTRY_STATUS_LABEL[status] ?? status);
}

export const REGISTRY_COLUMNS: ColDef<RegistryRow>[] = [
  { field: 'number', headerName: 'Номер', width: 150, ...text },
  { field: 'month', headerName: 'Месяц', width: 140, valueFormatter: (p) => (p.value ? monthLabel(p.value) : '') },
  { field: 'status', headerName: 'Статус', width: 130, cellRenderer: (p: { value: RegistryStatus }) => statusBadge(p.value) },
  { field: 'lineCount', headerName: 'Строк', width: 90, type: 'rightAligned' },
  { field: 'totalPayout', headerName: 'Без НДС', ...money },
  { field: 'totalVat', headerName: 'НДС', ...money, width: 130 },
  { field: 'total', headerName: 'С НДС', ...money },
  { field: 'approvedByName', headerName: 'Утвердил', width: 170, ...text },
  { field: 'approvedAt', headerName: 'Утверждён', width: 160, valueFormatter: (p) => formatDateTime(p.value) },
  { field: 'exportedAt', headerName: 'Выгружен', width: 160, valueFormatter: (p) => formatDateTime(p.value) },
  { field: 'paidAt', headerName: 'Оплачен', width: 120, valueFormatter: (p) => formatDate(p.value) },
];

const VAT_LABEL: Record<string, string> = { VAT: 'НДС', VAT5: 'НДС 5 %', VAT7: 'НДС 7 %', NO_VAT: 'без НДС' };

export const LINE_COLUMNS: ColDef<LineRow>[] = [
  { field: 'contractNumber', headerName: 'Договор', width: 150, pinned: 'left', ...text },
  { field: 'counterpartyName', headerName: 'Контрагент', width: 230, ...text },
  // The money a clerk checks first comes right after who is paid; the rest scrolls.
  { field: 'payout', headerName: 'К выплате без НДС', ...money, width: 165 },
  { field: 'vat', headerName: 'НДС', ...money, width: 130 },
  { field: 'total', headerName: 'К выплате с НДС', ...money, width: 165 },
  { field: 'federalDistrict', headerName: 'ФО', width: 85, ...text },
  { field: 'regionName', headerName: 'Регион', width: 180, ...text },
  { field: 'monthFee', headerName: 'Платёж за месяц', ...money, width: 160 },
  { field: 'penalty', headerName: 'Штраф', ...money, width: 130 },
  { field: 'vatMode', headerName: 'Режим НДС', width: 110, valueFormatter: (p) => VAT_LABEL[p.value as string] ?? p.value ?? '' },
  { field: 'kind', headerName: 'Вид', width: 125, valueFormatter: (p) => (p.value === 'adjustment' ? 'корректировка' : p.value === 'payout' ? 'выплата' : '') },
  { field: 'month', headerName: 'За месяц', width: 125, valueFormatter: (p) => (p.value ? monthLabel(p.value) : '') },
  { field: 'inn', headerName: 'ИНН', width: 125, ...text },
  { field: 'bik', headerName: 'БИК', width: 110, ...text },
  { field: 'account', headerName: 'Р/с', width: 200, ...text },
  { field: 'paymentOrderNo', headerName: '№ п/п', width: 90, type: 'rightAligned' },
  { field: 'paidDate', headerName: 'Оплачено', width: 115, valueFormatter: (p) => formatDate(p.value) },
];
