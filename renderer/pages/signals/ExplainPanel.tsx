import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatDate, formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { formatBp, TYPE_RU } from './columns';

type Explanation = CommandOutput<'penalties.explain'>;

/** Why a contract-month pays what it pays: fee by terms versions and days, each signal and its rule, the cap, VAT. */
export const ExplainPanel = observer(function ExplainPanel({
  contractId,
  month,
  onClose,
  onAmnesty,
  reloadKey,
}: {
  contractId: number;
  month: string;
  onClose: () => void;
  /** Offered to users who may grant amnesties: opens the grant dialog for this whole contract-month. */
  onAmnesty?: () => void;
  /** Changing it reloads the explanation (after an amnesty changed the penalty). */
  reloadKey?: number;
}) {
  const { api } = useStore();
  const [x, setX] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setX(null);
    api.invoke('penalties.explain', { contractId, month }).then(setX, (e: Error) => setError(e.message));
  }, [api, contractId, month, reloadKey]);

  if (error) return <div className="banner banner-error">{error}</div>;
  if (!x) return <p className="muted">Загрузка…</p>;
  return (
    <div className="explain" data-testid="explain">
      <div className="card-head">
        <div>
          <h2>
            {x.contract.number} · {month}
          </h2>
          <div className="muted">
            {x.contract.counterpartyName}, ИНН {x.contract.counterpartyInn}
          </div>
        </div>
        <div className="actions">
          {onAmnesty && x.signals.length > 0 && (
            <button className="btn" onClick={onAmnesty}>
              Амнистировать весь месяц…
            </button>
          )}
          <button className="btn btn-link" onClick={onClose}>
            Закрыть
          </button>
        </div>
      </div>
      {!x.hasFee && <div className="banner">В этом месяце у договора нет платежа (договор не подписан или месяц вне срока).</div>}
      <section className="card-section">
        <h3>Платёж за месяц</h3>
        <table className="mini-table compact">
          <thead>
            <tr>
              <th>Условия с</th>
              <th>Дни месяца</th>
              <th className="num">Платёж в месяц</th>
            </tr>
          </thead>
          <tbody>
            {x.feeParts.map((p) => (
              <tr key={p.termsId + p.from}>
                <td>{formatDate(p.effectiveFrom)}</td>
                <td>
                  {formatDate(p.from)} — {formatDate(p.to)} ({p.days} из {x.daysInMonth})
                </td>
                <td className="num">{formatMoney(p.monthlyFee)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Платёж за месяц: <b>{formatMoney(x.monthFee)}</b>
          {x.feeParts.length > 1 || x.feeDays < x.daysInMonth ? ' (пропорционально дням, округление один раз)' : ''}
        </p>
      </section>
      <section className="card-section">
        <h3>Штраф по правилам{x.ruleSet ? ` «${x.ruleSet.name}»` : ''}</h3>
        <table className="mini-table compact">
          <thead>
            <tr>
              <th>Нарушение</th>
              <th>Ставка</th>
              <th>Случаев</th>
              <th>Сигналов</th>
              <th className="num">Итого</th>
            </tr>
          </thead>
          <tbody>
            {x.byType.map((t) => (
              <tr key={t.signalType}>
                <td>{TYPE_RU[t.signalType] ?? t.signalType}</td>
                <td>{formatBp(t.percentBp)}</td>
                <td>{t.occurrences}</td>
                <td>{t.signals}</td>
                <td className="num">{formatBp(t.totalBp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Сумма ставок {formatBp(x.sumBp)}
          {x.capApplied ? `, ограничена потолком ${formatBp(x.capBp)}` : ''} → штраф <b>{formatBp(x.totalBp)}</b> = <b>{formatMoney(x.penalty)}</b>
        </p>
      </section>
      <section className="card-section">
        <h3>К выплате</h3>
        <dl className="kv">
          <dt>Без НДС</dt>
          <dd>{formatMoney(x.payout)}</dd>
          <dt>НДС</dt>
          <dd>
            {formatMoney(x.vat)} ({x.vatMode === 'NO_VAT' ? 'без НДС' : `ставка ${formatBp(x.vatRateBp)}`})
          </dd>
          <dt>С НДС</dt>
          <dd>
            <b>{formatMoney(x.payoutTotal)}</b>
          </dd>
        </dl>
        {!x.cacheUpToDate && <div className="banner banner-error">Сохранённый расчёт отличается от текущего: нужен пересчёт.</div>}
      </section>
      <section className="card-section">
        <h3>Сигналы ({x.signals.length})</h3>
        <table className="mini-table compact" data-testid="explain-signals">
          <thead>
            <tr>
              <th>Дата</th>
              <th>Точка</th>
              <th>Нарушение</th>
              <th>Учтён как</th>
              <th className="num">+%</th>
            </tr>
          </thead>
          <tbody>
            {x.signals.map((s) => (
              <tr key={s.signalId} className={s.counted ? undefined : 'muted'}>
                <td>{formatDate(s.visitDate)}</td>
                <td>{s.outletCode}</td>
                <td>
                  {TYPE_RU[s.signalType] ?? s.signalType} {s.objectCode}
                </td>
                <td>{s.counted ? s.basisLabel : `повтор: ${s.basisLabel}`}</td>
                <td className="num">{s.contributedBp ? formatBp(s.contributedBp) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
});
