import type { Kpi, KpiKey } from '../../../core/dashboard/kpis';
import { formatMoney } from '../../format';
import { formatDelta, formatKpi, monthName, toMonth } from './format';

// Keys where growth is bad news: their delta is red when it goes up, green when it goes down.
const UP_IS_BAD: ReadonlySet<KpiKey> = new Set(['penalties', 'penaltyShare', 'signalsPer100Visits', 'cycleMedian', 'cycleP90', 'overdueSteps']);

function deltaClass(t: Kpi): string {
  if (t.delta === null || t.delta === 0 || !UP_IS_BAD.has(t.key)) return 'dash-delta';
  return t.delta > 0 ? 'dash-delta dash-bad' : 'dash-delta dash-good';
}

/** The KPI tiles; each opens the grid behind it. */
export function KpiTiles(props: { tiles: Kpi[]; previousMonth: string; onOpen: (key: KpiKey) => void }) {
  return (
    <div className="dash-tiles" data-testid="kpi-tiles">
      {props.tiles.map((t) => (
        <button
          key={t.key}
          className={`dash-tile${t.meetsGoal === false ? ' dash-tile-warn' : ''}`}
          data-testid={`kpi-${t.key}`}
          title="Открыть список за этим числом"
          onClick={() => props.onOpen(t.key)}
        >
          <span className="dash-tile-label">{t.label}</span>
          <span className="dash-tile-value" data-testid={`kpi-${t.key}-value`}>
            {formatKpi(t.unit, t.value)}
          </span>
          {t.secondary && (
            <span className="dash-tile-hint">
              {t.secondary.label}: {t.secondary.unit === 'money' ? formatMoney(t.secondary.value) : t.secondary.value.toLocaleString('ru-RU')}
            </span>
          )}
          {t.hint && <span className="dash-tile-hint">{t.hint}</span>}
          {t.goal !== undefined && <span className="dash-tile-hint">цель ≤ {t.goal} ч</span>}
          <span className={deltaClass(t)}>
            {t.previous === null && t.delta === null
              ? t.key === 'overdueSteps'
                ? ' '
                : `за ${monthName(props.previousMonth)}: нет данных`
              : `${formatDelta(t.unit, t.delta)} ${toMonth(props.previousMonth)}`}
          </span>
        </button>
      ))}
    </div>
  );
}
