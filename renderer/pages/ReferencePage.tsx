import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { observer } from 'mobx-react-lite';
import { useEffect, useMemo, useState } from 'react';
import type { CommandInput } from '../../core/api';
import { formatRubles } from '../../core/money';
import { AG_GRID_LOCALE_EN, AG_GRID_LOCALE_RU } from '../i18n/agGridRu';
import { gridTheme } from '../grid/setup';
import { useStore } from '../stores/RootStore';
import { isEditableKind, ReferenceEditor } from './admin/ReferenceEditor';

type Kind = CommandInput<'reference.list'>['kind'];
type Row = Record<string, string | number | null>;

const KINDS: Kind[] = [
  'federalDistricts',
  'regions',
  'skus',
  'equipmentTypes',
  'violationTypes',
  'amnestyReasons',
  'contractCategories',
];

const HEADERS: Record<string, string> = {
  code: 'Код',
  name: 'Наименование',
  federalDistrict: 'Федеральный округ',
  brand: 'Бренд',
  isActive: 'Активен',
  minMonthlyFee: 'Мин. платёж в месяц',
  maxMonthlyFee: 'Макс. платёж в месяц',
};

/** Справочники: the reference lists, small enough to load whole and filter in the browser. */
export const ReferencePage = observer(function ReferencePage() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [kind, setKind] = useState<Kind>('regions');
  // Admins edit four of the lists in a side panel.
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const canEdit = session.can('reference.write') && isEditableKind(kind);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [quick, setQuick] = useState('');

  useEffect(() => {
    let live = true;
    setRows(null);
    api.invoke('reference.list', { kind }).then(
      (r) => live && (setRows(r), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, kind]);

  const columns = useMemo<ColDef<Row>[]>(() => {
    const keys = rows?.[0] ? Object.keys(rows[0]).filter((k) => k !== 'id') : ['code', 'name'];
    return keys.map((k) => ({
      field: k,
      headerName: HEADERS[k] ?? k,
      flex: k === 'name' ? 2 : 1,
      filter: true,
      valueFormatter: k.endsWith('Fee')
        ? (p) => (typeof p.value === 'number' ? formatRubles(p.value) : '')
        : k === 'isActive'
          ? (p) => (p.value ? 'да' : 'нет')
          : undefined,
    }));
  }, [rows]);

  return (
    <div className="page page-grid">
      <div className="tabs" role="tablist">
        {KINDS.map((k) => (
          <button key={k} role="tab" aria-selected={k === kind} className={k === kind ? 'tab active' : 'tab'} onClick={() => (setKind(k), setEditing(null), setSaved(null))}>
            {t(`reference.${k}`)}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <input className="search" type="search" placeholder={t('common.search')} value={quick} onChange={(e) => setQuick(e.target.value)} />
        {rows && <span className="count">{rows.length}</span>}
        {canEdit && (
          <button className="btn btn-primary" onClick={() => (setEditing('new'), setSaved(null))}>
            + {t('adm.ref.add')}
          </button>
        )}
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {saved && (
        <div className="banner banner-ok" role="status">
          {saved}
        </div>
      )}
      <div className="split">
      <div className="grid-host">
        <AgGridReact<Row>
          key={`${kind}-${ui.locale}`}
          theme={gridTheme}
          localeText={ui.locale === 'ru' ? AG_GRID_LOCALE_RU : AG_GRID_LOCALE_EN}
          rowData={rows ?? undefined}
          loading={rows === null && !error}
          columnDefs={columns}
          quickFilterText={quick}
          animateRows={false}
          overlayNoRowsTemplate={`<span class="grid-empty">${t('reference.empty')}</span>`}
          onRowClicked={canEdit ? (e) => e.data && (setEditing(e.data), setSaved(null)) : undefined}
          rowClassRules={{ 'adm-row-off': (p) => p.data?.isActive === 0 }}
        />
      </div>
      {canEdit && editing !== null && isEditableKind(kind) && (
        <aside className="detail md-card" aria-label={t('md.edit')}>
          <ReferenceEditor
            key={editing === 'new' ? 'new' : String(editing.code)}
            kind={kind}
            row={editing === 'new' ? null : editing}
            rows={rows ?? []}
            onSaved={(message) => {
              setSaved(message);
              setEditing(null);
              // Refetched in place (not through the effect, which blanks the grid while loading) so rows do not flicker.
              api.invoke('reference.list', { kind }).then(setRows, (e: Error) => setError(e.message));
            }}
            onClose={() => setEditing(null)}
          />
        </aside>
      )}
      </div>
    </div>
  );
});
