import { observer } from 'mobx-react-lite';
import { useCallback, useEffect, useState } from 'react';
import type { CommandOutput } from '../../../core/api';
import type { GridRequest } from '../../../core/grid/request';
import { downloadBase64 } from '../../files/download';
import { formatDate, formatMoney } from '../../format';
import { GridCount } from '../../grid/GridCount';
import { ServerGrid } from '../../grid/ServerGrid';
import { useStore } from '../../stores/RootStore';
import { DOCUMENT_COLUMNS, KIND_RU, STATUS_RU, type DocumentRow } from './columns';
import { UpdPreview } from './UpdPreview';
import './documents.css';

type Missing = CommandOutput<'documents.missingEdo'>;
type Opened = CommandOutput<'documents.get'>;

function previousMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Документы: UPDs and agreements by month, the EDO-id warning, generation, the Diadoc package and a printed preview. */
export const DocumentsPage = observer(function DocumentsPage() {
  const { api, session } = useStore();
  const canGenerate = session.can('documents.generate');
  const [month, setMonth] = useState(previousMonth());
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [missing, setMissing] = useState<Missing | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [open, setOpen] = useState<Opened | null>(null);

  const fetchPage = useCallback((req: GridRequest) => api.invoke('documents.list', { ...req, month }), [api, month]);

  useEffect(() => {
    setMissing(null);
    api.invoke('documents.missingEdo', { month }).then(setMissing, (e: unknown) => setError(errText(e)));
  }, [api, month, refresh]);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const generate = () =>
    run(async () => {
      const r = await api.invoke('documents.generateMonth', { month });
      const skipped = r.skipped.length ? ` Пропущено: ${r.skipped.length} (${[...new Set(r.skipped.map((s) => s.reason))].join('; ')}).` : '';
      return `Сформировано УПД: ${r.upd}, допсоглашений: ${r.supplements}.${skipped}`;
    });

  const exportZip = () =>
    run(async () => {
      const r = await api.invoke('documents.exportPackage', { month });
      downloadBase64(r.fileName, r.contentBase64, 'application/zip');
      return `Пакет ${r.fileName} выгружен: документов ${r.count}, впервые ${r.newlyExported}.`;
    });

  const openRow = (row: DocumentRow) => {
    api.invoke('documents.get', { id: row.id }).then(setOpen, (e: unknown) => setError(errText(e)));
  };

  const download = async (id: number) => {
    try {
      const f = await api.invoke('documents.download', { id });
      downloadBase64(f.fileName, f.contentBase64, f.mime);
    } catch (e) {
      setError(errText(e));
    }
  };

  const warn = missing && (missing.companyMissing || missing.counterparties.length > 0);
  return (
    <div className="page">
      <div className="toolbar">
        <label className="inline-form">
          Месяц <input type="month" value={month} onChange={(e) => e.target.value && (setMonth(e.target.value), setOpen(null))} aria-label="Месяц" />
        </label>
        {canGenerate && (
          <>
            <button className="btn" onClick={generate} disabled={busy}>
              Сформировать за месяц
            </button>
            <button className="btn btn-primary" onClick={exportZip} disabled={busy || total === 0}>
              Выгрузить пакет для Диадока (ZIP)
            </button>
          </>
        )}
        <span className="spacer" />
        <input className="search" type="search" placeholder="Контрагент, ИНН, договор, номер…" aria-label="Поиск" value={search} onChange={(e) => setSearch(e.target.value)} />
        <GridCount label="Документов" total={total} testId="documents-total" />
      </div>
      {warn && (
        <div className="banner banner-error doc-warn" data-testid="missing-edo">
          {missing.companyMissing && <div>Не указан идентификатор участника ЭДО компании (Настройки → «Идентификатор участника ЭДО»): УПД не сформировать.</div>}
          {missing.counterparties.length > 0 && (
            <>
              Нет идентификатора участника ЭДО у контрагентов ({missing.counterparties.length}) — их УПД не попадут в пакет, пока его не укажут в карточке контрагента:
              <ul>
                {missing.counterparties.slice(0, 8).map((c) => (
                  <li key={c.id}>
                    {c.name}, ИНН {c.inn}
                    {c.kpp ? `, КПП ${c.kpp}` : ''}
                  </li>
                ))}
              </ul>
              {missing.counterparties.length > 8 && <div>…и ещё {missing.counterparties.length - 8}</div>}
            </>
          )}
        </div>
      )}
      {error && <div className="banner banner-error">{error}</div>}
      {notice && <div className="banner banner-ok">{notice}</div>}
      <div className="split">
        <ServerGrid<DocumentRow>
          key={month}
          testId="documents-grid"
          columns={DOCUMENT_COLUMNS}
          fetchPage={fetchPage}
          search={search}
          onTotal={setTotal}
          refreshKey={refresh}
          getRowId={(r) => String(r.id)}
          onRowClicked={openRow}
          emptyText="За этот месяц документов нет. Утвердите реестр выплат и нажмите «Сформировать за месяц»."
        />
        {open && (
          <aside className="detail doc-preview" data-testid="document-panel">
            <div className="card-head">
              <div>
                <h2>
                  {KIND_RU[open.document.kind]} № {open.document.number} от {formatDate(open.document.docDate)}
                </h2>
                <div className="muted">
                  {open.document.counterpartyName} · договор {open.document.contractNumber} · {STATUS_RU[open.document.status]}
                  {open.document.exportedAt ? ` ${formatDate(open.document.exportedAt)}` : ''}
                </div>
              </div>
              <div className="actions">
                <button className="btn" onClick={() => download(open.document.id)}>
                  Скачать {open.document.kind === 'upd' ? 'XML' : 'DOCX'}
                </button>
                <button className="btn btn-link" onClick={() => setOpen(null)}>
                  Закрыть
                </button>
              </div>
            </div>
            {open.form ? (
              <UpdPreview form={open.form} />
            ) : (
              <dl className="kv">
                <dt>Файл</dt>
                <dd>{open.document.fileName}</dd>
                <dt>Платёж в месяц</dt>
                <dd>{formatMoney(open.document.amount)}</dd>
                <dt>SHA-256</dt>
                <dd style={{ wordBreak: 'break-all' }}>{open.document.sha256}</dd>
              </dl>
            )}
          </aside>
        )}
      </div>
    </div>
  );
});
