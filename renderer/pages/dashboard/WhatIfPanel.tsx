import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { monthName } from './format';

type Result = CommandOutput<'dashboard.whatIf'>;
const TYPES = [
  { code: 'OOS', label: 'Нет SKU (OOS), % за SKU' },
  { code: 'EQUIPMENT', label: 'Оборудование, %' },
  { code: 'SCHEDULE', label: 'Закрыта (график), % за день' },
] as const;

const pct = (bp: number) => String(bp / 100).replace('.', ',');
const bp = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

/** «Что если»: other percents or another cap on a month, compared by district; the real rules stay untouched. */
export function WhatIfPanel({ month, onClose }: { month: string; onClose: () => void }) {
  const { api } = useStore();
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The first call without changes shows the real rules to start from.
  useEffect(() => {
    api.invoke('dashboard.whatIf', { month }).then(
      (r) => {
        setResult(r);
        const init: Record<string, string> = { cap: pct(r.currentRules?.capBp ?? 10_000) };
        for (const x of r.currentRules?.rules ?? []) init[x.signalType] = pct(x.percentBp);
        setValues(init);
      },
      (e: Error) => setError(e.message),
    );
  }, [api, month]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const rules: Record<string, number> = {};
      for (const t of TYPES) if (values[t.code] !== undefined && values[t.code] !== '') rules[t.code] = bp(values[t.code]);
      setResult(await api.invoke('dashboard.whatIf', { month, rules, capBp: values.cap ? bp(values.cap) : undefined }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card dash-whatif" data-testid="whatif-panel">
      <div className="card-head">
        <div>
          <h2>Что если: выплаты за {monthName(month)}</h2>
          <p className="muted dash-note">Песочница: действующие правила не меняются, ничего не записывается.</p>
        </div>
        <button className="btn btn-link" onClick={onClose} aria-label="Закрыть">
          ✕
        </button>
      </div>
      <div className="dash-whatif-form">
        {TYPES.map((t) => (
          <label key={t.code}>
            {t.label}
            <input inputMode="decimal" value={values[t.code] ?? ''} onChange={(e) => setValues({ ...values, [t.code]: e.target.value })} aria-label={t.label} />
          </label>
        ))}
        <label>
          Предел, %
          <input inputMode="decimal" value={values.cap ?? ''} onChange={(e) => setValues({ ...values, cap: e.target.value })} aria-label="Предел, %" />
        </label>
        <button className="btn btn-primary" onClick={run} disabled={busy}>
          {busy ? 'Считаю…' : 'Посчитать'}
        </button>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {result && (
        <>
          <p className="muted dash-note">
            Договоров со штрафуемыми сигналами: {result.contractsWithSignals}; изменится выплата у {result.contractsChanged}.
          </p>
          <table className="dash-table" data-testid="whatif-table">
            <thead>
              <tr>
                <th>Округ</th>
                <th>Вознаграждение</th>
                <th>Штрафы сейчас</th>
                <th>Штрафы в песочнице</th>
                <th>К выплате сейчас</th>
                <th>К выплате в песочнице</th>
                <th>Разница</th>
              </tr>
            </thead>
            <tbody>
              {[...result.districts, result.total].map((r) => (
                <tr key={r.federalDistrict || 'total'} className={r.federalDistrict ? undefined : 'dash-total'}>
                  <td title={r.name}>{r.federalDistrict || r.name}</td>
                  <td>{formatMoney(r.monthFee)}</td>
                  <td>{formatMoney(r.currentPenalty)}</td>
                  <td>{formatMoney(r.sandboxPenalty)}</td>
                  <td>{formatMoney(r.currentPayout)}</td>
                  <td>{formatMoney(r.sandboxPayout)}</td>
                  <td className={r.deltaPayout < 0 ? 'dash-bad' : r.deltaPayout > 0 ? 'dash-good' : undefined}>
                    {r.deltaPayout > 0 ? '+' : ''}
                    {formatMoney(r.deltaPayout)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
