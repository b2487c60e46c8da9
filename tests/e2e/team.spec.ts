// Two people at once on one server: the manager sends a draft to approval; the lawyer, whose «Согласования» page is
// open in another browser, sees the step appear without reloading (server-sent `changed` events) and approves it.
import { expect, test, type Page } from '@playwright/test';
import { apiCall, SHOTS, signInAs } from './support/app';

interface Page_<R> {
  rows: R[];
  total: number;
}
interface InboxRow {
  stepId: number;
  contractNumber: string;
}

async function openContract(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: 'Договоры' }).click();
  await page.getByLabel('Поиск договоров').fill(number);
  await expect(page.getByTestId('contracts-total')).toHaveText('Договоров: 1');
  await page.locator('[data-testid=contracts-grid] .ag-row', { hasText: number }).first().click();
  await expect(page.getByTestId('contract-card')).toContainText(`Договор ${number}`);
}

/** Approves the pending step of this contract in the user's inbox, through the API as the other screens do. */
async function approveStep(page: Page, number: string): Promise<void> {
  const inbox = await apiCall<Page_<InboxRow>>(page, 'approvals.inbox', { offset: 0, limit: 50, search: number });
  const step = inbox.rows.find((r) => r.contractNumber === number);
  expect(step, `step of ${number} in the inbox`).toBeTruthy();
  await apiCall(page, 'approvals.decide', { stepId: step!.stepId, decision: 'approve' });
}

test('team: the manager submits, the lawyer’s inbox updates live, the lawyer approves', async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [manager, legal, assistant] = await Promise.all(contexts.map((c) => c.newPage()));
  // Sign-ins one after another: the first one may have to load the demo data into the empty database.
  await signInAs(manager, 'manager');
  await signInAs(legal, 'legal');
  await signInAs(assistant, 'assistant');

  const drafts = await apiCall<Page_<{ id: number; number: string }>>(manager, 'contracts.list', {
    offset: 0,
    limit: 1,
    filters: { status: { type: 'set', values: ['draft'] } },
  });
  expect(drafts.rows.length).toBe(1);
  const number = drafts.rows[0].number;

  // The lawyer opens the inbox and keeps looking at it.
  await legal.getByRole('link', { name: 'Согласования' }).click();
  const legalTotal = legal.getByTestId('inbox-total');
  await expect(legalTotal).toBeVisible();
  const before = Number((await legalTotal.textContent())?.replace(/\D/g, '') ?? '0');
  await expect(legal.getByTestId('inbox-grid')).not.toContainText(number);

  // The manager sends the draft to approval from the contract card.
  await openContract(manager, number);
  await manager.getByRole('button', { name: 'Отправить на согласование' }).click();
  await expect(manager.getByText('Договор отправлен на согласование')).toBeVisible();
  // The standard route asks a manager and an assistant before the lawyer.
  await approveStep(manager, number);
  await approveStep(assistant, number);

  // No reload, no click: the event stream refreshes the lawyer's grid and count.
  const row = legal.locator('[data-testid=inbox-grid] .ag-row', { hasText: number });
  await expect(row).toBeVisible();
  await expect(legalTotal).toHaveText(`Ждут решения: ${before + 1}`);
  await legal.screenshot({ path: `${SHOTS}/team-legal-inbox-live.png` });

  await row.click();
  await legal.getByRole('button', { name: 'Согласовать', exact: true }).click();
  await expect(legal.getByText(`Согласовано: договор ${number}`)).toBeVisible();
  await expect(legalTotal).toHaveText(`Ждут решения: ${before}`);
  await expect(row).toHaveCount(0);

  for (const c of contexts) await c.close();
});
