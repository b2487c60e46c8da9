// Region names as people write them in files: «Татарстан», «Респ. Татарстан», «г Москва», «Московская обл.»,
// «ХМАО», «СПб», «16». Pure: the caller passes the regions table.

/** A subject of the RF as stored: two-digit code and official name. */
export interface RegionRef {
  code: string;
  name: string;
}

/** Lower case, ё→е, dashes and punctuation to spaces, single spaces. */
function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[‐‑‒–—―-]/g, ' ')
    .replace(/[.,;:()«»"'`/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Words that say what kind of subject it is, not which one: dropped on both sides before comparing.
const KIND_WORDS = new Set([
  'республика', 'респ', 'р', 'область', 'обл', 'край', 'кр', 'город', 'г', 'гор', 'федерального', 'значения',
  'автономный', 'автономная', 'авт', 'округ', 'ао', 'рф',
]);

function core(normalized: string): string {
  return normalized
    .split(' ')
    .filter((w) => w !== '' && !KIND_WORDS.has(w))
    .join(' ');
}

// Short and popular names that the generic rule cannot derive, by the subject's code.
const ALIASES: Record<string, string[]> = {
  '02': ['башкирия'],
  '04': ['горный алтай'],
  '07': ['кабардино балкария', 'кбр'],
  '09': ['карачаево черкесия', 'кчр'],
  '14': ['саха', 'якутия'],
  '15': ['северная осетия', 'алания', 'рсо алания', 'осетия'],
  '17': ['тува'],
  '18': ['удмуртия'],
  '20': ['чечня'],
  '21': ['чувашия'],
  '23': ['кубань'],
  '25': ['приморье'],
  '26': ['ставрополье'],
  '41': ['камчатка'],
  '42': ['кузбасс', 'кемеровская'],
  '47': ['ленобласть', 'ло'],
  '50': ['подмосковье', 'мо', 'мособласть'],
  '65': ['сахалин'],
  '75': ['забайкалье'],
  '77': ['мск'],
  '78': ['спб', 'петербург', 'санкт петербург', 'питер', 'с петербург', 'с пб'],
  '79': ['еао', 'еврейская'],
  '83': ['нао', 'ненецкий'],
  '86': ['югра', 'хмао', 'хмао югра', 'ханты мансийский', 'ханты мансийский югра'],
  '87': ['чао', 'чукотка', 'чукотский'],
  '89': ['янао', 'ямал', 'ямало ненецкий'],
  '93': ['днр', 'донецкая', 'донецкая народная'],
  '94': ['лнр', 'луганская', 'луганская народная'],
};

// «Республика Саха (Якутия)», «Кемеровская область — Кузбасс»: the text outside and inside brackets, and each side of
// a spaced dash, names the subject on its own.
function partsOf(name: string): string[] {
  const parts: string[] = [];
  const bracket = /^(.*)\((.*)\)\s*$/.exec(name);
  if (bracket) parts.push(bracket[1], bracket[2]);
  const dashed = name.split(/\s[—–-]\s/);
  if (dashed.length > 1) parts.push(...dashed);
  return parts;
}

function keysOf(name: string): string[] {
  const n = normalize(name);
  const keys = [n, core(n)];
  for (const part of partsOf(name)) keys.push(normalize(part), core(normalize(part)));
  return keys.filter((k) => k !== '');
}

function buildIndex(regions: readonly RegionRef[]): Map<string, string | null> {
  const index = new Map<string, string | null>();
  const add = (key: string, code: string) => {
    const prev = index.get(key);
    // A key two subjects share identifies neither; null marks it ambiguous.
    if (prev === undefined) index.set(key, code);
    else if (prev !== code) index.set(key, null);
  };
  const known = new Set(regions.map((r) => r.code));
  for (const r of regions) for (const k of keysOf(r.name)) add(k, r.code);
  for (const [code, names] of Object.entries(ALIASES)) {
    if (known.has(code)) for (const a of names) add(normalize(a), code);
  }
  return index;
}

let cache: { regions: readonly RegionRef[]; index: Map<string, string | null> } | undefined;

/**
 * Finds the region code for a name as written in a file: official or short form, any case, ё=е, or a two-digit code.
 * Returns null when nothing or more than one region matches.
 */
export function matchRegion(name: string, regions: readonly RegionRef[]): string | null {
  const raw = name.trim();
  if (raw === '') return null;
  if (/^\d{1,2}$/.test(raw)) {
    const code = raw.padStart(2, '0');
    return regions.some((r) => r.code === code) ? code : null;
  }
  if (cache?.regions !== regions) cache = { regions, index: buildIndex(regions) };
  const index = cache.index;
  const lookup = (text: string): string | null | undefined => {
    const n = normalize(text);
    const whole = index.get(n);
    return whole !== undefined ? whole : index.get(core(n));
  };
  const whole = lookup(raw);
  if (whole !== undefined) return whole;
  // «Чувашская Республика - Чувашия»: every part that names a subject must name the same one.
  const hits = new Set(partsOf(raw).map(lookup).filter((h) => h !== undefined));
  return hits.size === 1 ? [...hits][0] : null;
}
