import { observer } from 'mobx-react-lite';
import { useCallback, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { ServerGrid } from '../../grid/ServerGrid';
import { GridCount } from '../../grid/GridCount';
import { useStore } from '../../stores/RootStore';
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
  const { api } = useStore();
  const [tab, setTab] = useState<'months' | 'signals'>('months');
  const [month, setMonth] = useState(previousMonth());
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [open, setOpen] = useState<MonthRow | null>(null);

  const fetchMonths = useCallback((req: GridRequest) => api.invoke('penalties.contractMonths', { ...req, ...(month ? { month } : {}) }), [api, month]);
  const fetchSignals = useCallback((req: GridRequest) => api.invoke('signals.list', { ...req, ...(month ? { month } : {}) }), [api, month]);

  return (
    <div className="page">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'months'} className={tab === 'months' ? 'tab active' : 'tab'} onClick={() => setTab('months')}>
          Штрафы по договорам
        </button>
        <button role="tab" aria-selected={tab === 'signals'} className={tab === 'signals' ? 'tab active' : 'tab'} onClick={() => setTab('signals')}>
          Сигналы
        </button>
      </div>
      <div className="toolbar">
        <label className="inline-form">
          Месяц <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-label="Месяц" />
        </label>
        <span className="spacer" />
        <input
          className="search"
          type="search"
          placeholder={tab === 'months' ? 'Договор, контрагент, ИНН…' : 'Визит, точка, SKU, договор…'}
          aria-label="Поиск"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <GridCount label="Строк" total={total} testId="signals-total" />
      </div>
      <div className="split">
        {tab === 'months' ? (
          <ServerGrid<MonthRow>
            key={`m-${month}`}
            testId="months-grid"
            columns={MONTH_COLUMNS}
            fetchPage={fetchMonths}
            search={search}
            onTotal={setTotal}
            getRowId={(r) => `${r.contractId}-${r.month}`}
            onRowClicked={setOpen}
            emptyText="За этот месяц нет начислений. Выберите другой месяц или загрузите визиты в разделе «Импорт»."
          />
        ) : (
          <ServerGrid<SignalRow>
            key={`s-${month}`}
            testId="signals-grid"
            columns={SIGNAL_COLUMNS}
            fetchPage={fetchSignals}
            search={search}
            onTotal={setTotal}
            getRowId={(r) => String(r.id)}
            emptyText="Сигналов за этот месяц нет."
          />
        )}
        {tab === 'months' && open && (
          <aside className="detail detail-wide">
            <ExplainPanel contractId={open.contractId} month={open.month} onClose={() => setOpen(null)} />
          </aside>
        )}
      </div>
    </div>
  );
});
