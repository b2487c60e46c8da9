// The conditional (Schematron) rules of ON_NSCHFDOPPR 5.03 edition 05 that apply to what MCM writes
// (shared/standards/upd/derived/schematron-rules_05_03_05.txt). xmllint ignores them, Diadoc does not, so the
// generator checks every file itself and refuses one that breaks a rule, naming it.
import { DomainError } from '../errors';
import { at, kid, kids, type XNode } from './xtree';

/** A broken rule: where and which. */
export interface RuleViolation {
  context: string;
  rule: string;
}

const INVOICE = ['СЧФ', 'СЧФДОП'];
const PRIMARY = ['ДОП', 'СЧФДОП'];
const has = (n: XNode | undefined, attr: string) => n !== undefined && n.attrs[attr] !== undefined;

/** Checks a UPD tree (root `Файл`) and the file name it will be saved under; returns every broken rule. */
export function updRuleViolations(file: XNode, fileName: string): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fail = (context: string, rule: string) => out.push({ context, rule });
  if (fileName !== `${file.attrs['ИдФайл']}.xml`) fail('Файл', 'Имя файла должно совпадать со значением атрибута @ИдФайл');

  const doc = kid(file, 'Документ');
  if (!doc) return [...out, { context: 'Файл', rule: 'Элемент Документ обязателен' }];
  const fn = doc.attrs['Функция'] ?? '';
  const sf = kid(doc, 'СвСчФакт');
  const extra = kid(sf, 'ДопСвФХЖ1');
  const spObstSchf = extra?.attrs['СпОбстФСЧФ'];
  const hasSpObstDop = has(extra, 'СпОбстФДОП');

  if (INVOICE.includes(fn) && !kid(doc, 'ТаблСчФакт')) fail('Документ', 'ТаблСчФакт обязателен для функции СЧФ и СЧФДОП');
  if (PRIMARY.includes(fn) && !kid(doc, 'СвПродПер')) fail('Документ', 'СвПродПер обязателен для функции ДОП и СЧФДОП');
  const needsName = [...PRIMARY, 'СвРК', 'СвЗК'].includes(fn);
  if (needsName !== has(doc, 'НаимДокОпр')) {
    fail('Документ', needsName ? 'НаимДокОпр обязателен для функции СЧФДОП, ДОП, СвРК, СвЗК' : 'НаимДокОпр не указывается для функции СЧФ');
  }

  if (fn === 'СЧФ' && spObstSchf !== '2' && kids(sf, 'ДокПодтвОтгрНом').length === 0) {
    fail('СвСчФакт', 'ДокПодтвОтгрНом обязателен для функции СЧФ (кроме СпОбстФСЧФ=2)');
  }
  for (const role of ['СвПрод', 'СвПокуп'] as const) {
    for (const p of kids(sf, role)) if (INVOICE.includes(fn) && !kid(p, 'Адрес')) fail(role, 'Адрес обязателен для функции СЧФ и СЧФДОП');
  }
  for (const g of kids(sf, 'ГрузОт')) {
    const shipper = kid(g, 'ГрузОтпр');
    if (shipper && INVOICE.includes(fn) && !kid(shipper, 'Адрес')) fail('ГрузОтпр', 'Адрес обязателен для функции СЧФ и СЧФДОП');
  }
  for (const g of kids(sf, 'ГрузПолуч')) if (INVOICE.includes(fn) && !kid(g, 'Адрес')) fail('ГрузПолуч', 'Адрес обязателен для функции СЧФ и СЧФДОП');
  if (extra) {
    if (fn !== 'СЧФ' && has(extra, 'СпОбстФСЧФ')) fail('ДопСвФХЖ1', 'СпОбстФСЧФ указывается только для функции СЧФ');
    if (fn !== 'СЧФДОП' && has(extra, 'СпОбстФСЧФДОП')) fail('ДопСвФХЖ1', 'СпОбстФСЧФДОП указывается только для функции СЧФДОП');
    if (fn !== 'ДОП' && hasSpObstDop) fail('ДопСвФХЖ1', 'СпОбстФДОП указывается только для функции ДОП');
  }

  const table = kid(doc, 'ТаблСчФакт');
  for (const line of kids(table, 'СведТов')) {
    const ctx = `СведТов ${line.attrs['НомСтр'] ?? ''}`.trim();
    const more = kid(line, 'ДопСведТов');
    if (INVOICE.includes(fn) && !has(line, 'НаимТов')) fail(ctx, 'НаимТов обязателен для функции СЧФ и СЧФДОП');
    if (fn === 'ДОП' && !has(line, 'НаимТов') && !has(more, 'ХарактерТов') && !has(more, 'АртикулТов') && !has(more, 'КодТов')) {
      fail(ctx, 'Для функции ДОП нужен хотя бы один из НаимТов, ХарактерТов, АртикулТов, КодТов');
    }
    if (has(line, 'ОКЕИ_Тов') && !has(line, 'НаимЕдИзм')) fail(ctx, 'НаимЕдИзм обязателен, если указан ОКЕИ_Тов');
    if (has(line, 'ОКЕИ_Тов') && INVOICE.includes(fn) && !has(line, 'КолТов')) fail(ctx, 'КолТов обязателен, если указан ОКЕИ_Тов (СЧФ, СЧФДОП)');
    if (has(line, 'КолТов') && INVOICE.includes(fn) && !(Number(line.attrs['ЦенаТов']) > 0)) {
      fail(ctx, 'ЦенаТов больше нуля обязательна, если указано КолТов (СЧФ, СЧФДОП)');
    }
    if (has(line, 'ЦенаТов') && !(Number(line.attrs['ЦенаТов']) >= 0)) fail(ctx, 'ЦенаТов не может быть отрицательной');
    if (INVOICE.includes(fn) && spObstSchf !== '2' && !has(line, 'СтТовБезНДС')) fail(ctx, 'СтТовБезНДС обязателен для функции СЧФ и СЧФДОП');
    if (fn === 'ДОП' && !hasSpObstDop && !has(line, 'СтТовБезНДС') && !has(line, 'СтТовУчНал')) {
      fail(ctx, 'Для функции ДОП нужен СтТовБезНДС или СтТовУчНал');
    }
    if (INVOICE.includes(fn) && !has(line, 'СтТовУчНал')) fail(ctx, 'СтТовУчНал обязателен для функции СЧФ и СЧФДОП');
    if (has(more, 'КодВидПр') && !kid(line, 'Акциз')) fail(ctx, 'Акциз обязателен, если указан КодВидПр');
  }
  const total = kid(table, 'ВсегоОпл');
  if (total) {
    if (INVOICE.includes(fn) && spObstSchf !== '2' && !has(total, 'СтТовБезНДСВсего')) fail('ВсегоОпл', 'СтТовБезНДСВсего обязателен для функции СЧФ и СЧФДОП');
    if (INVOICE.includes(fn) && !has(total, 'СтТовУчНалВсего')) fail('ВсегоОпл', 'СтТовУчНалВсего обязателен для функции СЧФ и СЧФДОП');
    if (fn === 'ДОП' && !hasSpObstDop && !has(total, 'СтТовБезНДСВсего') && !has(total, 'СтТовУчНалВсего')) {
      fail('ВсегоОпл', 'Для функции ДОП нужен СтТовБезНДСВсего или СтТовУчНалВсего');
    }
  }

  const transfer = at(doc, 'СвПродПер', 'СвПер');
  if (transfer && PRIMARY.includes(fn) && !has(transfer, 'ДатаПер') && !(has(transfer, 'ДатаНачПер') && has(transfer, 'ДатаОконПер'))) {
    fail('СвПер', 'Нужна ДатаПер или обе ДатаНачПер и ДатаОконПер (ДОП, СЧФДОП)');
  }

  for (const s of kids(doc, 'Подписант')) {
    const way = s.attrs['СпосПодтПолном'];
    if ((way === '3') !== kids(s, 'СвДоверЭл').length > 0) fail('Подписант', 'СвДоверЭл указывается тогда и только тогда, когда СпосПодтПолном=3');
    if ((way === '5') !== kids(s, 'СвДоверБум').length > 0) fail('Подписант', 'СвДоверБум указывается тогда и только тогда, когда СпосПодтПолном=5');
  }
  return out;
}

/** Refuses a UPD that breaks a conditional rule of the format, naming the first rule (all are in the details). */
export function assertUpdRules(file: XNode, fileName: string): void {
  const v = updRuleViolations(file, fileName);
  if (v.length === 0) return;
  throw new DomainError('validation', `УПД нарушает правило формата 5.03 (${v[0].context}): ${v[0].rule}`, {
    issues: v.map((x) => ({ path: x.context, message: x.rule })),
  });
}
