// The signals grid's typical page requests, shared by the bench task and the development probe.
import { BENCH_MONTH } from './scales';

export interface QuerySpec {
  name: string;
  login: string;
  input: Record<string, unknown>;
}

/** Ten page requests the signals grid typically sends: default view, sorts, filters, search, deep page, scope. */
export const GRID_QUERIES: QuerySpec[] = [
  { name: 'по умолчанию, стр. 1', login: 'director', input: {} },
  { name: 'месяц, дата ↓', login: 'director', input: { month: BENCH_MONTH, sort: [{ col: 'visitDate', dir: 'desc' }] } },
  { name: 'тип OOS, дата ↓', login: 'director', input: { filters: { type: { type: 'set', values: ['OOS'] } }, sort: [{ col: 'visitDate', dir: 'desc' }] } },
  { name: 'не сопоставлены, id ↓', login: 'director', input: { filters: { status: { type: 'text', op: 'equals', value: 'unmatched' } }, sort: [{ col: 'id', dir: 'desc' }] } },
  { name: 'поиск по ИД визита', login: 'director', input: { search: `V-${BENCH_MONTH}-0001` } },
  { name: 'точка начинается с', login: 'director', input: { filters: { outletCode: { type: 'text', op: 'startsWith', value: 'TT-0012' } } } },
  { name: 'сопоставлены, договор ↑', login: 'director', input: { filters: { status: { type: 'set', values: ['matched'] } }, sort: [{ col: 'contractNo', dir: 'asc' }] } },
  { name: 'период дат, стр. 50', login: 'director', input: { offset: 4900, filters: { visitDate: { type: 'date', op: 'inRange', from: '2026-06-01', to: '2026-08-31' } } } },
  { name: 'менеджер округа, по умолчанию', login: 'manager', input: {} },
  { name: 'округ + EQUIPMENT, точка ↑', login: 'director', input: { filters: { federalDistrict: { type: 'set', values: ['ЦФО'] }, type: { type: 'set', values: ['EQUIPMENT'] } }, sort: [{ col: 'outletName', dir: 'asc' }] } },
];

