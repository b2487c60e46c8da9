import { observer } from 'mobx-react-lite';
import { useEffect, useMemo, useState } from 'react';
import type { CommandInput, CommandOutput } from '../../../core/api';
import { useStore } from '../../stores/RootStore';
import { Field } from './Field';
import { orNull } from './formErrors';
import { FormButtons, FormRefusal, useRecordForm } from './useRecordForm';

export type Outlet = CommandOutput<'outlets.get'>;
type SaveInput = CommandInput<'outlets.save'>;

/** A region as `reference.list {kind:'regions'}` returns it, with its federal district's full name when known. */
export interface RegionOption {
  code: string;
  name: string;
  federalDistrict: string;
  districtName: string | null;
}

const FIELDS = ['code', 'name', 'address', 'region', 'counterpartyInn', 'channel', 'repCode', 'manager'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

// The core names the counterparty issue `counterparty` (it may come by id or INN); the form has only the INN box.
const fieldOf = (path: string): string | null =>
  path === 'counterparty' || path === 'counterpartyId' ? 'counterpartyInn' : (FIELDS as readonly string[]).includes(path) ? path : null;

function initialValues(o: Outlet | null): Values {
  return {
    code: o?.code ?? '',
    name: o?.name ?? '',
    address: o?.address ?? '',
    region: o?.regionCode ?? '',
    counterpartyInn: o?.counterpartyInn ?? '',
    channel: o?.channel ?? '',
    repCode: o?.repCode ?? '',
    manager: o?.managerLogin ?? '',
  };
}

/** «Новая точка» / «Изменить»: region from the reference list with its district, counterparty by INN. */
export const OutletForm = observer(function OutletForm(props: {
  outlet: Outlet | null;
  regions: RegionOption[] | null;
  onSaved: (o: Outlet) => void;
  onCancel: () => void;
}) {
  const { api, ui } = useStore();
  const t = ui.t;
  const form = useRecordForm<FieldName, Outlet>({
    record: props.outlet,
    initialValues,
    fieldOf,
    save: (values, base) => {
      const input: SaveInput = {
        ...base,
        code: values.code,
        name: values.name,
        address: orNull(values.address),
        region: values.region,
        counterpartyInn: orNull(values.counterpartyInn),
        channel: orNull(values.channel),
        repCode: orNull(values.repCode),
        manager: orNull(values.manager),
      };
      return api.invoke('outlets.save', input);
    },
    reread: (id) => api.invoke('outlets.get', { id }),
    onSaved: props.onSaved,
  });
  const { values, set, err, input } = form;
  const [cpName, setCpName] = useState<{ inn: string; name: string | null } | null>(
    props.outlet ? { inn: props.outlet.counterpartyInn, name: props.outlet.counterpartyName } : null,
  );
  // Names the counterparty while the INN is typed, so a wrong INN shows before saving (the core decides on save).
  const inn = values.counterpartyInn.replace(/\s/g, '');
  useEffect(() => {
    if (!/^(\d{10}|\d{12})$/.test(inn) || cpName?.inn === inn) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .invoke('counterparties.list', { offset: 0, limit: 1, filters: { inn: { type: 'text', op: 'equals', value: inn } } })
        .then((p) => live && setCpName({ inn, name: p.rows[0]?.name ?? null }))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, inn, cpName?.inn]);

  const byDistrict = useMemo(() => {
    const groups = new Map<string, RegionOption[]>();
    for (const r of props.regions ?? []) groups.set(r.federalDistrict, [...(groups.get(r.federalDistrict) ?? []), r]);
    return [...groups.entries()];
  }, [props.regions]);
  const region = props.regions?.find((r) => r.code === values.region) ?? null;

  const cpHint =
    cpName && cpName.inn === inn ? (cpName.name ?? t('md.ol.cpMissing')) : undefined;

  return (
    <form ref={form.formRef} className="md-form" onSubmit={(e) => void form.submit(e)} noValidate aria-label={props.outlet ? t('md.edit') : t('md.ol.new')}>
      <FormRefusal errors={form.errors} stale={form.stale} busy={form.busy} onReload={() => void form.reload()} />
      <div className="md-form-grid">
        <Field label={t('md.ol.f.code')} error={err('code')}>
          {input('code', { autoFocus: true, className: 'md-mono' })}
        </Field>
        <Field label={t('md.ol.f.channel')} error={err('channel')}>
          {input('channel')}
        </Field>
        <Field label={t('md.ol.f.name')} error={err('name')} wide>
          {input('name')}
        </Field>
        <Field label={t('md.ol.f.address')} error={err('address')} wide>
          {input('address')}
        </Field>
        <Field
          label={t('md.ol.f.region')}
          error={err('region')}
          hint={region ? (region.districtName ? `${region.districtName} (${region.federalDistrict})` : region.federalDistrict) : undefined}
          wide
        >
          {(a) => (
            <select
              id={a.id}
              name="region"
              value={values.region}
              onChange={set('region')}
              aria-invalid={a.invalid}
              aria-describedby={a.describedBy}
              disabled={!props.regions}
            >
              <option value="">{props.regions ? t('md.ol.f.regionPick') : t('common.loading')}</option>
              {byDistrict.map(([district, regions]) => (
                <optgroup key={district} label={regions[0].districtName ?? district}>
                  {regions.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('md.ol.f.counterpartyInn')} error={err('counterpartyInn')} hint={cpHint} wide>
          {input('counterpartyInn', { className: 'md-mono', inputMode: 'numeric' })}
        </Field>
        <Field label={t('md.ol.f.repCode')} error={err('repCode')}>
          {input('repCode')}
        </Field>
        <Field label={t('md.ol.f.manager')} error={err('manager')} hint={t('md.ol.f.managerHint')}>
          {input('manager')}
        </Field>
      </div>
      <FormButtons busy={form.busy} editing={!!props.outlet} onCancel={props.onCancel} />
    </form>
  );
});
