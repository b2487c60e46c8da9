import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatDateTime } from '../../format';
import { useStore } from '../../stores/RootStore';
import { errorText } from './common';

type Change = CommandOutput<'payments.bankChanges'>['rows'][number];

const STATUS: Record<Change['status'], string> = {
  pending: 'ждёт подтверждения — выплаты удержаны',
  confirmed: 'подтверждено',
  expired: 'срок удержания истёк',
};

/** «old → new» of one bank field; unchanged fields print once. */
function Field({ label, before, after }: { label: string; before: string | null; after: string | null }) {
  const changed = (before ?? '') !== (after ?? '');
  return (
    <tr>
      <th>{label}</th>
      <td>{changed ? <span className="pay-old">{before || '—'}</span> : null}</td>
      <td>{after || '—'}</td>
    </tr>
  );
}

/** Изменения реквизитов: changes of a counterparty's account or BIK, held until a second person confirms them. */
export const BankChangesTab = observer(function BankChangesTab({ active }: { active: boolean }) {
  const { api, session } = useStore();
  const canConfirm = session.can('payments.confirmBankDetails');
  const me = session.user?.id;
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [holdDays, setHoldDays] = useState<number | null>(null);
  const [pendingOnly, setPendingOnly] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    // Reloaded each time the tab is shown: changes are made elsewhere (counterparty cards, imports).
    if (!active) return;
    api.invoke('payments.bankChanges', {}).then(
      (r) => (setChanges(r.rows), setHoldDays(r.holdDays), setError(null)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [api, reload, active]);

  const confirm = async (c: Change) => {
    setBusy(c.id);
    setError(null);
    try {
      await api.invoke('payments.confirmBankChange', { id: c.id });
      setNotice(`Изменение реквизитов «${c.counterpartyName}» подтверждено: выплаты больше не удерживаются.`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const shown = (changes ?? []).filter((c) => !pendingOnly || c.status === 'pending');
  return (
    <div className="pay-changes" data-testid="bank-changes">
      <div className="toolbar">
        <p className="hint">
          Смена БИК или расчётного счёта контрагента удерживает его выплаты из реестров{holdDays !== null ? ` (${holdDays} дн.)` : ''}, пока
          изменение не подтвердит другой сотрудник (не тот, кто его внёс). Сверьте новые реквизиты с письмом контрагента по известному каналу связи.
        </p>
        <label className="inline-form">
          <input type="checkbox" checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} /> только ожидающие
        </label>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {changes && shown.length === 0 && <p className="hint">{pendingOnly ? 'Нет изменений, ожидающих подтверждения.' : 'Изменений реквизитов не было.'}</p>}
      {shown.map((c) => {
        const own = c.changedBy !== null && c.changedBy === me;
        return (
          <section key={c.id} className="card" data-testid="bank-change">
            <div className="card-head">
              <div>
                <h3>
                  {c.counterpartyName} <span className="muted">ИНН {c.inn}</span>
                </h3>
                <div className={c.status === 'pending' ? 'pay-pending' : 'muted'}>{STATUS[c.status]}</div>
              </div>
              {canConfirm && c.status === 'pending' && (
                <button
                  className="btn btn-primary"
                  disabled={own || busy === c.id}
                  title={own ? 'Изменение должен подтвердить другой сотрудник' : undefined}
                  onClick={() => void confirm(c)}
                >
                  Подтвердить
                </button>
              )}
            </div>
            <table className="pay-table">
              <thead>
                <tr>
                  <th />
                  <th>Было</th>
                  <th>Стало</th>
                </tr>
              </thead>
              <tbody>
                <Field label="БИК" before={c.oldBik} after={c.newBik} />
                <Field label="Расчётный счёт" before={c.oldAccount} after={c.newAccount} />
                <Field label="Корр. счёт" before={c.oldCorrAccount} after={c.newCorrAccount} />
                <Field label="Банк" before={c.oldBankName} after={c.newBankName} />
              </tbody>
            </table>
            <p className="hint">
              Изменил: {c.changedByName ?? '—'}, {formatDateTime(c.changedAt)}
              {c.confirmedAt && ` · подтвердил: ${c.confirmedByName ?? '—'}, ${formatDateTime(c.confirmedAt)}`}
              {own && c.status === 'pending' && ' · это ваше изменение: подтвердить его должен другой сотрудник'}
            </p>
          </section>
        );
      })}
    </div>
  );
});
