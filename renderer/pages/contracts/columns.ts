import type { ColDef } from 'ag-grid-community';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';

export type ContractRow = CommandOutput<'contracts.list'>['rows'][number];
export type InboxRow = CommandOutput<'approvals.inbox'>['rows'][number];

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
const date = { filter: 'agDateColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.date, maxNumConditions: 1 } };
const money = { filter: 'agNumberColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 }, type: 'rightAligned' };

/** Columns of the contracts grid; sorting and filtering run in the core. */
export const CONTRACT_COLUMNS: ColDef<ContractRow>[] = [
  { field: 'number', headerName: 'Номер', width: 150, ...text },
  { field: 'statusName', colId: 'status', headerName: 'Статус', width: 140, cellClass: (p) => `status status-${p.data?.status}` },
  { field: 'counterpartyName', headerName: 'Контрагент', flex: 1, minWidth: 200, ...text },
  { field: 'counterpartyInn', headerName: 'ИНН', width: 130, ...text },
  { field: 'categoryName', colId: 'category', headerName: 'Категория', width: 150 },
  { field: 'federalDistrict', headerName: 'ФО', width: 80, ...text },
  { field: 'regionName', headerName: 'Регион', width: 170, ...text },
  { field: 'startDate', headerName: 'Начало', width: 115, valueFormatter: (p) => formatDate(p.value), ...date },
  { field: 'endDate', headerName: 'Окончание', width: 115, valueFormatter: (p) => formatDate(p.value), ...date },
  { field: 'monthlyFee', headerName: 'Платёж в месяц', width: 150, valueFormatter: (p) => formatMoney(p.value), ...money },
  { field: 'outletsCount', headerName: 'Точек', width: 90, type: 'rightAligned' },
  { field: 'managerName', headerName: 'Менеджер', width: 180, ...text },
];

const ROLE_RU: Record<string, string> = {
  assistant: 'Ассистент',
  manager: 'Менеджер',
  legal: 'Юрист',
  finance: 'Финансист',
  director: 'Руководитель',
  admin: 'Администратор',
};

/** Columns of the approvals inbox. */
export const INBOX_COLUMNS: ColDef<InboxRow>[] = [
  { field: 'contractNumber', headerName: 'Договор', width: 150, ...text },
  { field: 'counterpartyName', headerName: 'Контрагент', flex: 1, minWidth: 180, ...text },
  { field: 'annualValue', headerName: 'Сумма в год', width: 150, valueFormatter: (p) => formatMoney(p.value), ...money },
  { field: 'role', headerName: 'Этап', width: 170, valueFormatter: (p) => `${p.data?.stepNo}/${p.data?.stepsTotal} · ${ROLE_RU[p.value as string] ?? p.value}` },
  { field: 'submittedAt', headerName: 'Отправлен', width: 150, valueFormatter: (p) => formatDateTime(p.value), ...date },
  { field: 'dueAt', headerName: 'Срок', width: 150, valueFormatter: (p) => formatDateTime(p.value), ...date },
  { field: 'actingForName', headerName: 'За кого', width: 160, valueFormatter: (p) => p.value ?? '' },
];

export { ROLE_RU };
