import { expect, test, type Page } from '@playwright/test';
import { apiCall, SHOTS, signInAs } from './support/app';

type Tile = { key: string; value: number | null };
const tileValue = async (page: Page, input: Record<string, string>, key: string) =>
  (await apiCall<{ tiles: Tile[] }>(page, 'dashboard.kpis', input)).tiles.find((t) => t.key === key)!.value;
const count = async (page: Page, testId: string) => Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ''));

test('Дашборд: tiles and charts for a month and a district, drill-through to the grid behind a tile', async ({ page }) => {
  await signInAs(page, 'director');
  await page.getByRole('link', { name: 'Дашборд' }).click();
  await expect(page.getByTestId('kpi-tiles')).toBeVisible();
  await expect(page.getByTestId('chart-trend').locator('canvas').first()).toBeVisible();

  // Switch the month and the district: the heading and the tiles follow.
  await page.getByLabel('Месяц').fill('2026-10');
  await page.getByLabel('Федеральный округ').selectOption('ЦФО');
  await expect(page.getByTestId('dashboard-board').getByRole('heading', { level: 2 }).first()).toContainText('октябрь 2026 · Центральный федеральный округ');
  const area = { month: '2026-10', federalDistrict: 'ЦФО' };
  const contracts = await tileValue(page, area, 'activeContracts');
  expect(contracts).toBeGreaterThan(0);
  await expect(page.getByTestId('kpi-activeContracts-value')).toHaveText(contracts!.toLocaleString('ru-RU').replace(/\u00a0/g, ' '));
  await page.waitForTimeout(800); // let the charts finish their animation before the picture
  await page.screenshot({ path: `${SHOTS}/80-dashboard.png`, fullPage: true });

  // The penalty tile opens «Сигналы и штрафы» on that month and district; the grid has exactly the tile's contracts.
  await page.getByTestId('kpi-penalties').click();
  await expect(page).toHaveURL(/#\/signals\?tab=months&month=2026-10&fd=/);
  await expect(page.getByTestId('area-chip')).toContainText('ЦФО');
  await expect(page.getByLabel('Месяц')).toHaveValue('2026-10');
  await expect.poll(() => count(page, 'signals-total')).toBe(contracts);
  await page.screenshot({ path: `${SHOTS}/81-dashboard-drill.png` });

  // «Назад» returns to the dashboard with the same month and district.
  await page.goBack();
  await expect(page.getByTestId('dashboard-board').getByRole('heading', { level: 2 }).first()).toContainText('октябрь 2026 · Центральный федеральный округ');

  // What-if and a timeline from the dashboard.
  await page.getByRole('link', { name: 'Дашборд' }).click();
  await page.getByRole('button', { name: 'Что если…' }).click();
  const panel = page.getByTestId('whatif-panel');
  await expect(panel.getByLabel('Нет SKU (OOS), % за SKU')).toHaveValue('10');
  await panel.getByLabel('Нет SKU (OOS), % за SKU').fill('15');
  await panel.getByRole('button', { name: 'Посчитать' }).click();
  await expect(panel.getByTestId('whatif-table').locator('tr.dash-total td').last()).toHaveText(/^−|^-/);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/82-dashboard-whatif.png`, fullPage: true });

  const outlet = (await apiCall<{ rows: { id: number; code: string }[] }>(page, 'outlets.list', { limit: 1 })).rows[0];
  await page.getByRole('button', { name: 'Хронология…' }).click();
  await page.getByLabel('Найти точку или контрагента').fill(outlet.code);
  await page.getByRole('button', { name: new RegExp(`ТТ ${outlet.code}`) }).click();
  await expect(page.getByTestId('timeline-panel').locator('.dash-ev').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/83-dashboard-timeline.png` });
  await page.getByTestId('timeline-panel').getByRole('button', { name: 'Закрыть' }).click();

  // Exports for the meeting: the data as XLSX, a PNG of the board, and the one-page print sheet.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'XLSX' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('dashboard_2026-10_ЦФО.xlsx');
  const [png] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${SHOTS}/84-dashboard-print.png` });
  await page.emulateMedia({ media: 'screen' });
});
