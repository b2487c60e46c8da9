import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { ImportResult } from '../../core/import/result';
import { ApiError } from '../api/client';
import type { ProgressEvent } from '../api/events';
import { useStore } from '../stores/RootStore';
import { downloadBase64, fileToBase64, XLSX_MIME } from '../files/download';

export interface ImportWizardProps {
  title: string;
  /** Runs the import command in preview or commit mode. */
  run: (input: { fileName: string; contentBase64: string; mode: 'preview' | 'commit' }) => Promise<ImportResult>;
  /** Fetches the canonical template for this kind of file. */
  template?: () => Promise<{ fileName: string; contentBase64: string }>;
  onCommitted?: (r: ImportResult) => void;
}

type Step = { kind: 'pick' } | { kind: 'busy'; text: string } | { kind: 'preview'; r: ImportResult } | { kind: 'done'; r: ImportResult };

// The stages a large import reports (core/signals/import.ts), in order, with what the user reads.
const STAGES: Record<string, string> = {
  reading: 'Чтение файла',
  validating: 'Проверка строк',
  writing: 'Запись в базу',
  matching: 'Сопоставление с договорами',
  recomputing: 'Пересчёт штрафов и выплат',
};
const STAGE_KEYS = Object.keys(STAGES);
const nf = new Intl.NumberFormat('ru-RU');

/** The bar of a busy step: determinate once the core reports stages, else the sliding stripe. */
function BusyProgress({ text, progress }: { text: string; progress: ProgressEvent | null }) {
  if (!progress || !(progress.stage in STAGES)) {
    return (
      <div className="progress" role="status">
        <div className="progress-bar indeterminate" />
        <span>{text}</span>
      </div>
    );
  }
  const index = STAGE_KEYS.indexOf(progress.stage);
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const percent = Math.round(((index + fraction) / STAGE_KEYS.length) * 100);
  const counts = progress.total > 0 ? ` — ${nf.format(progress.done)} из ${nf.format(progress.total)}` : '';
  return (
    <div className="progress" role="status" data-testid="import-progress">
      <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Ход импорта">
        <div style={{ width: `${percent}%`, height: '100%', background: 'var(--accent)', transition: 'width 0.2s' }} />
      </div>
      <span>
        {text} Этап {index + 1} из {STAGE_KEYS.length}: {STAGES[progress.stage]}
        {counts}
      </span>
    </div>
  );
}

/** Pick or drop a file → preview with the detected columns and every row error → commit all or nothing. */
export const ImportWizard = observer(function ImportWizard(props: ImportWizardProps) {
  const { api } = useStore();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const busy = step.kind === 'busy';

  // Progress events go only to this session's stream, and only one import runs from this wizard at a time.
  useEffect(() => {
    if (!busy) return;
    setProgress(null);
    return api.onEvent('progress', (p) => {
      const e = p as ProgressEvent;
      if (typeof e?.command === 'string' && e.command.endsWith('.importFile')) setProgress(e);
    });
  }, [api, busy]);
  const [error, setError] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);
  const fileRef = useRef<{ fileName: string; contentBase64: string } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const preview = async (file: File) => {
    setError(null);
    setStep({ kind: 'busy', text: `Читаем «${file.name}»…` });
    try {
      const f = { fileName: file.name, contentBase64: await fileToBase64(file) };
      fileRef.current = f;
      setStep({ kind: 'preview', r: await props.run({ ...f, mode: 'preview' }) });
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
      setStep({ kind: 'pick' });
    }
  };

  const commit = async () => {
    if (!fileRef.current) return;
    setError(null);
    setStep({ kind: 'busy', text: 'Импортируем…' });
    try {
      const r = await props.run({ ...fileRef.current, mode: 'commit' });
      if (r.committed) {
        setStep({ kind: 'done', r });
        props.onCommitted?.(r);
      } else setStep({ kind: 'preview', r });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep({ kind: 'pick' });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void preview(file);
  };

  const reset = () => {
    fileRef.current = null;
    setStep({ kind: 'pick' });
    if (inputRef.current) inputRef.current.value = '';
  };

  return (
    <section className="card import-wizard" aria-label={props.title}>
      <div className="import-head">
        <h2>{props.title}</h2>
        {props.template && (
          <button
            className="btn btn-link"
            onClick={() =>
              props.template!().then(
                (t) => downloadBase64(t.fileName, t.contentBase64, XLSX_MIME),
                (e: Error) => setError(e.message),
              )
            }
          >
            Скачать шаблон
          </button>
        )}
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {step.kind === 'pick' && (
        <div
          className={dragOver ? 'dropzone over' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragOver(true);
          }}
          onDragLeave={() => setDragOver(false)}
          onDrop={onDrop}
        >
          <p>Перетащите файл XLSX или CSV сюда или</p>
          <label className="btn btn-primary">
            Выбрать файл…
            <input
              ref={inputRef}
              type="file"
              accept=".xlsx,.xls,.csv,.txt"
              hidden
              data-testid="import-file"
              onChange={(e) => e.target.files?.[0] && void preview(e.target.files[0])}
            />
          </label>
          <p className="muted">Файл сначала проверяется целиком; данные записываются только если ошибок нет.</p>
        </div>
      )}
      {step.kind === 'busy' && <BusyProgress text={step.text} progress={progress} />}
      {(step.kind === 'preview' || step.kind === 'done') && <ImportSummary r={step.r} done={step.kind === 'done'} />}
      {step.kind === 'preview' && (
        <div className="actions">
          <button className="btn btn-primary" disabled={step.r.rejected > 0} onClick={() => void commit()}>
            Импортировать ({step.r.rowsRead} строк)
          </button>
          <button className="btn" onClick={reset}>
            Выбрать другой файл
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <div className="actions">
          <button className="btn" onClick={reset}>
            Импортировать ещё файл
          </button>
        </div>
      )}
    </section>
  );
});

function ImportSummary({ r, done }: { r: ImportResult; done: boolean }) {
  return (
    <div className="import-summary" data-testid="import-summary">
      <div className={r.rejected ? 'banner banner-error' : done ? 'banner banner-ok' : 'banner'}>
        {done
          ? `Импорт завершён: добавлено ${r.added}, обновлено ${r.updated}, без изменений ${r.unchanged}.`
          : r.rejected
            ? `Найдены ошибки в ${r.rejected} из ${r.rowsRead} строк. Исправьте файл и загрузите снова — пока ничего не записано.`
            : `Проверка пройдена: строк ${r.rowsRead}; будет добавлено ${r.added}, обновлено ${r.updated}, без изменений ${r.unchanged}.`}
      </div>
      <table className="mini-table">
        <caption>Колонки файла</caption>
        <thead>
          <tr>
            <th>Поле</th>
            <th>Колонка в файле</th>
          </tr>
        </thead>
        <tbody>
          {r.columns.map((c) => (
            <tr key={c.key}>
              <td>{c.label}</td>
              <td className={c.header ? undefined : 'muted'}>{c.header ?? 'не найдена'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.errors.length > 0 && (
        <>
          <div className="import-errors-head">
            <h3>Ошибки ({r.errors.length})</h3>
            {r.reportXlsxBase64 && (
              <button className="btn" onClick={() => downloadBase64(`${r.fileName}.errors.xlsx`, r.reportXlsxBase64!, XLSX_MIME)}>
                Сохранить отчёт об ошибках (XLSX)
              </button>
            )}
          </div>
          <table className="mini-table errors" data-testid="import-errors">
            <thead>
              <tr>
                <th>Строка</th>
                <th>Колонка</th>
                <th>Значение</th>
                <th>Причина</th>
              </tr>
            </thead>
            <tbody>
              {r.errors.slice(0, 200).map((e, i) => (
                <tr key={i}>
                  <td>{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.value}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r.preview.length > 0 && !done && (
        <details>
          <summary>Первые строки файла ({r.preview.length})</summary>
          <table className="mini-table">
            <thead>
              <tr>
                {Object.keys(r.preview[0]).map((k) => (
                  <th key={k}>{k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.preview.map((row, i) => (
                <tr key={i}>
                  {Object.keys(r.preview[0]).map((k) => (
                    <td key={k}>{row[k]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
