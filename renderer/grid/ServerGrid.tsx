import type { ColDef, GridApi, GridReadyEvent, IDatasource, RowClassRules, RowClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridPage, GridRequest } from '../../core/grid/request';
import { useChanged } from '../api/events';
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_RU } from '../i18n/agGridRu';
import { useStore } from '../stores/RootStore';
import { toGridRequest } from './agFilterModel';
import { gridTheme } from './setup';

export interface ServerGridProps<R> {
  columns: ColDef<R>[];
  /** Fetches one page; the grid passes sort, filters and the window. */
  fetchPage: (req: GridRequest) => Promise<GridPage<R>>;
  search?: string;
  pageSize?: number;
  onRowClicked?: (row: R) => void;
  onTotal?: (total: number) => void;
  emptyText: string;
  testId?: string;
  /** Changing it reloads the current pages (after an action changed the data). */
  refreshKey?: number;
  /** Checkbox selection of several rows (for bulk actions). */
  onSelectionChanged?: (rows: R[]) => void;
  rowClassRules?: RowClassRules<R>;
  getRowId?: (row: R) => string;
  /** Domains (e.g. ['approvals']) whose `changed` events re-fetch the grid, so other users' changes show live. */
  refreshOn?: readonly string[];
  /** Rows pinned under the grid (e.g. totals of the whole filtered set, from the core). */
  pinnedBottomRowData?: Partial<R>[];
}

/** A paged grid whose sorting and filtering happen in the core, never on a full table in the browser. */
function ServerGridInner<R>(props: ServerGridProps<R>) {
  const { ui } = useStore();
  const apiRef = useRef<GridApi<R> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { fetchPage, onTotal, search, pageSize = 50 } = props;
  const searchRef = useRef(search);
  searchRef.current = search;

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (p) => {
        const req = toGridRequest(p.startRow, p.endRow, p.sortModel, p.filterModel, searchRef.current);
        fetchPage(req).then(
          (page) => {
            setError(null);
            onTotal?.(page.total);
            p.successCallback(page.rows, page.total);
            if (page.total === 0) apiRef.current?.showNoRowsOverlay();
            else apiRef.current?.hideOverlay();
          },
          (e: unknown) => {
            setError(e instanceof Error ? e.message : String(e));
            p.failCallback();
          },
        );
      },
    }),
    [fetchPage, onTotal],
  );

  useEffect(() => {
    apiRef.current?.purgeInfiniteCache();
  }, [search, props.refreshKey]);

  // Re-fetches the loaded pages in place: rows stay on screen until the fresh ones arrive, no flicker.
  useChanged(props.refreshOn, () => apiRef.current?.refreshInfiniteCache());

  const onGridReady = useCallback((e: GridReadyEvent<R>) => {
    apiRef.current = e.api;
  }, []);

  const defaultColDef = useMemo<ColDef<R>>(
    () => ({ sortable: true, resizable: true, filterParams: { maxNumConditions: 1, buttons: ['reset'] } }),
    [],
  );

  return (
    <div className="grid-wrap" data-testid={props.testId}>
      {error && <div className="banner banner-error">{error}</div>}
      <div className="grid-host">
        <AgGridReact<R>
          key={ui.locale}
          theme={gridTheme}
          localeText={ui.locale === 'ru' ? AG_GRID_LOCALE_RU : AG_GRID_LOCALE_EN}
          columnDefs={props.columns}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={pageSize}
          pagination
          paginationPageSize={pageSize}
          paginationPageSizeSelector={[25, 50, 100, 200]}
          maxConcurrentDatasourceRequests={2}
          animateRows={false}
          overlayNoRowsTemplate={`<span class="grid-empty">${props.emptyText}</span>`}
          onGridReady={onGridReady}
          onRowClicked={(e: RowClickedEvent<R>) => e.data && props.onRowClicked?.(e.data)}
          rowClassRules={props.rowClassRules}
          getRowId={props.getRowId ? (p) => props.getRowId!(p.data) : undefined}
          pinnedBottomRowData={props.pinnedBottomRowData as R[] | undefined}
          rowSelection={props.onSelectionChanged ? { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } : undefined}
          onSelectionChanged={(e) => props.onSelectionChanged?.(e.api.getSelectedRows())}
        />
      </div>
    </div>
  );
}

export const ServerGrid = observer(ServerGridInner) as typeof ServerGridInner;
