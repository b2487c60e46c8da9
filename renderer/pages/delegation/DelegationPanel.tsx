import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CommandOutput } from '../../../core/api';
import { ROLE_NAMES_RU } from '../../../core/users/roles';
import { formatDate, formatDateTime } from '../../format';
import { useStore } from '../../stores/RootStore';
import { addDaysIso, todayIso } from '../admin/refData';
import { fill } from '../importing/kinds';
import { Field } from '../masterdata/Field';
import { toFormErrors, type FormErrors } from '../masterdata/formErrors';

type Lists = CommandOutput<'approvals.delegationsList'>;
type Delegation = Lists['given'][number];
type UserRow = CommandOutput<'users.list'>[number];

const FIELDS = ['toUserId', 'dateFrom', 'dateTo'] as const;
const fieldOf = (path: string): string | null => ((FIELDS as readonly string[]).includes(path) ? path : null);

type State = 'active' | 'planned' | 'past' | 'revoked';
function stateOf(d: Delegation, today: string): State {
  if (d.revokedAt) return 'revoked';
  if (d.isActive) return 'active';
  return d.dateFrom > today ? 'planned' : 'past';
}

/**
 * «Замещения» (from Согласования): whom I named as my substitute and who named me, a form for a new delegation,
 * and revoking one of mine. While a delegation is in force the substitute sees my steps in their inbox.
 */
export const DelegationPanel = observer(function DelegationPanel({ onClose }: { onClose: () => void }) {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const ref = useRef<HTMLDialogElement>(null);
  const today = todayIso();
  const [lists, setLists] = useState<Lists | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [toUserId, setToUserId] = useState('');
  const [dateFrom, setDateFrom] = useState(today);
  const [dateTo, setDateTo] = useState(() => addDaysIso(today, 6));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const load = useCallback(
    () =>
      api.invoke('approvals.delegationsList', {}).then(
        (l) => {
          setLists(l);
          setLoadError(null);
        },
        (e: Error) => setLoadError(e.message),
      ),
    [api],
  );
  useEffect(() => {
    void load();
    api.invoke('users.list', {}).then(setUsers, () => setUsers([]));
  }, [api, load]);

  const me = session.user?.id;
  const candidates = useMemo(() => (users ?? []).filter((u) => u.isActive && u.id !== me), [users, me]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(null);
    setNotice(null);
    try {
      // An empty choice goes as 0, which the core's schema refuses next to the field.
      const d = await api.invoke('approvals.delegate', { toUserId: Number(toUserId) || 0, dateFrom, dateTo });
      setNotice(fill(t('dlg.created'), { name: d.toUserName, from: formatDate(d.dateFrom), to: formatDate(d.dateTo) }));
      setToUserId('');
      await load();
    } catch (err) {
      const fe = toFormErrors(err, fieldOf);
      if (!toUserId) fe.fields.toUserId = t('dlg.err.pick');
      setErrors(fe);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (d: Delegation) => {
    setErrors(null);
    setNotice(null);
    try {
      await api.invoke('approvals.revokeDelegation', { id: d.id });
      setNotice(fill(t('dlg.revoked'), { name: d.toUserName }));
      await load();
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
    }
  };

  const stateText = (d: Delegation) => {
    const s = stateOf(d, today);
    return <span className={`adm-state adm-state-${s}`}>{t(`dlg.state.${s}`)}</span>;
  };

  return (
    <dialog
      ref={ref}
      className="adm-dialog"
      aria-labelledby="dlg-title"
      data-testid="delegation-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      // Keys stay inside the dialog: the inbox behind it approves the open step on Ctrl+Enter from `window`.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div className="bulk-head">
        <h2 id="dlg-title">{t('dlg.title')}</h2>
        <button type="button" className="btn btn-link md-close" onClick={onClose} aria-label={t('common.close')} title={t('md.escHint')}>
          ✕
        </button>
      </div>
      <p className="hint">{t('dlg.hint')}</p>

      <form className="adm-dlg-form" onSubmit={submit} noValidate aria-label={t('dlg.new')}>
        <h3>{t('dlg.new')}</h3>
        <div className="adm-dlg-grid">
          <Field label={t('dlg.f.to')} error={errors?.fields.toUserId}>
            {(a) => (
              <select id={a.id} value={toUserId} onChange={(e) => setToUserId(e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} autoFocus>
                <option value="">{users ? t('dlg.f.toPick') : t('common.loading')}</option>
                {candidates.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.fullName} — {u.roles.map((r) => ROLE_NAMES_RU[r]).join(', ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('dlg.f.from')} error={errors?.fields.dateFrom}>
            {(a) => (
              <input id={a.id} type="date" value={dateFrom} onChange={(e) => setDateFrom(e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
            )}
          </Field>
          <Field label={t('dlg.f.till')} error={errors?.fields.dateTo}>
            {(a) => (
              <input id={a.id} type="date" value={dateTo} onChange={(e) => setDateTo(e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
            )}
          </Field>
          <div className="adm-dlg-submit">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('md.saving') : t('dlg.submit')}
            </button>
          </div>
        </div>
        {errors && Object.keys(errors.fields).length === 0 && (
          <div className="banner banner-error" role="alert">
            {errors.summary}
          </div>
        )}
        {notice && (
          <div className="banner banner-ok" role="status">
            {notice}
          </div>
        )}
      </form>

      {loadError && <div className="banner banner-error">{loadError}</div>}
      {!lists && !loadError && <p className="muted">{t('common.loading')}</p>}
      {lists && (
        <>
          <section className="adm-dlg-list">
            <h3>
              {t('dlg.given')} <span className="muted">· {lists.given.length}</span>
            </h3>
            {lists.given.length === 0 ? (
              <p className="muted">{t('dlg.givenNone')}</p>
            ) : (
              <table className="mini-table" data-testid="delegations-given">
                <thead>
                  <tr>
                    <th>{t('dlg.c.to')}</th>
                    <th>{t('dlg.c.period')}</th>
                    <th>{t('dlg.c.state')}</th>
                    <th>{t('dlg.c.created')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {lists.given.map((d) => (
                    <tr key={d.id}>
                      <td>{d.toUserName}</td>
                      <td className="adm-nowrap">
                        {formatDate(d.dateFrom)} — {formatDate(d.dateTo)}
                      </td>
                      <td>{stateText(d)}</td>
                      <td className="muted adm-nowrap">{formatDateTime(d.createdAt)}</td>
                      <td>
                        {!d.revokedAt && d.dateTo >= today && (
                          <button type="button" className="btn btn-danger adm-small" onClick={() => void revoke(d)}>
                            {t('dlg.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="adm-dlg-list">
            <h3>
              {t('dlg.received')} <span className="muted">· {lists.received.length}</span>
            </h3>
            {lists.received.length === 0 ? (
              <p className="muted">{t('dlg.receivedNone')}</p>
            ) : (
              <table className="mini-table" data-testid="delegations-received">
                <thead>
                  <tr>
                    <th>{t('dlg.c.from')}</th>
                    <th>{t('dlg.c.period')}</th>
                    <th>{t('dlg.c.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lists.received.map((d) => (
                    <tr key={d.id}>
                      <td>{d.fromUserName}</td>
                      <td className="adm-nowrap">
                        {formatDate(d.dateFrom)} — {formatDate(d.dateTo)}
                      </td>
                      <td>{stateText(d)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </dialog>
  );
});
