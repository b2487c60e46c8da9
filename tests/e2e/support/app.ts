import { expect, type Page } from '@playwright/test';

export const APP = '/#token=e2e-launch-token';
export const SHOTS = 'test-results/screens';

/** Opens the app; on an empty database loads the demo data first (specs may run in any order). */
export async function openApp(page: Page): Promise<void> {
  await page.goto(APP);
  const empty = page.getByRole('heading', { name: 'База данных пуста' });
  const signIn = page.getByRole('heading', { name: 'Вход в MCM' });
  await expect(empty.or(signIn).or(page.getByTestId('user-chip'))).toBeVisible();
  if (await empty.isVisible()) {
    await page.getByRole('button', { name: 'Загрузить демо-данные' }).click();
    await expect(page.getByText('Демо-данные загружены')).toBeVisible({ timeout: 30_000 });
  }
}

/** Signs in through the form as a demo user (password demo), signing out whoever is signed in. */
export async function signInAs(page: Page, login: string): Promise<void> {
  await openApp(page);
  const chip = page.getByTestId('user-chip');
  if (await chip.isVisible()) {
    if ((await chip.getAttribute('title')) === login) return;
    await page.getByRole('button', { name: 'Выйти' }).click();
  }
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill('demo');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(chip).toHaveAttribute('title', login);
}

/** Calls a command through the browser shell's HTTP API with the page's session, as the UI does. */
export async function apiCall<T = unknown>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([n, i]) => {
      const res = await fetch(`api/${n}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-mcm-token': sessionStorage.getItem('mcm.launchToken') ?? '',
          authorization: `Bearer ${sessionStorage.getItem('mcm.session')}`,
        },
        body: JSON.stringify(i),
      });
      const env = (await res.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
      if (!env.ok) throw new Error(`${n}: ${env.error?.message}`);
      return env.data;
    },
    [name, input] as const,
  ) as Promise<T>;
}
