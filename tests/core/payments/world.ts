// The payments tests' world: the amnesty world (K1 300 000 ₽ VAT 22 % in Татарстан / ПФО, K2 100 000 ₽ in Москва /
// ЦФО, one counterparty, signals in March–May 2026) with every fee month cached, company requisites set, and two
// extra users: a second finance user and one who is both a lawyer and a financier (for the four-eyes refusal).
import { generateCounterpartyRequisites } from '../../../core/requisites';
import { refreshContracts } from '../../../core/penalties/recompute';
import { makeAmnestyWorld, NOW, type AmnestyWorld } from '../amnesty/world';

export { NOW };

export interface PaymentsWorld extends AmnestyWorld {
  counterpartyId: number;
  /** Σ payout / vat / payout_total of contract_months with a payout > 0 in a month. */
  cmSums(month: string): { payout: number; vat: number; total: number; count: number };
  /** Sets the company requisites needed by the 1C export. */
  setCompany(): Promise<void>;
}

/** Builds the world; `company: false` leaves the company requisites unset. */
export async function makePaymentsWorld(opts: { company?: boolean } = {}): Promise<PaymentsWorld> {
  const w = await makeAmnestyWorld();
  const hash = w.db.prepare(`SELECT password_hash FROM users WHERE login = 'fin'`).pluck().get() as string;
  for (const [login, roles] of [['fin2', ['finance']], ['legalfin', ['legal', 'finance']]] as const) {
    const uid = Number(
      w.db.prepare(`INSERT INTO users (login, full_name, password_hash, created_at) VALUES (?, ?, ?, ?)`).run(login, `Тест ${login}`, hash, NOW).lastInsertRowid,
    );
    for (const role of roles) w.db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)').run(uid, role);
  }
  // The world inserted its contracts by SQL: cache every fee month of them, as signing would have.
  w.db.transaction(() => refreshContracts(w.db as never, [w.contracts.K1, w.contracts.K2], NOW))();
  const counterpartyId = w.db.prepare('SELECT id FROM counterparties').pluck().get() as number;
  const setCompany = async () => {
    let seed = 77;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const req = generateCounterpartyRequisites(rand, 'ЮЛ');
    const values: [string, string][] = [
      ['company.name', 'АО «Вкусная компания»'],
      ['company.inn', req.inn],
      ['company.kpp', req.kpp!],
      ['company.bik', req.bik!],
      ['company.account', req.account!],
      ['company.corr_account', req.corr_account!],
      ['company.bank_name', 'ПАО «Сбербанк»'],
    ];
    for (const [key, value] of values) await w.ok('adm', 'settings.set', { key, value });
  };
  if (opts.company !== false) await setCompany();
  return {
    ...w,
    counterpartyId,
    setCompany,
    cmSums: (month) =>
      w.db
        .prepare(
          `SELECT COALESCE(sum(payout), 0) AS payout, COALESCE(sum(vat), 0) AS vat, COALESCE(sum(payout_total), 0) AS total, count(*) AS count
           FROM contract_months WHERE month = ? AND payout > 0`,
        )
        .get(month) as { payout: number; vat: number; total: number; count: number },
  };
}
