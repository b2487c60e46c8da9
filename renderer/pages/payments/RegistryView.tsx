import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import type { GridRequest } from '../../../core/grid/request';
import { downloadBase64, fileToBase64 } from '../../files/download';
import { formatDateTime, formatMoney } from '../../format';
import { GridCount } from '../../grid/GridCount';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { errorText, monthLabel, type RegistryStatus } from './common';
import { LINE_COLUMNS, statusBadge, type LineRow } from './registryColumns';

type Registry = CommandOutput<'payments.getRegistry'>;
type Check = Registry['checks'][number];
type SummaryRow = CommandOutput<'payments.registrySummary'>[number];
type Grouping = 'none' | 'federal_district' | 'region';
type Totals = CommandOutput<'payments.registryLines'>['totals'];

const todayIso = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function Sum({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="pay-sum">
      <span>{label}</span>
      <b data-testid={testId}>{value}</b>
    </div>
  );
}

/** The failing checks, each with the lines it found; clicking a line filters the grid to its contract. */
function ChecksPanel({ checks, onPick }: { checks: Check[]; onPick: (contractNumber: string) => void }) {
  const failing = checks.filter((c) => !c.ok);
  if (failing.length === 0) {
    return (
      <p className="pay-checks-ok" data-testid="checks-ok">
        ✓ Все проверки пройдены: реквизиты, банковские данные, суммы, подписанные договоры, контрольная сумма.
      </p>
    );
  }
  return (
    <div className="pay-checks" data-testid="checks">
      {failing.map((c) => (
        <details key={c.code} className={c.severity === 'error' ? 'pay-check' : 'pay-check pay-warning'} data-testid={`check-${c.code}`} open={failing.length <= 2}>
          <summary>
            {c.severity === 'error' ? 'Ошибка' : 'Предупреждение'}: {c.title} — {c.count}
            {c.message ? `. ${c.message}` : ''}
          </summary>
          {c.lines.length > 0 && (
            <ul>
              {c.lines.map((l, i) => (
                <li key={`${l.lineId ?? 'x'}-${i}`}>
                  <button type="button" onClick={() => onPick(l.contractNumber)} title="Показать строку в таблице">
                    {l.contractNumber}
                  </button>{' '}
                  {l.counterpartyName}: {l.message}
                </li>
              ))}
              {c.count > c.lines.length && <li className="muted">…и ещё {c.count - c.lines.length}</li>}
            </ul>
          )}
        </details>
      ))}
    </div>
  );
}

/** Lines aggregated by district or region (ag-grid community has no row grouping, so the core sums them). */
function SummaryTable({ rows, by }: { rows: SummaryRow[]; by: Grouping }) {
  return (
    <div className="pay-summary" data-testid="registry-summary">
      <table className="pay-table">
        <thead>
          <tr>
            <th>{by === 'region' ? 'Регион' : 'Федеральный округ'}</th>
            <th className="num">Строк</th>
            <th className="num">Без НДС</th>
            <th className="num">НДС</th>
            <th className="num">С НДС</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key ?? '—'}>
              <td>{by === 'federal_district' && r.key ? `${r.key} — ${r.name}` : r.name}</td>
              <td className="num">{r.count}</td>
              <td className="num">{formatMoney(r.payout)}</td>
              <td className="num">{formatMoney(r.vat)}</td>
              <td className="num">{formatMoney(r.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Итого</td>
            <td className="num">{rows.reduce((s, r) => s + r.count, 0)}</td>
            <td className="num">{formatMoney(rows.reduce((s, r) => s + r.payout, 0))}</td>
            <td className="num">{formatMoney(rows.reduce((s, r) => s + r.vat, 0))}</td>
            <td className="num">{formatMoney(rows.reduce((s, r) => s + r.total, 0))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** One registry: header with totals and status, checks, held counterparties, lines with totals, grouping and actions. */
export const RegistryView = observer(function RegistryView({ id, notice: initialNotice, onBack }: { id: number; notice: string | null; onBack: () => void }) {
  const { api, session } = useStore();
  const [reg, setReg] = useState<Registry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const [search, setSearch] = useState('');
  const [lineTotal, setLineTotal] = useState<number | null>(null);
  const [totals, setTotals] = useState<Totals | null>(null);
  const [grouping, setGrouping] = useState<Grouping>('none');
  const [summary, setSummary] = useState<SummaryRow[] | null>(null);
  const [paidDate, setPaidDate] = useState(todayIso());
  const [mismatches, setMismatches] = useState<CommandOutput<'payments.importConfirmation'>['mismatches']>([]);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    api.invoke('payments.getRegistry', { id }).then(
      (r) => live && setReg(r),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [api, id, reload]);

  useEffect(() => {
    if (grouping === 'none') return setSummary(null);
    api.invoke('payments.registrySummary', { registryId: id, by: grouping }).then(setSummary, (e: unknown) => setError(errorText(e)));
  }, [api, id, grouping, reload]);

  const fetchLines = useCallback(
    async (req: GridRequest) => {
      const page = await api.invoke('payments.registryLines', { ...req, registryId: id });
      setTotals(page.totals);
      return page;
    },
    [api, id],
  );

  const pinned = useMemo<Partial<LineRow>[]>(
    () => (totals ? [{ contractNumber: 'Итого', counterpartyName: `строк: ${totals.count}`, payout: totals.payout, vat: totals.vat, total: totals.total }] : []),
    [totals],
  );

  /** Runs an action, then reloads the header, checks and lines. */
  const act = async (what: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const text = await what();
      if (text) setNotice(text);
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!reg) {
    return (
      <div className="pay-registry">
        <div className="toolbar">
          <button className="btn" onClick={onBack}>
            ← Все реестры
          </button>
        </div>
        {error ? <div className="banner banner-error">{error}</div> : <p className="hint">Загрузка…</p>}
      </div>
    );
  }

  const status = reg.status as RegistryStatus;
  const can = (p: Parameters<typeof session.can>[0]) => session.can(p);
  const download = (format: 'xlsx' | '1c') =>
    act(async () => {
      const f = await api.invoke('payments.exportRegistry', { id: reg.id, format });
      downloadBase64(f.fileName, f.contentBase64, f.mime);
      return format === '1c' ? `Файл платёжных поручений «${f.fileName}» выгружен для загрузки в 1С / банк-клиент.` : null;
    });
  const onConfirmationFile = async (file: File | undefined) => {
    if (!file) return;
    await act(async () => {
      const r = await api.invoke('payments.importConfirmation', { registryId: reg.id, fileName: file.name, contentBase64: await fileToBase64(file) });
      setMismatches(r.mismatches);
      return `Подтверждение оплаты загружено: сопоставлено строк ${r.matched}${r.mismatches.length ? `, расхождений ${r.mismatches.length}` : ''}.`;
    });
    if (fileRef.current) fileRef.current.value = '';
  };
  const held = reg.checks.find((c) => c.code === 'held' && !c.ok);
  const otherChecks = reg.checks.filter((c) => c.code !== 'held');

  return (
    <div className="pay-registry" data-testid="registry-view">
      <div className="toolbar">
        <button className="btn" onClick={onBack}>
          ← Все реестры
        </button>
        <span className="spacer" />
        {status === 'draft' && can('payments.build') && (
          <button className="btn" disabled={busy} onClick={() => void act(async () => (await api.invoke('payments.buildRegistry', { month: reg.month }), 'Реестр пересобран по текущим данным.'))}>
            Пересобрать
          </button>
        )}
        {status === 'draft' && can('payments.approve') && (
          <button
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void act(async () => (await api.invoke('payments.approveRegistry', { id: reg.id, version: reg.version }), `Реестр ${reg.number} утверждён.`))}
          >
            Утвердить
          </button>
        )}
        {status === 'approved' && can('payments.approve') && (
          <button
            className="btn"
            disabled={busy}
            onClick={() => void act(async () => (await api.invoke('payments.reopenRegistry', { id: reg.id, version: reg.version }), 'Реестр возвращён в черновик.'))}
          >
            Вернуть в черновик
          </button>
        )}
        {(status === 'approved' || status === 'exported' || status === 'paid') && can('payments.export') && (
          <button className="btn" disabled={busy} onClick={() => void download('1c')}>
            Выгрузить в 1С
          </button>
        )}
        {can('payments.read') && (
          <button className="btn" disabled={busy} onClick={() => void download('xlsx')}>
            Скачать XLSX
          </button>
        )}
        {(status === 'approved' || status === 'exported') && can('payments.markPaid') && (
          <>
            <label className="inline-form">
              <input type="date" value={paidDate} onChange={(e) => setPaidDate(e.target.value)} aria-label="Дата оплаты" />
            </label>
            <button
              className="btn"
              disabled={busy || !paidDate}
              onClick={() => void act(async () => (await api.invoke('payments.markPaid', { id: reg.id, date: paidDate }), `Реестр отмечен оплаченным ${paidDate.split('-').reverse().join('.')}.`))}
            >
              Отметить оплаченным
            </button>
            <button className="btn" disabled={busy} onClick={() => fileRef.current?.click()}>
              Загрузить подтверждение оплаты…
            </button>
            <input ref={fileRef} type="file" hidden accept=".xlsx,.xls,.csv,.txt" aria-label="Файл подтверждения оплаты" onChange={(e) => void onConfirmationFile(e.target.files?.[0])} />
          </>
        )}
      </div>

      <div className="pay-head" data-testid="registry-header">
        <h2>
          Реестр {reg.number} за {monthLabel(reg.month)}
        </h2>
        {statusBadge(status)}
        <Sum label="Строк" value={String(reg.lineCount)} testId="registry-line-count" />
        <Sum label="Без НДС" value={formatMoney(reg.totalPayout)} testId="registry-total-payout" />
        <Sum label="НДС" value={formatMoney(reg.totalVat)} testId="registry-total-vat" />
        <Sum label="К выплате с НДС" value={formatMoney(reg.total)} testId="registry-total" />
        <span className="muted">
          {reg.approvedAt ? `утвердил ${reg.approvedByName ?? '—'} ${formatDateTime(reg.approvedAt)}` : `сформирован ${formatDateTime(reg.createdAt)}`}
          {reg.exportedAt ? ` · выгружен ${formatDateTime(reg.exportedAt)}` : ''}
          {reg.paidAt ? ` · оплачен ${formatDateTime(reg.paidAt)}` : ''}
        </span>
      </div>

      {error && (
        <div className="banner banner-error" role="alert" data-testid="registry-error">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {mismatches.length > 0 && (
        <details className="pay-check" open data-testid="confirmation-mismatches">
          <summary>Расхождения в подтверждении оплаты — {mismatches.length}</summary>
          <ul>
            {mismatches.map((m, i) => (
              <li key={i}>
                строка {m.row}, договор {m.contractNumber || '—'}: {m.reason}
                {m.expected !== null && m.expected !== undefined ? ` (ожидалось ${formatMoney(m.expected)}, в файле ${formatMoney(m.actual)})` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {status === 'draft' && <ChecksPanel checks={otherChecks} onPick={setSearch} />}
      {held && (
        <div className="pay-held" data-testid="held">
          <b>Удержаны из реестра — реквизиты изменены и ещё не подтверждены вторым сотрудником ({held.count}):</b>
          <ul>
            {held.lines.map((l, i) => (
              <li key={i}>
                {l.counterpartyName}: {l.message}
              </li>
            ))}
          </ul>
          <span className="hint">Подтвердите изменение во вкладке «Изменения реквизитов», затем пересоберите реестр.</span>
        </div>
      )}

      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Группировать">
          <span className="muted" style={{ padding: '6px 8px' }}>
            Группировать:
          </span>
          {(
            [
              ['none', 'нет'],
              ['federal_district', 'по ФО'],
              ['region', 'по региону'],
            ] as [Grouping, string][]
          ).map(([g, label]) => (
            <button key={g} type="button" className={grouping === g ? 'seg active' : 'seg'} aria-pressed={grouping === g} onClick={() => setGrouping(g)}>
              {label}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <input className="search" type="search" placeholder="Договор, контрагент, ИНН…" aria-label="Поиск строк" value={search} onChange={(e) => setSearch(e.target.value)} />
        {search && (
          <button className="btn btn-link" onClick={() => setSearch('')}>
            Показать все строки
          </button>
        )}
        <GridCount label="Строк" total={lineTotal} testId="registry-lines-total" />
      </div>
      {summary && <SummaryTable rows={summary} by={grouping} />}
      <div className="pay-lines">
        <ServerGrid<LineRow>
          key={`lines-${reload}`}
          testId="registry-lines"
          columns={LINE_COLUMNS}
          fetchPage={fetchLines}
          search={search}
          onTotal={setLineTotal}
          getRowId={(r) => String(r.id)}
          pinnedBottomRowData={pinned}
          emptyText="В реестре нет строк."
        />
      </div>
    </div>
  );
});
