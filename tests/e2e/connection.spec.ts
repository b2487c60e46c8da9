// Issue 11 (team mode), the parts a user sees: Настройки → Подключение in the browser and in the desktop app, and a
// save over someone else's change refused with «…изменён пользователем …; обновите» and an «Обновить» button.
import { expect, test, type Page } from '@playwright/test';
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

// Two self-signed certificates of one server: the one the user checks and trusts, and a later impostor.
const FP_REAL = 'EC:99:5A:F4:83:14:4E:D8:F9:36:04:B6:76:E0:D0:97:48:EA:F1:D6:9D:AE:E6:B0:7C:6D:F6:83:9F:73:5F:28';
const FP_OTHER = 'D9:E0:95:D2:6C:E9:44:5E:91:A1:59:3A:82:A1:ED:50:83:6F:45:E3:D8:CF:3A:42:BB:07:37:28:16:2D:69:3D';

/**
 * A stand-in for the Electron preload whose `desktop.*` answers as main does for a server with a self-signed
 * certificate `presented`: refused with its fingerprint unless the check trusts exactly it. Saved settings go to
 * sessionStorage, so they survive the reload after «Сохранить».
 */
async function desktopWithSelfSignedServer(page: Page, presented: string, saved: Record<string, unknown>) {
  await page.addInitScript(
    ([fp, initial]) => {
      const token = /token=([^&]+)/.exec(location.hash)?.[1] ?? sessionStorage.getItem('mcm.launchToken') ?? '';
      sessionStorage.setItem('mcm.launchToken', token);
      if (!sessionStorage.getItem('e2e.connection')) sessionStorage.setItem('e2e.connection', JSON.stringify(initial));
      (window as unknown as { mcm: unknown }).mcm = {
        onEvent: () => () => undefined,
        invoke: async (name: string, input: { url?: string; certificate?: string | null }, session?: string) => {
          if (name === 'desktop.connection') return { ok: true, data: { shell: 'desktop', ...JSON.parse(sessionStorage.getItem('e2e.connection')!) } };
          if (name === 'desktop.setConnection') {
            sessionStorage.setItem('e2e.connection', JSON.stringify(input));
            return { ok: true, data: { shell: 'desktop', ...input }, mutated: true };
          }
          if (name === 'desktop.checkServer') {
            if (input.certificate === fp) return { ok: true, data: { appVersion: '1.4.0', schemaVersion: 10, hasUsers: true, osUser: '' } };
            const certificate = {
              host: 'mcm.company.ru',
              fingerprint: fp,
              pinned: input.certificate ?? null,
              subject: 'mcm.company.ru',
              issuer: 'mcm.company.ru',
              validTo: '2027-12-31',
              reason: 'сертификат выдан неизвестным издателем (например, самоподписанный)',
            };
            return { ok: false, error: { code: 'forbidden', message: 'Сертификат сервера mcm.company.ru не подтверждён системой', details: { certificate } } };
          }
          const res = await fetch(`api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-mcm-token': token, ...(session ? { authorization: `Bearer ${session}` } : {}) },
            body: JSON.stringify(input ?? {}),
          });
          return res.json();
        },
      };
    },
    [presented, saved] as const,
  );
}

async function openConnection(page: Page) {
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Подключение' }).click();
  return page.getByRole('form', { name: 'Подключение' });
}

test('the desktop app shows a self-signed server certificate\'s fingerprint and trusts exactly it', async ({ page }) => {
  await desktopWithSelfSignedServer(page, FP_REAL, { mode: 'server', url: 'https://mcm.company.ru:8443' });
  const form = await openConnection(page);
  await form.getByRole('button', { name: 'Проверить' }).click();
  const refused = form.getByTestId('certificate-refused');
  await expect(refused).toContainText('Сертификат сервера mcm.company.ru не подтверждён системой');
  await expect(refused.getByTestId('certificate-fingerprint')).toHaveText(FP_REAL);
  await expect(refused).toContainText('31.12.2027');
  await page.screenshot({ path: `${SHOTS}/connection-certificate-untrusted.png` });

  await refused.getByRole('button', { name: 'Доверять этому сертификату' }).click();
  await expect(form.getByText('Сервер отвечает: MCM 1.4.0, схема базы 10. Сертификат доверен по отпечатку SHA-256.')).toBeVisible();
  await expect(form.getByTestId('trusted-certificate')).toContainText(FP_REAL);
  await page.screenshot({ path: `${SHOTS}/connection-certificate-trusted.png` });

  // Saved with the connection; the app starts over and shows it as this desktop's setting.
  await form.getByRole('button', { name: 'Сохранить и войти заново' }).click();
  await expect.poll(() => page.evaluate(() => sessionStorage.getItem('e2e.connection'))).toBe(
    JSON.stringify({ mode: 'server', url: 'https://mcm.company.ru:8443', certificate: FP_REAL }),
  );
  const again = await openConnection(page);
  await expect(again.getByTestId('trusted-certificate')).toContainText(FP_REAL);
  await expect(again.getByRole('button', { name: 'Сохранить и войти заново' })).toBeDisabled();
  // Another address starts without the trust given to this one.
  await again.getByLabel('Адрес сервера').fill('https://mcm2.company.ru');
  await expect(again.getByTestId('trusted-certificate')).toHaveCount(0);
});

test('the desktop app warns when the server shows another certificate than the trusted one', async ({ page }) => {
  await desktopWithSelfSignedServer(page, FP_OTHER, { mode: 'server', url: 'https://mcm.company.ru:8443', certificate: FP_REAL });
  const form = await openConnection(page);
  await expect(form.getByTestId('trusted-certificate')).toContainText(FP_REAL);
  await form.getByRole('button', { name: 'Проверить' }).click();
  const refused = form.getByTestId('certificate-refused');
  await expect(refused).toContainText('Сертификат сервера mcm.company.ru изменился');
  await expect(refused.getByTestId('certificate-fingerprint')).toHaveText(FP_OTHER);
  await expect(refused).toContainText(FP_REAL);
  await page.screenshot({ path: `${SHOTS}/connection-certificate-changed.png` });
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
