import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiCall, SHOTS, signInAs } from './support/app';

const MONTH = '2026-11';
/** The default four-eyes threshold, kopecks (50 000 ₽). */
const THRESHOLD = 5_000_000;

// Real files, written by the test: a 16×16 PNG and a minimal PDF; and an executable renamed .jpg ("MZ" header).
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAJElEQVR42mP48MABji4YGMARLnGGQaiBGEXI4oNRw2g8DAoNANBjoBDOSvs6AAAAAElFTkSuQmCC';
const PDF_TEXT = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
`;
const DIR = path.resolve('test-results', 'amnesty-files');
const PNG = path.join(DIR, 'доставка-фото.png');
const PDF = path.join(DIR, 'акт-доставки.pdf');
const EXE = path.join(DIR, 'photo.jpg');

interface MonthRow {
  contractId: number;
  contractNo: string;
  month: string;
  penalty: number;
  payout: number;
}
interface SignalRow {
  id: number;
  contractNo: string | null;
  status: string;
  amnestyId: number | null;
}
type GridPageOf<R> = { rows: R[]; total: number };

const monthsOf = (page: Page) =>
  apiCall<GridPageOf<MonthRow>>(page, 'penalties.contractMonths', { month: MONTH, sort: [{ col: 'penalty', dir: 'desc' }], limit: 20 });
const monthRow = async (page: Page, contractNo: string) =>
  (await apiCall<GridPageOf<MonthRow>>(page, 'penalties.contractMonths', { month: MONTH, search: contractNo, limit: 50 })).rows.find((r) => r.contractNo === contractNo)!;
const amnestiesTotal = async (page: Page) => (await apiCall<GridPageOf<unknown>>(page, 'amnesty.list', { limit: 1 })).total;

async function openSignals(page: Page) {
  await page.getByRole('link', { name: 'Сигналы и штрафы' }).click();
  await page.getByLabel('Месяц').fill(MONTH);
  await expect(page.getByTestId('signals-total')).toHaveText(/Строк: [1-9]/);
}

test.beforeAll(() => {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(PNG, Buffer.from(PNG_BASE64, 'base64'));
  fs.writeFileSync(PDF, PDF_TEXT);
  fs.writeFileSync(EXE, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(254, 0x90)]));
});

test('Амнистия: selected signals with a PNG and a PDF applies at once; a whole large month waits for a director', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'legal');
  const months = (await monthsOf(page)).rows;

  // A small case: a penalised contract-month below the threshold with at least two matched, not yet amnestied signals.
  let small: { row: MonthRow; ids: number[] } | null = null;
  for (const row of months.filter((r) => r.penalty > 0 && r.penalty < THRESHOLD)) {
    const signals = await apiCall<GridPageOf<SignalRow>>(page, 'signals.list', { month: MONTH, search: row.contractNo, limit: 50 });
    const ids = signals.rows.filter((s) => s.contractNo === row.contractNo && s.status === 'matched' && !s.amnestyId).map((s) => s.id);
    if (ids.length >= 2) {
      small = { row, ids: ids.slice(0, 2) };
      break;
    }
  }
  expect(small, 'a contract-month under 50 000 ₽ with two matched signals').not.toBeNull();
  const large = months.find((r) => r.penalty > THRESHOLD && r.contractId !== small!.row.contractId)!;
  expect(large, 'a contract-month with a penalty above 50 000 ₽').toBeTruthy();

  // --- Small: two signals picked by their row checkboxes in the signals grid.
  await openSignals(page);
  await page.getByRole('tab', { name: 'Сигналы' }).click();
  await page.getByLabel('Поиск').fill(small!.row.contractNo);
  for (const id of small!.ids) {
    const checkbox = page.locator(`[data-testid=signals-grid] .ag-row[row-id="${id}"] .ag-selection-checkbox input`).first();
    await checkbox.check();
  }
  await page.getByRole('button', { name: 'Амнистировать выбранные (2)…' }).click();
  const dialog = page.getByTestId('amnesty-grant-dialog');
  await expect(dialog.getByTestId('amnesty-effect')).toContainText(`${small!.row.contractNo} · ${MONTH}`);
  await expect(dialog.getByTestId('amnesty-effect')).toContainText('применится сразу');
  await dialog.getByLabel('Причина амнистии').selectOption({ index: 1 });
  await dialog.getByLabel('Комментарий').fill('Доставка подтверждена актом, SKU был на полке');

  // An executable renamed .jpg: the core names the file and what it really is; nothing is granted.
  const before = await amnestiesTotal(page);
  await dialog.getByLabel('Файлы-доказательства').setInputFiles(EXE);
  await expect(dialog.getByLabel('Приложенные файлы')).toContainText('photo.jpg');
  await dialog.getByRole('button', { name: 'Предоставить амнистию' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/Файл «photo\.jpg» не похож на изображение или PDF/);
  expect(await amnestiesTotal(page)).toBe(before);
  await dialog.getByRole('button', { name: 'Убрать photo.jpg' }).click();

  await dialog.getByLabel('Файлы-доказательства').setInputFiles([PNG, PDF]);
  await expect(dialog.getByLabel('Приложенные файлы').locator('li')).toHaveCount(2);
  await page.screenshot({ path: `${SHOTS}/60-grant-dialog.png` });
  await dialog.getByRole('button', { name: 'Предоставить амнистию' }).click();
  await expect(dialog.getByTestId('amnesty-result')).toHaveText(/Амнистия №\d+ применена: штраф (уменьшен на|не изменился — действует потолок)/);
  await dialog.getByRole('button', { name: 'Готово' }).click();
  expect(await amnestiesTotal(page)).toBe(before + 1);
  // The grid reloaded: the amnestied signals say so.
  await expect(page.locator(`[data-testid=signals-grid] .ag-row[row-id="${small!.ids[0]}"] [col-id="status"]`).first()).toHaveText(/амнистирован №\d+/);

  // --- Large: the whole contract-month from its explanation → waits for a second person.
  await page.getByRole('tab', { name: 'Штрафы по договорам' }).click();
  await page.getByLabel('Поиск').fill(large.contractNo);
  await page.locator(`[data-testid=months-grid] .ag-row[row-id="${large.contractId}-${MONTH}"]`).first().click();
  const explain = page.getByTestId('explain');
  await expect(explain).toContainText(`${large.contractNo} · ${MONTH}`);
  await explain.getByRole('button', { name: 'Амнистировать весь месяц…' }).click();
  await expect(dialog.getByTestId('amnesty-effect')).toContainText('подтверждения вторым сотрудником');
  await dialog.getByLabel('Причина амнистии').selectOption({ index: 1 });
  await dialog.getByLabel('Комментарий').fill('Точка на ремонте весь месяц, справка администрации');
  await dialog.getByLabel('Файлы-доказательства').setInputFiles([PNG, PDF]);
  await dialog.getByRole('button', { name: 'Предоставить амнистию' }).click();
  const result = dialog.getByTestId('amnesty-result');
  await expect(result).toHaveText(/Амнистия №\d+ ожидает подтверждения второго сотрудника/);
  const largeId = Number(/№(\d+)/.exec(await result.innerText())![1]);
  await dialog.getByRole('button', { name: 'Готово' }).click();

  // The grantor sees it pending and cannot confirm it.
  await page.getByRole('link', { name: 'Амнистии' }).click();
  const row = page.locator(`[data-testid=amnesty-grid] .ag-row[row-id="${largeId}"]`);
  await expect(row.locator('[col-id="status"]').first()).toHaveText('ожидает подтверждения');
  await row.first().click();
  const card = page.getByTestId('amnesty-card');
  await expect(card).toContainText(`Амнистия №${largeId}`);
  await expect(card).toContainText('свою амнистию подтвердить нельзя');
  await expect(card.getByRole('button', { name: 'Подтвердить' })).toHaveCount(0);
  await expect(card.getByTestId('amnesty-evidence').locator('img')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/61-amnesty-list.png` });

  // --- A director confirms from the inbox; the contract-month's penalty drops by exactly the effect.
  const penaltyBefore = await monthRow(page, large.contractNo);
  await signInAs(page, 'director');
  await page.getByRole('link', { name: 'Амнистии' }).click();
  await page.getByRole('tab', { name: /Ждут моего подтверждения/ }).click();
  await page.locator(`[data-testid=amnesty-inbox-grid] .ag-row[row-id="${largeId}"]`).first().click();
  await expect(card).toContainText(`Амнистия №${largeId}`);
  await expect(card.getByTestId('amnesty-evidence').locator('img')).toBeVisible();
  await expect(card.getByTestId('amnesty-evidence')).toContainText('акт-доставки.pdf');
  await page.screenshot({ path: `${SHOTS}/62-amnesty-card.png` });
  await card.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page.getByText(`Амнистия №${largeId} подтверждена и применена`)).toBeVisible();
  await expect(card.locator('.status-badge')).toHaveText('применена');

  const got = await apiCall<{ effect: number }>(page, 'amnesty.get', { id: largeId });
  const after = await monthRow(page, large.contractNo);
  expect(got.effect).toBeGreaterThan(THRESHOLD);
  expect(after.penalty).toBe(penaltyBefore.penalty - got.effect);
  expect(after.payout).toBe(penaltyBefore.payout + got.effect);

  // And the Сигналы и штрафы grid shows the lower penalty.
  await openSignals(page);
  await page.getByLabel('Поиск').fill(large.contractNo);
  const penaltyCell = page.locator(`[data-testid=months-grid] .ag-row[row-id="${large.contractId}-${MONTH}"] [col-id="penalty"]`).first();
  await expect(penaltyCell).toHaveText(/₽/);
  const shown = Number((await penaltyCell.innerText()).replace(/[^\d,]/g, '').replace(',', '.'));
  expect(Math.round(shown * 100)).toBe(after.penalty);
});
