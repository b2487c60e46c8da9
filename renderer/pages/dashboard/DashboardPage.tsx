import { toPng } from 'html-to-image';
import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import type { KpiKey } from '../../../core/dashboard/kpis';
import { BUDGET_MONTHS_AHEAD, monthOf, shiftMonth } from '../../../core/dashboard/months';
import { downloadBase64, XLSX_MIME } from '../../files/download';
import { useStore } from '../../stores/RootStore';
import { BudgetChart, CycleChart, DistrictChart, TrendChart, ViolationsChart } from './Charts';
import { areaFromHash, areaParams, hashParams, openSection, type AreaFilter } from './drill';
import { monthName } from './format';
import { KpiTiles } from './KpiTiles';
import { parseSubject, TimelinePanel, type TimelineSubject } from './TimelinePanel';
import { WhatIfPanel } from './WhatIfPanel';
import './dashboard.css';

interface Data {
  kpis: CommandOutput<'dashboard.kpis'>;
  trend: CommandOutput<'dashboard.trend'>;
  districts: CommandOutput<'dashboard.byDistrict'>;
  violations: CommandOutput<'dashboard.violations'>;
  cycle: CommandOutput<'dashboard.cycleTimes'>;
  budget: CommandOutput<'dashboard.budget'> | null;
}
type Option = { code: string; name: string; federalDistrict?: string };

// Tiles of the contract-month cache open «Сигналы и штрафы» on its contract-months tab.
const MONEY_TILES: ReadonlySet<KpiKey> = new Set(['activeContracts', 'monthFees', 'penalties', 'netPayouts', 'penaltyShare']);

/** Дашборд: KPI tiles, charts, what-if and timelines for a month and an area, with drill-through and exports. */
export const DashboardPage = observer(function DashboardPage() {
  const { api, session } = useStore();
  const initial = useMemo(() => hashParams(), []);
  const [month, setMonth] = useState(() => initial.get('month') ?? shiftMonth(monthOf(new Date()), -1));
  const [area, setArea] = useState<AreaFilter>(() => areaFromHash(initial));
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [districts, setDistricts] = useState<Option[]>([]);
  const [regions, setRegions] = useState<Option[]>([]);
  const [whatIf, setWhatIf] = useState(false);
  const [subject, setSubject] = useState<TimelineSubject | null>(() => parseSubject(initial.get('timeline')));
  const [timeline, setTimeline] = useState(() => initial.has('timeline'));
  const [missing, setMissing] = useState<string[]>([]);
  const board = useRef<HTMLDivElement>(null);
  const canBudget = session.can('budget.read');

  useEffect(() => {
    api.invoke('reference.list', { kind: 'federalDistricts' }).then((r) => setDistricts(r as unknown as Option[]), () => setDistricts([]));
    api.invoke('reference.list', { kind: 'regions' }).then((r) => setRegions(r as unknown as Option[]), () => setRegions([]));
    api.invoke('settings.list', {}).then((list) => setMissing(list.filter((s) => s.key.startsWith('company.') && !s.value).map((s) => s.label)), () => setMissing([]));
  }, [api]);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    setError(null);
    Promise.all([
      api.invoke('dashboard.kpis', { month, ...area }),
      api.invoke('dashboard.trend', { to: month, months: 12, ...area }),
      api.invoke('dashboard.byDistrict', { month }),
      api.invoke('dashboard.violations', { to: month, months: 12, ...area }),
      api.invoke('dashboard.cycleTimes', { to: month, months: 12, ...area }),
      canBudget ? api.invoke('dashboard.budget', { to: shiftMonth(month, BUDGET_MONTHS_AHEAD), months: 12, federalDistrict: area.federalDistrict }) : Promise.resolve(null),
    ]).then(
      ([kpis, trend, byDistrict, violations, cycle, budget]) => {
        if (!stale) setData({ kpis, trend, districts: byDistrict, violations, cycle, budget });
      },
      (e: Error) => !stale && setError(e.message),
    ).finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [api, month, area, canBudget]);

  // The filters live in the hash too, so «Назад» from a drill-through returns to the same month and area.
  useEffect(() => {
    const q = new URLSearchParams({ month });
    if (area.federalDistrict) q.set('fd', area.federalDistrict);
    if (area.regionCode) q.set('rg', area.regionCode);
    // The start page has an empty hash; never overwrite another page's hash (the effect may run during a switch).
    const h = window.location.hash;
    if (h === '' || h === '#' || h.startsWith('#/dashboard')) window.history.replaceState(null, '', `#/dashboard?${q}`);
  }, [month, area]);

  const drill = useCallback(
    (key: KpiKey) => {
      if (MONEY_TILES.has(key)) openSection('signals', { tab: 'months', month, ...areaParams(area) });
      else if (key === 'signalsPer100Visits') openSection('signals', { tab: 'signals', month, ...areaParams(area) });
      else if (key === 'amnesties') openSection('amnesty', { status: 'applied' });
      else openSection('approvals', {});
    },
    [month, area],
  );
  const onDistrict = useCallback((fd: string) => openSection('signals', { tab: 'months', month, fd }), [month]);
  const onViolationsMonth = useCallback((m: string) => openSection('signals', { tab: 'signals', month: m, ...areaParams(area) }), [area]);

  const exportPng = async () => {
    if (!board.current) return;
    const url = await toPng(board.current, { backgroundColor: '#f4f6fa', pixelRatio: 1.5 });
    downloadBase64(`dashboard_${month}.png`, url.slice(url.indexOf(',') + 1), 'image/png');
  };
  const exportXlsx = async () => {
    const r = await api.invoke('dashboard.exportXlsx', { month, ...area });
    downloadBase64(r.fileName, r.base64, XLSX_MIME);
  };

  const areaName = area.regionCode
    ? (regions.find((r) => r.code === area.regionCode)?.name ?? area.regionCode)
    : area.federalDistrict
      ? (districts.find((d) => d.code === area.federalDistrict)?.name ?? area.federalDistrict)
      : 'все регионы';
  const regionChoices = regions.filter((r) => !area.federalDistrict || r.federalDistrict === area.federalDistrict);

  return (
    <div className="page dash-page">
      <div className="toolbar dash-toolbar no-print">
        <label className="inline-form">
          Месяц <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} aria-label="Месяц" />
        </label>
        <label className="inline-form">
          Округ
          <select aria-label="Федеральный округ" value={area.federalDistrict ?? ''} onChange={(e) => setArea({ federalDistrict: e.target.value || undefined })}>
            <option value="">все</option>
            {districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-form">
          Регион
          <select aria-label="Регион" value={area.regionCode ?? ''} onChange={(e) => setArea({ federalDistrict: area.federalDistrict, regionCode: e.target.value || undefined })}>
            <option value="">все</option>
            {regionChoices.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button className="btn" onClick={() => setWhatIf(!whatIf)} aria-pressed={whatIf}>
          Что если…
        </button>
        <button className="btn" onClick={() => setTimeline(!timeline)} aria-pressed={timeline}>
          Хронология…
        </button>
        <button className="btn" onClick={exportPng} title="Картинка дашборда для совещания">
          PNG
        </button>
        <button className="btn" onClick={() => window.print()} title="Печать или сохранение в PDF на одной странице">
          PDF
        </button>
        <button className="btn" onClick={exportXlsx} title="Данные дашборда в Excel">
          XLSX
        </button>
      </div>
      {missing.length > 0 && (
        <div className="banner dash-warn no-print">
          Не заполнены реквизиты компании ({missing.join(', ')}) — документы и выгрузки будут недоступны.
        </div>
      )}
      {error && <div className="banner banner-error">{error}</div>}
      <div className="dash-layout">
        <div className="dash-board" ref={board} data-testid="dashboard-board">
          <div className="dash-head">
            <h2>
              {monthName(month)} · {areaName}
            </h2>
            <span className="muted">
              {session.user?.fullName}
              {loading ? ' · обновляю…' : ''}
            </span>
          </div>
          {data && (
            <>
              <KpiTiles tiles={data.kpis.tiles} previousMonth={data.kpis.previousMonth} onOpen={drill} />
              <div className="dash-charts">
                <TrendChart data={data.trend} onMonth={setMonth} />
                <DistrictChart data={data.districts} onDistrict={onDistrict} />
                <ViolationsChart data={data.violations} onMonth={onViolationsMonth} />
                {data.budget ? <BudgetChart data={data.budget} /> : null}
                <CycleChart data={data.cycle} />
              </div>
            </>
          )}
          {whatIf && <WhatIfPanel month={month} onClose={() => setWhatIf(false)} />}
        </div>
        {timeline && (
          <TimelinePanel
            subject={subject}
            onSubject={setSubject}
            onClose={() => {
              setTimeline(false);
              setSubject(null);
            }}
          />
        )}
      </div>
    </div>
  );
});
