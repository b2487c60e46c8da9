import { observer } from 'mobx-react-lite';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { useStore } from '../../stores/RootStore';
import { Field } from './Field';
import { orNull } from './formErrors';
import { COUNTERPARTY_TYPES, typeKey, VAT_MODES, vatKey } from './labels';
import { FormButtons, FormRefusal, useRecordForm } from './useRecordForm';

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
  const form = useRecordForm<FieldName, Counterparty>({
    record: props.counterparty,
    initialValues,
    fieldOf,
    save: (values, base) => {
      // An individual entrepreneur has no KPP; the field is disabled, so a stale value must not travel.
      const individual = values.type === 'ИП';
      const input: SaveInput = {
        ...base,
        type: values.type,
        name: values.name,
        inn: values.inn,
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
      return api.invoke('counterparties.save', input);
    },
    reread: (id) => api.invoke('counterparties.get', { id }),
    onSaved: props.onSaved,
  });
  const { values, set, err, input } = form;
  const individual = values.type === 'ИП';

  return (
    <form ref={form.formRef} className="md-form" onSubmit={(e) => void form.submit(e)} noValidate aria-label={props.counterparty ? t('md.edit') : t('md.cp.new')}>
      <FormRefusal errors={form.errors} stale={form.stale} busy={form.busy} onReload={() => void form.reload()} />
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
      <FormButtons busy={form.busy} editing={!!props.counterparty} onCancel={props.onCancel} />
    </form>
  );
});
