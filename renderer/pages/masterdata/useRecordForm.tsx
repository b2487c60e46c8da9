import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from '../../stores/RootStore';
import { isStaleSave, toFormErrors, type FormErrors } from './formErrors';

/** What a record form gives the hook: its record (null: new), how to fill, save and re-read it, and where issues go. */
export interface RecordFormSpec<F extends string, R extends { id: number; version: number }> {
  record: R | null;
  initialValues: (record: R | null) => Record<F, string>;
  /** Maps a core issue path to a form field (null: shown under the summary). */
  fieldOf: (path: string) => string | null;
  /** Saves the values; `base` is `{ id, version }` of the record being edited, `{}` for a new one. */
  save: (values: Record<F, string>, base: { id?: number; version?: number }) => Promise<R>;
  reread: (id: number) => Promise<R>;
  onSaved: (record: R) => void;
}

/**
 * The state of a master-data form: values, the core's refusal by field, the version the form was opened at (saving
 * over someone else's change is refused with «обновите», and «Обновить» takes their values and version), focus on
 * the first refused field, and a text-box builder for Field's render prop.
 */
export function useRecordForm<F extends string, R extends { id: number; version: number }>(spec: RecordFormSpec<F, R>) {
  const [values, setValues] = useState<Record<F, string>>(() => spec.initialValues(spec.record));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(spec.record?.version);
  const [stale, setStale] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // After a refusal the cursor goes to the first refused field, so the user can fix it straight away.
  useEffect(() => {
    if (errors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const set = (f: F) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));

  /** Runs a save or a re-read with the form busy; a refusal lands on the fields. */
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setErrors(toFormErrors(err, spec.fieldOf));
      setStale(isStaleSave(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setErrors(null);
    const base: { id?: number; version?: number } = spec.record ? { id: spec.record.id, version: version ?? spec.record.version } : {};
    await run(async () => spec.onSaved(await spec.save(values, base)));
  };

  // «Обновить»: the other user's values replace this form's, with their version, so the next save is accepted.
  const reload = async () => {
    const record = spec.record;
    if (!record) return;
    await run(async () => {
      const fresh = await spec.reread(record.id);
      setValues(spec.initialValues(fresh));
      setVersion(fresh.version);
      setErrors(null);
      setStale(false);
    });
  };

  const err = (f: F) => errors?.fields[f];
  // A text box for Field's render prop: Field owns the id and the error wiring, this owns the value.
  const input =
    (f: F, extra: { inputMode?: 'numeric'; autoFocus?: boolean; disabled?: boolean; className?: string } = {}) =>
    (a: { id: string; invalid: boolean; describedBy: string | undefined }) => (
      <input
        id={a.id}
        name={f}
        value={extra.disabled ? '' : values[f]}
        onChange={set(f)}
        aria-invalid={a.invalid}
        aria-describedby={a.describedBy}
        autoComplete="off"
        {...extra}
      />
    );

  return { values, set, errors, busy, stale, formRef, submit, reload, err, input };
}

/** The refusal on top of a form: the core's message, issues without a field, and «Обновить» for a stale save. */
export const FormRefusal = observer(function FormRefusal(props: { errors: FormErrors | null; stale: boolean; busy: boolean; onReload: () => void }) {
  const { ui } = useStore();
  const t = ui.t;
  if (!props.errors) return null;
  return (
    <div className="banner banner-error md-summary" role="alert">
      <div>{props.errors.summary}</div>
      {props.errors.other.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
      {props.stale ? (
        <div className="actions">
          <button className="btn" type="button" onClick={props.onReload} disabled={props.busy}>
            {t('common.refresh')}
          </button>
        </div>
      ) : (
        <div className="md-summary-note">{t('md.errors.summary')}</div>
      )}
    </div>
  );
});

/** Save (or Create) and Cancel under a form. */
export const FormButtons = observer(function FormButtons(props: { busy: boolean; editing: boolean; onCancel: () => void }) {
  const { ui } = useStore();
  const t = ui.t;
  return (
    <div className="actions">
      <button className="btn btn-primary" type="submit" disabled={props.busy}>
        {props.busy ? t('md.saving') : props.editing ? t('common.save') : t('md.create')}
      </button>
      <button className="btn" type="button" onClick={props.onCancel} disabled={props.busy}>
        {t('md.cancel')}
      </button>
    </div>
  );
});
