import { observer } from 'mobx-react-lite';
import { useCallback, useMemo, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { ServerGrid } from '../../grid/ServerGrid';
import { GridCount } from '../../grid/GridCount';
import { useStore } from '../../stores/RootStore';
import { GrantDialog, type AmnestyTarget } from '../amnesty/GrantDialog';
import { areaFromHash, hashParams, type AreaFilter } from '../dashboard/drill';
import { MONTH_COLUMNS, SIGNAL_COLUMNS, type MonthRow, type SignalRow } from './columns';
import { ExplainPanel } from './ExplainPanel';

function previousMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Сигналы и штрафы: contract-months with their penalties (drill-down to the explanation) and the signals behind them. */
export const SignalsPage = observer(function SignalsPage() {
  const { api, session } = useStore();
  const canGrant = session.can('amnesty.grant');
  // A dashboard drill-through opens the page with tab, month and area in the hash (#/signals?tab=months&month=…&fd=…).
  const initial = useMemo(() => hashParams(), []);
  const [tab, setTab] = useState<'months' | 'signals'>(initial.get('tab') === 'signals' ? 'signals' : 'months');
  const [month, setMonth] = useState(initial.get('month') ?? previousMonth());
  const [area, setArea] = useState<AreaFilter>(() => areaFromHash(initial));
  const narrowed = !!(area.federalDistrict || area.regionCode);
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [open, setOpen] = useState<MonthRow | null>(null);
  const [selected, setSelected] = useState<SignalRow[]>([]);
  const [amnesty, setAmnesty] = useState<AmnestyTarget | null>(null);
  // Bumped after a grant: grids and the explanation reload, and the signals grid remounts so its selection clears.
  const [refresh, setRefresh] = useState(0);

  const fetchMonths = useCallback(
    (req: GridRequest) =>
      narrowed
        ? api.invoke('dashboard.contractMonths', { ...req, ...area, ...(month ? { month } : {}) })
        : api.invoke('penalties.contractMonths', { ...req, ...(month ? { month } : {}) }),
    [api, month, area, narrowed],
  );
  const fetchSignals = useCallback(
    (req: GridRequest) =>
      narrowed
        ? api.invoke('dashboard.signals', { ...req, ...area, ...(month ? { month } : {}) })
        : api.invoke('signals.list', { ...req, ...(month ? { month } : {}) }),
    [api, month, area, narrowed],
  );

  return (
    <div className="page">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'months'} className={tab === 'months' ? 'tab active' : 'tab'} onClick={() => (setTab('months'), setSelected([]))}>
          Штрафы по договорам
        </button>
        <button role="tab" aria-selected={tab === 'signals'} className={tab === 'signals' ? 'tab active' : 'tab'} onClick={() => (setTab('signals'), setSelected([]))}>
          Сигналы
        </button>
      </div>
      <div className="toolbar">
        <label className="inline-form">
          Месяц <input type="month" value={month} onChange={(e) => (setMonth(e.target.value), setSelected([]))} aria-label="Месяц" />
        </label>
        {narrowed && (
          <button className="btn" data-testid="area-chip" title="Показать все регионы" onClick={() => (setArea({}), setSelected([]))}>
            {area.regionCode ? `Регион ${area.regionCode}` : area.federalDistrict} ✕
          </button>
        )}
        <span className="spacer" />
        <input
          className="search"
          type="search"
          placeholder={tab === 'months' ? 'Договор, контрагент, ИНН…' : 'Визит, точка, SKU, договор…'}
          aria-label="Поиск"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {tab === 'signals' && canGrant && selected.length > 0 && (
          <button className="btn btn-primary" onClick={() => setAmnesty({ signalIds: selected.map((r) => r.id) })}>
            Амнистировать выбранные ({selected.length})…
          </button>
        )}
        <GridCount label="Строк" total={total} testId="signals-total" />
      </div>
      <div className="split">
        {tab === 'months' ? (
          <ServerGrid<MonthRow>
            key={`m-${month}-${area.federalDistrict ?? ''}-${area.regionCode ?? ''}`}
            testId="months-grid"
            columns={MONTH_COLUMNS}
            fetchPage={fetchMonths}
            search={search}
            onTotal={setTotal}
            refreshKey={refresh}
            getRowId={(r) => `${r.contractId}-${r.month}`}
            onRowClicked={setOpen}
            emptyText="За этот месяц нет начислений. Выберите другой месяц или загрузите визиты в разделе «Импорт»."
          />
        ) : (
          <ServerGrid<SignalRow>
            key={`s-${month}-${refresh}-${area.federalDistrict ?? ''}-${area.regionCode ?? ''}`}
            testId="signals-grid"
            columns={SIGNAL_COLUMNS}
            fetchPage={fetchSignals}
            search={search}
            onTotal={setTotal}
            getRowId={(r) => String(r.id)}
            onSelectionChanged={canGrant ? setSelected : undefined}
            rowClassRules={{ 'amn-row-amnestied': (p) => !!p.data?.amnestyId }}
            emptyText="Сигналов за этот месяц нет."
          />
        )}
        {tab === 'months' && open && (
          <aside className="detail detail-wide">
            <ExplainPanel
              contractId={open.contractId}
              month={open.month}
              onClose={() => setOpen(null)}
              reloadKey={refresh}
              onAmnesty={canGrant ? () => setAmnesty({ contractId: open.contractId, month: open.month }) : undefined}
            />
          </aside>
        )}
      </div>
      {amnesty && (
        <GrantDialog
          target={amnesty}
          onClose={() => setAmnesty(null)}
          onGranted={() => {
            setSelected([]);
            setRefresh((n) => n + 1);
          }}
        />
      )}
    </div>
  );
});
