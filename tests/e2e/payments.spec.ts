// «Выплаты» as a finance user: build a month's registry, see a failing check, fix the requisite, rebuild and watch the
// check disappear, approve, download the XLSX and read it back; then the budget and bank-detail-change tabs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import type { CommandOutput } from '../../core/api';
import { apiCall, SHOTS, signInAs } from './support/app';

type GridPageOf<R> = { rows: R[]; total: number };
// The commands' own output types: a field renamed in the core fails the typecheck here, not the run.
type MonthRow = CommandOutput<'penalties.contractMonths'>['rows'][number];
type Counterparty = CommandOutput<'counterparties.get'>;
type Registry = CommandOutput<'payments.listRegistries'>['rows'][number];

const DIR = path.resolve('test-results', 'payments-files');
const CANDIDATE_MONTHS = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06'];

/** A month with payouts and no registry yet (other specs may have built and approved some). */
async function freeMonth(page: Page): Promise<string> {
  for (const month of CANDIDATE_MONTHS) {
    const payouts = await apiCall<GridPageOf<MonthRow>>(page, 'penalties.contractMonths', { month, limit: 1 });
    const regs = await apiCall<GridPageOf<Registry>>(page, 'payments.listRegistries', { search: month, limit: 50 });
    if (payouts.total > 0 && !regs.rows.some((r) => r.month === month)) return month;
  }
  throw new Error('No demo month with payouts and without a registry');
}

/** A page signed in as admin in its own browser context: the second person who edits counterparties. */
async function adminPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signInAs(page, 'admin');
  return page;
}

async function saveCounterparty(admin: Page, c: Counterparty, patch: Partial<Counterparty>): Promise<void> {
  const { id, type, name, inn, kpp, ogrn, vatMode, bik, account, corrAccount, bankName, address, edoId } = { ...c, ...patch };
  await apiCall(admin, 'counterparties.save', { id, type, name, inn, kpp, ogrn, vatMode, bik, account, corrAccount, bankName, address, edoId });
}

async function counterpartyByInn(page: Page, inn: string): Promise<Counterparty> {
  const list = await apiCall<GridPageOf<{ id: number; inn: string }>>(page, 'counterparties.list', { search: inn, limit: 10 });
  const hit = list.rows.find((r) => r.inn === inn);
  if (!hit) throw new Error(`counterparty ${inn} not found`);
  return apiCall<Counterparty>(page, 'counterparties.get', { id: hit.id });
}

/** Kopecks from the ₽ text the header shows («1 234 567,89 ₽»). */
const kopecksOf = (text: string) => Math.round(Number(text.replace(/[^\d,-]/g, '').replace(',', '.')) * 100);

test.beforeAll(() => fs.mkdirSync(DIR, { recursive: true }));

test('Выплаты: build, failing check, fix, approve, XLSX with the header totals', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'finance');
  const month = await freeMonth(page);
  // The counterparty of the largest payout of the month loses its bank name: no payment hold (BIK and account are the
  // same), but the «bank details» check of the registry catches it.
  const top = (await apiCall<GridPageOf<MonthRow>>(page, 'penalties.contractMonths', { month, sort: [{ col: 'payout', dir: 'desc' }], limit: 1 })).rows[0];
  const admin = await adminPage(browser);
  const victim = await counterpartyByInn(admin, top.counterpartyInn);
  await saveCounterparty(admin, victim, { bankName: null });

  await page.getByRole('link', { name: 'Выплаты' }).click();
  await page.getByRole('tab', { name: 'Реестры' }).click();
  await page.getByLabel('Месяц реестра').fill(month);
  await page.getByRole('button', { name: 'Сформировать реестр' }).click();
  const view = page.getByTestId('registry-view');
  await expect(view).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('registry-status')).toHaveText('Черновик');
  const bankCheck = page.getByTestId('check-bank_details');
  await expect(bankCheck).toContainText('Не указан банк');
  await expect(bankCheck).toContainText(victim.name);
  // Clicking the contract in the check filters the lines grid to it.
  await bankCheck.getByRole('button', { name: top.contractNo }).first().click();
  await expect(page.getByLabel('Поиск строк')).toHaveValue(top.contractNo);
  const lines = page.getByTestId('registry-lines');
  await expect(lines.getByRole('row').filter({ hasText: top.contractNo }).first()).toBeVisible();
  await expect(lines.getByRole('row', { name: /^Итого/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/payments-registry-check.png` });

  // Approval is refused while the check fails, with the reason in Russian.
  await page.getByRole('button', { name: 'Утвердить' }).click();
  await expect(page.getByTestId('registry-error')).toContainText(/[А-Яа-я]/);
  await expect(page.getByTestId('registry-status')).toHaveText('Черновик');

  // The requisite is fixed (nothing to confirm: BIK and account never changed); the registry is rebuilt and the check is gone.
  await saveCounterparty(admin, victim, { bankName: victim.bankName });
  const pending = await apiCall<{ rows: { counterpartyId: number }[] }>(page, 'payments.bankChanges', { pendingOnly: true });
  expect(pending.rows.filter((r) => r.counterpartyId === victim.id)).toEqual([]);
  await page.getByRole('button', { name: 'Показать все строки' }).click();
  await page.getByRole('button', { name: 'Пересобрать' }).click();
  await expect(page.getByText('Реестр пересобран по текущим данным.')).toBeVisible();
  await expect(bankCheck).toHaveCount(0);
  await expect(page.getByTestId('checks-ok')).toBeVisible();

  // Grouping by federal district shows the summary.
  await page.getByRole('button', { name: 'по ФО' }).click();
  await expect(page.getByTestId('registry-summary')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/payments-registry-grouped.png` });

  await page.getByRole('button', { name: 'Утвердить' }).click();
  await expect(page.getByTestId('registry-status')).toHaveText('Утверждён');
  await expect(page.getByRole('button', { name: 'Вернуть в черновик' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Выгрузить в 1С' })).toBeVisible();
  const header = {
    lineCount: Number(await page.getByTestId('registry-line-count').textContent()),
    totalPayout: kopecksOf((await page.getByTestId('registry-total-payout').textContent()) ?? ''),
    totalVat: kopecksOf((await page.getByTestId('registry-total-vat').textContent()) ?? ''),
    total: kopecksOf((await page.getByTestId('registry-total').textContent()) ?? ''),
  };
  const regs = await apiCall<GridPageOf<Registry>>(page, 'payments.listRegistries', { search: month, limit: 50 });
  const reg = regs.rows.find((r) => r.month === month && r.status === 'approved')!;
  expect(header).toEqual({ lineCount: reg.lineCount, totalPayout: reg.totalPayout, totalVat: reg.totalVat, total: reg.total });
  await page.screenshot({ path: `${SHOTS}/payments-registry-approved.png` });

  // The XLSX: every line, and a totals row equal to the header, to the kopeck.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать XLSX' }).click()]);
  const file = path.join(DIR, download.suggestedFilename());
  await download.saveAs(file);
  const wb = XLSX.read(fs.readFileSync(file));
  const rows = XLSX.utils.sheet_to_json<Record<string, string | number>>(wb.Sheets[wb.SheetNames[0]], { defval: null });
  const lineRows = rows.filter((r) => typeof r['№'] === 'number');
  const totalsRow = rows.find((r) => String(r['Договор'] ?? '').startsWith('Итого'))!;
  const kop = (v: unknown) => Math.round(Number(v) * 100);
  const sum = (col: string) => lineRows.reduce((s, r) => s + kop(r[col]), 0);
  expect(lineRows).toHaveLength(header.lineCount);
  expect([sum('К выплате без НДС'), sum('НДС'), sum('Итого')]).toEqual([header.totalPayout, header.totalVat, header.total]);
  expect([kop(totalsRow['К выплате без НДС']), kop(totalsRow['НДС']), kop(totalsRow['Итого'])]).toEqual([header.totalPayout, header.totalVat, header.total]);

  // The list shows the registry with its badge.
  await page.getByRole('button', { name: '← Все реестры' }).click();
  await expect(page.getByTestId('registries-grid').getByText('Утверждён').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/payments-registries.png` });
  await admin.context().close();
});

test('Выплаты: budget plan import, chart and grid; a bank detail change confirmed by a second person', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'finance');
  await page.getByRole('link', { name: 'Выплаты' }).click();
  await page.getByRole('tab', { name: 'Бюджет' }).click();
  await expect(page.getByTestId('budget-rule')).toBeVisible();

  // A plan for every district over the shown months, imported through the wizard.
  const from = await page.getByLabel('С месяца').inputValue();
  const to = await page.getByLabel('По месяц').inputValue();
  const districts = ['ЦФО', 'СЗФО', 'ЮФО', 'СКФО', 'ПФО', 'УФО', 'СФО', 'ДФО'];
  const months: string[] = [];
  for (let d = new Date(`${from}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= to; d.setUTCMonth(d.getUTCMonth() + 1)) months.push(d.toISOString().slice(0, 7));
  const aoa: (string | number)[][] = [['Федеральный округ', 'Месяц', 'Сумма, ₽']];
  districts.forEach((fd, i) => months.forEach((m, j) => aoa.push([fd, m, 250_000 + i * 25_000 + j * 1_000.5])));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'План');
  const planFile = path.join(DIR, 'план-бюджета.xlsx');
  fs.writeFileSync(planFile, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  await page.getByRole('button', { name: 'Загрузить план…' }).click();
  await page.locator('.import-wizard input[type=file]').setInputFiles(planFile);
  await page.getByRole('button', { name: /Импортировать \(\d+ строк\)/ }).click();
  await expect(page.getByText(/Импорт завершён: добавлено \d+/)).toBeVisible();
  await page.getByRole('button', { name: 'Закрыть' }).click();
  await expect(page.getByTestId('budget-grid').getByRole('row', { name: /^Итого/ })).toBeVisible();
  await expect(page.getByTestId('budget-chart').locator('canvas').first()).toBeVisible();
  const view = await apiCall<{ totals: { plan: number } }>(page, 'budget.view', { from, to });
  expect(view.totals.plan).toBe(aoa.slice(1).reduce((s, r) => s + Math.round((r[2] as number) * 100), 0));
  await page.screenshot({ path: `${SHOTS}/payments-budget.png` });

  // Admin moves a counterparty to another valid bank account (copied from a second counterparty): payments are held
  // until someone else confirms. Finance confirms it on the «Изменения реквизитов» tab.
  const admin = await adminPage(browser);
  const list = await apiCall<GridPageOf<{ id: number; type: string }>>(admin, 'counterparties.list', { limit: 20 });
  const [a, b] = await Promise.all(list.rows.filter((r) => r.type === 'ЮЛ').slice(0, 2).map((r) => apiCall<Counterparty>(admin, 'counterparties.get', { id: r.id })));
  await saveCounterparty(admin, a, { bik: b.bik, account: b.account, corrAccount: b.corrAccount, bankName: b.bankName });
  await page.getByRole('tab', { name: 'Изменения реквизитов' }).click();
  const card = page.getByTestId('bank-change').filter({ hasText: a.name });
  await expect(card).toBeVisible();
  await expect(card).toContainText('ждёт подтверждения');
  await expect(card).toContainText(b.account!);
  await page.screenshot({ path: `${SHOTS}/payments-bank-changes.png` });
  await card.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page.getByText(`Изменение реквизитов «${a.name}» подтверждено`)).toBeVisible();
  // Admin made the change, so admin's own confirmation is refused by the core.
  await admin.context().close();
});
