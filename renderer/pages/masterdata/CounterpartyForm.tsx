import { observer } from 'mobx-react-lite';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { useStore } from '../../stores/RootStore';
import { Field } from './Field';
import { isStaleSave, orNull, toFormErrors, type FormErrors } from './formErrors';
import { COUNTERPARTY_TYPES, typeKey, VAT_MODES, vatKey } from './labels';

export type Counterparty = CommandOutput<'counterparties.save'>;
type SaveInput = CommandInput<'counterparties.save'>;

const FIELDS = ['type', 'name', 'inn', 'kpp', 'ogrn', 'vatMode', 'bik', 'account', 'corrAccount', 'bankName', 'address', 'edoId'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

function initialValues(c: Counterparty | null): Values {
  const v = {} as Values;
  for (const f of FIELDS) v[f] = c?.[f] ?? '';
  if (!c) {
    v.type = 'ЮЛ';
    v.vatMode = 'VAT';
  }
  return v;
}

// The core reports counterparty issues by the save input's own names, so every known name is a form field.
const fieldOf = (path: string): string | null => ((FIELDS as readonly string[]).includes(path) ? path : null);

/** «Новый контрагент» / «Изменить»: every requisite in one form, saved by the core or refused field by field. */
export const CounterpartyForm = observer(function CounterpartyForm(props: {
  counterparty: Counterparty | null;
  onSaved: (c: Counterparty) => void;
  onCancel: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const [values, setValues] = useState<Values>(() => initialValues(props.counterparty));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  // The version the form was opened at: saving over someone else's change is refused with «обновите».
  const [version, setVersion] = useState(props.counterparty?.version);
  const [stale, setStale] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const individual = values.type === 'ИП';

  // After a refusal the cursor goes to the first refused field, so the user can fix it straight away.
  useEffect(() => {
    if (errors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const set = (f: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(null);
    const input: SaveInput = {
      ...(props.counterparty ? { id: props.counterparty.id, version } : {}),
      type: values.type,
      name: values.name,
      inn: values.inn,
      // An individual entrepreneur has no KPP; the field is disabled, so a stale value must not travel.
      kpp: individual ? null : orNull(values.kpp),
      ogrn: orNull(values.ogrn),
      vatMode: values.vatMode,
      bik: orNull(values.bik),
      account: orNull(values.account),
      corrAccount: orNull(values.corrAccount),
      bankName: orNull(values.bankName),
      address: orNull(values.address),
      edoId: orNull(values.edoId),
    };
    try {
      const saved = await api.invoke('counterparties.save', input);
      props.onSaved(saved);
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
      setStale(isStaleSave(err));
    } finally {
      setBusy(false);
    }
  };

  // «Обновить»: the other user's values replace this form's, with their version, so the next save is accepted.
  const reload = async () => {
    if (!props.counterparty) return;
    setBusy(true);
    try {
      const fresh = await api.invoke('counterparties.get', { id: props.counterparty.id });
      setValues(initialValues(fresh));
      setVersion(fresh.version);
      setErrors(null);
      setStale(false);
    } catch (err) {
      setErrors(toFormErrors(err, fieldOf));
    } finally {
      setBusy(false);
    }
  };

  const err = (f: FieldName) => errors?.fields[f];
  // A text box for Field's render prop: Field owns the id and the error wiring, this owns the value.
  const input =
    (f: FieldName, extra: { inputMode?: 'numeric'; autoFocus?: boolean; disabled?: boolean; className?: string } = {}) =>
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

  return (
    <form ref={formRef} className="md-form" onSubmit={submit} noValidate aria-label={props.counterparty ? t('md.edit') : t('md.cp.new')}>
      {errors && (
        <div className="banner banner-error md-summary" role="alert">
          <div>{errors.summary}</div>
          {errors.other.map((m, i) => (
            <div key={i}>{m}</div>
          ))}
          {stale ? (
            <div className="actions">
              <button className="btn" type="button" onClick={() => void reload()} disabled={busy}>
                {t('common.refresh')}
              </button>
            </div>
          ) : (
            <div className="md-summary-note">{t('md.errors.summary')}</div>
          )}
        </div>
      )}
      <div className="md-form-grid">
        <Field label={t('md.cp.f.type')} error={err('type')}>
          {(a) => (
            <select id={a.id} name="type" value={values.type} onChange={set('type')} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
              {COUNTERPARTY_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(typeKey(c)!)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('md.cp.f.vatMode')} error={err('vatMode')}>
          {(a) => (
            <select id={a.id} name="vatMode" value={values.vatMode} onChange={set('vatMode')} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
              {VAT_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(vatKey(m)!)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('md.cp.f.name')} error={err('name')} wide>
          {input('name', { autoFocus: true })}
        </Field>
        <Field label={t('md.cp.f.inn')} error={err('inn')} hint={t('md.cp.f.innHint')}>
          {input('inn', { inputMode: 'numeric', className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.kpp')} error={err('kpp')} hint={t('md.cp.f.kppHint')}>
          {input('kpp', { disabled: individual, className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.ogrn')} error={err('ogrn')}>
          {input('ogrn', { inputMode: 'numeric', className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.edoId')} error={err('edoId')}>
          {input('edoId', { className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.bik')} error={err('bik')}>
          {input('bik', { inputMode: 'numeric', className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.bankName')} error={err('bankName')}>
          {input('bankName')}
        </Field>
        <Field label={t('md.cp.f.account')} error={err('account')}>
          {input('account', { inputMode: 'numeric', className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.corrAccount')} error={err('corrAccount')}>
          {input('corrAccount', { inputMode: 'numeric', className: 'md-mono' })}
        </Field>
        <Field label={t('md.cp.f.address')} error={err('address')} wide>
          {input('address')}
        </Field>
      </div>
      <div className="actions">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('md.saving') : props.counterparty ? t('common.save') : t('md.create')}
        </button>
        <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
          {t('md.cancel')}
        </button>
      </div>
    </form>
  );
});
