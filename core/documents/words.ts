// Amounts in Russian words for agreements: `15 000,00 (пятнадцать тысяч) рублей 00 копеек`. Pure: the renderer may show
// the same text the DOCX gets.

type Gender = 'm' | 'f';

const UNITS_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** Scales above units: word forms for 1 / 2–4 / 5+ and the grammatical gender of the scale word. */
const SCALES: { forms: [string, string, string]; gender: Gender }[] = [
  { forms: ['тысяча', 'тысячи', 'тысяч'], gender: 'f' },
  { forms: ['миллион', 'миллиона', 'миллионов'], gender: 'm' },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], gender: 'm' },
  { forms: ['триллион', 'триллиона', 'триллионов'], gender: 'm' },
];

/** The Russian plural form for a count: `[1 рубль, 2 рубля, 5 рублей]`. */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  const n100 = Math.abs(n) % 100;
  const n10 = n100 % 10;
  if (n100 >= 11 && n100 <= 14) return forms[2];
  if (n10 === 1) return forms[0];
  if (n10 >= 2 && n10 <= 4) return forms[1];
  return forms[2];
}

function triadWords(n: number, gender: Gender): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) out.push(HUNDREDS[h]);
  if (rest >= 10 && rest < 20) out.push(TEENS[rest - 10]);
  else {
    const t = Math.floor(rest / 10);
    const u = rest % 10;
    if (t) out.push(TENS[t]);
    if (u) out.push((gender === 'f' ? UNITS_F : UNITS_M)[u]);
  }
  return out;
}

/** A non-negative whole number in Russian words in the given gender (`1, 'f'` → `одна`); 0 is `ноль`. */
export function numberInWords(n: number, gender: Gender = 'm'): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Expected a non-negative safe integer, got ${n}`);
  if (n === 0) return 'ноль';
  const words: string[] = [];
  const triads: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 1000)) triads.push(v % 1000);
  for (let i = triads.length - 1; i >= 0; i--) {
    const t = triads[i];
    if (t === 0) continue;
    if (i === 0) {
      words.push(...triadWords(t, gender));
    } else {
      const scale = SCALES[i - 1];
      if (!scale) throw new RangeError(`Number too large for words: ${n}`);
      words.push(...triadWords(t, scale.gender), pluralRu(t, scale.forms));
    }
  }
  return words.join(' ');
}

/** Rubles with kopecks in figures, plain-space grouping: `1500000` → `15 000,00`. */
export function rublesFigures(kopecks: number): string {
  const abs = Math.abs(kopecks);
  const rub = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${kopecks < 0 ? '-' : ''}${rub},${String(abs % 100).padStart(2, '0')}`;
}

/** The amount as contracts write it: `15 000,00 (пятнадцать тысяч) рублей 00 копеек`. */
export function amountInWords(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) throw new RangeError(`Expected non-negative kopecks, got ${kopecks}`);
  const rubles = Math.floor(kopecks / 100);
  const kop = kopecks % 100;
  const rubWord = pluralRu(rubles, ['рубль', 'рубля', 'рублей']);
  const kopWord = pluralRu(kop, ['копейка', 'копейки', 'копеек']);
  return `${rublesFigures(kopecks)} (${numberInWords(rubles, 'm')}) ${rubWord} ${String(kop).padStart(2, '0')} ${kopWord}`;
}
