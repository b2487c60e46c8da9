import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { useStore } from '../../stores/RootStore';
import { CardHead } from './CardHead';
import { outletColumns, type OutletRow } from './columns';
import { OutletForm, type Outlet, type RegionOption } from './OutletForm';
import { RecordsLayout } from './RecordsLayout';
import { RecordView, useRecord } from './RecordView';
import { useCardPanel, type RecordPanelProps } from './useCardPanel';

/** Договоры → Торговые точки: the outlets in the user's scope (paged in the core), a card on row click, the forms. */
export const OutletsTab = observer(function OutletsTab() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [filtered, setFiltered] = useState(false);
  const [regions, setRegions] = useState<RegionOption[] | null>(null);
  const [regionsError, setRegionsError] = useState<string | null>(null);
  const canWrite = session.can('outlets.write');
  const card = useCardPanel(t('md.ol.saved'), canWrite);
  const { panel } = card;
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

  return (
    <RecordsLayout<OutletRow>
      filters={
        <>
          <input
            className="search md-search-wide"
            type="search"
            placeholder={t('md.ol.search')}
            aria-label={t('md.ol.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </>
      }
      actions={{ countTestId: 'outlets-total', newLabel: t('md.ol.new'), canWrite, onNew: () => card.show({ mode: 'new' }) }}
      grid={{
        testId: 'outlets-grid',
        columns,
        fetchPage,
        search,
        refreshKey: card.refresh,
        emptyText: filtered ? t('md.notFound') : t('md.ol.empty'),
      }}
      onOpen={(id) => card.show({ mode: 'view', id })}
      card={
        panel && {
          label: t('md.ol.card'),
          testId: 'outlet-card',
          content: (
            <>
              {regionsError && editing && <div className="banner banner-error">{regionsError}</div>}
              {panel.mode === 'new' ? (
                <>
                  <CardHead title={t('md.ol.new')} onClose={card.close} />
                  <OutletForm outlet={null} regions={regions} onSaved={card.onSaved} onCancel={card.close} />
                </>
              ) : (
                <OutletPanel key={panel.id} {...card.recordProps(panel.id)} regions={regions} />
              )}
            </>
          ),
        }
      }
    />
  );
});

const OutletPanel = observer(function OutletPanel(props: RecordPanelProps<Outlet> & { regions: RegionOption[] | null }) {
  const { ui } = useStore();
  const t = ui.t;
  const { record: outlet, error } = useRecord('outlets.get', props.id, props.reloadKey);

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
    <RecordView
      title={outlet.name}
      sub={`${t('md.ol.f.code')} ${outlet.code}`}
      timeline={{ kind: 'outlet', id: outlet.id }}
      canWrite={props.canWrite}
      saved={props.saved}
      rows={rows}
      onEdit={props.onEdit}
      onClose={props.onClose}
    />
  );
});
