import { expect, Page, test } from '@playwright/test';
import {
  backend,
  personHeaders,
  signInAs,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Ownership at any date, as the auditor sees it. The demo's EMEA X account waits for
 * Communications to accept its transfer; the communications lead accepts it (through the API,
 * as a set-up step), and the auditor then asks who owned the account before and after, with who
 * approved the change. The Brazil Instagram account was catalogued without a service owner and
 * gained one on day 55 of the demo year: the auditor sees the period without a valid owner
 * highlighted. Last, the ownership report of Marketing over the last year lists the Legacy
 * events X account, retired since, and that of Region EMEA the EMEA X account, transferred.
 */

const api = `${backend}/api/social-media`;

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

/** Accepts the EMEA X account's waiting transfer as the communications lead, unless done. */
async function acceptEmeaTransfer() {
  const headers = await personHeaders('communications-lead');
  const inbox = await (
    await fetch(`${api}/handovers?scope=inbox`, { headers })
  ).json();
  const waiting = inbox.items.find(
    (h: any) => h.serviceId === 'emea-x-account' && h.kind === 'transfer',
  );
  if (!waiting) return; // accepted by an earlier run on the same database
  const res = await fetch(`${api}/handovers/${waiting.id}/decisions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      decision: 'accept',
      comment: 'The corporate newsroom takes the regional account',
      version: waiting.version,
      checklist: {
        'admins-reviewed': true,
        'credentials-rotated': true,
        'recovery-email-changed': true,
        'recovery-phone-changed': true,
      },
    }),
  });
  expect(res.status).toBe(200);
}

/** A `datetime-local` value for a moment, in the browser's time zone (the test's own). */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function askWhoOwned(page: Page, moment: Date) {
  const section = page.getByRole('region', { name: 'Ownership' });
  await section.getByLabel('Who owned it on').fill(localInput(moment));
  return section.getByTestId('owner-sentence');
}

test('the auditor finds who owned a service on a date and who approved the change, and what a group owned over the year', async ({
  page,
}) => {
  await acceptEmeaTransfer();
  await signInAs(page, 'auditor');

  // The EMEA X account: the transfer's moment, from its timeline.
  await page.goto('/social-media/services/emea-x-account?tab=ownership');
  const section = page.getByRole('region', { name: 'Ownership' });
  const timeline = section.getByRole('table', { name: 'Ownership timeline' });
  await expect(timeline.getByRole('row')).toHaveCount(3);
  const transferRow = timeline.getByRole('row').nth(2);
  await expect(transferRow).toContainText('accepted its transfer');
  await expect(transferRow).toContainText('Communications lead');

  // A month ago the region held it, as imported with the inventory.
  const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const before = await askWhoOwned(page, monthAgo);
  await expect(before).toContainText(
    'EMEA X account was owned by Region EMEA, service owner EMEA marketing manager',
  );
  await expect(before).toContainText('imported it');
  await expect(before).not.toContainText('approved by');
  await snap(page, '90-ownership-before-transfer');

  // A minute from now: Communications, approved by its lead in the transfer request.
  const after = await askWhoOwned(page, new Date(Date.now() + 60_000));
  await expect(after).toContainText(
    'EMEA X account was owned by Corporate Communications, service owner Communications lead',
  );
  await expect(after).toContainText(
    /when Communications lead accepted its transfer, approved by Communications lead in transfer \d+ \(requested by EMEA marketing manager\)/,
  );
  await snap(page, '91-ownership-after-transfer');

  // Brazil Instagram had no service owner until day 55 of the demo year: highlighted, in words.
  await page.goto('/social-media/services/brazil-instagram?tab=ownership');
  const brazil = page.getByRole('region', { name: 'Ownership' });
  const brazilRows = brazil
    .getByRole('table', { name: 'Ownership timeline' })
    .getByRole('row');
  await expect(brazilRows).toHaveCount(3);
  await expect(brazilRows.nth(1)).toContainText(
    'No valid owner: no service owner named',
  );
  await expect(brazilRows.nth(2)).toContainText('Americas marketing manager');
  const daysAgo = (days: number) =>
    new Date(Date.now() - days * 24 * 60 * 60 * 1000);
  // Day 30 of the year that ended today: between the creation (day 20) and the owner (day 55).
  const unowned = await askWhoOwned(page, daysAgo(335));
  await expect(unowned).toContainText(
    'Brazil Instagram was owned by Region Americas, with no service owner named',
  );
  await expect(
    brazil.getByText('No valid owner at that moment: no service owner named.'),
  ).toBeVisible();
  await snap(page, '92-ownership-without-valid-owner');
  const owned = await askWhoOwned(page, daysAgo(200));
  await expect(owned).toContainText(
    'Brazil Instagram was owned by Region Americas, service owner Americas marketing manager',
  );
  await expect(owned).toContainText(
    'when Americas marketing manager changed its owner',
  );

  // The ownership report, from the catalogue: Marketing over the last year.
  await page.goto('/social-media');
  await page.getByRole('link', { name: 'Ownership report' }).click();
  await expect(
    page.getByRole('heading', { name: 'Ownership report' }),
  ).toBeVisible();
  await page
    .getByRole('combobox', { name: 'Owner group' })
    .fill('group:default/marketing');
  await page.getByRole('button', { name: 'Show the services' }).click();
  const owned12 = page.getByRole('table', { name: 'Services owned' });
  const legacy = owned12
    .getByRole('row')
    .filter({ hasText: 'Legacy events X account' });
  await expect(legacy).toContainText('Retired');
  await expect(
    owned12.getByRole('row').filter({ hasText: 'Brand Instagram' }),
  ).toBeVisible();
  await snap(page, '93-ownership-report-marketing');

  // Region EMEA: the EMEA X account, transferred since, and the link back to its timeline.
  await page
    .getByRole('combobox', { name: 'Owner group' })
    .fill('group:default/region-emea');
  await page.getByRole('button', { name: 'Show the services' }).click();
  const emea = page
    .getByRole('table', { name: 'Services owned' })
    .getByRole('row')
    .filter({ hasText: 'EMEA X account' });
  await expect(emea).toContainText('now owned by Corporate Communications');
  await expect(emea).toContainText('(transferred)');
  await snap(page, '94-ownership-report-transferred');
  await emea.getByRole('link', { name: 'EMEA X account' }).click();
  await expect(page).toHaveURL(
    /\/social-media\/services\/emea-x-account\?tab=ownership/,
  );
  await expect(
    page.getByRole('table', { name: 'Ownership timeline' }),
  ).toBeVisible();
});
