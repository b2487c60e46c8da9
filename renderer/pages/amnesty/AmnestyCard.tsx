import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { downloadBase64 } from '../../files/download';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { IssueList } from '../contracts/ContractCard';
import { formatBp, TYPE_RU } from '../signals/columns';
import { formatSize, issuesOf, STATUS_LABEL } from './common';

type Amnesty = CommandOutput<'amnesty.get'>;
type Evidence = Amnesty['evidence'][number];

const COMMAND_RU: Record<string, string> = {
  'amnesty.grant': 'Оформлена',
  'amnesty.confirm': 'Подтверждена',
  'amnesty.decline': 'Отклонена',
  'amnesty.revoke': 'Отозвана',
};

/** An evidence file: images load their bytes for a thumbnail; PDFs (and anything else) open on click. */
function EvidenceItem({ amnestyId, file }: { amnestyId: number; file: Evidence }) {
  const { api } = useStore();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isImage = file.mime.startsWith('image/');

  useEffect(() => {
    if (!isImage) return;
    api.invoke('amnesty.evidence', { sha256: file.sha256, amnestyId }).then(
      (f) => setSrc(`data:${f.mime};base64,${f.contentBase64}`),
      (e: Error) => setError(e.message),
    );
  }, [api, amnestyId, file.sha256, isImage]);

  const open = () =>
    api.invoke('amnesty.evidence', { sha256: file.sha256, amnestyId }).then(
      (f) => downloadBase64(f.fileName, f.contentBase64, f.mime),
      (e: Error) => setError(e.message),
    );

  return (
    <li className="amn-evidence">
      {isImage ? (
        src ? (
          <a href={src} download={file.fileName} title={`${file.fileName} — открыть`}>
            <img src={src} alt={file.fileName} className="amn-thumb" />
          </a>
        ) : (
          <div className="amn-thumb amn-thumb-empty">{error ? '!' : '…'}</div>
        )
      ) : (
        <button type="button" className="amn-thumb amn-thumb-pdf" onClick={() => void open()} title={`${file.fileName} — открыть`}>
          PDF
        </button>
      )}
      <button type="button" className="btn btn-link amn-evidence-name" onClick={() => void open()}>
        {file.fileName}
      </button>
      <span className="muted">{formatSize(file.size)}</span>
      {error && <span className="field-error">{error}</span>}
    </li>
  );
}

/** Decline or revoke: both need a reason, typed in place rather than in a prompt. */
function ReasonAction({ label, placeholder, danger, run }: { label: string; placeholder: string; danger?: boolean; run: (reason: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) {
    return (
      <button type="button" className={danger ? 'btn btn-danger' : 'btn'} onClick={() => setOpen(true)}>
        {label}…
      </button>
    );
  }
  return (
    <div className="amn-reason-box">
      <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={placeholder} aria-label={placeholder} autoFocus />
      <div className="actions">
        <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={() => void run(reason)}>
          {label}
        </button>
        <button type="button" className="btn btn-link" onClick={() => setOpen(false)}>
          Отмена
        </button>
      </div>
    </div>
  );
}

/** The side panel of one amnesty: what, why, who, the money, the signals, the evidence, the actions its status allows. */
export const AmnestyCard = observer(function AmnestyCard({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: (text: string) => void }) {
  const { api } = useStore();
  const [a, setA] = useState<Amnesty | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setIssues([]);
    api.invoke('amnesty.get', { id }).then(
      (r) => (setA(r), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [api, id, reload]);

  const act = async (run: () => Promise<unknown>, text: string) => {
    setIssues([]);
    try {
      await run();
      setReload((n) => n + 1);
      onChanged(text);
    } catch (e) {
      setIssues(issuesOf(e));
    }
  };

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!a || a.id !== id) return <p className="muted">Загрузка…</p>;
  const months = a.impact?.months ?? [];
  return (
    <div className="amn-card" data-testid="amnesty-card">
      <div className="card-head">
        <div>
          <h2>
            Амнистия №{a.id} <span className={`status-badge amn-badge amn-st-${a.status}`}>{STATUS_LABEL[a.status]}</span>
          </h2>
          <div className="muted">
            {a.contractNos ?? '—'} · {a.months ?? a.month ?? '—'}
          </div>
        </div>
        <button className="btn btn-link" onClick={onClose}>
          Закрыть
        </button>
      </div>

      {a.status === 'pending' && !a.canConfirm && (
        <div className="banner amn-warn">Ждёт подтверждения другим сотрудником: свою амнистию подтвердить нельзя, её можно только отклонить.</div>
      )}
      {(a.canConfirm || a.canDecline || a.canRevoke) && (
        <div className="decision-box" aria-label="Решение по амнистии">
          {a.canConfirm && (
            <div className="muted">
              Оформил {a.grantedByName}. Подтверждая, вы соглашаетесь со снятием штрафа на {formatMoney(a.impact?.effect ?? a.effect)}.
            </div>
          )}
          {issues.length > 0 && <IssueList issues={issues} />}
          <div className="actions">
            {a.canConfirm && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void act(() => api.invoke('amnesty.confirm', { id: a.id }), `Амнистия №${a.id} подтверждена и применена`)}
              >
                Подтвердить
              </button>
            )}
            {a.canDecline && (
              <ReasonAction
                label="Отклонить"
                placeholder="Причина отклонения"
                danger
                run={(reason) => act(() => api.invoke('amnesty.decline', { id: a.id, reason }), `Амнистия №${a.id} отклонена`)}
              />
            )}
            {a.canRevoke && (
              <ReasonAction
                label="Отозвать"
                placeholder="Причина отзыва"
                danger
                run={(reason) => act(() => api.invoke('amnesty.revoke', { id: a.id, reason }), `Амнистия №${a.id} отозвана: штраф восстановлен`)}
              />
            )}
          </div>
        </div>
      )}

      <dl className="kv amn-kv">
        <dt>Причина</dt>
        <dd>{a.reasonName}</dd>
        <dt>Комментарий</dt>
        <dd className="amn-comment">{a.comment}</dd>
        <dt>Оформил</dt>
        <dd>
          {a.grantedByName} · {formatDateTime(a.grantedAt)}
        </dd>
        {a.confirmedByName && (
          <>
            <dt>Подтвердил</dt>
            <dd>
              {a.confirmedByName} · {formatDateTime(a.confirmedAt)}
            </dd>
          </>
        )}
        {a.declineReason && (
          <>
            <dt>Отклонена</dt>
            <dd>
              {formatDateTime(a.declinedAt)}: {a.declineReason}
            </dd>
          </>
        )}
        {a.revokeReason && (
          <>
            <dt>Отозвана</dt>
            <dd>
              {formatDateTime(a.revokedAt)}: {a.revokeReason}
            </dd>
          </>
        )}
        <dt>Эффект</dt>
        <dd>
          <b>{formatMoney(a.effect)}</b>
          {a.status === 'pending' ? ` (порог ${formatMoney(a.threshold)})` : ''}
        </dd>
      </dl>

      {months.length > 0 && (
        <section className="card-section">
          <h3>{a.status === 'pending' ? 'Если подтвердить сейчас' : 'Если отозвать сейчас, штраф вернётся'}</h3>
          <table className="mini-table compact">
            <thead>
              <tr>
                <th>Договор · месяц</th>
                <th className="num">С сигналами</th>
                <th className="num">Без них</th>
                <th className="num">Разница</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={`${m.contractId}-${m.month}`}>
                  <td>
                    {m.contractNo} · {m.month}
                  </td>
                  <td className="num">
                    {formatBp(m.withSignals.penaltyBp)} = {formatMoney(m.withSignals.penalty)}
                  </td>
                  <td className="num">
                    {formatBp(m.withoutSignals.penaltyBp)} = {formatMoney(m.withoutSignals.penalty)}
                  </td>
                  <td className="num">{m.effect === 0 && m.withSignals.capApplied ? 'не меняется: потолок' : formatMoney(m.effect)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section className="card-section">
        <h3>Доказательства ({a.evidence.length})</h3>
        <ul className="amn-evidence-list" data-testid="amnesty-evidence">
          {a.evidence.map((f) => (
            <EvidenceItem key={f.sha256} amnestyId={a.id} file={f} />
          ))}
        </ul>
      </section>

      <section className="card-section">
        <h3>Сигналы ({a.signals.length})</h3>
        <table className="mini-table compact">
          <thead>
            <tr>
              <th>Дата</th>
              <th>Точка</th>
              <th>Нарушение</th>
              <th>Договор</th>
            </tr>
          </thead>
          <tbody>
            {a.signals.slice(0, 200).map((s) => (
              <tr key={s.signalId}>
                <td>{formatDate(s.visitDate)}</td>
                <td title={s.outletName}>{s.outletCode}</td>
                <td>
                  {TYPE_RU[s.signalType] ?? s.signalType} {s.objectCode}
                </td>
                <td>{s.contractNo ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {a.signals.length > 200 && <div className="muted">Показаны первые 200 из {a.signals.length}.</div>}
      </section>

      <section className="card-section">
        <h3>История</h3>
        <ul className="amn-history">
          {a.history.map((h, i) => (
            <li key={i}>
              <span className="muted">{formatDateTime(h.at)}</span> {COMMAND_RU[h.command] ?? h.command}
              {h.status === 'pending' ? ' (ждёт подтверждения)' : ''} — {h.userName ?? h.userLogin ?? 'система'}
              {h.effect !== null ? `, эффект ${formatMoney(h.effect)}` : ''}
              {h.comment && h.command !== 'amnesty.grant' ? `: ${h.comment}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
});
