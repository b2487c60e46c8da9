import { observer } from 'mobx-react-lite';
import { useCallback, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { GridCount } from '../../grid/GridCount';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { errorText, monthFromNow, monthLabel } from './common';
import { REGISTRY_COLUMNS, type RegistryRow } from './registryColumns';
import { RegistryView } from './RegistryView';

/** Реестры: build a month's registry, the list of registries, and one registry opened in full. */
export const RegistriesTab = observer(function RegistriesTab() {
  const { api, session } = useStore();
  const canBuild = session.can('payments.build');
  const [month, setMonth] = useState(monthFromNow(-1));
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fetchPage = useCallback((req: GridRequest) => api.invoke('payments.listRegistries', req), [api]);

  const build = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api.invoke('payments.buildRegistry', { month });
      const held = r.held.length ? ` Удержано контрагентов со сменой реквизитов: ${r.held.length}.` : '';
      setNotice(`Реестр ${r.number} за ${monthLabel(month)} сформирован: ${r.lineCount} строк.${held}`);
      setOpen(r.registryId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (open !== null) {
    return <RegistryView id={open} notice={notice} onBack={() => (setOpen(null), setNotice(null))} />;
  }
  return (
    <div className="pay-registry">
      <div className="toolbar">
        {canBuild && (
          <>
            <label className="inline-form">
              Месяц <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} aria-label="Месяц реестра" />
            </label>
            <button className="btn btn-primary" onClick={() => void build()} disabled={busy}>
              {busy ? 'Формируем…' : 'Сформировать реестр'}
            </button>
          </>
        )}
        <span className="spacer" />
        <input className="search" type="search" placeholder="Номер, месяц…" aria-label="Поиск" value={search} onChange={(e) => setSearch(e.target.value)} />
        <GridCount label="Реестров" total={total} testId="registries-total" />
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      <ServerGrid<RegistryRow>
        testId="registries-grid"
        columns={REGISTRY_COLUMNS}
        fetchPage={fetchPage}
        search={search}
        onTotal={setTotal}
        getRowId={(r) => String(r.id)}
        onRowClicked={(r) => setOpen(r.id)}
        emptyText={canBuild ? 'Реестров пока нет. Выберите месяц и нажмите «Сформировать реестр».' : 'Реестров пока нет.'}
      />
    </div>
  );
});
