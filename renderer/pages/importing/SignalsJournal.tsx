import { observer } from 'mobx-react-lite';
import { useCallback, useMemo, useState } from 'react';
import type { GridRequest } from '../../../core/grid/request';
import { formatDateTime } from '../../format';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { batchColumns, type BatchRow } from './batchColumns';
import { ConfirmDialog } from './ConfirmDialog';
import { fill } from './kinds';

/** Журнал загрузок визитов: every signals batch with its counts, and a confirmed rollback of a committed one. */
export const SignalsJournal = observer(function SignalsJournal({ refreshKey }: { refreshKey: number }) {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [search, setSearch] = useState('');
  const [confirm, setConfirm] = useState<BatchRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [rolledBack, setRolledBack] = useState(0);
  const canRollback = session.can('signals.rollback');

  const fetchPage = useCallback((req: GridRequest) => api.invoke('signals.batches', req), [api]);
  const ask = useCallback((row: BatchRow) => {
    setDialogError(null);
    setConfirm(row);
  }, []);
  const columns = useMemo(
    () => batchColumns(t, canRollback ? ask : null),
    // t keeps its identity across a language switch, so the locale is a dependency of its own.
    [t, ui.locale, canRollback, ask],
  );

  const rollback = async (row: BatchRow) => {
    setBusy(true);
    setDialogError(null);
    try {
      const r = await api.invoke('signals.rollbackBatch', { batchId: row.id });
      setDone(
        fill(t('imp.rollback.done'), {
          id: r.batchId,
          file: r.fileName,
          signals: r.signalsDeleted,
          visits: r.visitsDeleted,
          months: r.recompute.examined,
        }),
      );
      setConfirm(null);
      setRolledBack((n) => n + 1);
    } catch (e) {
      // The dialog stays open with the core's reason (e.g. an approved registry depends on the batch).
      setDialogError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card imp-journal" aria-label={t('imp.batches.title')}>
      <div className="imp-journal-head">
        <div>
          <h2>{t('imp.batches.title')}</h2>
          <p className="hint">{t('imp.batches.hint')}</p>
        </div>
        <input
          className="search"
          type="search"
          placeholder={t('common.search')}
          aria-label={t('imp.batches.title') + ': ' + t('common.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {done && (
        <div className="banner banner-ok" role="status">
          {done}
        </div>
      )}
      <div className="imp-journal-grid">
        <ServerGrid<BatchRow>
          testId="signals-batches"
          columns={columns}
          fetchPage={fetchPage}
          search={search}
          refreshKey={refreshKey + rolledBack}
          getRowId={(r) => String(r.id)}
          pageSize={25}
          emptyText={t('imp.batches.empty')}
        />
      </div>
      {confirm && (
        <ConfirmDialog
          title={fill(t('imp.rollback.title'), { id: confirm.id })}
          confirmText={t('imp.rollback.confirm')}
          cancelText={t('md.cancel')}
          busy={busy}
          busyText={t('imp.rollback.busy')}
          error={dialogError}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void rollback(confirm)}
        >
          <p>
            {fill(t('imp.rollback.file'), {
              file: confirm.fileName,
              at: formatDateTime(confirm.createdAt),
              user: confirm.userLogin ?? '—',
            })}
          </p>
          <ul>
            <li>
              {confirm.signals > 0
                ? fill(t('imp.rollback.signals'), { n: confirm.signals.toLocaleString('ru-RU') })
                : t('imp.rollback.noSignals')}
            </li>
            <li>{t('imp.rollback.visits')}</li>
            <li>{t('imp.rollback.recompute')}</li>
            <li>{t('imp.rollback.journal')}</li>
          </ul>
        </ConfirmDialog>
      )}
    </section>
  );
});
