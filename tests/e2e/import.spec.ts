// Import page and the master-data tabs, as the assistant uses them: a counterparties file with a bad INN is refused
// whole (error listed, report downloadable, nothing written), the fixed file imports, the same file again changes
// nothing, and the new counterparty is then found, edited and given an outlet under Договоры.
import { expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as XLSX from 'xlsx';
import { generateCounterpartyRequisites, type GeneratedRequisites } from '../../core/requisites/generate';
import { SHOTS, signInAs } from './support/app';
import { createRandom } from '../../core/demo/random';

const FILES = path.resolve('test-results', 'import-e2e');


const rand = createRandom(20261203).next;
const PEOPLE: { name: string; req: GeneratedRequisites }[] = [
  { name: 'ООО «Импорт-тест Альфа»', req: generateCounterpartyRequisites(rand, 'ЮЛ') },
  { name: 'ООО «Импорт-тест Бета»', req: generateCounterpartyRequisites(rand, 'ЮЛ') },
  { name: 'ИП Импорт-тест Гамма Г. Г.', req: generateCounterpartyRequisites(rand, 'ИП') },
];
// The second row's INN with its last (check) digit changed: the core must refuse it by the checksum.
const GOOD_INN = PEOPLE[1].req.inn;
const BAD_INN = GOOD_INN.slice(0, -1) + String((Number(GOOD_INN.at(-1)) + 1) % 10);

/** Writes the counterparties file with Russian headers, as an assistant would get it from accounting. */
function writeCounterpartiesXlsx(fileName: string, innOfSecond: string): string {
  const header = ['ИНН', 'КПП', 'ОГРН', 'Наименование', 'Тип', 'Режим НДС', 'БИК', 'Расчётный счёт', 'Корр. счёт', 'Банк', 'Адрес'];
  const rows = PEOPLE.map((p, i) => [
    i === 1 ? innOfSecond : p.req.inn,
    p.req.kpp ?? '',
    p.req.ogrn,
    p.name,
    p.req.type,
    i === 2 ? 'Без НДС' : 'НДС 5%',
    p.req.bik,
    p.req.account,
    p.req.corr_account,
    'ПАО «Тестбанк»',
    `г. Москва, ул. Проверочная, д. ${i + 1}`,
  ]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([header, ...rows]), 'Контрагенты');
  fs.mkdirSync(FILES, { recursive: true });
  const file = path.join(FILES, fileName);
  // SheetJS's writeFile cannot reach fs from an ES module (STACK-NOTES pitfall 4): write the buffer ourselves.
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

async function openImport(page: Page, kind: string): Promise<void> {
  await page.getByRole('link', { name: 'Импорт' }).click();
  await page.getByRole('tablist', { name: 'Что загружаем' }).getByRole('tab', { name: kind }).click();
  await expect(page.getByRole('region', { name: kind })).toBeVisible();
}

async function openCounterparties(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByRole('tab', { name: 'Контрагенты' }).click();
  await expect(page.getByTestId('counterparties-total')).toBeVisible();
}

async function searchCounterparties(page: Page, text: string, expected: number): Promise<void> {
  await page.getByRole('searchbox', { name: 'Наименование или ИНН…' }).fill(text);
  await expect(page.getByTestId('counterparties-total')).toHaveText(`Всего: ${expected}`);
}

test.describe.serial('import and master data', () => {
  test('a counterparties file with a bad INN is refused whole, then the fixed file imports once', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const badFile = writeCounterpartiesXlsx('counterparties-bad.xlsx', BAD_INN);
    const goodFile = writeCounterpartiesXlsx('counterparties.xlsx', GOOD_INN);
    await signInAs(page, 'assistant');

    // The assistant may import master data, contracts and visits, but not the admin-only reference lists.
    await page.getByRole('link', { name: 'Импорт' }).click();
    const kinds = page.getByRole('tablist', { name: 'Что загружаем' }).getByRole('tab');
    await expect(kinds).toHaveText(['Визиты и сигналы', 'Договоры', 'Контрагенты', 'Торговые точки']);

    await openImport(page, 'Контрагенты');
    await expect(page.getByTestId('import-columns')).toContainText('ИНН');
    await page.getByTestId('import-file').setInputFiles(badFile);
    const summary = page.getByTestId('import-summary');
    await expect(summary).toContainText('Найдены ошибки в 1 из 3 строк');
    await expect(summary).toContainText('пока ничего не записано');
    const errorRows = page.getByTestId('import-errors').locator('tbody tr');
    await expect(errorRows).toHaveCount(1);
    await expect(errorRows.first()).toContainText('3');
    await expect(errorRows.first()).toContainText('ИНН');
    await expect(errorRows.first()).toContainText(BAD_INN);
    await expect(page.getByRole('button', { name: /^Импортировать/ })).toBeDisabled();
    // The page scrolls inside its content pane, so bring the error list into view for the picture.
    await page.getByTestId('import-errors').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/20-import-errors.png` });

    // The error report is an XLSX with the same row, column and reason.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Сохранить отчёт об ошибках (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('counterparties-bad.xlsx.errors.xlsx');
    const reportPath = path.join(FILES, download.suggestedFilename());
    await download.saveAs(reportPath);
    const report = XLSX.read(fs.readFileSync(reportPath), { type: 'buffer' });
    const reportText = XLSX.utils.sheet_to_csv(report.Sheets[report.SheetNames[0]]);
    expect(reportText).toContain(BAD_INN);
    expect(reportText).toContain('ИНН');

    // Nothing of the refused file was written, not even its good rows.
    await openCounterparties(page);
    await searchCounterparties(page, 'Импорт-тест', 0);
    await expect(page.getByTestId('counterparties-grid')).toContainText('Ничего не найдено');

    // The fixed file passes the check and imports all three rows.
    await openImport(page, 'Контрагенты');
    await page.getByTestId('import-file').setInputFiles(goodFile);
    await expect(summary).toContainText('Проверка пройдена: строк 3; будет добавлено 3');
    await page.getByRole('button', { name: 'Импортировать (3 строк)' }).click();
    await expect(summary).toContainText('Импорт завершён: добавлено 3, обновлено 0, без изменений 0.');
    await page.screenshot({ path: `${SHOTS}/21-import-done.png` });

    // The same file again changes nothing.
    await page.getByRole('button', { name: 'Импортировать ещё файл' }).click();
    await page.getByTestId('import-file').setInputFiles(goodFile);
    await expect(summary).toContainText('будет добавлено 0, обновлено 0, без изменений 3');
    await page.getByRole('button', { name: 'Импортировать (3 строк)' }).click();
    await expect(summary).toContainText('Импорт завершён: добавлено 0, обновлено 0, без изменений 3.');
    expect(errors).toEqual([]);
  });

  test('the imported counterparty is in Договоры → Контрагенты; the form refuses a bad INN field by field', async ({ page }) => {
    await signInAs(page, 'assistant');
    await openCounterparties(page);
    await searchCounterparties(page, 'Импорт-тест', 3);
    await searchCounterparties(page, GOOD_INN, 1);
    const grid = page.getByTestId('counterparties-grid');
    await expect(grid.locator('.ag-row [col-id="vatMode"]').first()).toHaveText('НДС 5 %');
    await grid.locator('.ag-row [col-id="name"]').first().click();
    const card = page.getByTestId('counterparty-card');
    await expect(card.getByRole('heading', { name: PEOPLE[1].name })).toBeVisible();
    await expect(card).toContainText(PEOPLE[1].req.account);
    await expect(card).toContainText('Торговых точек нет');

    // Edit with a broken INN: the reason sits under the INN box, the summary on top, and nothing is saved.
    await card.getByRole('button', { name: 'Изменить' }).click();
    const inn = card.getByLabel('ИНН', { exact: true });
    await inn.fill(BAD_INN);
    await inn.press('Enter');
    await expect(card.getByRole('alert')).toContainText('ИНН');
    await expect(card.getByRole('alert')).toContainText('Ничего не сохранено');
    await expect(inn).toHaveAttribute('aria-invalid', 'true');
    await expect(inn).toBeFocused();
    await page.screenshot({ path: `${SHOTS}/22a-counterparty-error.png` });
    // Escape leaves the form without saving; the card still shows the stored INN.
    await page.keyboard.press('Escape');
    await expect(card.getByRole('button', { name: 'Изменить' })).toBeVisible();
    await expect(card).toContainText(GOOD_INN);

    // A valid change saves on Enter.
    await card.getByRole('button', { name: 'Изменить' }).click();
    const bank = card.getByLabel('Банк', { exact: true });
    await bank.fill('АО «Проверочный банк»');
    await bank.press('Enter');
    await expect(card.getByRole('status')).toHaveText('Контрагент сохранён');
    await expect(card).toContainText('АО «Проверочный банк»');
    await page.screenshot({ path: `${SHOTS}/22-counterparties.png` });
    await page.keyboard.press('Escape');
    await expect(card).toBeHidden();
  });

  test('an outlet is created for the new counterparty and shows in the outlets grid and its card', async ({ page }) => {
    await signInAs(page, 'assistant');
    await page.getByRole('link', { name: 'Договоры' }).click();
    await page.getByRole('tab', { name: 'Торговые точки' }).click();
    await expect(page.getByTestId('outlets-total')).toBeVisible();

    await page.getByRole('button', { name: '+ Новая точка' }).click();
    const card = page.getByTestId('outlet-card');
    await card.getByLabel('Код ТТ').fill('E2E-IMP-001');
    await card.getByLabel('Наименование').fill('Магазин «Импорт-тест»');
    await card.getByLabel('Адрес').fill('г. Казань, ул. Проверочная, 7');
    await card.getByLabel('Регион').selectOption({ label: 'Республика Татарстан' });
    await expect(card).toContainText('Приволжский федеральный округ (ПФО)');
    const inn = card.getByLabel('ИНН контрагента');
    await inn.fill(GOOD_INN);
    await expect(card).toContainText(PEOPLE[1].name);
    await inn.press('Enter');
    await expect(card.getByRole('status')).toHaveText('Торговая точка сохранена');
    await expect(card).toContainText('Республика Татарстан');

    await page.getByRole('searchbox').fill('Импорт-тест');
    await expect(page.getByTestId('outlets-total')).toHaveText('Всего: 1');
    await expect(page.getByTestId('outlets-grid').locator('.ag-row [col-id="federalDistrict"]').first()).toHaveText('ПФО');
    await page.screenshot({ path: `${SHOTS}/23-outlets.png` });

    // The counterparty's card lists its new outlet.
    await page.getByRole('tab', { name: 'Контрагенты' }).click();
    await searchCounterparties(page, GOOD_INN, 1);
    await expect(page.getByTestId('counterparties-grid').locator('.ag-row [col-id="outletsCount"]').first()).toHaveText('1');
    await page.getByTestId('counterparties-grid').locator('.ag-row [col-id="name"]').first().click();
    await expect(page.getByTestId('counterparty-card')).toContainText('E2E-IMP-001');
  });

  test('a visits file imports as a batch, and the batch can be rolled back after a confirmation', async ({ page }) => {
    // Clean visits (no signal) at the outlet made above: nothing to match, so no contract's numbers change.
    const day = new Date(Date.now() - 2 * 86_400_000);
    const ddmmyyyy = `${String(day.getDate()).padStart(2, '0')}.${String(day.getMonth() + 1).padStart(2, '0')}.${day.getFullYear()}`;
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['ИД визита', 'Дата визита', 'Код ТТ', 'Код ТП', 'Тип сигнала', 'Источник'],
        ['E2E-IMP-V1', ddmmyyyy, 'E2E-IMP-001', 'TP-E2E', '', 'SFA'],
        ['E2E-IMP-V2', ddmmyyyy, 'E2E-IMP-001', 'TP-E2E', '', 'SFA'],
      ]),
      'Визиты',
    );
    fs.mkdirSync(FILES, { recursive: true });
    const visitsFile = path.join(FILES, 'visits-e2e.xlsx');
    fs.writeFileSync(visitsFile, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    await signInAs(page, 'assistant');
    await openImport(page, 'Визиты и сигналы');
    const journal = page.getByTestId('signals-batches');
    await expect(journal.locator('.ag-row').first()).toBeVisible();
    await page.getByTestId('import-file').setInputFiles(visitsFile);
    await expect(page.getByTestId('import-summary')).toContainText('Проверка пройдена: строк 2');
    await page.getByRole('button', { name: 'Импортировать (2 строк)' }).click();
    await expect(page.getByTestId('import-note')).toContainText('Загружено: строк 2, добавлено 2');

    // The journal is newest first: the batch just loaded leads it. With the action column pinned a row is split
    // over two containers, so cells and the button are looked up by row index, not inside one row element.
    const cell = (col: string) => journal.locator(`.ag-row[row-index="0"] [col-id="${col}"]`).first();
    const rollbackButton = journal.locator('.ag-row[row-index="0"]').getByRole('button', { name: 'Откатить' });
    await expect(cell('fileName')).toHaveText('visits-e2e.xlsx');
    await expect(cell('userLogin')).toHaveText('assistant');
    await expect(cell('status')).toHaveText('Загружен');
    await expect(cell('rowsAdded')).toHaveText('2');
    await journal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/24-signals-journal.png` });

    // Escape dismisses the question and nothing happens.
    await rollbackButton.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Откатить пакет №');
    await expect(dialog).toContainText('visits-e2e.xlsx');
    await expect(dialog).toContainText('Отменить откат нельзя');
    await page.screenshot({ path: `${SHOTS}/25-rollback-dialog.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cell('status')).toHaveText('Загружен');

    await rollbackButton.click();
    await dialog.getByRole('button', { name: 'Откатить пакет' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'откачен' })).toContainText('визитов 2');
    await expect(cell('status')).toHaveText('Откачен');
    await expect(rollbackButton).toHaveCount(0);
  });

  test('a large visits file shows a real progress bar with stages while it imports', async ({ page }) => {
    test.setTimeout(180_000);
    // 30 000 clean visits at the outlet made above: big enough to take seconds, matching nothing.
    const day = new Date(Date.now() - 3 * 86_400_000);
    const ddmmyyyy = `${String(day.getDate()).padStart(2, '0')}.${String(day.getMonth() + 1).padStart(2, '0')}.${day.getFullYear()}`;
    const lines = ['visit_id;visit_date;outlet_code;rep_code;signal_type;sku_code;equipment_code;photo_ref;source'];
    for (let i = 1; i <= 30_000; i++) lines.push(`E2E-BIG-${i};${ddmmyyyy};E2E-IMP-001;TP-E2E;;;;;SFA`);
    fs.mkdirSync(FILES, { recursive: true });
    const bigFile = path.join(FILES, 'visits-big-e2e.csv');
    fs.writeFileSync(bigFile, lines.join('\r\n') + '\r\n');

    await signInAs(page, 'assistant');
    await openImport(page, 'Визиты и сигналы');
    await page.getByTestId('import-file').setInputFiles(bigFile);
    await expect(page.getByTestId('import-summary')).toContainText('Проверка пройдена: строк 30000', { timeout: 90_000 });
    await page.getByRole('button', { name: 'Импортировать (30000 строк)' }).click();
    // The bar is determinate and names the stage, fed by the core's progress events over the event stream.
    const progress = page.getByTestId('import-progress');
    await expect(progress).toContainText(/Этап \d из 5: (Чтение файла|Проверка строк|Запись в базу|Сопоставление с договорами|Пересчёт штрафов и выплат)/);
    await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
    await page.screenshot({ path: `${SHOTS}/26-import-progress.png` });
    await expect(page.getByTestId('import-note')).toContainText('Загружено: строк 30000, добавлено 30000', { timeout: 90_000 });
  });
});
