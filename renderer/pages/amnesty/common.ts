import type { ColDef } from 'ag-grid-community';
import type { CommandOutput } from '../../../core/api';
import { ApiError } from '../../api/client';
import { formatDateTime, formatMoney } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';

export type AmnestyRow = CommandOutput<'amnesty.list'>['rows'][number];
export type AmnestyStatus = AmnestyRow['status'];

/** Status words as the list and the card show them (core/amnesty/repo STATUS_RU is for sentences, not labels). */
export const STATUS_LABEL: Record<AmnestyStatus, string> = {
  pending: 'ожидает подтверждения',
  applied: 'применена',
  declined: 'отклонена',
  revoked: 'отозвана',
};

/** Evidence limit of core/amnesty/evidence.ts MAX_EVIDENCE_BYTES, repeated here only to warn before a long upload. */
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

/** Bytes as «12,3 КБ» / «4,5 МБ» for file lists. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} КБ`;
  return `${(kb / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
}

/** The messages of a refused command: zod issues when the core sent them, else its one Russian message. */
export function issuesOf(e: unknown): { message: string }[] {
  if (e instanceof ApiError) {
    const issues = e.details?.issues as { message: string }[] | undefined;
    return issues && issues.length > 0 ? issues : [{ message: e.message }];
  }
  return [{ message: e instanceof Error ? e.message : String(e) }];
}

export const EMPTY_HINT = 'Амнистию оформляют из раздела «Сигналы и штрафы»: выберите сигналы или откройте расчёт договора за месяц.';

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };

/** Columns of the amnesties grid (effect in kopecks from the core). */
export const AMNESTY_COLUMNS: ColDef<AmnestyRow>[] = [
  { field: 'id', headerName: '№', width: 75 },
  {
    field: 'status',
    headerName: 'Статус',
    width: 200,
    valueFormatter: (p) => STATUS_LABEL[p.value as AmnestyStatus] ?? String(p.value),
    cellClass: (p) => `amn-status-cell amn-st-${String(p.value)}`,
  },
  { field: 'contractNos', headerName: 'Договор', width: 150, ...text },
  { field: 'months', headerName: 'Месяц', width: 95 },
  { field: 'reasonName', headerName: 'Причина', width: 200, ...text },
  {
    field: 'effect',
    headerName: 'Эффект',
    width: 140,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 },
    valueFormatter: (p) => formatMoney(p.value as number),
  },
  { field: 'signalsCount', headerName: 'Сигналов', width: 100, type: 'rightAligned' },
  { field: 'evidenceCount', headerName: 'Файлов', width: 90, type: 'rightAligned' },
  { field: 'grantedByName', headerName: 'Оформил', width: 170, ...text },
  { field: 'grantedAt', headerName: 'Когда', width: 165, valueFormatter: (p) => formatDateTime(p.value as string) },
  { field: 'confirmedByName', headerName: 'Подтвердил', width: 170, ...text },
  { field: 'comment', headerName: 'Комментарий', flex: 1, minWidth: 200, ...text },
];
