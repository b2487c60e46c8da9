import { AllCommunityModule, type AgCartesianChartOptions } from 'ag-charts-community';
import { AgCharts } from 'ag-charts-react';
import { useMemo } from 'react';
import type { CommandOutput } from '../../../core/api';
import { monthLabel } from './common';

type ByMonth = CommandOutput<'budget.view'>['byMonth'];

// Registered per chart rather than globally, so this page does not depend on who else set ag-charts up.
const MODULES = [AllCommunityModule];

// Rubles, not kopecks, on the axis: a chart needs magnitudes, the grid beside it has the exact amounts.
const rub = (k: number | null) => (k === null ? undefined : k / 100);

/** Plan and fact as bars per month, the forecast as a line over the coming months. */
export function BudgetChart({ byMonth }: { byMonth: ByMonth }) {
  const options = useMemo<AgCartesianChartOptions>(
    () => ({
      data: byMonth.map((m) => ({ month: monthLabel(m.month), plan: rub(m.plan), fact: rub(m.fact), forecast: rub(m.forecast) })),
      series: [
        { type: 'bar', xKey: 'month', yKey: 'plan', yName: 'План', fill: '#c7d2fe', stroke: '#6366f1' },
        { type: 'bar', xKey: 'month', yKey: 'fact', yName: 'Факт', fill: '#1d4ed8' },
        { type: 'line', xKey: 'month', yKey: 'forecast', yName: 'Прогноз', stroke: '#f59e0b', marker: { fill: '#f59e0b', stroke: '#f59e0b' } },
      ],
      axes: {
        x: { type: 'category', position: 'bottom' },
        y: {
          type: 'number',
          position: 'left',
          label: { formatter: (p: { value: number }) => `${(p.value / 1_000_000).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} млн` },
        },
      },
      tooltip: { enabled: true },
      legend: { position: 'bottom' },
      background: { fill: 'transparent' },
      padding: { top: 8, right: 16, bottom: 8, left: 8 },
    }),
    [byMonth],
  );
  return (
    <div className="pay-chart" data-testid="budget-chart">
      <AgCharts options={options} modules={MODULES} style={{ height: '100%' }} />
    </div>
  );
}
