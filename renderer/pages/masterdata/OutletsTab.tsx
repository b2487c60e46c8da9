import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { TimelineLink } from '../dashboard/TimelineLink';
import { CardHead } from './CardHead';
import { ToolbarActions } from './ToolbarActions';
import { outletColumns, type OutletRow } from './columns';
import { OutletForm, type Outlet, type RegionOption } from './OutletForm';
import { useEscape } from './useEscape';

type Panel = { mode: 'view'; id: number } | { mode: 'edit'; id: number } | { mode: 'new' } | null;

/** Договоры → Торговые точки: the outlets in the user's scope (paged in the core), a card on row click, the forms. */
export const OutletsTab = observer(function OutletsTab() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [filtered, setFiltered] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [refresh, setRefresh] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const [regions, setRegions] = useState<RegionOption[] | null>(null);
  const [regionsError, setRegionsError] = useState<string | null>(null);
  const canWrite = session.can('outlets.write');
  const editing = panel?.mode === 'new' || panel?.mode === 'edit';

  const fetchPage = useCallback(
    (req: GridRequest) => {
      setFiltered(Object.keys(req.filters ?? {}).length > 0 || !!req.search);
      return api.invoke('outlets.list', req);
    },
    [api],
  );
  const columns = useMemo(
    () => outletColumns(t),
    // t keeps its identity across a language switch, so the locale is a dependency of its own.
    [t, ui.locale],
  );

  // The region list (85 subjects) is loaded once, when a form first needs it.
  useEffect(() => {
    if (!editing || regions) return;
    Promise.all([api.invoke('reference.list', { kind: 'regions' }), api.invoke('reference.list', { kind: 'federalDistricts' })]).then(
      ([rs, ds]) => {
        const districtName = new Map(ds.map((d) => [String(d.code), String(d.name)]));
        setRegions(
          rs.map((r) => ({
            code: String(r.code),
            name: String(r.name),
            federalDistrict: String(r.federalDistrict),
            districtName: districtName.get(String(r.federalDistrict)) ?? null,
          })),
        );
      },
      (e: Error) => setRegionsError(e.message),
    );
  }, [api, editing, regions]);

  const close = useCallback(() => {
    setPanel((p) => (p?.mode === 'edit' ? { mode: 'view', id: p.id } : null));
    setSaved(null);
  }, []);
  useEscape(panel !== null, close);

  const onSaved = (o: Outlet) => {
    setSaved(t('md.ol.saved'));
    setPanel({ mode: 'view', id: o.id });
    setRefresh((n) => n + 1);
  };

  return (
    <div className="page-grid md-tab">
      <div className="toolbar">
        <input
          className="search md-search-wide"
          type="search"
          placeholder={t('md.ol.search')}
          aria-label={t('md.ol.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <ToolbarActions
          total={total}
          countTestId="outlets-total"
          newLabel={t('md.ol.new')}
          canWrite={canWrite}
          onNew={() => {
            setSaved(null);
            setPanel({ mode: 'new' });
          }}
        />
      </div>
      <div className="split">
        <ServerGrid<OutletRow>
          testId="outlets-grid"
          columns={columns}
          fetchPage={fetchPage}
          search={search}
          onTotal={setTotal}
          refreshKey={refresh}
          getRowId={(r) => String(r.id)}
          onRowClicked={(r) => {
            setSaved(null);
            setPanel({ mode: 'view', id: r.id });
          }}
          emptyText={filtered ? t('md.notFound') : t('md.ol.empty')}
        />
        {panel && (
          <aside className="detail md-card" aria-label={t('md.ol.card')} data-testid="outlet-card">
            {regionsError && editing && <div className="banner banner-error">{regionsError}</div>}
            {panel.mode === 'new' ? (
              <>
                <CardHead title={t('md.ol.new')} onClose={close} />
                <OutletForm outlet={null} regions={regions} onSaved={onSaved} onCancel={close} />
              </>
            ) : (
              <OutletPanel
                key={panel.id}
                id={panel.id}
                editing={panel.mode === 'edit'}
                reloadKey={refresh}
                saved={saved}
                canWrite={canWrite}
                regions={regions}
                onEdit={() => {
                  setSaved(null);
                  setPanel({ mode: 'edit', id: panel.id });
                }}
                onSaved={onSaved}
                onCancelEdit={() => setPanel({ mode: 'view', id: panel.id })}
                onClose={() => {
                  setSaved(null);
                  setPanel(null);
                }}
              />
            )}
          </aside>
        )}
      </div>
    </div>
  );
});

const OutletPanel = observer(function OutletPanel(props: {
  id: number;
  editing: boolean;
  reloadKey: number;
  saved: string | null;
  canWrite: boolean;
  regions: RegionOption[] | null;
  onEdit: () => void;
  onSaved: (o: Outlet) => void;
  onCancelEdit: () => void;
  onClose: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const [outlet, setOutlet] = useState<Outlet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { id, reloadKey } = props;

  useEffect(() => {
    let live = true;
    api.invoke('outlets.get', { id }).then(
      (o) => live && (setOutlet(o), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id, reloadKey]);

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!outlet) return <div className="muted">{t('common.loading')}</div>;

  if (props.editing) {
    return (
      <>
        <CardHead title={t('md.edit')} sub={`${outlet.code} · ${outlet.name}`} onClose={props.onCancelEdit} />
        <OutletForm outlet={outlet} regions={props.regions} onSaved={props.onSaved} onCancel={props.onCancelEdit} />
      </>
    );
  }

  const rows: [string, string | null][] = [
    [t('md.ol.f.address'), outlet.address],
    [t('md.ol.f.region'), outlet.regionName],
    [t('md.ol.f.districtLong'), outlet.federalDistrict],
    [t('md.ol.f.channel'), outlet.channel],
    [t('md.ol.f.counterparty'), outlet.counterpartyName],
    [t('md.ol.f.counterpartyInn'), outlet.counterpartyInn],
    [t('md.ol.f.repCode'), outlet.repCode],
    [t('md.ol.f.manager'), outlet.managerName ? `${outlet.managerName} (${outlet.managerLogin})` : null],
  ];
  return (
    <div className="md-view">
      <CardHead title={outlet.name} sub={`${t('md.ol.f.code')} ${outlet.code}`} onClose={props.onClose}>
        <TimelineLink kind="outlet" id={outlet.id} />
        {props.canWrite && (
          <button className="btn btn-primary" onClick={props.onEdit} autoFocus>
            {t('md.edit')}
          </button>
        )}
      </CardHead>
      {props.saved && (
        <div className="banner banner-ok" role="status">
          {props.saved}
        </div>
      )}
      <dl className="md-kv">
        {rows.map(([label, value]) => (
          <div key={label} className="md-kv-row">
            <dt>{label}</dt>
            <dd className={value ? undefined : 'muted'}>{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
      {!props.canWrite && <p className="muted">{t('md.readOnly')}</p>}
    </div>
  );
});
