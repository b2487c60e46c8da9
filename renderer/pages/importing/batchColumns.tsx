import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { CommandOutput } from '../../../core/api';
import { formatDateTime } from '../../format';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';
import type { MessageKey } from '../../i18n/messages';

export type BatchRow = CommandOutput<'signals.batches'>['rows'][number];

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
const numberFilter = { filter: 'agNumberColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 } };
// Counts are sorted, not filtered: without the filter icon the headers fit narrow columns and all of them show.
const num = {
  type: 'rightAligned',
  width: 100,
  valueFormatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toLocaleString('ru-RU') : ''),
};

/** Columns of the signals import journal; the last one offers a rollback of a committed batch. */
export function batchColumns(
  t: (key: MessageKey) => string,
  rollback: ((row: BatchRow) => void) | null,
): ColDef<BatchRow>[] {
  return [
    { field: 'id', headerName: t('imp.batches.col.id'), width: 72, ...numberFilter },
    {
      field: 'createdAt',
      headerName: t('imp.batches.col.at'),
      width: 165,
      valueFormatter: (p) => formatDateTime(p.value),
      filter: 'agDateColumnFilter',
      filterParams: { filterOptions: FILTER_OPTIONS.date, maxNumConditions: 1 },
    },
    { field: 'fileName', headerName: t('imp.batches.col.file'), flex: 1, minWidth: 180, tooltipField: 'fileName', ...text },
    { field: 'userLogin', headerName: t('imp.batches.col.user'), width: 120, ...text },
    {
      field: 'status',
      headerName: t('imp.batches.col.status'),
      width: 105,
      valueFormatter: (p) => (p.value ? t(`imp.batches.status.${p.value as BatchRow['status']}`) : ''),
      cellClass: (p) => `imp-status imp-status-${p.value}`,
      filter: false,
    },
    { field: 'rowsRead', headerName: t('imp.batches.col.read'), ...num },
    { field: 'rowsAdded', headerName: t('imp.batches.col.added'), ...num },
    { field: 'rowsDuplicate', headerName: t('imp.batches.col.duplicates'), ...num },
    { field: 'rowsRejected', headerName: t('imp.batches.col.rejected'), ...num },
    {
      field: 'sha256',
      headerName: t('imp.batches.col.sha'),
      width: 120,
      // The first 12 hex digits tell two files apart at a glance; the whole hash is in the tooltip.
      valueFormatter: (p) => (typeof p.value === 'string' ? p.value.slice(0, 12) : ''),
      tooltipField: 'sha256',
      cellClass: 'imp-mono',
      ...text,
    },
    {
      colId: 'actions',
      headerName: '',
      width: 110,
      // Pinned, so the action stays in reach however narrow the window and however the columns scroll.
      pinned: 'right',
      sortable: false,
      filter: false,
      resizable: false,
      cellRenderer: (p: ICellRendererParams<BatchRow>) =>
        rollback && p.data?.status === 'committed' ? (
          <button className="btn imp-btn-rollback" onClick={() => rollback(p.data!)}>
            {t('imp.batches.rollback')}
          </button>
        ) : null,
    },
  ];
}
