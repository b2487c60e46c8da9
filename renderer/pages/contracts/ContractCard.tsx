import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { CommandOutput } from '../../../core/api';
import { ApiError } from '../../api/client';
import { downloadBase64 } from '../../files/download';
import { formatDate, formatDateTime, formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { isStaleSave } from '../masterdata/formErrors';
import { ROLE_RU } from './columns';
import { SupplementForm } from './SupplementForm';

type Card = CommandOutput<'contracts.get'>;

const DECISION_RU: Record<string, string> = { approve: 'согласовал(а)', return: 'вернул(а)', reject: 'отклонил(а)', comment: 'прокомментировал(а)' };
const STEP_RU: Record<string, string> = {
  waiting: 'ожидает',
  pending: 'на рассмотрении',
  approved: 'согласовано',
  returned: 'возвращено',
  rejected: 'отклонено',
  cancelled: 'отменено',
};
const INSTANCE_RU: Record<string, string> = {
  in_progress: 'идёт согласование',
  approved: 'согласован',
  returned: 'возвращён на доработку',
  rejected: 'отклонён',
  recalled: 'отозван',
};
const VAT_RU: Record<string, string> = { VAT: 'НДС (общий)', VAT5: 'НДС 5 %', VAT7: 'НДС 7 %', NO_VAT: 'Без НДС' };

function Section({ title, children, count }: { title: string; children: ReactNode; count?: number }) {
  return (
    <section className="card-section">
      <h3>
        {title}
        {count !== undefined && <span className="muted"> · {count}</span>}
      </h3>
      {children}
    </section>
  );
}

/** Problems found by the core, listed all at once. */
export function IssueList({ issues }: { issues: { message: string }[] }) {
  return (
    <ul className="issues" role="alert">
      {issues.map((i, n) => (
        <li key={n}>{i.message}</li>
      ))}
    </ul>
  );
}

export interface ContractCardProps {
  contractId: number;
  onClose?: () => void;
  /** Called after an action changed the contract, so lists can refresh. */
  onChanged?: () => void;
  /** Extra controls shown under the header (the approvals inbox puts its decision box here). */
  children?: ReactNode;
  reloadKey?: number;
}

/** The contract card: parties, outlets, terms history, agreements, approvals, audit, and the actions its status allows. */
export const ContractCard = observer(function ContractCard(props: ContractCardProps) {
  const { api, session } = useStore();
  const [card, setCard] = useState<Card | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  // Someone else changed the contract since this card was loaded: the action was refused, «Обновить» reloads.
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [signDate, setSignDate] = useState('');
  const [showSupplement, setShowSupplement] = useState(false);
  const { contractId, onChanged } = props;

  const load = useCallback(() => {
    api.invoke('contracts.get', { id: contractId }).then(
      (c) => {
        setCard(c);
        setError(null);
        setStale(false);
      },
      (e: Error) => setError(e.message),
    );
  }, [api, contractId]);
  useEffect(() => {
    setCard(null);
    setIssues([]);
    setNotice(null);
    setShowSupplement(false);
    load();
  }, [load, props.reloadKey]);

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setIssues([]);
    setNotice(null);
    setStale(false);
    try {
      await fn();
      setNotice(done);
      load();
      onChanged?.();
    } catch (e) {
      setStale(isStaleSave(e));
      if (e instanceof ApiError) {
        const list = (e.details?.issues as { message: string }[] | undefined) ?? [{ message: e.message }];
        setIssues(list);
      } else setIssues([{ message: String(e) }]);
    }
  };

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!card) return <p className="muted">Загрузка…</p>;
  const current = card.terms.find((t) => t.isCurrent) ?? card.terms[card.terms.length - 1];

  return (
    <div className="contract-card" data-testid="contract-card">
      <div className="card-head">
        <div>
          <h2>
            Договор {card.number} <span className={`status-badge status-${card.status}`}>{card.statusName}</span>
          </h2>
          <div className="muted">
            {card.counterparty.name} · {card.categoryName} · {formatDate(card.startDate)} — {formatDate(card.terminatedDate ?? card.endDate)}
          </div>
        </div>
        {props.onClose && (
          <button className="btn btn-link" onClick={props.onClose} aria-label="Закрыть карточку">
            Закрыть
          </button>
        )}
      </div>
      <div className="kpis">
        <div>
          <span className="muted">Платёж в месяц</span>
          <b>{formatMoney(current?.monthlyFee)}</b>
        </div>
        <div>
          <span className="muted">В год</span>
          <b>{formatMoney(card.annualValue)}</b>
        </div>
        <div>
          <span className="muted">Менеджер</span>
          <b>{card.managerName ?? '—'}</b>
        </div>
        <div>
          <span className="muted">Подписан</span>
          <b>{card.signedDate ? formatDate(card.signedDate) : '—'}</b>
        </div>
      </div>
      {props.children}
      {notice && <div className="banner banner-ok">{notice}</div>}
      {issues.length > 0 && <IssueList issues={issues} />}
      {stale && (
        <button className="btn" onClick={() => load()}>
          Обновить
        </button>
      )}

      <div className="actions">
        {card.status === 'draft' && session.can('contracts.submit') && (
          <button className="btn btn-primary" onClick={() => void act(() => api.invoke('approvals.submit', { contractId: card.id, version: card.version }), 'Договор отправлен на согласование')}>
            Отправить на согласование
          </button>
        )}
        {card.status === 'on_approval' && session.can('contracts.submit') && (
          <button className="btn" onClick={() => void act(() => api.invoke('approvals.recall', { contractId: card.id, version: card.version }), 'Договор отозван с согласования')}>
            Отозвать
          </button>
        )}
        {card.status === 'approved' && session.can('contracts.sign') && (
          <span className="inline-form">
            <label>
              Дата подписания{' '}
              <input type="date" value={signDate} onChange={(e) => setSignDate(e.target.value)} aria-label="Дата подписания" />
            </label>
            <button
              className="btn btn-primary"
              disabled={!signDate}
              onClick={() => void act(() => api.invoke('contracts.sign', { id: card.id, signedDate: signDate, version: card.version }), 'Договор отмечен подписанным')}
            >
              Отметить подписанным
            </button>
          </span>
        )}
        {(card.status === 'signed' || card.status === 'active') && session.can('contracts.supplement') && (
          <button className="btn" onClick={() => setShowSupplement((v) => !v)}>
            Допсоглашение…
          </button>
        )}
        {session.can('documents.read') && (
          <button className="btn" onClick={() => void act(async () => { const f = await api.invoke('documents.contractDocx', { contractId: card.id }); downloadBase64(f.fileName, f.contentBase64, f.mime); }, 'Договор выгружен в DOCX')}>
            Договор (DOCX)
          </button>
        )}
      </div>
      {showSupplement && current && (
        <SupplementForm
          card={card}
          current={current}
          onReload={load}
          onDone={() => {
            setShowSupplement(false);
            setNotice('Допсоглашение оформлено: создана новая версия условий');
            load();
            onChanged?.();
          }}
        />
      )}

      {card.submissionIssues && card.submissionIssues.length > 0 && (
        <Section title="Что нужно исправить перед отправкой" count={card.submissionIssues.length}>
          <IssueList issues={card.submissionIssues} />
        </Section>
      )}

      <Section title="Контрагент">
        <dl className="kv">
          <dt>Наименование</dt>
          <dd>
            {card.counterparty.name} ({card.counterparty.type})
          </dd>
          <dt>ИНН / КПП</dt>
          <dd>
            {card.counterparty.inn} / {card.counterparty.kpp ?? '—'}
          </dd>
          <dt>ОГРН</dt>
          <dd>{card.counterparty.ogrn ?? '—'}</dd>
          <dt>Банк</dt>
          <dd>
            {card.counterparty.bankName ?? '—'}, БИК {card.counterparty.bik ?? '—'}, р/с {card.counterparty.account ?? '—'}
          </dd>
          <dt>НДС</dt>
          <dd>{VAT_RU[card.counterparty.vatMode] ?? card.counterparty.vatMode}</dd>
          <dt>ЭДО</dt>
          <dd>{card.counterparty.edoId ?? '—'}</dd>
        </dl>
        {card.counterparty.requisiteIssues.length > 0 && <IssueList issues={card.counterparty.requisiteIssues.map((i) => ({ message: i.reason }))} />}
      </Section>

      <Section title="Торговые точки" count={card.outlets.length}>
        <table className="mini-table">
          <tbody>
            {card.outlets.map((o) => (
              <tr key={o.id}>
                <td>{o.code}</td>
                <td>{o.name}</td>
                <td>
                  {o.regionName} ({o.federalDistrict})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title="Условия (версии)" count={card.terms.length}>
        <table className="mini-table compact">
          <thead>
            <tr>
              <th>Действует</th>
              <th>Платёж в месяц</th>
              <th>Обязательные SKU</th>
              <th>Оборудование</th>
              <th>График</th>
              <th>Основание</th>
            </tr>
          </thead>
          <tbody>
            {card.terms.map((t) => (
              <tr key={t.id} className={t.isCurrent ? 'current' : undefined}>
                <td>
                  {formatDate(t.effectiveFrom)} — {formatDate(t.effectiveTo)}
                </td>
                <td className="num">{formatMoney(t.monthlyFee)}</td>
                <td>{t.skus.map((s) => s.code).join(', ') || '—'}</td>
                <td>{t.equipment.map((e) => e.name).join(', ') || '—'}</td>
                <td>{t.schedule ?? '—'}</td>
                <td>{t.reason === 'initial' ? 'договор' : t.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      {card.agreements.length > 0 && (
        <Section title="Допсоглашения" count={card.agreements.length}>
          <table className="mini-table">
            <tbody>
              {card.agreements.map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <td>{a.kind}</td>
                  <td>с {formatDate(a.effectiveFrom)}</td>
                  <td>{a.createdByName ?? ''}</td>
                  {session.can('documents.read') && (
                    <td>
                      <button className="btn btn-link" onClick={() => void act(async () => { const f = await api.invoke('documents.supplementDocx', { supplementId: a.id }); downloadBase64(f.fileName, f.contentBase64, f.mime); }, `Допсоглашение ${a.number} выгружено в DOCX`)}>
                        Доп. соглашение (DOCX)
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}

      <Section title="Согласование" count={card.approvals.length}>
        {card.approvals.length === 0 && <p className="muted">Договор ещё не отправлялся на согласование.</p>}
        {card.approvals.map((a) => (
          <div key={a.id} className="approval-run">
            <div>
              <b>{a.routeName}</b> · отправил(а) {a.submittedByName ?? '—'} {formatDateTime(a.submittedAt)} · <i>{INSTANCE_RU[a.status] ?? a.status}</i>
            </div>
            <ol className="steps">
              {a.steps.map((s) => (
                <li key={s.id} className={`step step-${s.status}`}>
                  <span>
                    {ROLE_RU[s.role] ?? s.role}
                    {s.userName ? ` (${s.userName})` : ''} — {STEP_RU[s.status] ?? s.status}
                    {s.dueAt && s.status === 'pending' ? `, срок ${formatDateTime(s.dueAt)}` : ''}
                  </span>
                  {s.decisions.map((d) => (
                    <div key={d.id} className="decision">
                      {formatDateTime(d.at)} {d.userName} {DECISION_RU[d.decision] ?? d.decision}
                      {d.onBehalfOfName ? ` за ${d.onBehalfOfName}` : ''}
                      {d.comment ? `: «${d.comment}»` : ''}
                    </div>
                  ))}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </Section>

      <Section title="Журнал изменений" count={card.audit.length}>
        <table className="mini-table" data-testid="contract-audit">
          <tbody>
            {card.audit.map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.at)}</td>
                <td>{a.userLogin ?? ''}</td>
                <td>{a.command}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
});
