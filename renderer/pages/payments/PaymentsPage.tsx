import { observer } from 'mobx-react-lite';
import { useState, type ReactNode } from 'react';
import { useStore } from '../../stores/RootStore';
import { BankChangesTab } from './BankChangesTab';
import { BudgetTab } from './BudgetTab';
import { RegistriesTab } from './RegistriesTab';
import './payments.css';

type Tab = 'registries' | 'budget' | 'bank';

/** Выплаты: payment registries, the budget (plan, fact, forecast) and the four-eyes check of bank detail changes. */
export const PaymentsPage = observer(function PaymentsPage() {
  const { session } = useStore();
  const tabs: { id: Tab; label: string; visible: boolean }[] = [
    { id: 'registries', label: 'Реестры', visible: session.can('payments.read') },
    { id: 'budget', label: 'Бюджет', visible: session.can('budget.read') },
    { id: 'bank', label: 'Изменения реквизитов', visible: session.can('payments.read') },
  ];
  const visible = tabs.filter((t) => t.visible);
  const [tab, setTab] = useState<Tab>(visible[0]?.id ?? 'registries');
  // Tabs once opened stay mounted (hidden), so confirming a bank change and coming back keeps the open registry.
  const [visited, setVisited] = useState<Set<Tab>>(() => new Set([tab]));
  const open = (t: Tab) => {
    setTab(t);
    setVisited((v) => (v.has(t) ? v : new Set(v).add(t)));
  };
  if (visible.length === 0) return <p className="hint">У вашей роли нет доступа к выплатам.</p>;
  const pane = (t: Tab, node: ReactNode) =>
    visited.has(t) && (
      <div className="pay-pane" style={tab === t ? undefined : { display: 'none' }} role="tabpanel">
        {node}
      </div>
    );
  return (
    <div className="page">
      <div className="tabs" role="tablist">
        {visible.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => open(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {pane('registries', <RegistriesTab />)}
      {pane('budget', <BudgetTab />)}
      {pane('bank', <BankChangesTab active={tab === 'bank'} />)}
    </div>
  );
});
