import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import { downloadBase64, XLSX_MIME } from '../../files/download';
import { formatMoney } from '../../format';
import { gridTheme } from '../../grid/setup';
import { AG_GRID_LOCALE_RU } from '../../i18n/agGridRu';
import { ImportWizard } from '../../import/ImportWizard';
import { useStore } from '../../stores/RootStore';
import { BudgetChart } from './BudgetChart';
import { errorText, monthFromNow, monthLabel } from './common';

type View = CommandOutput<'budget.view'>;
type Row = View['rows'][number] & { deviation?: number | null };

const money = { type: 'rightAligned', width: 150, valueFormatter: (p: { value: unknown }) => formatMoney(p.value as number | null) };

// Deviation: what is (or is expected to be) paid minus the plan; positive means over budget.
const deviation = (r: { plan: number | null; fact: number | null; forecast: number | null }) =>
  r.plan === null ? null : (r.fact ?? r.forecast ?? 0) - r.plan;

const COLUMNS: ColDef<Row>[] = [
  { field: 'federalDistrict', headerName: 'ФО', width: 90, headerTooltip: 'Федеральный округ' },
  { field: 'federalDistrictName', headerName: 'Федеральный округ', flex: 1, minWidth: 200 },
  { field: 'month', headerName: 'Месяц', width: 140, valueFormatter: (p) => (p.value ? monthLabel(p.value) : '') },
  { field: 'plan', headerName: 'План', ...money },
  { field: 'fact', headerName: 'Факт', ...money },
  { field: 'forecast', headerName: 'Прогноз', ...money },
  {
    colId: 'deviation',
    headerName: 'Отклонение от плана',
    headerTooltip: 'Факт (или прогноз) минус план; больше нуля — перерасход',
    ...money,
    width: 195,
    valueGetter: (p) => (p.data?.deviation !== undefined ? p.data.deviation : p.data ? deviation(p.data) : null),
    cellClass: (p) => (typeof p.value === 'number' && p.value > 0 ? 'pay-over' : undefined),
  },
];

/** Бюджет: plan vs fact vs forecast per district and month, a chart of the months, the plan import and its template. */
export const BudgetTab = observer(function BudgetTab() {
  const { api, session } = useStore();
  const canImport = session.can('budget.import');
  const [from, setFrom] = useState(monthFromNow(-6));
  const [to, setTo] = useState(monthFromNow(5));
  const [district, setDistrict] = useState('');
  const [districts, setDistricts] = useState<{ code: string; name: string }[]>([]);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api.invoke('reference.list', { kind: 'federalDistricts' }).then(
      (rows) => setDistricts(rows.map((r) => ({ code: String(r.code), name: String(r.name) }))),
      () => setDistricts([]),
    );
  }, [api]);

  useEffect(() => {
    let live = true;
    api.invoke('budget.view', { from, to, ...(district ? { federalDistrict: district } : {}) }).then(
      (v) => live && (setView(v), setError(null)),
      (e: unknown) => live && (setView(null), setError(errorText(e))),
    );
    return () => {
      live = false;
    };
  }, [api, from, to, district, reload]);

  const template = useCallback(() => api.invoke('budget.template', {}), [api]);
  const downloadTemplate = () =>
    template().then(
      (t) => downloadBase64(t.fileName, t.contentBase64, XLSX_MIME),
      (e: unknown) => setError(errorText(e)),
    );

  const totalsRow = useMemo<Partial<Row>[]>(
    () => {
      if (!view) return [];
      const t = view.totals;
      // Over a range mixing past and coming months, what is expected = fact so far + forecast for the rest.
      return [{ federalDistrict: 'Итого', federalDistrictName: '', plan: t.plan, fact: t.fact, forecast: t.forecast, deviation: t.fact + t.forecast - t.plan }];
    },
    [view],
  );

  return (
    <div className="pay-budget">
      <div className="toolbar">
        <label className="inline-form">
          Федеральный округ{' '}
          <select value={district} onChange={(e) => setDistrict(e.target.value)} aria-label="Федеральный округ">
            <option value="">все доступные</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} — {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-form">
          с <input type="month" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} aria-label="С месяца" />
        </label>
        <label className="inline-form">
          по <input type="month" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} aria-label="По месяц" />
        </label>
        <span className="spacer" />
        <button className="btn" onClick={downloadTemplate}>
          Шаблон плана
        </button>
        {canImport && (
          <button className="btn btn-primary" onClick={() => setImporting((v) => !v)} aria-pressed={importing}>
            Загрузить план…
          </button>
        )}
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {view && (
        <p className="hint" data-testid="budget-rule">
          {view.lastFactMonth ? `Факт — утверждённые реестры по ${monthLabel(view.lastFactMonth)} включительно. ` : 'Утверждённых реестров ещё нет. '}
          Прогноз с {monthLabel(view.forecastFrom)}: платежи действующих договоров × (1 − средняя доля штрафов за{' '}
          {view.trailingMonths.map(monthLabel).join(', ')}
          {view.shares.length === 1 ? `: ${(view.shares[0].shareBp / 100).toLocaleString('ru-RU')} %` : ''}).
        </p>
      )}
      <div className="split">
        <div className="pay-budget-main">
          {view && <BudgetChart byMonth={view.byMonth} />}
          <div className="grid-host pay-budget-grid" data-testid="budget-grid">
            <AgGridReact<Row>
              theme={gridTheme}
              localeText={AG_GRID_LOCALE_RU}
              columnDefs={COLUMNS}
              rowData={view?.rows ?? []}
              pinnedBottomRowData={totalsRow as Row[]}
              defaultColDef={{ sortable: true, resizable: true }}
              getRowId={(p) => `${p.data.federalDistrict}-${p.data.month}`}
              overlayNoRowsTemplate='<span class="grid-empty">Нет данных за выбранный период.</span>'
            />
          </div>
        </div>
        {importing && (
          <aside className="detail detail-wide">
            <div className="detail-head">
              <h2>План бюджета</h2>
              <button className="btn btn-link" onClick={() => setImporting(false)} aria-label="Закрыть">
                ✕
              </button>
            </div>
            <p className="hint">Колонки: «Федеральный округ», «Месяц» (ГГГГ-ММ), «Сумма, ₽» без НДС. Существующий план за тот же округ и месяц заменяется.</p>
            <ImportWizard
              title="Импорт плана"
              run={(input) => api.invoke('budget.importPlan', input)}
              template={template}
              onCommitted={() => setReload((n) => n + 1)}
            />
          </aside>
        )}
      </div>
    </div>
  );
});
