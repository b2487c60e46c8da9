import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import type { GridRequest } from '../../../core/grid/request';
import { formatDateTime } from '../../format';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { TimelineLink } from '../dashboard/TimelineLink';
import { CardHead } from './CardHead';
import { ToolbarActions } from './ToolbarActions';
import { counterpartyColumns, type CounterpartyRow } from './columns';
import { CounterpartyForm, type Counterparty } from './CounterpartyForm';
import { COUNTERPARTY_TYPES, typeKey, VAT_MODES, vatKey } from './labels';
import { useEscape } from './useEscape';

type Card = CommandOutput<'counterparties.get'>;
/** What the right-hand panel shows: nothing, a card, its edit form, or the new-counterparty form. */
type Panel = { mode: 'view'; id: number } | { mode: 'edit'; id: number } | { mode: 'new' } | null;

/** Договоры → Контрагенты: the counterparties grid (filtered in the core), a card on row click, and the forms. */
export const CounterpartiesTab = observer(function CounterpartiesTab() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [vat, setVat] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [filtered, setFiltered] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [refresh, setRefresh] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const canWrite = session.can('counterparties.write');

  const fetchPage = useCallback(
    (req: GridRequest) => {
      // Type and VAT mode are codes in the core, so they are chosen from lists and sent as exact-match filters.
      const filters = { ...req.filters };
      if (type) filters.type = { type: 'set', values: [type] };
      if (vat) filters.vatMode = { type: 'set', values: [vat] };
      setFiltered(Object.keys(filters).length > 0 || !!req.search);
      return api.invoke('counterparties.list', { ...req, filters });
    },
    [api, type, vat],
  );
  const columns = useMemo(
    () => counterpartyColumns(t),
    // t keeps its identity across a language switch, so the locale is a dependency of its own.
    [t, ui.locale],
  );

  const close = useCallback(() => {
    setPanel((p) => (p?.mode === 'edit' ? { mode: 'view', id: p.id } : null));
    setSaved(null);
  }, []);
  useEscape(panel !== null, close);

  const onSaved = (c: Counterparty) => {
    setSaved(t('md.cp.saved'));
    setPanel({ mode: 'view', id: c.id });
    setRefresh((n) => n + 1);
  };

  return (
    <div className="page-grid md-tab">
      <div className="toolbar">
        <input
          className="search"
          type="search"
          placeholder={t('md.cp.search')}
          aria-label={t('md.cp.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label className="md-inline">
          {t('md.cp.f.type')}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('md.all')}</option>
            {COUNTERPARTY_TYPES.map((c) => (
              <option key={c} value={c}>
                {t(typeKey(c)!)}
              </option>
            ))}
          </select>
        </label>
        <label className="md-inline">
          {t('md.cp.f.vatMode')}
          <select value={vat} onChange={(e) => setVat(e.target.value)}>
            <option value="">{t('md.all')}</option>
            {VAT_MODES.map((m) => (
              <option key={m} value={m}>
                {t(vatKey(m)!)}
              </option>
            ))}
          </select>
        </label>
        <ToolbarActions
          total={total}
          countTestId="counterparties-total"
          newLabel={t('md.cp.new')}
          canWrite={canWrite}
          onNew={() => {
            setSaved(null);
            setPanel({ mode: 'new' });
          }}
        />
      </div>
      <div className="split">
        <ServerGrid<CounterpartyRow>
          testId="counterparties-grid"
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
          emptyText={filtered ? t('md.notFound') : t('md.cp.empty')}
        />
        {panel && (
          <aside className="detail md-card" aria-label={t('md.cp.card')} data-testid="counterparty-card">
            {panel.mode === 'new' ? (
              <>
                <CardHead title={t('md.cp.new')} onClose={close} />
                <CounterpartyForm counterparty={null} onSaved={onSaved} onCancel={close} />
              </>
            ) : (
              <CounterpartyPanel
                key={panel.id}
                id={panel.id}
                editing={panel.mode === 'edit'}
                reloadKey={refresh}
                saved={saved}
                canWrite={canWrite}
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

const CounterpartyPanel = observer(function CounterpartyPanel(props: {
  id: number;
  editing: boolean;
  reloadKey: number;
  saved: string | null;
  canWrite: boolean;
  onEdit: () => void;
  onSaved: (c: Counterparty) => void;
  onCancelEdit: () => void;
  onClose: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { id, reloadKey } = props;

  useEffect(() => {
    let live = true;
    api.invoke('counterparties.get', { id }).then(
      (c) => live && (setCard(c), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, id, reloadKey]);

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!card) return <div className="muted">{t('common.loading')}</div>;
  const typeName = typeKey(card.type);
  const vatName = vatKey(card.vatMode);

  if (props.editing) {
    return (
      <>
        <CardHead title={t('md.edit')} sub={card.name} onClose={props.onCancelEdit} />
        <CounterpartyForm counterparty={card} onSaved={props.onSaved} onCancel={props.onCancelEdit} />
      </>
    );
  }

  const rows: [string, string | null][] = [
    [t('md.cp.f.inn'), card.inn],
    [t('md.cp.f.kpp'), card.kpp],
    [t('md.cp.f.ogrn'), card.ogrn],
    [t('md.cp.f.vatMode'), vatName ? t(vatName) : card.vatMode],
    [t('md.cp.f.bik'), card.bik],
    [t('md.cp.f.bankName'), card.bankName],
    [t('md.cp.f.account'), card.account],
    [t('md.cp.f.corrAccount'), card.corrAccount],
    [t('md.cp.f.address'), card.address],
    [t('md.cp.f.edoId'), card.edoId],
  ];
  return (
    <div className="md-view">
      <CardHead title={card.name} sub={`${typeName ? t(typeName) : card.type} · ${t('md.cp.f.inn')} ${card.inn}`} onClose={props.onClose}>
        <TimelineLink kind="counterparty" id={card.id} />
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
      <div className="muted md-updated">
        {t('md.updatedAt')}: {formatDateTime(card.updatedAt)}
      </div>
      {!props.canWrite && <p className="muted">{t('md.readOnly')}</p>}
      <h3 className="md-section">
        {t('md.cp.outlets')} <span className="muted">· {card.outlets.length}</span>
      </h3>
      {card.outlets.length === 0 ? (
        <p className="muted">{t('md.cp.noOutlets')}</p>
      ) : (
        <table className="mini-table">
          <thead>
            <tr>
              <th>{t('md.ol.f.code')}</th>
              <th>{t('md.ol.f.name')}</th>
              <th>{t('md.ol.f.region')}</th>
            </tr>
          </thead>
          <tbody>
            {card.outlets.map((o) => (
              <tr key={o.id}>
                <td className="md-mono">{o.code}</td>
                <td>{o.name}</td>
                <td>
                  {o.regionName} <span className="muted">({o.federalDistrict})</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});
