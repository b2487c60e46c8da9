import { observer } from 'mobx-react-lite';
import { useCallback, useState } from 'react';
import type { CommandInput } from '../../../core/api';
import type { GridRequest } from '../../../core/grid/request';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { CounterpartiesTab } from '../masterdata/CounterpartiesTab';
import { OutletsTab } from '../masterdata/OutletsTab';
import { BulkChangeDialog } from './BulkChangeDialog';
import { CONTRACT_COLUMNS, type ContractRow } from './columns';
import { ContractCard } from './ContractCard';
import { NewContractForm } from './NewContractForm';

type Preset = NonNullable<CommandInput<'contracts.list'>['preset']>;
const PRESETS: { key: Preset | 'all'; label: string }[] = [
  { key: 'all', label: 'Все' },
  { key: 'mineOnApproval', label: 'Мои на согласовании' },
  { key: 'expiring30', label: 'Истекают в 30 дней' },
];

/** Договоры: the contracts grid with saved filters and the card beside it; counterparties and outlets as tabs. */
export const ContractsPage = observer(function ContractsPage() {
  const [tab, setTab] = useState<'contracts' | 'counterparties' | 'outlets'>('contracts');
  return (
    <div className="page">
      <div className="tabs" role="tablist">
        {(
          [
            ['contracts', 'Договоры'],
            ['counterparties', 'Контрагенты'],
            ['outlets', 'Торговые точки'],
          ] as const
        ).map(([k, label]) => (
          <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'contracts' && <ContractsTab />}
      {tab === 'counterparties' && <CounterpartiesTab />}
      {tab === 'outlets' && <OutletsTab />}
    </div>
  );
});

const ContractsTab = observer(function ContractsTab() {
  const { api, session } = useStore();
  const [preset, setPreset] = useState<Preset | 'all'>('all');
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  // The new-contract form takes the card's place; a bulk change reloads the open card (its terms got a new version).
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [cardReload, setCardReload] = useState(0);

  const fetchPage = useCallback(
    (req: GridRequest) => api.invoke('contracts.list', { ...req, ...(preset === 'all' ? {} : { preset }) }),
    [api, preset],
  );

  return (
    <div className="page-grid">
      <div className="toolbar nc-toolbar">
        <div className="segmented" role="group" aria-label="Сохранённые фильтры">
          {PRESETS.map((p) => (
            <button key={p.key} className={preset === p.key ? 'seg active' : 'seg'} aria-pressed={preset === p.key} onClick={() => setPreset(p.key)}>
              {p.label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <input
          className="search"
          type="search"
          placeholder="Номер, ИНН или код точки…"
          aria-label="Поиск договоров"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {total !== null && (
          <span className="count" data-testid="contracts-total">
            Договоров: {total.toLocaleString('ru-RU')}
          </span>
        )}
        {session.can('contracts.bulkChange') && (
          <button className="btn nc-nowrap" onClick={() => setBulk(true)}>
            Массовое изменение…
          </button>
        )}
        {session.can('contracts.write') && (
          <button className="btn btn-primary nc-nowrap" onClick={() => (setSelected(null), setCreating(true))}>
            Новый договор
          </button>
        )}
      </div>
      <div className="split">
        <ServerGrid<ContractRow>
          testId="contracts-grid"
          columns={CONTRACT_COLUMNS}
          fetchPage={fetchPage}
          search={search}
          onTotal={setTotal}
          refreshKey={refresh}
          getRowId={(r) => String(r.id)}
          onRowClicked={(r) => (setCreating(false), setSelected(r.id))}
          emptyText="Договоров не найдено. Измените фильтр или загрузите договоры в разделе «Импорт»."
        />
        {selected !== null && (
          <aside className="detail detail-wide">
            <ContractCard contractId={selected} onClose={() => setSelected(null)} onChanged={() => setRefresh((n) => n + 1)} reloadKey={cardReload} />
          </aside>
        )}
        {creating && (
          <aside className="detail detail-wide">
            <NewContractForm
              onCreated={(id) => (setCreating(false), setSelected(id), setRefresh((n) => n + 1))}
              onCancel={() => setCreating(false)}
            />
          </aside>
        )}
      </div>
      {bulk && (
        <BulkChangeDialog onClose={() => setBulk(false)} onApplied={() => (setRefresh((n) => n + 1), setCardReload((n) => n + 1))} />
      )}
    </div>
  );
});
