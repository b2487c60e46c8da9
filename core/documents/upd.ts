// The UPD (УПД) in FNS format 5.03, edition ON_NSCHFDOPPR_1_997_01_05_03_05, for one payout of a registry: seller =
// the counterparty, buyer = the company, one service line. Layout and pitfalls: shared/standards/upd/NOTES.md.
import { createHash } from 'node:crypto';
import { DomainError } from '../errors';
import { monthEnd, monthStart } from '../penalties/dates';
import { cp1251Safe, encodeCp1251 } from './cp1251';
import { assertUpdRules } from './updRules';
import { el, serializeXml, type XNode } from './xtree';

/** A party of the UPD as MCM knows it. */
export interface UpdParty {
  type: 'ЮЛ' | 'ИП';
  name: string;
  inn: string;
  kpp: string | null;
  /** Free-text address; when absent the region (code and name) stands in for it. */
  address: string | null;
  regionCode?: string | null;
  regionName?: string | null;
  edoId: string;
}

/** Everything one UPD needs; money in kopecks, dates ISO. */
export interface UpdInput {
  seller: UpdParty;
  buyer: UpdParty;
  number: string;
  /** The document date (the last day of the service month). */
  docDate: string;
  /** When the file is made: ДатаИнфПр/ВремИнфПр and the date in the file name (Moscow time). */
  madeAt: Date;
  /** GUID part of the file name (36 characters with hyphens). */
  guid: string;
  month: string;
  contractNumber: string;
  contractDate: string;
  vatMode: string;
  vatRateBp: number;
  payout: number;
  vat: number;
  total: number;
  signer: { name: string; position: string };
  programVersion: string;
}

/** A built UPD: the id and file name, the XML text and its windows-1251 bytes. */
export interface BuiltUpd {
  idFile: string;
  fileName: string;
  function: 'СЧФДОП' | 'ДОП';
  xml: string;
  bytes: Buffer;
}

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** `2026-09` → `сентябрь 2026`. */
export function monthNameRu(month: string): string {
  return `${MONTHS_RU[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The service line's text: `Маркетинговые услуги по договору № … от … за сентябрь 2026`. */
export function serviceName(contractNumber: string, contractDate: string, month: string): string {
  return `Маркетинговые услуги по договору № ${contractNumber} от ${ddmmyyyy(contractDate)} за ${monthNameRu(month)}`;
}

// The 05_03_05 enumeration of НалСт for the rates MCM uses.
const RATE_TEXT: Record<number, string> = { 0: '0%', 500: '5%', 700: '7%', 1000: '10%', 2000: '20%', 2200: '22%' };

/** НалСт of a payout: `без НДС` for a seller without VAT, else the rate (`22%`, `20%`, `5%`, `7%`). */
export function vatRateText(vatMode: string, vatRateBp: number): string {
  if (vatMode === 'NO_VAT') return 'без НДС';
  const t = RATE_TEXT[vatRateBp];
  if (!t) throw new DomainError('validation', `Ставка НДС ${vatRateBp / 100} % не предусмотрена форматом УПД 5.03`, { vatRateBp });
  return t;
}

/** Kopecks as the XSD's decimal: `1234567` → `12345.67`. */
export function kopecksDecimal(k: number): string {
  const abs = Math.abs(k);
  return `${k < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `2026-09-30` → `30.09.2026` (ДатаТип). */
export function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

const MOSCOW_MS = 3 * 3600_000;

/** A deterministic GUID (UUID v5 layout over SHA-256) so a regenerated file gets the same name. */
export function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex').slice(0, 32).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** ИдФайл: `ON_NSCHFDOPPR_<buyer EDO id>_<seller EDO id>_<YYYYMMDD>_<GUID>_0_0_0_0_0_00` (recipient first). */
export function updFileId(buyerEdoId: string, sellerEdoId: string, madeOn: string, guid: string): string {
  const id = `ON_NSCHFDOPPR_${buyerEdoId}_${sellerEdoId}_${madeOn.replace(/-/g, '')}_${guid}_0_0_0_0_0_00`;
  if (id.length > 255) throw new DomainError('validation', 'Идентификатор файла УПД длиннее 255 символов: проверьте идентификаторы ЭДО');
  return id;
}

/** Splits `ИП Иванов Иван Иванович` (or without `ИП`) into ФИО parts. */
export function splitFio(name: string): { Фамилия: string; Имя: string; Отчество?: string } {
  const parts = name
    .replace(/^\s*(ИП|индивидуальный предприниматель)\s+/i, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (parts.length < 2) {
    throw new DomainError('validation', `Не удалось выделить фамилию и имя из «${name}»: укажите ФИО полностью через пробел`, { name });
  }
  return { Фамилия: parts[0], Имя: parts[1], ...(parts.length > 2 ? { Отчество: parts.slice(2).join(' ') } : {}) };
}

const EDO_ID = /^[0-9A-Za-z][0-9A-Za-z-]{2,99}$/;

function party(p: UpdParty, role: 'продавца' | 'покупателя'): XNode {
  if (!EDO_ID.test(p.edoId)) throw new DomainError('validation', `Идентификатор ЭДО ${role} «${p.edoId}» имеет неверный формат`, { edoId: p.edoId });
  const id =
    p.type === 'ИП'
      ? el('СвИП', { ИННФЛ: p.inn }, el('ФИО', splitFio(p.name)))
      : el('СвЮЛУч', { НаимОрг: p.name, ИННЮЛ: p.inn, КПП: p.kpp ?? undefined });
  let address: XNode | null = null;
  if (p.address?.trim()) address = el('АдрИнф', { КодСтр: '643', НаимСтран: 'Россия', АдрТекст: p.address.trim() });
  else if (p.regionCode && p.regionName) address = el('АдрРФ', { КодРегион: p.regionCode, НаимРегион: p.regionName.slice(0, 51) });
  return el(role === 'продавца' ? 'СвПрод' : 'СвПокуп', {}, el('ИдСв', {}, id), address && el('Адрес', {}, address));
}

// Every attribute value goes through cp1251Safe once the tree is built, so the checks see the exact text written.
function sanitize(n: XNode): XNode {
  return {
    name: n.name,
    attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, cp1251Safe(v)])),
    children: n.children.map(sanitize),
    ...(n.text !== undefined ? { text: cp1251Safe(n.text) } : {}),
  };
}

/** Builds, checks and encodes one UPD; refuses amounts that do not add up or a file breaking a rule of the format. */
export function buildUpd(u: UpdInput): BuiltUpd {
  if (u.payout <= 0) throw new DomainError('validation', 'УПД оформляется только на положительную сумму выплаты', { payout: u.payout });
  if (u.payout + u.vat !== u.total) {
    throw new DomainError('validation', `Сумма с НДС ${kopecksDecimal(u.total)} не равна сумме без НДС ${kopecksDecimal(u.payout)} плюс НДС ${kopecksDecimal(u.vat)}`);
  }
  const noVat = u.vatMode === 'NO_VAT';
  if (noVat && u.vat !== 0) throw new DomainError('validation', 'У продавца без НДС сумма НДС должна быть нулевой', { vat: u.vat });
  const fn = noVat ? 'ДОП' : 'СЧФДОП';
  const rate = vatRateText(u.vatMode, u.vatRateBp);
  const local = new Date(u.madeAt.getTime() + MOSCOW_MS).toISOString();
  const madeOn = local.slice(0, 10);
  const idFile = updFileId(u.buyer.edoId, u.seller.edoId, madeOn, u.guid);
  const fileName = `${idFile}.xml`;
  const signer = splitFio(u.signer.name);
  const taxEl = (name: string) => el(name, {}, noVat ? { name: 'БезНДС', attrs: {}, children: [], text: 'без НДС' } : { name: 'СумНал', attrs: {}, children: [], text: kopecksDecimal(u.vat) });
  const docName = noVat
    ? 'Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)'
    : 'Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)';

  const tree = sanitize(
    el(
      'Файл',
      { ИдФайл: idFile, ВерсФорм: '5.03', ВерсПрог: u.programVersion.slice(0, 40) },
      el(
        'Документ',
        {
          КНД: '1115131',
          Функция: fn,
          ПоФактХЖ: 'Документ об оказании услуг',
          НаимДокОпр: docName,
          ДатаИнфПр: ddmmyyyy(madeOn),
          ВремИнфПр: local.slice(11, 19).replace(/:/g, '.'),
          НаимЭконСубСост: u.buyer.name,
        },
        el(
          'СвСчФакт',
          { НомерДок: u.number, ДатаДок: ddmmyyyy(u.docDate) },
          party(u.seller, 'продавца'),
          party(u.buyer, 'покупателя'),
          el('ДенИзм', { КодОКВ: '643', НаимОКВ: 'Российский рубль' }),
        ),
        el(
          'ТаблСчФакт',
          {},
          el(
            'СведТов',
            {
              НомСтр: 1,
              НаимТов: serviceName(u.contractNumber, u.contractDate, u.month),
              ОКЕИ_Тов: '876',
              НаимЕдИзм: 'усл. ед',
              КолТов: '1',
              ЦенаТов: kopecksDecimal(u.payout),
              СтТовБезНДС: kopecksDecimal(u.payout),
              НалСт: rate,
              СтТовУчНал: kopecksDecimal(u.total),
            },
            el('ДопСведТов', { ПрТовРаб: '3' }),
            el('Акциз', {}, { name: 'БезАкциз', attrs: {}, children: [], text: 'без акциза' }),
            taxEl('СумНал'),
          ),
          el('ВсегоОпл', { СтТовБезНДСВсего: kopecksDecimal(u.payout), СтТовУчНалВсего: kopecksDecimal(u.total) }, taxEl('СумНалВсего')),
        ),
        el(
          'СвПродПер',
          {},
          el(
            'СвПер',
            { СодОпер: 'Услуги оказаны в полном объеме', ДатаНачПер: ddmmyyyy(monthStart(u.month)), ДатаОконПер: ddmmyyyy(monthEnd(u.month)) },
            el('ОснПер', { РеквНаимДок: 'Договор', РеквНомерДок: u.contractNumber, РеквДатаДок: ddmmyyyy(u.contractDate) }),
          ),
        ),
        // СпосПодтПолном=1: the signer's authority comes from the certificate of the qualified signature.
        el('Подписант', { Должн: u.signer.position, СпосПодтПолном: '1' }, el('ФИО', signer)),
      ),
    ),
  );
  assertUpdRules(tree, fileName);
  const xml = serializeXml(tree, 'windows-1251');
  return { idFile, fileName, function: fn, xml, bytes: encodeCp1251(xml) };
}
