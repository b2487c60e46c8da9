import { expect, test } from '@playwright/test';
import { SHOTS, signInAs } from './support/app';

test('Сигналы и штрафы: contract-months of a month, the explanation of one, and the signals behind them', async ({ page }) => {
  await signInAs(page, 'legal');
  await page.getByRole('link', { name: 'Сигналы и штрафы' }).click();
  await page.getByLabel('Месяц').fill('2026-11');
  await expect(page.getByTestId('signals-total')).toHaveText(/Строк: [1-9]/);

  // The contract-month with the largest penalty first: sort the penalty column descending on the server.
  const header = page.locator('[data-testid=months-grid] .ag-header-cell[col-id="penalty"]');
  await header.click();
  await header.click();
  const first = page.locator('[data-testid=months-grid] .ag-row[row-index="0"]').first();
  await expect(page.locator('[data-testid=months-grid] .ag-header-cell[col-id="penalty"][aria-sort="descending"]')).toBeVisible();
  await expect(first.locator('[col-id="penalty"]')).toHaveText(/₽/);
  const contractNo = (await first.locator('[col-id="contractNo"]').innerText()).trim();
  const penalty = (await first.locator('[col-id="penalty"]').innerText()).trim();
  expect(penalty).not.toBe('0,00 ₽');
  await first.click();
  const explain = page.getByTestId('explain');
  await expect(explain).toContainText(`${contractNo} · 2026-11`);
  await expect(explain).toContainText(`= ${penalty}`);
  await expect(page.getByTestId('explain-signals').locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/50-penalty-explain.png` });

  await page.getByRole('tab', { name: 'Сигналы' }).click();
  const firstSignal = page.locator('[data-testid=signals-grid] .ag-row[row-index="0"]').first();
  await expect(firstSignal.locator('[col-id="visitId"]')).toHaveText(/\S/);
  const allOfMonth = Number((await page.getByTestId('signals-total').innerText()).replace(/\D/g, ''));
  // The search runs in the core: only this contract's signals stay, and the matched ones name it.
  await page.getByLabel('Поиск').fill(contractNo);
  await expect.poll(async () => Number((await page.getByTestId('signals-total').innerText()).replace(/\D/g, ''))).toBeLessThan(allOfMonth);
  await expect(firstSignal.locator('[col-id="contractNo"]')).toHaveText(contractNo);
  await page.screenshot({ path: `${SHOTS}/51-signals.png` });
});
