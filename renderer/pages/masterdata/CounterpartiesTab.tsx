import { observer } from 'mobx-react-lite';
import { useCallback, useMemo, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { formatDateTime } from '../../format';
import { useStore } from '../../stores/RootStore';
import { CardHead } from './CardHead';
import { counterpartyColumns, type CounterpartyRow } from './columns';
import { CounterpartyForm, type Counterparty } from './CounterpartyForm';
import { COUNTERPARTY_TYPES, typeKey, VAT_MODES, vatKey } from './labels';
import { RecordsLayout } from './RecordsLayout';
import { RecordView, useRecord } from './RecordView';
import { useCardPanel, type RecordPanelProps } from './useCardPanel';

/** Договоры → Контрагенты: the counterparties grid (filtered in the core), a card on row click, and the forms. */
export const CounterpartiesTab = observer(function CounterpartiesTab() {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [vat, setVat] = useState('');
  const [filtered, setFiltered] = useState(false);
  const canWrite = session.can('counterparties.write');
  const card = useCardPanel(t('md.cp.saved'), canWrite);
  const { panel } = card;

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

  return (
    <RecordsLayout<CounterpartyRow>
      filters={
        <>
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
        </>
      }
      actions={{ countTestId: 'counterparties-total', newLabel: t('md.cp.new'), canWrite, onNew: () => card.show({ mode: 'new' }) }}
      grid={{
        testId: 'counterparties-grid',
        columns,
        fetchPage,
        search,
        refreshKey: card.refresh,
        emptyText: filtered ? t('md.notFound') : t('md.cp.empty'),
      }}
      onOpen={(id) => card.show({ mode: 'view', id })}
      card={
        panel && {
          label: t('md.cp.card'),
          testId: 'counterparty-card',
          content: (
            <>
              {panel.mode === 'new' ? (
                <>
                  <CardHead title={t('md.cp.new')} onClose={card.close} />
                  <CounterpartyForm counterparty={null} onSaved={card.onSaved} onCancel={card.close} />
                </>
              ) : (
                <CounterpartyPanel key={panel.id} {...card.recordProps(panel.id)} />
              )}
            </>
          ),
        }
      }
    />
  );
});

const CounterpartyPanel = observer(function CounterpartyPanel(props: RecordPanelProps<Counterparty>) {
  const { ui } = useStore();
  const t = ui.t;
  const { record: card, error } = useRecord('counterparties.get', props.id, props.reloadKey);

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
    <RecordView
      title={card.name}
      sub={`${typeName ? t(typeName) : card.type} · ${t('md.cp.f.inn')} ${card.inn}`}
      timeline={{ kind: 'counterparty', id: card.id }}
      canWrite={props.canWrite}
      saved={props.saved}
      rows={rows}
      onEdit={props.onEdit}
      onClose={props.onClose}
      after={
        <div className="muted md-updated">
          {t('md.updatedAt')}: {formatDateTime(card.updatedAt)}
        </div>
      }
    >
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
    </RecordView>
  );
});
