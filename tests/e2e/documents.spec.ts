// «Документы» as a finance user: a month's registry approved through the payments commands, the month's UPDs and
// agreements generated from the page, a UPD previewed as a printed form, the Diadoc package downloaded and checked:
// every UPD validates against the FNS XSD and every file matches its SHA-256 in the manifest.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { xsdErrorsMany } from '../core/documents/xsd';
import { apiCall, SHOTS, signInAs } from './support/app';

type GridPageOf<R> = { rows: R[]; total: number };
interface Registry {
  id: number;
  month: string;
  status: string;
  version: number;
}

const CANDIDATE_MONTHS = ['2026-11', '2026-10', '2026-09', '2026-08', '2026-07'];

/** A month with an approved (or later) registry: an existing one, else the first month with payouts, built and approved. */
async function approvedMonth(page: Page): Promise<string> {
  const regs = await apiCall<GridPageOf<Registry>>(page, 'payments.listRegistries', { limit: 100 });
  const done = regs.rows.find((r) => r.status !== 'draft');
  if (done) return done.month;
  for (const month of CANDIDATE_MONTHS) {
    const payouts = await apiCall<GridPageOf<unknown>>(page, 'penalties.contractMonths', { month, limit: 1 });
    if (payouts.total === 0) continue;
    const built = await apiCall<{ registryId: number }>(page, 'payments.buildRegistry', { month });
    const reg = await apiCall<Registry>(page, 'payments.getRegistry', { id: built.registryId });
    await apiCall(page, 'payments.approveRegistry', { id: reg.id, version: reg.version });
    return month;
  }
  throw new Error('No demo month with payouts');
}

test('Документы: generate a month, preview a UPD, export the Diadoc package with valid files', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'finance');
  const month = await approvedMonth(page);
  const missing = await apiCall<{ counterparties: unknown[] }>(page, 'documents.missingEdo', { month });

  await page.getByRole('link', { name: 'Документы' }).click();
  await page.getByLabel('Месяц').fill(month);
  if (missing.counterparties.length > 0) await expect(page.getByTestId('missing-edo')).toContainText('Нет идентификатора участника ЭДО');
  await page.getByRole('button', { name: 'Сформировать за месяц' }).click();
  await expect(page.getByText(/Сформировано УПД: \d+/)).toBeVisible({ timeout: 60_000 });
  const firstRow = page.locator('[data-testid=documents-grid] .ag-row[row-index="0"]').first();
  await expect(firstRow).toContainText('УПД');
  await expect(firstRow).toContainText('сформирован');
  await page.screenshot({ path: `${SHOTS}/documents.png`, fullPage: true });

  await firstRow.click();
  const preview = page.getByTestId('upd-preview');
  await expect(preview).toContainText('Универсальный передаточный документ');
  await expect(preview).toContainText('Маркетинговые услуги по договору');
  await expect(preview).toContainText('Всего к оплате');
  await page.screenshot({ path: `${SHOTS}/documents-preview.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить пакет для Диадока (ZIP)' }).click()]);
  expect(download.suggestedFilename()).toBe(`diadoc-${month}.zip`);
  const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
  const manifest = new TextDecoder().decode(files['manifest.csv']).trim().split('\r\n');
  expect(manifest[0]).toBe('counterparty_inn,counterparty_kpp,edo_id,document_type,document_number,document_date,file_name,sha256');
  const rows = manifest.slice(1).map((l) => l.split(','));
  expect(rows.length).toBeGreaterThan(0);
  expect(Object.keys(files).length).toBe(rows.length + 1);
  for (const r of rows) {
    const name = r.at(-2)!;
    expect(files[name], name).toBeDefined();
    expect(createHash('sha256').update(files[name]).digest('hex')).toBe(r.at(-1));
  }
  const upds = Object.keys(files).filter((n) => n.endsWith('.xml'));
  expect(upds.length).toBeGreaterThan(0);
  for (const n of upds) {
    expect(n).toMatch(/^ON_NSCHFDOPPR_[^_]+_[^_]+_\d{8}_[0-9a-f-]{36}_0_0_0_0_0_00\.xml$/);
    expect(new TextDecoder().decode(files[n].subarray(0, 45))).toBe('<?xml version="1.0" encoding="windows-1251"?>');
  }
  expect(await xsdErrorsMany(upds.map((fileName) => ({ fileName, bytes: files[fileName] })))).toEqual([]);
  await expect(page.getByText(/Пакет diadoc-.*выгружен/)).toBeVisible();
  // The preview narrows the grid; closed, the status column is in view again.
  await page.getByTestId('document-panel').getByRole('button', { name: 'Закрыть' }).click();
  await expect(firstRow).toContainText('выгружен');
});
