import type { ColDef } from 'ag-grid-community';
import { observer } from 'mobx-react-lite';
import { useCallback, useMemo, useState } from 'react';
import type { CommandOutput } from '../../core/api';
import type { GridRequest } from '../../core/grid/request';
import { formatDateTime } from '../format';
import { FILTER_OPTIONS } from '../grid/agFilterModel';
import { GridCount } from '../grid/GridCount';
import { ServerGrid } from '../grid/ServerGrid';
import { useStore } from '../stores/RootStore';

type AuditRow = CommandOutput<'audit.list'>['rows'][number];

function pretty(json: string | null): string {
  if (json === null) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** Журнал: the append-only audit log as a paged grid with server-side sort and filters. */
export const AuditPage = observer(function AuditPage() {
  const { api, ui } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<AuditRow | null>(null);

  const fetchPage = useCallback((req: GridRequest) => api.invoke('audit.list', req), [api]);

  const columns = useMemo<ColDef<AuditRow>[]>(() => {
    const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
    return [
      { field: 'id', headerName: t('audit.col.id'), width: 90, filter: 'agNumberColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 } },
      {
        field: 'at',
        headerName: t('audit.col.at'),
        width: 180,
        valueFormatter: (p) => formatDateTime(p.value),
        filter: 'agDateColumnFilter',
        filterParams: { filterOptions: FILTER_OPTIONS.date, maxNumConditions: 1 },
      },
      { field: 'userLogin', headerName: t('audit.col.user'), width: 150, ...text },
      { field: 'command', headerName: t('audit.col.command'), width: 200, ...text },
      { field: 'entity', headerName: t('audit.col.entity'), width: 130, ...text },
      { field: 'entityId', headerName: t('audit.col.entityId'), width: 130, ...text },
      { field: 'after', headerName: t('audit.col.change'), flex: 1, minWidth: 200, sortable: false },
    ];
  }, [t]);

  return (
    <div className="page page-grid">
      <div className="toolbar">
        <p className="hint">{t('audit.hint')}</p>
        <input
          className="search"
          type="search"
          placeholder={t('common.search')}
          aria-label={t('common.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <GridCount label={t('audit.total')} total={total} testId="audit-total" />
      </div>
      <div className="split">
        <ServerGrid<AuditRow>
          testId="audit-grid"
          columns={columns}
          fetchPage={fetchPage}
          search={search}
          onTotal={setTotal}
          onRowClicked={setSelected}
          emptyText={t('audit.empty')}
        />
        {selected && (
          <aside className="detail" aria-label={t('audit.detail.title')}>
            <div className="detail-head">
              <h2>
                {t('audit.detail.title')} №{selected.id}
              </h2>
              <button className="btn btn-link" onClick={() => setSelected(null)}>
                {t('common.close')}
              </button>
            </div>
            <dl>
              <dt>{t('audit.col.at')}</dt>
              <dd>{formatDateTime(selected.at)}</dd>
              <dt>{t('audit.col.user')}</dt>
              <dd>{selected.userLogin ?? '—'}</dd>
              <dt>{t('audit.col.command')}</dt>
              <dd>{selected.command}</dd>
              <dt>{t('audit.col.entity')}</dt>
              <dd>
                {selected.entity ?? '—'} {selected.entityId ?? ''}
              </dd>
            </dl>
            <h3>{t('audit.detail.before')}</h3>
            <pre>{pretty(selected.before)}</pre>
            <h3>{t('audit.detail.after')}</h3>
            <pre>{pretty(selected.after)}</pre>
          </aside>
        )}
      </div>
    </div>
  );
});
