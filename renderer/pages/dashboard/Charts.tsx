// The dashboard charts (ag-charts 14, community): money trend, districts, violation types, budget, approval cycle times.
import { AllCommunityModule, type AgCartesianChartOptions } from 'ag-charts-community';
import { AgCharts } from 'ag-charts-react';
import { useMemo } from 'react';
import type { CommandOutput } from '../../../core/api';
import { millions, monthShort } from './format';

// Registered per chart, as the payments page does, so no page depends on another having set ag-charts up.
const MODULES = [AllCommunityModule];
const rub = (k: number | null | undefined) => (k === null || k === undefined ? undefined : k / 100);
const moneyAxis = { type: 'number' as const, position: 'left' as const, label: { formatter: (p: { value: number }) => millions(p.value * 100) } };
const BASE = { background: { fill: 'transparent' }, padding: { top: 8, right: 12, bottom: 4, left: 4 }, legend: { position: 'bottom' as const } };

function Chart(props: { title: string; testId: string; options: AgCartesianChartOptions; note?: string }) {
  return (
    <section className="card dash-chart" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.note && <p className="muted dash-note">{props.note}</p>}
      <div className="dash-chart-body">
        <AgCharts options={props.options} modules={MODULES} style={{ height: '100%' }} />
      </div>
    </section>
  );
}

type Click = { datum: { month?: string; federalDistrict?: string } };

/** Fees, penalties, amnesties and payouts over 12 months; a click on a month makes it the dashboard's month. */
export function TrendChart({ data, onMonth }: { data: CommandOutput<'dashboard.trend'>; onMonth: (m: string) => void }) {
  const options = useMemo<AgCartesianChartOptions>(
    () => ({
      ...BASE,
      data: data.map((p) => ({ month: p.month, label: monthShort(p.month), fee: rub(p.monthFee), penalty: rub(p.penalty), amnesty: rub(p.amnesties), payout: rub(p.payout) })),
      series: [
        { type: 'bar', xKey: 'label', yKey: 'fee', yName: 'Вознаграждение', fill: '#93c5fd', listeners: { seriesNodeClick: (e: Click) => e.datum.month && onMonth(e.datum.month) } },
        { type: 'bar', xKey: 'label', yKey: 'penalty', yName: 'Штрафы', fill: '#f87171', listeners: { seriesNodeClick: (e: Click) => e.datum.month && onMonth(e.datum.month) } },
        { type: 'line', xKey: 'label', yKey: 'amnesty', yName: 'Амнистии', stroke: '#f59e0b', marker: { fill: '#f59e0b' } },
        { type: 'line', xKey: 'label', yKey: 'payout', yName: 'К выплате', stroke: '#15803d', marker: { fill: '#15803d' } },
      ],
      axes: { x: { type: 'category', position: 'bottom' }, y: moneyAxis },
    }),
    [data, onMonth],
  );
  return <Chart title="Динамика за 12 месяцев, ₽" testId="chart-trend" options={options} />;
}

/** Fees and penalties per federal district of the month; a click opens that district's contract-months. */
export function DistrictChart({ data, onDistrict }: { data: CommandOutput<'dashboard.byDistrict'>; onDistrict: (fd: string) => void }) {
  const options = useMemo<AgCartesianChartOptions>(
    () => ({
      ...BASE,
      data: data.map((d) => ({ federalDistrict: d.federalDistrict, fee: rub(d.monthFee), penalty: rub(d.penalty), payout: rub(d.payout) })),
      series: [
        { type: 'bar', xKey: 'federalDistrict', yKey: 'payout', yName: 'К выплате', stacked: true, fill: '#60a5fa', listeners: { seriesNodeClick: (e: Click) => e.datum.federalDistrict && onDistrict(e.datum.federalDistrict) } },
        { type: 'bar', xKey: 'federalDistrict', yKey: 'penalty', yName: 'Штрафы', stacked: true, fill: '#f87171', listeners: { seriesNodeClick: (e: Click) => e.datum.federalDistrict && onDistrict(e.datum.federalDistrict) } },
      ],
      axes: { x: { type: 'category', position: 'bottom' }, y: moneyAxis },
    }),
    [data, onDistrict],
  );
  return <Chart title="По федеральным округам: вознаграждение = выплата + штрафы" testId="chart-districts" options={options} />;
}

/** Signals by violation type per month; a click opens the month's signals. */
export function ViolationsChart({ data, onMonth }: { data: CommandOutput<'dashboard.violations'>; onMonth: (m: string) => void }) {
  const options = useMemo<AgCartesianChartOptions>(() => {
    const click = { seriesNodeClick: (e: Click) => e.datum.month && onMonth(e.datum.month) };
    return {
      ...BASE,
      data: data.map((p) => ({ ...p, label: monthShort(p.month), per100: p.visits > 0 ? Math.round((p.total * 10_000) / p.visits) / 100 : undefined })),
      series: [
        { type: 'bar', xKey: 'label', yKey: 'OOS', yName: 'Нет SKU (OOS)', stacked: true, fill: '#fca5a5', listeners: click },
        { type: 'bar', xKey: 'label', yKey: 'EQUIPMENT', yName: 'Оборудование', stacked: true, fill: '#fdba74', listeners: click },
        { type: 'bar', xKey: 'label', yKey: 'SCHEDULE', yName: 'Закрыта (график)', stacked: true, fill: '#c4b5fd', listeners: click },
      ],
      axes: { x: { type: 'category', position: 'bottom' }, y: { type: 'number', position: 'left' } },
    };
  }, [data, onMonth]);
  return <Chart title="Нарушения по типам, сигналов в месяц" testId="chart-violations" options={options} />;
}

/** Budget plan and fact as bars, the forecast as a line. */
export function BudgetChart({ data }: { data: CommandOutput<'dashboard.budget'> }) {
  const options = useMemo<AgCartesianChartOptions>(
    () => ({
      ...BASE,
      data: data.byMonth.map((m) => ({ label: monthShort(m.month), plan: rub(m.plan), fact: rub(m.fact), forecast: rub(m.forecast) })),
      series: [
        { type: 'bar', xKey: 'label', yKey: 'plan', yName: 'План', fill: '#c7d2fe', stroke: '#6366f1' },
        { type: 'bar', xKey: 'label', yKey: 'fact', yName: 'Факт', fill: '#1d4ed8' },
        { type: 'line', xKey: 'label', yKey: 'forecast', yName: 'Прогноз', stroke: '#f59e0b', marker: { fill: '#f59e0b' } },
      ],
      axes: { x: { type: 'category', position: 'bottom' }, y: moneyAxis },
    }),
    [data],
  );
  const note = data.lastFactMonth ? `Факт — по утверждённым реестрам до ${data.lastFactMonth}; прогноз с ${data.forecastFrom}.` : `Утверждённых реестров ещё нет; прогноз с ${data.forecastFrom}.`;
  return <Chart title="Бюджет: план, факт, прогноз (без НДС), ₽" testId="chart-budget" options={options} note={note} />;
}

/** How long approvals took, with the buckets within the 3-hour goal in green. */
export function CycleChart({ data }: { data: CommandOutput<'dashboard.cycleTimes'> }) {
  const options = useMemo<AgCartesianChartOptions>(
    () => ({
      ...BASE,
      legend: { enabled: false },
      data: data.buckets.map((b) => ({ label: b.label, within: b.withinGoal ? b.count : undefined, over: b.withinGoal ? undefined : b.count })),
      series: [
        { type: 'bar', xKey: 'label', yKey: 'within', yName: 'В пределах цели (≤ 3 ч)', stacked: true, fill: '#4ade80' },
        { type: 'bar', xKey: 'label', yKey: 'over', yName: 'Дольше цели', stacked: true, fill: '#fb923c' },
      ],
      axes: { x: { type: 'category', position: 'bottom' }, y: { type: 'number', position: 'left' } },
    }),
    [data],
  );
  const note = data.total === 0 ? 'За эти 12 месяцев ни один договор не прошёл согласование до конца.' : 'От отправки на согласование до последнего «согласовано».';
  return <Chart title={`Время согласования договоров (${data.total} за 12 мес.)`} testId="chart-cycle" options={options} note={note} />;
}
