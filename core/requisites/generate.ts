import { corrKeyPrefix, settlementKeyPrefix, withAccountKey } from './bank';
import { innCheckDigits } from './inn';
import { ogrnCheckDigit } from './ogrn';

/** Source of randomness in [0, 1); demo data passes a seeded PRNG so generated requisites are reproducible. */
export type Rand = () => number;

function int(rand: Rand, n: number): number {
  // Clamp so that a sloppy PRNG returning exactly 1 cannot produce an out-of-range digit.
  return Math.min(n - 1, Math.floor(rand() * n));
}

function digits(rand: Rand, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(int(rand, 10));
  return out;
}

/** Two-digit region code 01..99: real INN/OGRN/BIK never use 00. */
function region(rand: Rand): string {
  return String(1 + int(rand, 99)).padStart(2, '0');
}

/** Generates a valid 10-digit INN of a legal entity. */
export function generateInnLegal(rand: Rand): string {
  const body = region(rand) + digits(rand, 7);
  return body + innCheckDigits(body);
}

/** Generates a valid 12-digit INN of an individual entrepreneur. */
export function generateInnIndividual(rand: Rand): string {
  const body = region(rand) + digits(rand, 8);
  return body + innCheckDigits(body);
}

/** Generates a valid INN for the given counterparty type (10 digits for ЮЛ, 12 for ИП). */
export function generateInn(rand: Rand, type: 'ЮЛ' | 'ИП'): string {
  return type === 'ЮЛ' ? generateInnLegal(rand) : generateInnIndividual(rand);
}

const KPP_REASONS = ['01', '01', '01', '01', '02', '43', '45', '50'] as const;

/** Generates a KPP; with an INN its first 4 digits (tax office) are reused, as for most real companies. */
export function generateKpp(rand: Rand, inn?: string): string {
  const office = inn !== undefined && /^[0-9]{4}/.test(inn) ? inn.slice(0, 4) : region(rand) + digits(rand, 2);
  const reason = KPP_REASONS[int(rand, KPP_REASONS.length)] ?? '01';
  return `${office}${reason}${String(1 + int(rand, 3)).padStart(3, '0')}`;
}

function year2(rand: Rand): string {
  return String(2 + int(rand, 24)).padStart(2, '0');
}

/** Generates a valid 13-digit OGRN (sign 1 or 5, year, region, number, check digit). */
export function generateOgrn(rand: Rand): string {
  const body = (int(rand, 2) === 0 ? '1' : '5') + year2(rand) + region(rand) + digits(rand, 7);
  return body + ogrnCheckDigit(body);
}

/** Generates a valid 15-digit OGRNIP (sign 3, year, region, number, check digit). */
export function generateOgrnip(rand: Rand): string {
  const body = '3' + year2(rand) + region(rand) + digits(rand, 9);
  return body + ogrnCheckDigit(body);
}

/** Generates a BIK: 04, region, branch, and a credit-institution number of 050..999 as real banks have. */
export function generateBik(rand: Rand): string {
  return `04${region(rand)}${digits(rand, 2)}${String(50 + int(rand, 950)).padStart(3, '0')}`;
}

/** Generates a rouble settlement account of a resident company (40702810…) with a key valid for `bik`. */
export function generateSettlementAccount(rand: Rand, bik: string): string {
  return withAccountKey(`407028100${digits(rand, 11)}`, settlementKeyPrefix(bik));
}

/** Generates the correspondent account for `bik`: 30101810, key, zeros, the BIK's last 3 digits. */
export function generateCorrAccount(_rand: Rand, bik: string): string {
  // `_rand` is unused because the CBR assigns one such account per BIK; it keeps the generator signatures uniform.
  return withAccountKey(`30101810000000000${bik.slice(-3)}`, corrKeyPrefix(bik));
}

/** A full, mutually consistent set of generated requisites for one counterparty. */
export interface GeneratedRequisites {
  type: 'ЮЛ' | 'ИП';
  inn: string;
  kpp: string | null;
  ogrn: string;
  bik: string;
  account: string;
  corr_account: string;
}

/** Generates a full valid requisite set for a counterparty of `type` (KPP only for ЮЛ, OGRNIP for ИП). */
export function generateCounterpartyRequisites(rand: Rand, type: 'ЮЛ' | 'ИП'): GeneratedRequisites {
  const inn = generateInn(rand, type);
  const kpp = type === 'ЮЛ' ? generateKpp(rand, inn) : null;
  const ogrn = type === 'ЮЛ' ? generateOgrn(rand) : generateOgrnip(rand);
  const bik = generateBik(rand);
  const account = generateSettlementAccount(rand, bik);
  return { type, inn, kpp, ogrn, bik, account, corr_account: generateCorrAccount(rand, bik) };
}
