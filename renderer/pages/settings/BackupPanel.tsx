import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { ApiError } from '../../api/client';
import { useStore } from '../../stores/RootStore';

type BackupList = CommandOutput<'backup.list'>;

const KIND_RU: Record<string, string> = {
  auto: 'автоматическая (при запуске)',
  manual: 'вручную',
  'before-restore': 'перед восстановлением',
};

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;

/** Резервные копии: create, list and restore backups of the database (issue 10). */
export const BackupPanel = observer(function BackupPanel() {
  const { api, session } = useStore();
  const [list, setList] = useState<BackupList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canCreate = session.can('backup.create');
  const canRestore = session.can('backup.restore');

  const load = () =>
    api.invoke('backup.list', {}).then(
      (l) => setList(l),
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    if (canCreate) void load();
  }, [canCreate]);

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await what());
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const create = () =>
    act(async () => {
      const r = await api.invoke('backup.create', {});
      return `Резервная копия создана: ${r.file.name}${r.rotated.length ? ` (удалены старые: ${r.rotated.length})` : ''}`;
    });

  const restore = (name: string) => {
    if (!window.confirm(`Восстановить базу из копии «${name}»?\n\nЭто произойдёт при следующем запуске MCM; текущая база будет сохранена в отдельную копию.`)) return;
    void act(async () => (await api.invoke('backup.restore', { name })).message);
  };

  const cancel = () => act(async () => ((await api.invoke('backup.cancelRestore', {})).cancelled ? 'Восстановление отменено' : 'Восстановление не было запланировано'));

  if (!canCreate) {
    return (
      <div className="page page-form" data-testid="backup-panel">
        <div className="banner">Резервными копиями управляет администратор.</div>
      </div>
    );
  }

  return (
    <div className="page page-form" data-testid="backup-panel">
      <p className="hint">
        Копия базы делается автоматически при каждом запуске (одна в день) и вручную кнопкой ниже. Хранятся последние 7 копий и по
        одной за каждый месяц. Папка: <code>{list?.folder ?? '…'}</code>
      </p>
      {error && <div className="banner banner-error">{error}</div>}
      {notice && <div className="banner banner-ok" data-testid="backup-notice">{notice}</div>}
      {list?.pendingRestore && (
        <div className="banner" data-testid="backup-pending">
          Запланировано восстановление из «{list.pendingRestore.name}» ({list.pendingRestore.requestedBy}, {dateTime(list.pendingRestore.requestedAt)}). Оно
          выполнится при следующем запуске MCM.{' '}
          {canRestore && (
            <button className="btn btn-link" disabled={busy} onClick={() => void cancel()}>
              Отменить
            </button>
          )}
        </div>
      )}
      <div>
        <button className="btn btn-primary" disabled={busy} onClick={() => void create()}>
          Создать резервную копию
        </button>
      </div>
      {!list && !error && <p>Загрузка…</p>}
      {list && list.backups.length === 0 && <p className="hint">Резервных копий пока нет.</p>}
      {list && list.backups.length > 0 && (
        <table className="mini-table" data-testid="backup-list">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Вид</th>
              <th>Размер</th>
              <th>Файл</th>
              {canRestore && <th />}
            </tr>
          </thead>
          <tbody>
            {list.backups.map((b) => (
              <tr key={b.name}>
                <td>{dateTime(b.takenAt)}</td>
                <td>{KIND_RU[b.kind] ?? b.kind}</td>
                <td>{megabytes(b.sizeBytes)}</td>
                <td>
                  <code>{b.name}</code>
                </td>
                {canRestore && (
                  <td>
                    <button className="btn" disabled={busy} onClick={() => restore(b.name)}>
                      Восстановить…
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});
