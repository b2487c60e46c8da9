// Issue 11 (team mode), the parts a user sees: Настройки → Подключение in the browser and in the desktop app, and a
// save over someone else's change refused with «…изменён пользователем …; обновите» and an «Обновить» button.
import { expect, test } from '@playwright/test';
import { generateCounterpartyRequisites } from '../../core/requisites/generate';
import { createRandom } from '../../core/demo/random';
import { apiCall, SHOTS, signInAs } from './support/app';

const RUN = String(Date.now()).slice(-6);

test('the browser shell says which server it talks to and offers signing out everywhere', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Подключение' }).click();
  const panel = page.getByTestId('connection-panel');
  await expect(panel.getByTestId('server-origin')).toHaveText(new URL(page.url()).origin);
  await expect(panel.getByRole('button', { name: 'Выйти на всех устройствах' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/connection-browser.png` });
});

test('the desktop app chooses between the local database and a server', async ({ page }) => {
  // A stand-in for the Electron preload: commands go to this browser shell, `desktop.*` answers as main would.
  await page.addInitScript(() => {
    const token = /token=([^&]+)/.exec(location.hash)?.[1] ?? sessionStorage.getItem('mcm.launchToken') ?? '';
    sessionStorage.setItem('mcm.launchToken', token);
    (window as unknown as { mcm: unknown }).mcm = {
      onEvent: () => () => undefined,
      invoke: async (name: string, input: unknown, session?: string) => {
        if (name === 'desktop.connection') return { ok: true, data: { shell: 'desktop', mode: 'server', url: 'https://mcm.company.ru:8443' } };
        if (name === 'desktop.checkServer') return { ok: true, data: { appVersion: '1.4.0', schemaVersion: 10, hasUsers: true, osUser: '' } };
        const res = await fetch(`api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mcm-token': token, ...(session ? { authorization: `Bearer ${session}` } : {}) },
          body: JSON.stringify(input ?? {}),
        });
        return res.json();
      },
    };
  });
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Подключение' }).click();
  const form = page.getByRole('form', { name: 'Подключение' });
  await expect(form.getByLabel('Адрес сервера')).toHaveValue('https://mcm.company.ru:8443');
  await form.getByRole('button', { name: 'Проверить' }).click();
  await expect(form.getByText('Сервер отвечает: MCM 1.4.0, схема базы 10')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/connection-desktop.png` });
});

test('a counterparty saved over someone else\'s change is refused and «Обновить» brings the fresh values', async ({ page }) => {
  await signInAs(page, 'admin');
  const r = generateCounterpartyRequisites(createRandom(Number(RUN) + 11).next, 'ЮЛ');
  const name = `ООО «Версия ${RUN}»`;
  const cp = await apiCall<{ id: number }>(page, 'counterparties.save', {
    type: 'ЮЛ', name, inn: r.inn, kpp: r.kpp, ogrn: r.ogrn, vatMode: 'VAT', bik: r.bik, account: r.account, corrAccount: r.corr_account, bankName: 'Банк',
  });

  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByRole('tab', { name: 'Контрагенты' }).click();
  await page.getByRole('searchbox', { name: 'Наименование или ИНН…' }).fill(r.inn);
  await page.getByTestId('counterparties-grid').getByText(name).click();
  const card = page.getByTestId('counterparty-card');
  await card.getByRole('button', { name: 'Изменить' }).click();

  // Meanwhile a colleague renames it (an API call with no version, as the CLI would).
  await apiCall(page, 'counterparties.save', {
    id: cp.id, type: 'ЮЛ', name: `${name} (коллега)`, inn: r.inn, kpp: r.kpp, ogrn: r.ogrn, vatMode: 'VAT', bik: r.bik, account: r.account, corrAccount: r.corr_account, bankName: 'Банк',
  });

  await card.getByLabel('Адрес').fill('г. Казань, ул. Баумана, 1');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  const alert = card.getByRole('alert').first();
  await expect(alert).toContainText(/Контрагент изменён пользователем .+ в \d\d\.\d\d\.\d{4} \d\d:\d\d; обновите/);
  await page.screenshot({ path: `${SHOTS}/concurrency-stale-counterparty.png` });

  await card.getByRole('button', { name: 'Обновить' }).click();
  await expect(card.getByLabel('Наименование')).toHaveValue(`${name} (коллега)`);
  await card.getByLabel('Адрес').fill('г. Казань, ул. Баумана, 1');
  await card.getByRole('button', { name: 'Сохранить' }).click();
  await expect(card.getByRole('alert')).toHaveCount(0);
});
