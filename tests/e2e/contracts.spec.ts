import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { generateCounterpartyRequisites } from '../../core/requisites/generate';
import { apiCall, SHOTS, signInAs } from './support/app';
import { createRandom } from '../../core/demo/random';

// Unique per run so the spec can be repeated against the same database.
const RUN = String(Date.now()).slice(-6);
const SMALL = `MK-2027-S${RUN}`;
const LARGE = `MK-2027-L${RUN}`;


/** A counterparty and two outlets of its own in Tatarstan, so the new contracts overlap nothing in the demo data. */
async function seedMasterData(page: Page): Promise<string[]> {
  const r = generateCounterpartyRequisites(createRandom(Number(RUN)).next, 'ЮЛ');
  await apiCall(page, 'counterparties.save', {
    type: 'ЮЛ',
    name: `ООО «Тестовая сеть ${RUN}»`,
    inn: r.inn,
    kpp: r.kpp,
    ogrn: r.ogrn,
    vatMode: 'VAT',
    bik: r.bik,
    account: r.account,
    corrAccount: r.corr_account,
    bankName: 'АО «Тестбанк»',
    edoId: `2BM-${r.inn}-${r.kpp}-0001`,
  });
  const codes = [`E2E-${RUN}-1`, `E2E-${RUN}-2`];
  for (const code of codes) {
    await apiCall(page, 'outlets.save', { code, name: `Магазин ${code}`, region: 'Татарстан', counterpartyInn: r.inn, manager: 'manager' });
  }
  return [r.inn, ...codes];
}

function contractsFile(inn: string, outlets: string[]): string {
  const rows = [
    ['contract_no', 'counterparty_inn', 'outlet_codes', 'category', 'start_date', 'end_date', 'monthly_fee', 'must_stock_skus', 'equipment', 'schedule'],
    [SMALL, inn, outlets[0], 'BEVERAGES', '01.01.2027', '31.12.2027', '30 000', 'SKU-0001, SKU-0002', 'EQ-FRIDGE', 'Пн-Вс 09:00-21:00'],
    // 60 000 ₽ a month is 720 000 ₽ a year: above the 600 000 ₽ threshold, so the route adds the director.
    [LARGE, inn, outlets[1], 'BEVERAGES', '01.01.2027', '31.12.2027', '60000', 'SKU-0001;SKU-0003', 'EQ-FRIDGE', 'Пн-Вс 09:00-21:00'],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Договоры');
  const file = path.resolve('test-results', `contracts-${RUN}.xlsx`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return file;
}

async function openContract(page: Page, number: string) {
  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByLabel('Поиск договоров').fill(number);
  await expect(page.getByTestId('contracts-total')).toHaveText('Договоров: 1');
  await page.locator('[data-testid=contracts-grid] .ag-row', { hasText: number }).first().click();
  await expect(page.getByTestId('contract-card')).toContainText(`Договор ${number}`);
}

async function decide(page: Page, login: string, number: string, button: 'Согласовать' | 'Вернуть', comment?: string) {
  await signInAs(page, login);
  await page.getByRole('link', { name: 'Согласования' }).click();
  await page.locator('[data-testid=inbox-grid] .ag-row', { hasText: number }).first().click();
  if (comment) await page.getByLabel('Комментарий').fill(comment);
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('contracts: import a file, submit, approve through every step (director for a large one), return another', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'admin');
  const [inn, ...outlets] = await seedMasterData(page);

  // The assistant imports the contracts file: preview, then commit.
  await signInAs(page, 'assistant');
  await page.getByRole('link', { name: 'Импорт' }).click();
  await page.getByRole('tab', { name: 'Договоры' }).click();
  await page.getByTestId('import-file').setInputFiles(contractsFile(inn, outlets));
  await expect(page.getByTestId('import-summary')).toContainText('Проверка пройдена');
  await page.getByRole('button', { name: /^Импортировать/ }).click();
  await expect(page.getByTestId('import-summary')).toContainText('добавлено 2');

  // Both drafts go to approval from their cards.
  for (const number of [SMALL, LARGE]) {
    await openContract(page, number);
    await expect(page.getByTestId('contract-card')).toContainText('Черновик');
    await page.getByRole('button', { name: 'Отправить на согласование' }).click();
    await expect(page.getByText('Договор отправлен на согласование')).toBeVisible();
  }
  await page.screenshot({ path: `${SHOTS}/30-contract-card.png` });

  // The large one passes manager → assistant → legal → director.
  for (const login of ['manager', 'assistant', 'legal']) {
    await decide(page, login, LARGE, 'Согласовать');
    await expect(page.getByText(`Согласовано: договор ${LARGE}`)).toBeVisible();
  }
  await signInAs(page, 'director');
  await page.getByRole('link', { name: 'Согласования' }).click();
  await expect(page.locator('[data-testid=inbox-grid] .ag-row', { hasText: LARGE })).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/31-approvals-inbox.png` });
  await decide(page, 'director', LARGE, 'Согласовать');
  await expect(page.getByText(`Согласовано: договор ${LARGE}`)).toBeVisible();

  // The small one: the manager approves, the assistant returns it; a return without a comment is refused.
  await decide(page, 'manager', SMALL, 'Согласовать');
  await decide(page, 'assistant', SMALL, 'Вернуть');
  await expect(page.getByRole('alert')).toContainText('омментар');
  await page.getByLabel('Комментарий').fill('Уточните график работы точки');
  await page.getByRole('button', { name: 'Вернуть', exact: true }).click();
  await expect(page.getByText(`Возвращено инициатору: договор ${SMALL}`)).toBeVisible();

  // The trail: the large one is approved with every decision on its card; the small one is a draft again.
  await signInAs(page, 'legal');
  await openContract(page, LARGE);
  const card = page.getByTestId('contract-card');
  await expect(card).toContainText('Согласован');
  await expect(card.locator('.decision')).toHaveCount(4);
  await expect(page.getByTestId('contract-audit')).toContainText('approvals.decide');
  await page.screenshot({ path: `${SHOTS}/32-contract-approved.png` });
  await openContract(page, SMALL);
  await expect(card).toContainText('Черновик');
  await expect(card).toContainText('«Уточните график работы точки»');
  await page.getByLabel('Поиск договоров').fill('');
  await page.screenshot({ path: `${SHOTS}/33-contracts-grid.png` });
});
