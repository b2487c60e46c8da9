import { observer } from 'mobx-react-lite';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { ImportResult } from '../../../core/import/result';
import { downloadBase64 } from '../../files/download';
import { ImportWizard } from '../../import/ImportWizard';
import { useStore } from '../../stores/RootStore';
import { IMPORT_KINDS, isSignalsResult, type ImportKind, type ImportKindId } from './kinds';
import { SignalsJournal } from './SignalsJournal';

/** Импорт: pick the kind of file in the tabs, read what it must contain, then preview and commit it. */
export const ImportPage = observer(function ImportPage() {
  const { session, ui } = useStore();
  const t = ui.t;
  // Signals stay listed for a user who may only roll batches back (finance): the journal is where that happens.
  const kinds = IMPORT_KINDS.filter((k) => session.can(k.permission) || (k.id === 'signals' && session.can('signals.rollback')));
  const [selected, setSelected] = useState<ImportKindId | null>(null);
  const kind = kinds.find((k) => k.id === selected) ?? kinds[0];
  const tabRefs = useRef<Partial<Record<ImportKindId, HTMLButtonElement | null>>>({});

  if (!kind) {
    return (
      <div className="page">
        <div className="empty-state">{t('imp.noKinds')}</div>
      </div>
    );
  }

  // Left/Right (and Home/End) move between kinds as in any tab list, so the page works without a mouse.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = kinds.indexOf(kind);
    const to: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: kinds.length - 1 };
    if (!(e.key in to)) return;
    e.preventDefault();
    const next = kinds[(to[e.key] + kinds.length) % kinds.length];
    setSelected(next.id);
    tabRefs.current[next.id]?.focus();
  };

  return (
    <div className="page imp-page">
      <div className="tabs" role="tablist" aria-label={t('imp.kinds')} onKeyDown={onKeyDown}>
        {kinds.map((k) => (
          <button
            key={k.id}
            ref={(el) => {
              tabRefs.current[k.id] = el;
            }}
            role="tab"
            id={`imp-tab-${k.id}`}
            aria-selected={k.id === kind.id}
            aria-controls="imp-panel"
            tabIndex={k.id === kind.id ? 0 : -1}
            className={k.id === kind.id ? 'tab active' : 'tab'}
            onClick={() => setSelected(k.id)}
          >
            {t(k.label)}
          </button>
        ))}
      </div>
      <div className="imp-main" role="tabpanel" id="imp-panel" aria-labelledby={`imp-tab-${kind.id}`}>
        <KindPanel key={kind.id} kind={kind} />
      </div>
    </div>
  );
});

const KindPanel = observer(function KindPanel({ kind }: { kind: ImportKind }) {
  const { api, ui, session } = useStore();
  const t = ui.t;
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [journalKey, setJournalKey] = useState(0);
  const canImport = session.can(kind.permission);

  const run = useCallback(
    async (input: { fileName: string; contentBase64: string; mode: 'preview' | 'commit' }): Promise<ImportResult> => {
      setNote(null);
      const r = await kind.run(api, input);
      // The signals command words its own summary (duplicates, "this file was loaded before"), which the wizard's
      // generic counts lack; row errors the wizard already lists, so only a clean file's summary is shown.
      if (isSignalsResult(r) && r.rejected === 0) setNote({ ok: true, text: `«${r.fileName}»: ${r.message}` });
      return r;
    },
    [api, kind],
  );
  const template = useCallback(() => api.invoke('reference.template', { kind: kind.template }), [api, kind]);
  const sample = kind.sample;

  return (
    <div className="imp-panel">
      <section className="card imp-hint" aria-label={t('imp.columns')}>
        <p className="imp-hint-text">{t(kind.hint)}</p>
        <h3>{t('imp.columns')}</h3>
        <ul className="imp-columns" data-testid="import-columns">
          {kind.columns.map((c) => (
            <li key={c.key} className={c.required ? 'imp-col required' : 'imp-col'} title={c.required ? t('imp.required') : undefined}>
              <span className="imp-col-header">{c.header}</span>
              <code>{c.key}</code>
            </li>
          ))}
        </ul>
        <p className="muted imp-note">{t('imp.columns.note')}</p>
        {sample && canImport && (
          <button
            className="btn btn-link imp-sample"
            onClick={() =>
              api.invoke('reference.template', { kind: sample.kind }).then(
                (f) => downloadBase64(f.fileName, f.contentBase64, 'text/csv'),
                (e: Error) => setNote({ ok: false, text: e.message }),
              )
            }
          >
            {t(sample.label)}
          </button>
        )}
      </section>
      {canImport ? (
        <>
          {note && (
            <div className={note.ok ? 'banner' : 'banner banner-error'} role="status" data-testid="import-note">
              {note.text}
            </div>
          )}
          <ImportWizard
            title={t(kind.label)}
            run={run}
            template={template}
            onCommitted={() => setJournalKey((n) => n + 1)}
          />
        </>
      ) : (
        <div className="banner">{t('imp.signals.readOnly')}</div>
      )}
      {kind.id === 'signals' && <SignalsJournal refreshKey={journalKey} />}
    </div>
  );
});
