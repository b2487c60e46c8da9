import { expect, test } from '@playwright/test';
import { SHOTS, signInAs } from './support/app';

// Настройки → Резервные копии: an administrator makes a backup, sees it listed, and schedules a restore (applied at the
// next start, which this spec does not do: the server keeps running for the other specs).
test('an administrator makes a backup and schedules a restore in Настройки → Резервные копии', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Настройки' }).click();
  await page.getByRole('tab', { name: 'Резервные копии' }).click();
  const panel = page.getByTestId('backup-panel');
  await expect(panel).toContainText('Хранятся последние 7 копий');
  await page.getByRole('button', { name: 'Создать резервную копию' }).click();
  await expect(page.getByTestId('backup-notice')).toContainText('Резервная копия создана');
  const list = page.getByTestId('backup-list');
  await expect(list.getByRole('row')).not.toHaveCount(1);
  await expect(list).toContainText('вручную');
  page.once('dialog', (d) => void d.accept());
  await list.getByRole('button', { name: 'Восстановить…' }).first().click();
  await expect(page.getByTestId('backup-notice')).toContainText('при следующем запуске');
  await expect(page.getByTestId('backup-pending')).toContainText('Запланировано восстановление');
  await page.screenshot({ path: `${SHOTS}/settings-backups.png`, fullPage: true });
  await page.getByTestId('backup-pending').getByRole('button', { name: 'Отменить' }).click();
  await expect(page.getByTestId('backup-notice')).toContainText('Восстановление отменено');
  await expect(page.getByTestId('backup-pending')).toHaveCount(0);
});
