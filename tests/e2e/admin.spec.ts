import { expect, test, type Page } from '@playwright/test';
import { generateCounterpartyRequisites } from '../../core/requisites/generate';
import { apiCall, SHOTS, signInAs } from './support/app';
import { createRandom } from '../../core/demo/random';

// Unique per run so the spec can be repeated against the same database.
const RUN = String(Date.now()).slice(-6);
// A small region far from the other specs' data, so the bulk change below selects little besides our contract.
const REGION = 'Ненецкий автономный округ';
const REGION_CODE = '83';
const CATEGORY = 'SNACKS';


/** A new counterparty with one outlet of its own, created through the API as admin (the form picks them up). */
async function seedMasterData(page: Page): Promise<{ inn: string; name: string; outlet: string }> {
  const r = generateCounterpartyRequisites(createRandom(Number(RUN) + 7).next, 'ЮЛ');
  const name = `ООО «Северный магазин ${RUN}»`;
  await apiCall(page, 'counterparties.save', {
    type: 'ЮЛ',
    name,
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
  const outlet = `ADM-${RUN}`;
  await apiCall(page, 'outlets.save', { code: outlet, name: `Магазин ${outlet}`, region: REGION, counterpartyInn: r.inn, manager: 'manager' });
  return { inn: r.inn, name, outlet };
}

/** A sign-in through the API, leaving the page's session alone → null when let in, else the refusal's message. */
async function trySignIn(page: Page, login: string, password: string): Promise<string | null> {
  return page.evaluate(
    async ([l, p]) => {
      const res = await fetch('api/session.signIn', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mcm-token': sessionStorage.getItem('mcm.launchToken') ?? '' },
        body: JSON.stringify({ login: l, password: p }),
      });
      const env = (await res.json()) as { ok: boolean; error?: { message: string } };
      return env.ok ? null : (env.error?.message ?? '');
    },
    [login, password] as const,
  );
}

/** Decides the contract's pending step as `login` through the API (the UI path is covered by contracts.spec). */
async function approveAs(page: Page, login: string, contractId: number): Promise<void> {
  await signInAs(page, login);
  const history = await apiCall<{ steps: { id: number; status: string }[] }[]>(page, 'approvals.history', { contractId });
  const step = history[0].steps.find((s) => s.status === 'pending');
  expect(step, `pending step for ${login}`).toBeTruthy();
  await apiCall(page, 'approvals.decide', { stepId: step!.id, decision: 'approve' });
}

test('admin features: new contract form, bulk change, route rules, delegation, reference editing', async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, 'admin');
  const seed = await seedMasterData(page);

  // --- The manager creates a contract through the form.
  await signInAs(page, 'manager');
  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByRole('button', { name: 'Новый договор' }).click();
  const form = page.getByTestId('new-contract');
  await expect(form).toBeVisible();
  // Submitting the empty form marks the fields the core refused, without creating anything.
  await form.getByRole('button', { name: 'Создать черновик' }).click();
  await expect(form.getByRole('alert')).toContainText('Договор не создан');
  await expect(form.locator('.field-error').first()).toBeVisible();

  await form.getByLabel('Контрагент (ИНН)').fill(seed.inn);
  await expect(form).toContainText(seed.name);
  await form.getByLabel('Торговые точки').fill(seed.outlet);
  await form.getByLabel('Торговые точки').press('Enter');
  await expect(form.getByTestId('nc-outlets')).toContainText(seed.outlet);
  await form.getByLabel('Категория').selectOption(CATEGORY);
  // A bad amount is refused inline, before anything reaches the core.
  const fee = form.getByLabel('Платёж в месяц, ₽');
  await fee.fill('25 тысяч');
  await fee.blur();
  await expect(form).toContainText('Неверная сумма');
  await fee.fill('25 000');
  await expect(form).toContainText('25 000 ₽ в месяц');
  await form.getByLabel('Обязательные SKU').fill('SKU-0001');
  await form.getByLabel('Обязательные SKU').press('Enter');
  await form.getByLabel('Обязательные SKU').fill('SKU-0002');
  await form.getByLabel('Обязательные SKU').press('Enter');
  await form.getByLabel('Оборудование').fill('EQ-RACK');
  await form.getByLabel('Оборудование').press('Enter');
  await expect(form.getByTestId('nc-skus').locator('.nc-chip')).toHaveCount(2);
  await form.getByLabel('График работы').fill('Пн-Вс 09:00-21:00');
  // The form scrolls inside its panel; the shot shows it from the top (counterparty found, outlet chips, fee).
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  await form.evaluate((el) => el.closest('aside')?.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/40-new-contract.png` });
  // Enter in a field submits the form.
  await form.getByLabel('График работы').press('Enter');

  const card = page.getByTestId('contract-card');
  await expect(card).toContainText('Черновик');
  await expect(card).toContainText(seed.name);
  const number = /Договор (\S+)/.exec((await card.locator('h2').first().textContent()) ?? '')?.[1] ?? '';
  expect(number).toMatch(/^MK-\d{4}-/);
  const contractId = (await apiCall<{ rows: { id: number }[] }>(page, 'contracts.list', { search: number, limit: 1 })).rows[0].id;

  // --- Through approval and signing by the right people (the API path; contracts.spec covers the screens).
  const { version } = await apiCall<{ version: number }>(page, 'contracts.get', { id: contractId });
  await apiCall(page, 'approvals.submit', { contractId, version });
  for (const login of ['manager', 'assistant', 'legal']) await approveAs(page, login, contractId);
  const today = new Date().toISOString().slice(0, 10);
  await apiCall(page, 'contracts.sign', { id: contractId, signedDate: today });

  // --- Legal changes the must-stock list of the region's snack contracts in bulk.
  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByRole('button', { name: 'Массовое изменение…' }).click();
  const dialog = page.getByTestId('bulk-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Категория').selectOption(CATEGORY);
  await dialog.getByLabel('Регион').selectOption(REGION_CODE);
  await dialog.getByLabel('Новый список обязательных SKU').check();
  await dialog.locator('#bulk-skus').fill('SKU-0001');
  await dialog.locator('#bulk-skus').press('Enter');
  await dialog.locator('#bulk-skus').fill('SKU-0003');
  await dialog.locator('#bulk-skus').press('Enter');
  const effective = `${Number(today.slice(0, 4)) + 1}-03-01`;
  await dialog.getByLabel('Действует с').fill(effective);
  await dialog.getByLabel('Описание').fill(`Новая матрица SKU (${RUN})`);
  await dialog.getByRole('button', { name: 'Показать договоры' }).click();
  const preview = dialog.getByTestId('bulk-preview');
  await expect(preview).toContainText(number);
  await expect(preview.locator('tr', { hasText: number })).toContainText('изменится');
  await page.screenshot({ path: `${SHOTS}/41-bulk.png` });
  await dialog.getByRole('button', { name: /^Применить ко всем/ }).click();
  await dialog.getByRole('button', { name: 'Да, применить' }).click();
  await expect(dialog.getByTestId('bulk-result')).toContainText('Готово');
  await dialog.getByRole('button', { name: 'Закрыть' }).first().click();
  await expect(dialog).toBeHidden();

  await page.getByLabel('Поиск договоров').fill(number);
  await expect(page.getByTestId('contracts-total')).toHaveText('Договоров: 1');
  await page.locator('[data-testid=contracts-grid] .ag-row', { hasText: number }).first().click();
  await expect(card).toContainText(`Договор ${number}`);
  await expect(card).toContainText('Условия (версии) · 2');
  // The new version starts on the effective day; the first one now ends the day before.
  const fromDay = `01.03.${effective.slice(0, 4)}`;
  await expect(card.locator('tr', { hasText: `${fromDay} —` })).toContainText('SKU-0001, SKU-0003');

  // --- Legal names the assistant as substitute.
  await page.getByRole('link', { name: 'Согласования' }).click();
  await page.getByRole('button', { name: 'Замещения' }).click();
  const panel = page.getByTestId('delegation-dialog');
  await expect(panel).toBeVisible();
  const users = await apiCall<{ id: number; login: string; fullName: string }[]>(page, 'users.list', {});
  const assistant = users.find((u) => u.login === 'assistant')!;
  await panel.getByLabel('Кто замещает').selectOption(String(assistant.id));
  await panel.getByRole('button', { name: 'Назначить', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText(`${assistant.fullName} замещает вас`);
  await expect(panel.getByTestId('delegations-given')).toContainText(assistant.fullName);
  await expect(panel.getByTestId('delegations-given')).toContainText('действует');
  await page.screenshot({ path: `${SHOTS}/43-delegation.png` });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // --- The administrator adds a route rule; a rule without a name is refused by the core first.
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Маршруты согласования' }).click();
  const editor = page.getByTestId('routes-editor');
  await expect(editor.getByTestId('route-rule')).toHaveCount(2);
  await editor.getByRole('button', { name: 'Добавить правило' }).click();
  const rule = editor.getByTestId('route-rule').nth(1);
  await expect(rule.getByLabel('Название правила')).toHaveValue('Новое правило');
  await rule.getByLabel('Название правила').fill('');
  await editor.getByRole('button', { name: 'Сохранить маршруты' }).click();
  await expect(editor.getByRole('alert')).toContainText('Маршруты не сохранены');
  await rule.getByLabel('Название правила').fill(`Молочная продукция в ДФО (${RUN})`);
  await rule.getByLabel('Категория', { exact: true }).selectOption('DAIRY');
  await rule.getByLabel('Округ', { exact: true }).selectOption('ДФО');
  await rule.getByRole('button', { name: 'Добавить этап' }).click();
  await rule.getByLabel('Роль 4').selectOption('director');
  await rule.getByLabel('Срок, раб. ч 4').fill('16');
  await editor.getByRole('button', { name: 'Сохранить маршруты' }).click();
  await expect(editor.getByRole('status')).toContainText('Маршруты сохранены');
  await expect(editor.getByTestId('route-rule')).toHaveCount(3);
  await expect(editor.getByTestId('route-rule').nth(1).getByLabel('Название правила')).toHaveValue(`Молочная продукция в ДФО (${RUN})`);
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/42-routes.png` });

  // --- The administrator edits reference lists: adds an SKU and switches it off, adds a category with fee limits.
  await page.getByRole('link', { name: 'Справочники' }).click();
  await page.getByRole('tab', { name: 'SKU' }).click();
  await page.getByRole('button', { name: 'Добавить' }).click();
  const ref = page.getByTestId('reference-editor');
  await ref.getByLabel('Код').fill(`E2E-${RUN}`);
  await ref.getByLabel('Наименование').fill(`Тестовый батончик ${RUN}`);
  await ref.getByLabel('Бренд').fill('Проверка');
  await ref.getByLabel('Бренд').press('Enter');
  await expect(page.getByRole('status')).toContainText(`Сохранено: E2E-${RUN}`);
  await page.getByPlaceholder('Поиск…').fill(`E2E-${RUN}`);
  await page.locator('.ag-row', { hasText: `E2E-${RUN}` }).first().click();
  await ref.getByRole('button', { name: 'Отключить' }).click();
  await expect(page.getByRole('status')).toContainText(`Отключено: E2E-${RUN}`);
  await expect(page.locator('.ag-row', { hasText: `E2E-${RUN}` }).first()).toContainText('нет');

  await page.getByPlaceholder('Поиск…').fill('');
  await page.getByRole('tab', { name: 'Категории договоров' }).click();
  await page.getByRole('button', { name: 'Добавить' }).click();
  await ref.getByLabel('Код').fill(`E2E_${RUN}`);
  await ref.getByLabel('Наименование').fill(`Тестовая категория ${RUN}`);
  await ref.getByLabel('Мин. платёж в месяц, ₽').fill('5 000');
  await ref.getByLabel('Макс. платёж в месяц, ₽').fill('1 000');
  await ref.getByRole('button', { name: 'Создать' }).click();
  await expect(ref.locator('.field-error')).toContainText('меньше минимальной');
  await ref.getByLabel('Макс. платёж в месяц, ₽').fill('150 000,50');
  await ref.getByRole('button', { name: 'Создать' }).click();
  await expect(page.getByRole('status')).toContainText(`Сохранено: E2E_${RUN}`);
  await page.locator('.ag-row', { hasText: `E2E_${RUN}` }).first().click();
  await expect(ref.getByLabel('Макс. платёж в месяц, ₽')).toHaveValue(/^150\s000,50$/);
  await page.screenshot({ path: `${SHOTS}/44-reference-edit.png` });
  await page.keyboard.press('Escape');
  await expect(ref).toBeHidden();
});

test('administrator unlocks an account locked by wrong passwords', async ({ page }) => {
  await signInAs(page, 'admin');
  // A user of its own, so a failure here cannot leave a demo user locked for the other specs.
  const login = `locked${RUN}`;
  const fullName = `Блокированный Тест ${RUN}`;
  await apiCall(page, 'users.create', { login, fullName, password: 'right-password', roles: ['manager'] });

  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Пользователи' }).click();
  const section = page.getByTestId('lockouts');
  await expect(section).toContainText('Заблокированных учётных записей нет');
  await expect(section).toContainText('после 5 неудачных попыток подряд');

  // Five wrong passwords lock the account (the default policy); then even the right one is refused.
  for (let i = 0; i < 4; i++) expect(await trySignIn(page, login, 'wrong-password')).toBe('Неверный логин или пароль');
  expect(await trySignIn(page, login, 'wrong-password')).toContain('Вход заблокирован после 5 неудачных попыток');
  expect(await trySignIn(page, login, 'right-password')).toContain('Вход заблокирован');

  await section.getByRole('button', { name: 'Обновить' }).click();
  const row = section.getByTestId('lockout-row').filter({ hasText: login });
  await expect(row).toContainText(fullName);
  await expect(row).toContainText(/до \d\d\.\d\d\.\d{4} \d\d:\d\d/);
  await expect(row).toContainText('6 неудачных попыток подряд');
  await expect(page.locator('.ag-row', { hasText: login })).toContainText('заблокирован');
  await page.screenshot({ path: `${SHOTS}/45-users-locked.png` });

  // «Разблокировать» asks first; «Отмена» changes nothing.
  await row.getByRole('button', { name: 'Разблокировать' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Разблокировать вход для ${login}?`);
  await expect(dialog).toContainText(`${fullName} не может войти до`);
  await page.screenshot({ path: `${SHOTS}/46-users-unlock-confirm.png` });
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  expect((await apiCall<{ login: string }[]>(page, 'users.lockouts', {})).map((l) => l.login)).toContain(login);

  await row.getByRole('button', { name: 'Разблокировать' }).click();
  await dialog.getByRole('button', { name: 'Разблокировать' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByRole('status')).toContainText(`Учётная запись ${login} (${fullName}) разблокирована`);
  await expect(row).toHaveCount(0);
  await expect(page.locator('.ag-row', { hasText: login })).not.toContainText('заблокирован');
  await page.screenshot({ path: `${SHOTS}/47-users-unlocked.png` });

  // The right password lets the user in again at once.
  expect(await trySignIn(page, login, 'right-password')).toBeNull();
});
