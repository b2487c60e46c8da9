import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { CommandOutput } from '../../../core/api';
import { fileToBase64 } from '../../files/download';
import { formatMoney } from '../../format';
import { useStore } from '../../stores/RootStore';
import { IssueList } from '../contracts/ContractCard';
import { formatBp } from '../signals/columns';
import { formatSize, issuesOf, MAX_EVIDENCE_BYTES } from './common';

/** What to amnesty: picked signals, or every signal of one contract-month (the two shapes amnesty.preview accepts). */
export type AmnestyTarget = { signalIds: number[] } | { contractId: number; month: string };

type Preview = CommandOutput<'amnesty.preview'>;
type Grant = CommandOutput<'amnesty.grant'>;
type Month = Preview['months'][number];
interface Reason {
  code: string;
  name: string;
}

/** The outcome sentence of a grant, as the user will read it (and as the e2e test waits for). */
export function grantSentence(r: Pick<Grant, 'id' | 'status' | 'effect' | 'threshold' | 'months'>): string {
  // At the 100 % cap cancelling signals can be worth nothing: «уменьшен на 0,00 ₽» would read like a bug.
  const capped = r.months.find((m) => m.withSignals.capApplied);
  if (r.status === 'applied' && r.effect === 0 && capped) {
    return `Амнистия №${r.id} применена: штраф не изменился — действует потолок ${formatBp(capped.withSignals.penaltyBp)}`;
  }
  return r.status === 'applied'
    ? `Амнистия №${r.id} применена: штраф уменьшен на ${formatMoney(r.effect)}`
    : `Амнистия №${r.id} ожидает подтверждения второго сотрудника: эффект ${formatMoney(r.effect)} больше порога ${formatMoney(r.threshold)}`;
}

/** One contract-month of the preview: penalty before → after; at the cap a zero effect is said in words, not hidden. */
function MonthLine({ m }: { m: Month }) {
  const before = m.withSignals;
  const after = m.withoutSignals;
  return (
    <tr>
      <td>
        {m.contractNo} · {m.month}
      </td>
      <td className="num">{m.signals}</td>
      <td className="num">
        {formatBp(before.penaltyBp)} = {formatMoney(before.penalty)}
      </td>
      <td className="num">
        {formatBp(after.penaltyBp)} = {formatMoney(after.penalty)}
      </td>
      <td className="num">
        {m.effect === 0 && before.capApplied ? (
          <span className="amn-cap">0 ₽ — потолок {formatBp(before.penaltyBp)}</span>
        ) : (
          <b>−{formatMoney(m.effect)}</b>
        )}
      </td>
    </tr>
  );
}

/**
 * Grant an amnesty: the effect priced by the core before anything is saved (per contract-month, total, four-eyes
 * need), then reason, comment and evidence files. Nothing is stored unless the whole grant passes.
 */
export const GrantDialog = observer(function GrantDialog({
  target,
  onClose,
  onGranted,
}: {
  target: AmnestyTarget;
  onClose: () => void;
  /** Called once the amnesty exists (applied or pending), so the lists behind the dialog can reload. */
  onGranted: (r: Grant) => void;
}) {
  const { api } = useStore();
  const ref = useRef<HTMLDialogElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [loadIssues, setLoadIssues] = useState<{ message: string }[]>([]);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [reasonCode, setReasonCode] = useState('');
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<{ message: string }[]>([]);
  const [result, setResult] = useState<Grant | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useEffect(() => {
    api.invoke('amnesty.preview', target).then(setPreview, (e: unknown) => setLoadIssues(issuesOf(e)));
    api.invoke('reference.list', { kind: 'amnestyReasons' }).then(
      (rows) => setReasons(rows.filter((r) => Number(r.isActive) === 1).map((r) => ({ code: String(r.code), name: String(r.name) }))),
      (e: unknown) => setLoadIssues(issuesOf(e)),
    );
  }, [api, target]);

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    const picked = [...list];
    // The same file dropped twice would be stored once anyway (by hash); keep the list honest about it.
    setFiles((old) => [...old, ...picked.filter((f) => !old.some((o) => o.name === f.name && o.size === f.size))]);
    setIssues([]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    addFiles(e.dataTransfer.files);
  };

  const tooBig = files.filter((f) => f.size > MAX_EVIDENCE_BYTES);
  const canSubmit = !!preview?.canGrant && !busy && !result && tooBig.length === 0;

  const grant = async () => {
    setIssues([]);
    // The core checks these too; saying so here spares reading 20 MB of files for a form that would be refused.
    const missing = [
      !reasonCode && 'Выберите причину амнистии',
      !comment.trim() && 'Укажите комментарий',
      files.length === 0 && 'Приложите хотя бы один файл-доказательство',
    ].filter((x): x is string => !!x);
    if (missing.length > 0) {
      setIssues(missing.map((message) => ({ message })));
      return;
    }
    setBusy(true);
    try {
      const evidence = await Promise.all(files.map(async (f) => ({ fileName: f.name, contentBase64: await fileToBase64(f) })));
      const r = await api.invoke('amnesty.grant', { ...target, reasonCode, comment: comment.trim(), evidence });
      setResult(r);
      onGranted(r);
    } catch (e) {
      setIssues(issuesOf(e));
    } finally {
      setBusy(false);
    }
  };

  const capped = preview?.months.find((m) => m.withSignals.capApplied);
  const title = 'signalIds' in target ? `Амнистия выбранных сигналов (${target.signalIds.length})` : `Амнистия за месяц ${target.month}`;

  return (
    <dialog
      ref={ref}
      className="amn-dialog"
      aria-labelledby="amn-grant-title"
      data-testid="amnesty-grant-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div className="bulk-head">
        <h2 id="amn-grant-title">{title}</h2>
        <button type="button" className="btn btn-link md-close" onClick={onClose} aria-label="Закрыть" disabled={busy}>
          ✕
        </button>
      </div>
      {loadIssues.length > 0 && <IssueList issues={loadIssues} />}
      {!preview && loadIssues.length === 0 && <p className="muted">Считаем эффект…</p>}
      {preview && (
        <section className="amn-effect" data-testid="amnesty-effect">
          <h3>Что изменится</h3>
          {preview.months.length > 0 && (
            <table className="mini-table compact">
              <thead>
                <tr>
                  <th>Договор · месяц</th>
                  <th className="num">Сигналов</th>
                  <th className="num">Штраф сейчас</th>
                  <th className="num">После амнистии</th>
                  <th className="num">Эффект</th>
                </tr>
              </thead>
              <tbody>
                {preview.months.map((m) => (
                  <MonthLine key={`${m.contractId}-${m.month}`} m={m} />
                ))}
              </tbody>
            </table>
          )}
          <p className="amn-total">
            Сигналов: {preview.signals}.{' '}
            {preview.effect === 0 && capped ? (
              <span className="amn-cap">Штраф не изменится: действует потолок {formatBp(capped.withSignals.penaltyBp)}</span>
            ) : (
              <>
                Штраф уменьшится на <b>{formatMoney(preview.effect)}</b>
              </>
            )}
          </p>
          {preview.needsConfirmation ? (
            <div className="banner amn-warn">
              Эффект больше порога {formatMoney(preview.threshold)}: амнистия вступит в силу после подтверждения вторым сотрудником (юристом или
              директором, не вами).
            </div>
          ) : (
            <div className="muted">Не больше порога {formatMoney(preview.threshold)}: применится сразу, выплаты пересчитаются.</div>
          )}
          {preview.skipped.length > 0 && (
            <p className="muted">
              Не вошли (уже амнистированы или ждут подтверждения): {preview.skipped.length}.
            </p>
          )}
          {preview.refusals.length > 0 && (
            <div className="amn-refusals">
              <b>Эти сигналы амнистировать нельзя — снимите их с выбора:</b>
              <IssueList issues={preview.refusals.slice(0, 20).map((r) => ({ message: `Сигнал №${r.signalId}: ${r.reason}` }))} />
              {preview.refusals.length > 20 && <div className="muted">и ещё {preview.refusals.length - 20}</div>}
            </div>
          )}
        </section>
      )}

      {result ? (
        <div className={result.status === 'applied' ? 'banner banner-ok' : 'banner amn-warn'} role="status" data-testid="amnesty-result">
          {grantSentence(result)}
        </div>
      ) : (
        <div className="amn-form">
          <label className="md-field">
            <span>Причина</span>
            <select value={reasonCode} onChange={(e) => setReasonCode(e.target.value)} aria-label="Причина амнистии">
              <option value="">— выберите —</option>
              {reasons.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="md-field">
            <span>Комментарий</span>
            <textarea
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-label="Комментарий"
              placeholder="Что произошло и чем это подтверждается (обязательно)"
            />
          </label>
          <div
            className={over ? 'dropzone amn-drop over' : 'dropzone amn-drop'}
            data-testid="amnesty-dropzone"
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={onDrop}
          >
            <div>Перетащите сюда фото, сканы или PDF, подтверждающие причину</div>
            <div className="muted">Можно несколько файлов; каждый не больше 20 МБ. Тип проверяется по содержимому, не по имени.</div>
            <button type="button" className="btn" onClick={() => pickerRef.current?.click()}>
              Выбрать файлы…
            </button>
            <input
              ref={pickerRef}
              type="file"
              multiple
              hidden
              accept="image/*,application/pdf"
              aria-label="Файлы-доказательства"
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          {files.length > 0 && (
            <ul className="amn-files" aria-label="Приложенные файлы">
              {files.map((f, i) => (
                <li key={`${f.name}-${f.size}`} className={f.size > MAX_EVIDENCE_BYTES ? 'amn-file-bad' : undefined}>
                  <span className="amn-file-name">{f.name}</span>
                  <span className="muted">{formatSize(f.size)}</span>
                  {f.size > MAX_EVIDENCE_BYTES && <span>больше 20 МБ — уберите или уменьшите</span>}
                  <button type="button" className="btn btn-link" aria-label={`Убрать ${f.name}`} onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                    Убрать
                  </button>
                </li>
              ))}
            </ul>
          )}
          {issues.length > 0 && <IssueList issues={issues} />}
        </div>
      )}
      <div className="actions amn-actions">
        {result ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Готово
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose} disabled={busy}>
              Отмена
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void grant()} disabled={!canSubmit}>
              {busy ? 'Сохраняем…' : 'Предоставить амнистию'}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
});
