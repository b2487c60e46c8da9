import type { ColDef } from 'ag-grid-community';
import type { CommandOutput } from '../../../core/api';
import { FILTER_OPTIONS } from '../../grid/agFilterModel';
import type { MessageKey } from '../../i18n/messages';
import { typeKey, vatKey } from './labels';

export type CounterpartyRow = CommandOutput<'counterparties.list'>['rows'][number];
export type OutletRow = CommandOutput<'outlets.list'>['rows'][number];
type T = (key: MessageKey) => string;

const text = { filter: 'agTextColumnFilter', filterParams: { filterOptions: FILTER_OPTIONS.text, maxNumConditions: 1 } };
// Requisites are compared digit by digit, so they read better in a fixed-width font.
const digits = { ...text, cellClass: 'md-mono' };

/** Columns of the counterparties grid; type and VAT mode are filtered by the toolbar's selects (codes, not words). */
export function counterpartyColumns(t: T): ColDef<CounterpartyRow>[] {
  return [
    {
      field: 'type',
      headerName: t('md.cp.f.type'),
      width: 90,
      valueFormatter: (p) => {
        const k = p.value ? typeKey(p.value) : null;
        return k ? t(k) : (p.value ?? '');
      },
    },
    { field: 'name', headerName: t('md.cp.f.name'), flex: 2, minWidth: 220, ...text },
    { field: 'inn', headerName: t('md.cp.f.inn'), width: 130, ...digits },
    { field: 'kpp', headerName: t('md.cp.f.kpp'), width: 110, ...digits },
    {
      field: 'vatMode',
      headerName: t('md.cp.f.vatMode'),
      width: 130,
      valueFormatter: (p) => {
        const k = p.value ? vatKey(p.value) : null;
        return k ? t(k) : (p.value ?? '');
      },
    },
    { field: 'bik', headerName: t('md.cp.f.bik'), width: 110, ...digits },
    { field: 'account', headerName: t('md.cp.f.account'), width: 200, ...digits },
    { field: 'edoId', headerName: t('md.cp.f.edoId'), flex: 1, minWidth: 160, ...text },
    {
      field: 'outletsCount',
      headerName: t('md.cp.f.outletsCount'),
      width: 90,
      type: 'rightAligned',
      filter: 'agNumberColumnFilter',
      filterParams: { filterOptions: FILTER_OPTIONS.number, maxNumConditions: 1 },
    },
  ];
}

/** Columns of the outlets grid; every text column filters in the core. */
export function outletColumns(t: T): ColDef<OutletRow>[] {
  return [
    { field: 'code', headerName: t('md.ol.f.code'), width: 135, ...digits },
    { field: 'name', headerName: t('md.ol.f.name'), flex: 2, minWidth: 200, ...text },
    { field: 'address', headerName: t('md.ol.f.address'), flex: 2, minWidth: 220, tooltipField: 'address', ...text },
    { field: 'regionName', headerName: t('md.ol.f.region'), width: 180, ...text },
    { field: 'federalDistrict', headerName: t('md.ol.f.district'), width: 80, ...text },
    { field: 'channel', headerName: t('md.ol.f.channel'), width: 120, ...text },
    { field: 'counterpartyName', headerName: t('md.ol.f.counterparty'), flex: 1, minWidth: 180, ...text },
    { field: 'repCode', headerName: t('md.ol.f.repCode'), width: 100, ...text },
    { field: 'managerName', headerName: t('md.ol.f.manager'), width: 180, ...text },
  ];
}
