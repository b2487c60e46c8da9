import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { pluralRu } from '../../../core/documents/words';
import { ApiError } from '../../api/client';
import { formatDateTime } from '../../format';
import { useStore } from '../../stores/RootStore';
import { ConfirmDialog } from '../importing/ConfirmDialog';
import './lockouts.css';

/** One locked account as users.lockouts reports it. */
export type Lockout = CommandOutput<'users.lockouts'>[number];

/** «6 неудачных попыток» with the right Russian form. */
const failuresText = (n: number) => `${n} ${pluralRu(n, ['неудачная попытка', 'неудачные попытки', 'неудачных попыток'])}`;

/** «после 6 неудачных попыток» (genitive: «после 1 неудачной попытки»). */
const afterFailures = (n: number) => `после ${n} ${pluralRu(n, ['неудачной попытки', 'неудачных попыток', 'неудачных попыток'])}`;

/** «до 03.12.2026 13:15» in the computer's time, as elsewhere in the app (the sign-in screen says the same in Moscow time). */
const untilText = (iso: string) => `до ${formatDateTime(iso).slice(0, 16)}`;

function minutesLeft(iso: string): string {
  const m = Math.max(1, Math.ceil((new Date(iso).getTime() - Date.now()) / 60_000));
  return `ещё ${m} мин`;
}

/**
 * Блокировки входа: accounts locked after wrong passwords, with «Разблокировать» for an administrator. Others see the
 * list only while someone is locked, so they know whom to ask.
 */
export const LockoutsSection = observer(function LockoutsSection(props: {
  lockouts: Lockout[] | null;
  error: string | null;
  onChanged: () => Promise<void>;
}) {
  const { api, session } = useStore();
  const canUnlock = session.can('users.manage');
  const [confirm, setConfirm] = useState<Lockout | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [policy, setPolicy] = useState<string | null>(null);
  const { lockouts } = props;

  // The empty state explains when accounts get locked, with the numbers in force.
  useEffect(() => {
    if (!canUnlock) return;
    api.invoke('settings.list', {}).then(
      (list) => {
        const value = (key: string) => list.find((s) => s.key === key)?.value;
        const failures = Number(value('session.lockout_failures'));
        const minutes = value('session.lockout_minutes');
        if (failures && minutes) setPolicy(`Вход блокируется на ${minutes} мин ${afterFailures(failures)} подряд`);
      },
      () => setPolicy(null),
    );
  }, [api, canUnlock]);

  const unlock = async (l: Lockout) => {
    setBusy(true);
    setDialogError(null);
    try {
      await api.invoke('users.unlock', { userId: l.userId });
      setConfirm(null);
      setNotice(`Учётная запись ${l.login} (${l.fullName}) разблокирована: пользователь может войти сразу`);
      await props.onChanged();
    } catch (e) {
      setDialogError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (!canUnlock && !notice && !props.error && (lockouts === null || lockouts.length === 0)) return null;

  return (
    <section className="lockouts" data-testid="lockouts" aria-labelledby="lockouts-title">
      <div className="lockouts-head">
        <h3 id="lockouts-title">Блокировки входа</h3>
        <button
          className="btn btn-link"
          onClick={() => {
            setNotice(null);
            void props.onChanged();
          }}
        >
          Обновить
        </button>
      </div>
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {props.error && <div className="banner banner-error">{props.error}</div>}
      {lockouts === null && !props.error ? (
        <p className="muted">Загрузка…</p>
      ) : lockouts && lockouts.length === 0 ? (
        <p className="muted lockouts-empty">
          Заблокированных учётных записей нет. {policy ?? 'Вход блокируется на время после нескольких неправильных паролей подряд'}; эти
          числа меняются на вкладке «Реквизиты компании».
        </p>
      ) : lockouts ? (
        <table className="mini-table lockouts-table">
          <thead>
            <tr>
              <th>Пользователь</th>
              <th>Логин</th>
              <th>Заблокирован</th>
              <th>Попытки входа</th>
              {canUnlock && <th aria-label="Действия" />}
            </tr>
          </thead>
          <tbody>
            {lockouts.map((l) => (
              <tr key={l.userId} data-testid="lockout-row">
                <td>{l.fullName}</td>
                <td>
                  <code>{l.login}</code>
                </td>
                <td>
                  {untilText(l.lockedUntil)} <span className="muted">· {minutesLeft(l.lockedUntil)}</span>
                </td>
                <td>{failuresText(l.failures)} подряд</td>
                {canUnlock && (
                  <td className="lockouts-action">
                    <button
                      className="btn"
                      onClick={() => {
                        setNotice(null);
                        setDialogError(null);
                        setConfirm(l);
                      }}
                    >
                      Разблокировать
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {!canUnlock && lockouts && lockouts.length > 0 && <p className="hint">Снять блокировку может администратор.</p>}
      {confirm && (
        <ConfirmDialog
          title={`Разблокировать вход для ${confirm.login}?`}
          confirmText="Разблокировать"
          busyText="Разблокируем…"
          cancelText="Отмена"
          busy={busy}
          error={dialogError}
          onConfirm={() => void unlock(confirm)}
          onCancel={() => setConfirm(null)}
        >
          <p>
            {confirm.fullName} не может войти {untilText(confirm.lockedUntil)} — {afterFailures(confirm.failures)} подряд.
          </p>
          <p>
            Блокировка снимется сразу, счётчик неудачных попыток обнулится. Если пароль вводил не сам пользователь, уточните у него, прежде
            чем разблокировать.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
});
