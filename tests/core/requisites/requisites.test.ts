import { describe, it, expect } from 'vitest';
import {
  generateBik,
  generateCorrAccount,
  generateCounterpartyRequisites,
  generateInn,
  generateInnIndividual,
  generateInnLegal,
  generateKpp,
  generateOgrn,
  generateOgrnip,
  generateSettlementAccount,
  innCheckDigits,
  ogrnCheckDigit,
  validateBik,
  validateCorrAccount,
  validateCounterpartyRequisites,
  validateInn,
  validateKpp,
  validateOgrn,
  validateSettlementAccount,
  withAccountKey,
  type Rand,
  type ValidationResult,
} from '../../../core/requisites';

const OK: ValidationResult = { ok: true };
const no = (reason: string): ValidationResult => ({ ok: false, reason });

/** Small seeded PRNG (mulberry32) so generator tests are reproducible. */
function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Real, publicly known requisites; each was also checked by an independent implementation.
const SBER = {
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  bik: '044525225',
  corr: '30101810400000000225',
  account: '40702810938000000001',
};

describe('ИНН', () => {
  it('accepts known-valid 10-digit INNs of legal entities', () => {
    expect(validateInn('7707083893', 'ЮЛ')).toEqual(OK); // Сбербанк
    expect(validateInn('7736050003', 'ЮЛ')).toEqual(OK); // Газпром
    expect(validateInn('7707083893')).toEqual(OK);
  });

  it('accepts a known-valid 12-digit INN of an individual', () => {
    expect(validateInn('500100732259', 'ИП')).toEqual(OK);
    expect(validateInn('500100732259')).toEqual(OK);
  });

  it('accepts a check digit of 0 produced by a residue of 10 (mod 11 mod 10)', () => {
    expect(innCheckDigits('770708005')).toBe('0');
    expect(validateInn('7707080050', 'ЮЛ')).toEqual(OK);
  });

  it('trims surrounding whitespace, including NBSP', () => {
    expect(validateInn('  7707083893\t', 'ЮЛ')).toEqual(OK);
    expect(validateInn('\u00a0500100732259\n', 'ИП')).toEqual(OK);
  });

  it('refuses a wrong check digit', () => {
    expect(validateInn('7707083894', 'ЮЛ')).toEqual(no('Неверная контрольная сумма ИНН'));
    expect(validateInn('7736050004')).toEqual(no('Неверная контрольная сумма ИНН'));
    // 12th digit wrong, 11th right
    expect(validateInn('500100732258', 'ИП')).toEqual(no('Неверная контрольная сумма ИНН'));
    // 11th digit wrong
    expect(validateInn('500100732269', 'ИП')).toEqual(no('Неверная контрольная сумма ИНН'));
    // a body digit changed
    expect(validateInn('7707083883', 'ЮЛ')).toEqual(no('Неверная контрольная сумма ИНН'));
  });

  it('refuses a length that does not match the type', () => {
    expect(validateInn('770708389', 'ЮЛ')).toEqual(no('ИНН должен состоять из 10 цифр для юридического лица'));
    expect(validateInn('500100732259', 'ЮЛ')).toEqual(no('ИНН должен состоять из 10 цифр для юридического лица'));
    expect(validateInn('7707083893', 'ИП')).toEqual(
      no('ИНН должен состоять из 12 цифр для индивидуального предпринимателя'),
    );
    expect(validateInn('77070838931')).toEqual(
      no('ИНН должен состоять из 10 цифр (юридическое лицо) или 12 цифр (индивидуальный предприниматель)'),
    );
  });

  it('refuses non-digits and empty values', () => {
    expect(validateInn('77070838X3', 'ЮЛ')).toEqual(no('ИНН должен содержать только цифры'));
    expect(validateInn('7707 083893', 'ЮЛ')).toEqual(no('ИНН должен содержать только цифры'));
    expect(validateInn('-707083893')).toEqual(no('ИНН должен содержать только цифры'));
    expect(validateInn('７７０７０８３８９３')).toEqual(no('ИНН должен содержать только цифры')); // full-width digits
    expect(validateInn('')).toEqual(no('ИНН не указан'));
    expect(validateInn('   ')).toEqual(no('ИНН не указан'));
    expect(validateInn(null)).toEqual(no('ИНН не указан'));
    expect(validateInn(undefined, 'ИП')).toEqual(no('ИНН не указан'));
  });
});

describe('КПП', () => {
  it('accepts valid KPPs, including a letter reason code', () => {
    expect(validateKpp('773601001')).toEqual(OK);
    expect(validateKpp('7736AB001')).toEqual(OK);
    expect(validateKpp('77360Z001')).toEqual(OK);
    expect(validateKpp(' 773601001 ')).toEqual(OK);
  });

  it('refuses wrong length or letters outside positions 5–6', () => {
    const format = no('КПП должен состоять из 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры');
    expect(validateKpp('77360100')).toEqual(format);
    expect(validateKpp('7736010011')).toEqual(format);
    expect(validateKpp('A73601001')).toEqual(format);
    expect(validateKpp('7736010A1')).toEqual(format);
    expect(validateKpp('7736-1001')).toEqual(format);
  });

  it('refuses lowercase letters with a specific hint', () => {
    expect(validateKpp('7736ab001')).toEqual(no('КПП может содержать только заглавные латинские буквы'));
  });

  it('refuses Cyrillic look-alike letters with a specific hint', () => {
    expect(validateKpp('7736АВ001')).toEqual(
      no('КПП содержит кириллические буквы; допускаются только цифры и латинские буквы'),
    );
  });

  it('refuses an empty value', () => {
    expect(validateKpp('')).toEqual(no('КПП не указан'));
    expect(validateKpp(null)).toEqual(no('КПП не указан'));
  });
});

describe('ОГРН / ОГРНИП', () => {
  it('accepts a known-valid OGRN (Сбербанк)', () => {
    expect(validateOgrn('1027700132195', 'ЮЛ')).toEqual(OK);
    expect(validateOgrn('1027700132195')).toEqual(OK);
  });

  it('accepts a known-valid OGRNIP', () => {
    expect(ogrnCheckDigit('30450011600015')).toBe('7');
    expect(validateOgrn('304500116000157', 'ИП')).toEqual(OK);
    expect(validateOgrn('304500116000157')).toEqual(OK);
  });

  it('maps a residue of 10 to check digit 0', () => {
    // 102770013213 mod 11 = 10; 30450011600005 mod 13 = 10
    expect(ogrnCheckDigit('102770013213')).toBe('0');
    expect(validateOgrn('1027700132130', 'ЮЛ')).toEqual(OK);
    expect(ogrnCheckDigit('30450011600005')).toBe('0');
    expect(validateOgrn('304500116000050', 'ИП')).toEqual(OK);
  });

  it('refuses a wrong check digit', () => {
    expect(validateOgrn('1027700132196', 'ЮЛ')).toEqual(no('Неверное контрольное число ОГРН'));
    expect(validateOgrn('1027700132194')).toEqual(no('Неверное контрольное число ОГРН'));
    expect(validateOgrn('304500116000158', 'ИП')).toEqual(no('Неверное контрольное число ОГРНИП'));
    expect(validateOgrn('304500116000156')).toEqual(no('Неверное контрольное число ОГРНИП'));
  });

  it('refuses a length that does not match the type', () => {
    expect(validateOgrn('304500116000157', 'ЮЛ')).toEqual(no('ОГРН должен состоять из 13 цифр'));
    expect(validateOgrn('1027700132195', 'ИП')).toEqual(no('ОГРНИП должен состоять из 15 цифр'));
    expect(validateOgrn('10277001321951')).toEqual(no('ОГРН должен состоять из 13 цифр, ОГРНИП — из 15 цифр'));
  });

  it('refuses non-digits and empty values', () => {
    expect(validateOgrn('10277OO132195', 'ЮЛ')).toEqual(no('ОГРН должен содержать только цифры'));
    expect(validateOgrn('30450011600015X', 'ИП')).toEqual(no('ОГРНИП должен содержать только цифры'));
    expect(validateOgrn('', 'ЮЛ')).toEqual(no('ОГРН не указан'));
    expect(validateOgrn(' ', 'ИП')).toEqual(no('ОГРНИП не указан'));
  });
});

describe('БИК', () => {
  it('accepts valid BIKs', () => {
    expect(validateBik('044525225')).toEqual(OK);
    expect(validateBik(' 044030653 ')).toEqual(OK);
  });

  it('refuses wrong prefix, length or characters', () => {
    const format = no('БИК должен состоять из 9 цифр и начинаться с 04');
    expect(validateBik('054525225')).toEqual(format);
    expect(validateBik('44525225')).toEqual(format);
    expect(validateBik('04452522')).toEqual(format);
    expect(validateBik('0445252250')).toEqual(format);
    expect(validateBik('04452522A')).toEqual(format);
    expect(validateBik('')).toEqual(no('БИК не указан'));
  });
});

describe('расчётный счёт', () => {
  it('accepts an account whose key matches the BIK', () => {
    expect(validateSettlementAccount(SBER.account, SBER.bik)).toEqual(OK);
    expect(validateSettlementAccount(' 40702810938000000001 ', ' 044525225 ')).toEqual(OK);
  });

  it('refuses a changed digit', () => {
    const key = no('Неверный контрольный ключ расчётного счёта для указанного БИК');
    expect(validateSettlementAccount('40702810938000000002', SBER.bik)).toEqual(key);
    expect(validateSettlementAccount('40702810838000000001', SBER.bik)).toEqual(key);
  });

  it('refuses a valid account paired with another bank BIK', () => {
    expect(validateSettlementAccount(SBER.account, '044525593')).toEqual(
      no('Неверный контрольный ключ расчётного счёта для указанного БИК'),
    );
  });

  it('refuses bad format before looking at the BIK', () => {
    expect(validateSettlementAccount('4070281093800000000', SBER.bik)).toEqual(
      no('Расчётный счёт должен состоять из 20 цифр'),
    );
    expect(validateSettlementAccount('407028109380000000011', SBER.bik)).toEqual(
      no('Расчётный счёт должен состоять из 20 цифр'),
    );
    expect(validateSettlementAccount('4070281093800000000A', SBER.bik)).toEqual(
      no('Расчётный счёт должен содержать только цифры'),
    );
    expect(validateSettlementAccount('', SBER.bik)).toEqual(no('Расчётный счёт не указан'));
  });

  it('cannot be checked without a valid BIK', () => {
    expect(validateSettlementAccount(SBER.account, '')).toEqual(
      no('Расчётный счёт нельзя проверить без корректного БИК'),
    );
    expect(validateSettlementAccount(SBER.account, '054525225')).toEqual(
      no('Расчётный счёт нельзя проверить без корректного БИК'),
    );
  });

  it('withAccountKey sets the 9th digit so the key passes', () => {
    expect(withAccountKey('40702810038000000001', '225')).toBe(SBER.account);
    expect(withAccountKey('40702810938000000001', '225')).toBe(SBER.account);
  });
});

describe('корреспондентский счёт', () => {
  it('accepts real correspondent accounts for their BIKs', () => {
    expect(validateCorrAccount(SBER.corr, SBER.bik)).toEqual(OK); // Сбербанк, Москва
    expect(validateCorrAccount('30101810200000000593', '044525593')).toEqual(OK); // Альфа-Банк
    expect(validateCorrAccount('30101810500000000653', '044030653')).toEqual(OK); // Сбербанк, Санкт-Петербург
  });

  it('refuses a changed digit', () => {
    const key = no('Неверный контрольный ключ корреспондентского счёта для указанного БИК');
    expect(validateCorrAccount('30101810400000000226', SBER.bik)).toEqual(key);
    expect(validateCorrAccount('30101810500000000225', SBER.bik)).toEqual(key);
  });

  it('refuses a correspondent account of another RKC (BIK digits 5–6 differ)', () => {
    expect(validateCorrAccount('30101810500000000653', SBER.bik)).toEqual(
      no('Неверный контрольный ключ корреспондентского счёта для указанного БИК'),
    );
  });

  it('refuses a wrong prefix, length or characters', () => {
    expect(validateCorrAccount('40101810400000000225', SBER.bik)).toEqual(
      no('Корреспондентский счёт должен начинаться с 301'),
    );
    expect(validateCorrAccount('3010181040000000022', SBER.bik)).toEqual(
      no('Корреспондентский счёт должен состоять из 20 цифр'),
    );
    expect(validateCorrAccount('3010181040000000022O', SBER.bik)).toEqual(
      no('Корреспондентский счёт должен содержать только цифры'),
    );
    expect(validateCorrAccount(undefined, SBER.bik)).toEqual(no('Корреспондентский счёт не указан'));
    expect(validateCorrAccount(SBER.corr, '04452522')).toEqual(
      no('Корреспондентский счёт нельзя проверить без корректного БИК'),
    );
  });
});

describe('validateCounterpartyRequisites', () => {
  const legal = {
    type: 'ЮЛ',
    inn: SBER.inn,
    kpp: SBER.kpp,
    ogrn: SBER.ogrn,
    bik: SBER.bik,
    account: SBER.account,
    corr_account: SBER.corr,
  };
  const individual = {
    type: 'ИП',
    inn: '500100732259',
    ogrn: '304500116000157',
    bik: SBER.bik,
    account: SBER.account,
    corr_account: SBER.corr,
  };

  it('returns no issues for valid ЮЛ and ИП requisites', () => {
    expect(validateCounterpartyRequisites(legal)).toEqual([]);
    expect(validateCounterpartyRequisites(individual)).toEqual([]);
    expect(validateCounterpartyRequisites({ ...individual, kpp: '  ' })).toEqual([]);
    expect(validateCounterpartyRequisites({ type: 'ЮЛ', inn: SBER.inn, kpp: SBER.kpp })).toEqual([]);
  });

  it('requires KPP for ЮЛ and forbids it for ИП', () => {
    expect(validateCounterpartyRequisites({ ...legal, kpp: '' })).toEqual([
      { field: 'kpp', reason: 'КПП обязателен для юридического лица' },
    ]);
    expect(validateCounterpartyRequisites({ ...legal, kpp: undefined })).toEqual([
      { field: 'kpp', reason: 'КПП обязателен для юридического лица' },
    ]);
    expect(validateCounterpartyRequisites({ ...individual, kpp: SBER.kpp })).toEqual([
      { field: 'kpp', reason: 'КПП не указывается для индивидуального предпринимателя' },
    ]);
  });

  it('checks INN and OGRN lengths against the type', () => {
    expect(validateCounterpartyRequisites({ ...legal, inn: '500100732259', ogrn: '304500116000157' })).toEqual([
      { field: 'inn', reason: 'ИНН должен состоять из 10 цифр для юридического лица' },
      { field: 'ogrn', reason: 'ОГРН должен состоять из 13 цифр' },
    ]);
    expect(validateCounterpartyRequisites({ ...individual, ogrn: SBER.ogrn })).toEqual([
      { field: 'ogrn', reason: 'ОГРНИП должен состоять из 15 цифр' },
    ]);
  });

  it('requires a BIK when an account is given', () => {
    expect(validateCounterpartyRequisites({ ...legal, bik: '' })).toEqual([
      { field: 'bik', reason: 'БИК обязателен, если указан расчётный или корреспондентский счёт' },
    ]);
    const corrOnly = { type: 'ЮЛ', inn: SBER.inn, kpp: SBER.kpp, corr_account: SBER.corr };
    expect(validateCounterpartyRequisites(corrOnly)).toEqual([
      { field: 'bik', reason: 'БИК обязателен, если указан расчётный или корреспондентский счёт' },
    ]);
  });

  it('reports a bad BIK once and still checks the account format', () => {
    expect(validateCounterpartyRequisites({ ...legal, bik: '054525225' })).toEqual([
      { field: 'bik', reason: 'БИК должен состоять из 9 цифр и начинаться с 04' },
    ]);
    expect(validateCounterpartyRequisites({ ...legal, bik: '054525225', account: '123' })).toEqual([
      { field: 'bik', reason: 'БИК должен состоять из 9 цифр и начинаться с 04' },
      { field: 'account', reason: 'Расчётный счёт должен состоять из 20 цифр' },
    ]);
  });

  it('reports account keys that do not match the BIK', () => {
    const badKeys = { ...legal, account: '40702810938000000002', corr_account: '30101810400000000226' };
    expect(validateCounterpartyRequisites(badKeys)).toEqual([
      { field: 'account', reason: 'Неверный контрольный ключ расчётного счёта для указанного БИК' },
      { field: 'corr_account', reason: 'Неверный контрольный ключ корреспондентского счёта для указанного БИК' },
    ]);
  });

  it('reports an unknown type and still validates the rest', () => {
    expect(validateCounterpartyRequisites({ ...legal, type: 'ООО', inn: '7707083894', kpp: '7736ab001' })).toEqual([
      { field: 'type', reason: 'Тип контрагента должен быть «ЮЛ» или «ИП»' },
      { field: 'inn', reason: 'Неверная контрольная сумма ИНН' },
      { field: 'kpp', reason: 'КПП может содержать только заглавные латинские буквы' },
    ]);
  });

  it('collects every issue at once', () => {
    const issues = validateCounterpartyRequisites({
      type: 'ЮЛ',
      inn: '77070838',
      kpp: '77360100',
      ogrn: '1027700132196',
      bik: '044525225',
      account: '40702810938000000002',
      corr_account: '40101810400000000225',
    });
    expect(issues.map((i) => i.field)).toEqual(['inn', 'kpp', 'ogrn', 'account', 'corr_account']);
  });
});

describe('generators', () => {
  const N = 500;

  it('generate valid requisites of every kind', () => {
    const rand = mulberry32(42);
    for (let i = 0; i < N; i++) {
      const innLegal = generateInnLegal(rand);
      expect(innLegal).toMatch(/^[0-9]{10}$/);
      expect(validateInn(innLegal, 'ЮЛ')).toEqual(OK);

      const innIndividual = generateInnIndividual(rand);
      expect(innIndividual).toMatch(/^[0-9]{12}$/);
      expect(validateInn(innIndividual, 'ИП')).toEqual(OK);

      const kpp = generateKpp(rand, innLegal);
      expect(kpp.slice(0, 4)).toBe(innLegal.slice(0, 4));
      expect(validateKpp(kpp)).toEqual(OK);
      expect(validateKpp(generateKpp(rand))).toEqual(OK);

      const ogrn = generateOgrn(rand);
      expect(ogrn).toMatch(/^[15][0-9]{12}$/);
      expect(validateOgrn(ogrn, 'ЮЛ')).toEqual(OK);

      const ogrnip = generateOgrnip(rand);
      expect(ogrnip).toMatch(/^3[0-9]{14}$/);
      expect(validateOgrn(ogrnip, 'ИП')).toEqual(OK);

      const bik = generateBik(rand);
      expect(bik).toMatch(/^04[0-9]{7}$/);
      expect(validateBik(bik)).toEqual(OK);

      const account = generateSettlementAccount(rand, bik);
      expect(account).toMatch(/^40702810[0-9]{12}$/);
      expect(validateSettlementAccount(account, bik)).toEqual(OK);

      const corr = generateCorrAccount(rand, bik);
      expect(corr).toMatch(/^30101810[0-9]{12}$/);
      expect(corr.slice(-3)).toBe(bik.slice(-3));
      expect(validateCorrAccount(corr, bik)).toEqual(OK);
    }
  });

  it('generate full counterparty requisite sets that pass the combined check', () => {
    const rand = mulberry32(7);
    for (let i = 0; i < N; i++) {
      const legal = generateCounterpartyRequisites(rand, 'ЮЛ');
      expect(legal.kpp).not.toBeNull();
      expect(validateCounterpartyRequisites(legal)).toEqual([]);
      const individual = generateCounterpartyRequisites(rand, 'ИП');
      expect(individual.kpp).toBeNull();
      expect(validateCounterpartyRequisites(individual)).toEqual([]);
    }
  });

  it('are deterministic for the same random sequence', () => {
    const run = (seed: number): string[] => {
      const rand = mulberry32(seed);
      const out: string[] = [];
      for (let i = 0; i < 50; i++) {
        const bik = generateBik(rand);
        out.push(
          generateInn(rand, 'ЮЛ'),
          generateInn(rand, 'ИП'),
          generateKpp(rand),
          generateOgrn(rand),
          generateOgrnip(rand),
          bik,
          generateSettlementAccount(rand, bik),
          generateCorrAccount(rand, bik),
        );
      }
      return out;
    };
    expect(run(123)).toEqual(run(123));
    expect(run(123)).not.toEqual(run(124));
  });

  it('stay valid at the edges of the random range', () => {
    for (const edge of [0, 0.999999999999, 1]) {
      const rand: Rand = () => edge;
      for (const type of ['ЮЛ', 'ИП'] as const) {
        expect(validateCounterpartyRequisites(generateCounterpartyRequisites(rand, type))).toEqual([]);
      }
    }
  });
});
