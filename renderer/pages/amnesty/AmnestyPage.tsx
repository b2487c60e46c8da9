import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { ServerGrid } from '../../grid/ServerGrid';
import { GridCount } from '../../grid/GridCount';
import { useStore } from '../../stores/RootStore';
import { hashParams } from '../dashboard/drill';
import { AmnestyCard } from './AmnestyCard';
import { AMNESTY_COLUMNS, EMPTY_HINT, type AmnestyRow, type AmnestyStatus } from './common';

const FILTERS: { value: AmnestyStatus | undefined; label: string }[] = [
  { value: undefined, label: 'все' },
  { value: 'pending', label: 'ожидают' },
  { value: 'applied', label: 'применены' },
  { value: 'revoked', label: 'отозваны' },
  { value: 'declined', label: 'отклонены' },
];

/** Амнистии: every amnesty in scope with a status filter, and the four-eyes inbox of those waiting for me. */
export const AmnestyPage = observer(function AmnestyPage() {
  const { api, session } = useStore();
  const canConfirm = session.can('amnesty.confirm');
  const [tab, setTab] = useState<'all' | 'inbox'>('all');
  // The dashboard's amnesty tile opens this page with `#/amnesty?status=applied`.
  const [status, setStatus] = useState<AmnestyStatus | undefined>(() => FILTERS.find((f) => f.value && f.value === hashParams().get('status'))?.value);
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [inboxCount, setInboxCount] = useState<number | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  // The badge counts on its own request, so it is right while the «Все амнистии» tab is open too.
  useEffect(() => {
    if (!canConfirm) return;
    api.invoke('amnesty.inbox', { offset: 0, limit: 1 }).then(
      (p) => setInboxCount(p.total),
      () => setInboxCount(null),
    );
  }, [api, canConfirm, refresh]);

  const fetchAll = useCallback((req: GridRequest) => api.invoke('amnesty.list', { ...req, ...(status ? { status } : {}) }), [api, status]);
  const fetchInbox = useCallback((req: GridRequest) => api.invoke('amnesty.inbox', req), [api]);

  const changed = (text: string) => {
    setNotice(text);
    setRefresh((n) => n + 1);
  };
  const switchTab = (t: 'all' | 'inbox') => {
    setTab(t);
    setCurrent(null);
    setTotal(null);
    setNotice(null);
  };

  return (
    <div className="page">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'all'} className={tab === 'all' ? 'tab active' : 'tab'} onClick={() => switchTab('all')}>
          Все амнистии
        </button>
        {canConfirm && (
          <button role="tab" aria-selected={tab === 'inbox'} className={tab === 'inbox' ? 'tab active' : 'tab'} onClick={() => switchTab('inbox')}>
            Ждут моего подтверждения
            {inboxCount !== null && inboxCount > 0 && (
              <span className="amn-count" data-testid="amnesty-inbox-count">
                {inboxCount}
              </span>
            )}
          </button>
        )}
      </div>
      <div className="toolbar">
        {tab === 'all' ? (
          <div className="segmented" role="group" aria-label="Статус">
            {FILTERS.map((f) => (
              <button
                key={f.label}
                type="button"
                className={status === f.value ? 'seg active' : 'seg'}
                aria-pressed={status === f.value}
                onClick={() => (setStatus(f.value), setCurrent(null))}
              >
                {f.label}
              </button>
            ))}
          </div>
        ) : (
          <p className="hint">Амнистии с эффектом выше порога, оформленные другими сотрудниками: откройте, проверьте доказательства и подтвердите или отклоните.</p>
        )}
        {tab === 'all' && <span className="spacer" />}
        <input className="search" type="search" placeholder="Договор, причина, комментарий…" aria-label="Поиск" value={search} onChange={(e) => setSearch(e.target.value)} />
        <GridCount label="Амнистий" total={total} testId="amnesty-total" />
      </div>
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      <div className="split">
        {tab === 'all' ? (
          <ServerGrid<AmnestyRow>
            key={`all-${status ?? ''}`}
            testId="amnesty-grid"
            columns={AMNESTY_COLUMNS}
            fetchPage={fetchAll}
            search={search}
            onTotal={setTotal}
            refreshKey={refresh}
            getRowId={(r) => String(r.id)}
            onRowClicked={(r) => setCurrent(r.id)}
            rowClassRules={{ 'amn-row-pending': (p) => p.data?.status === 'pending' }}
            emptyText={status ? 'Амнистий с таким статусом нет.' : `Амнистий пока нет. ${EMPTY_HINT}`}
          />
        ) : (
          <ServerGrid<AmnestyRow>
            key="inbox"
            testId="amnesty-inbox-grid"
            columns={AMNESTY_COLUMNS}
            fetchPage={fetchInbox}
            search={search}
            onTotal={setTotal}
            refreshKey={refresh}
            getRowId={(r) => String(r.id)}
            onRowClicked={(r) => setCurrent(r.id)}
            emptyText="Нет амнистий, ожидающих вашего подтверждения."
          />
        )}
        {current !== null && (
          <aside className="detail detail-wide">
            <AmnestyCard id={current} onClose={() => setCurrent(null)} onChanged={changed} />
          </aside>
        )}
      </div>
    </div>
  );
});
