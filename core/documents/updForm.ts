// The readable printed form of a stored UPD, read back from its own XML so the preview shows what will be sent.
import { decodeCp1251 } from './cp1251';
import { at, kid, kids, parseXml, type XNode } from './xtree';

/** A party as the printed form shows it. */
export interface UpdFormParty {
  name: string;
  inn: string;
  kpp: string | null;
  address: string | null;
}

/** The fields of a UPD's printed form; money in kopecks. */
export interface UpdForm {
  idFile: string;
  formatVersion: string;
  function: string;
  status: '1' | '2';
  documentName: string | null;
  number: string;
  date: string;
  madeOn: string;
  madeAt: string;
  seller: UpdFormParty;
  buyer: UpdFormParty;
  currency: string;
  lines: { no: number; name: string; unit: string | null; unitCode: string | null; quantity: string | null; price: number | null; amount: number; vatRate: string; vat: number | null; total: number }[];
  totals: { amount: number; vat: number | null; total: number };
  operation: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  basis: { name: string; number: string; date: string } | null;
  signer: { position: string | null; name: string };
}

/** `12345.67` → 1234567 kopecks, exactly (no floating point). */
export function decimalKopecks(text: string | undefined): number {
  if (text === undefined) return 0;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a money decimal: ${text}`);
  const k = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -k : k;
}

function partyOf(p: XNode | undefined): UpdFormParty {
  const ul = at(p, 'ИдСв', 'СвЮЛУч');
  const ip = at(p, 'ИдСв', 'СвИП');
  const fio = kid(ip, 'ФИО');
  const addr = kid(p, 'Адрес');
  const inf = kid(addr, 'АдрИнф');
  const rf = kid(addr, 'АдрРФ');
  const address = inf?.attrs['АдрТекст'] ?? (rf ? [rf.attrs['Индекс'], rf.attrs['НаимРегион'], rf.attrs['Город'], rf.attrs['Улица'], rf.attrs['Дом']].filter(Boolean).join(', ') : null);
  return {
    name: ul?.attrs['НаимОрг'] ?? `ИП ${[fio?.attrs['Фамилия'], fio?.attrs['Имя'], fio?.attrs['Отчество']].filter(Boolean).join(' ')}`,
    inn: ul?.attrs['ИННЮЛ'] ?? ip?.attrs['ИННФЛ'] ?? '',
    kpp: ul?.attrs['КПП'] ?? null,
    address: address || null,
  };
}

const taxOf = (n: XNode | undefined): number | null => {
  const v = kid(n, 'СумНал');
  return v?.text !== undefined ? decimalKopecks(v.text) : null;
};

/** Reads the printed-form fields from the UPD's windows-1251 bytes. */
export function readUpd(bytes: Uint8Array): UpdForm {
  const file = parseXml(decodeCp1251(bytes));
  const doc = kid(file, 'Документ');
  const sf = kid(doc, 'СвСчФакт');
  const table = kid(doc, 'ТаблСчФакт');
  const per = at(doc, 'СвПродПер', 'СвПер');
  const basis = kid(per, 'ОснПер');
  const signer = kid(doc, 'Подписант');
  const fio = kid(signer, 'ФИО');
  const total = kid(table, 'ВсегоОпл');
  const fn = doc?.attrs['Функция'] ?? '';
  return {
    idFile: file.attrs['ИдФайл'] ?? '',
    formatVersion: file.attrs['ВерсФорм'] ?? '',
    function: fn,
    // The printed UPD's "Статус": 1 = invoice and primary document, 2 = primary document only.
    status: fn === 'ДОП' ? '2' : '1',
    documentName: doc?.attrs['НаимДокОпр'] ?? null,
    number: sf?.attrs['НомерДок'] ?? '',
    date: sf?.attrs['ДатаДок'] ?? '',
    madeOn: doc?.attrs['ДатаИнфПр'] ?? '',
    madeAt: doc?.attrs['ВремИнфПр'] ?? '',
    seller: partyOf(kid(sf, 'СвПрод')),
    buyer: partyOf(kid(sf, 'СвПокуп')),
    currency: `${kid(sf, 'ДенИзм')?.attrs['НаимОКВ'] ?? ''}, ${kid(sf, 'ДенИзм')?.attrs['КодОКВ'] ?? ''}`,
    lines: kids(table, 'СведТов').map((l) => ({
      no: Number(l.attrs['НомСтр']),
      name: l.attrs['НаимТов'] ?? '',
      unit: l.attrs['НаимЕдИзм'] ?? null,
      unitCode: l.attrs['ОКЕИ_Тов'] ?? null,
      quantity: l.attrs['КолТов'] ?? null,
      price: l.attrs['ЦенаТов'] !== undefined ? decimalKopecks(l.attrs['ЦенаТов']) : null,
      amount: decimalKopecks(l.attrs['СтТовБезНДС']),
      vatRate: l.attrs['НалСт'] ?? '',
      vat: taxOf(kid(l, 'СумНал')),
      total: decimalKopecks(l.attrs['СтТовУчНал']),
    })),
    totals: {
      amount: decimalKopecks(total?.attrs['СтТовБезНДСВсего']),
      vat: taxOf(kid(total, 'СумНалВсего')),
      total: decimalKopecks(total?.attrs['СтТовУчНалВсего']),
    },
    operation: per?.attrs['СодОпер'] ?? null,
    periodFrom: per?.attrs['ДатаНачПер'] ?? per?.attrs['ДатаПер'] ?? null,
    periodTo: per?.attrs['ДатаОконПер'] ?? per?.attrs['ДатаПер'] ?? null,
    basis: basis ? { name: basis.attrs['РеквНаимДок'] ?? '', number: basis.attrs['РеквНомерДок'] ?? '', date: basis.attrs['РеквДатаДок'] ?? '' } : null,
    signer: { position: signer?.attrs['Должн'] ?? null, name: [fio?.attrs['Фамилия'], fio?.attrs['Имя'], fio?.attrs['Отчество']].filter(Boolean).join(' ') },
  };
}
