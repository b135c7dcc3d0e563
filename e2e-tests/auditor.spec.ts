import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import {
  backend,
  permissionDecided,
  personHeaders,
  sidebar,
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
 *
 * The evidence for one service: IT service management approves the Support YouTube how-to
 * channel's waiting retirement (through the API, as a set-up step); the auditor opens the
 * channel's evidence for a period set on screen and reads its owners, the retirement and who
 * approved it, its lifecycle moves, access reviews with each decision, risk ratings and (none)
 * incidents; the JSON download says the same, and on paper the portal's navigation is left out.
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

  // The auditor reads where a service could move next and what it lacks, with no step to take.
  const transitionDecided = permissionDecided(
    page,
    'social-media.service.transition',
  );
  await page.goto('/social-media/services/brand-facebook-page');
  await transitionDecided;
  const next = page.getByRole('list', { name: 'Next transitions' });
  await expect(next).toContainText('Continual improvement: ready to move');
  await expect(page.getByRole('button', { name: /^Move to/ })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Access' }).click();
  await expect(
    page.getByRole('region', { name: 'Access review' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Review access' })).toHaveCount(
    0,
  );

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

  // Back in the browser: the report as it was asked for, kept in its address.
  await page.goBack();
  await expect(page).toHaveURL(/\/social-media\/ownership\?group=/);
  // The field names the group as the catalog titles it.
  await expect(page.getByRole('combobox', { name: 'Owner group' })).toHaveValue(
    'Region EMEA',
  );
  await expect(
    page
      .getByRole('table', { name: 'Services owned' })
      .getByRole('row')
      .filter({ hasText: 'EMEA X account' }),
  ).toContainText('(transferred)');
  // Back twice more: Marketing's report, then the page before any report was asked for.
  await page.goBack();
  await expect(
    page
      .getByRole('table', { name: 'Services owned' })
      .getByRole('row')
      .filter({ hasText: 'Legacy events X account' }),
  ).toContainText('Retired');
  await page.goBack();
  await expect(page).toHaveURL(/\/social-media\/ownership$/);
  await expect(page.getByRole('table', { name: 'Services owned' })).toHaveCount(
    0,
  );
});

const HOW_TO = 'support-youtube-how-to-channel';

/** Approves the how-to channel's waiting retirement as the IT service manager, unless done. */
async function approveHowToRetirement() {
  const headers = await personHeaders('it-service-manager');
  const inbox = await (
    await fetch(`${api}/handovers?scope=inbox`, { headers })
  ).json();
  const waiting = inbox.items.find(
    (h: any) => h.serviceId === HOW_TO && h.kind === 'retirement',
  );
  if (!waiting) return; // approved by an earlier run on the same database
  const res = await fetch(`${api}/handovers/${waiting.id}/decisions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      decision: 'accept',
      comment: 'The videos play in the help centre; archive the channel',
      version: waiting.version,
    }),
  });
  expect(res.status).toBe(200);
}

/** A `date` value for a day, in the browser's time zone (the test's own). */
function localDay(date: Date): string {
  return localInput(date).slice(0, 10);
}

/**
 * The bounds of a period asked for as days, as the evidence page writes them, e.g. "Feb 2, 2026
 * to Nov 29, 2026": the backend reads a bare day as UTC, the `to` day up to its end.
 */
function shownPeriod(from: string, to: string): string {
  const end = Date.parse(to) + 24 * 60 * 60 * 1000 - 1;
  return `${shownDay(new Date(from))} to ${shownDay(new Date(end))}`;
}

function shownDay(date: Date): string {
  return date.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
}

test('the auditor reads the evidence for one service over a period, downloads it and prints it', async ({
  page,
}) => {
  await approveHowToRetirement();
  await signInAs(page, 'auditor');

  // From the service's history, where the audit starts.
  await page.goto(`/social-media/services/${HOW_TO}?tab=history`);
  await page.getByRole('link', { name: 'Evidence for an audit' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/social-media/services/${HOW_TO}/evidence$`),
  );
  await expect(
    page.getByRole('heading', {
      name: 'Evidence: Support YouTube how-to channel',
    }),
  ).toBeVisible();
  const rowsOf = (title: string) =>
    page
      .getByRole('table', { name: title })
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });
  // The last twelve months unless told otherwise: the four quarterly access reviews.
  await expect(rowsOf('Access reviews')).toHaveCount(4);

  // The period under audit, set on screen: the last 300 days, which leaves out the first review.
  const from = new Date(Date.now() - 300 * 24 * 60 * 60 * 1000);
  const to = new Date();
  const period = page.getByRole('form', { name: 'Period' });
  await period.getByLabel('From').fill(localDay(from));
  await period.getByLabel('To').fill(localDay(to));
  await period.getByRole('button', { name: 'Show this period' }).click();
  await expect(page).toHaveURL(
    new RegExp(`\\?from=${localDay(from)}&to=${localDay(to)}$`),
  );
  await expect(
    page.getByText(`${shownPeriod(localDay(from), localDay(to))}.`),
  ).toContainText('Now Retired, owned by Customer Support.');
  await expect(rowsOf('Access reviews')).toHaveCount(3);

  // Who owned it: Customer Support all along, as imported with the inventory.
  const owners = rowsOf('Owners');
  await expect(owners).toHaveCount(1);
  await expect(owners.first()).toContainText('still');
  await expect(owners.first()).toContainText('Customer Support');
  await expect(owners.first()).toContainText('Support team lead');
  await expect(owners.first()).toContainText(
    'when Portal administrator imported it',
  );

  // The retirement: who asked for it, who approved it.
  const requests = rowsOf('Requests and approvals');
  await expect(requests).toHaveCount(1);
  await expect(requests.first()).toContainText(/^Retirement \d+/);
  await expect(requests.first().getByRole('cell').nth(1)).toHaveText(
    'Support team lead',
  );
  await expect(requests.first().getByRole('cell').nth(2)).toHaveText('Retired');
  await expect(requests.first().getByRole('cell').nth(3)).toHaveText(
    'IT service manager',
  );

  // The lifecycle: into continual improvement for the rework, then retired by the approval.
  const moves = rowsOf('Lifecycle moves');
  await expect(moves).toHaveCount(2);
  await expect(moves.nth(0)).toContainText('Operation → Continual improvement');
  await expect(moves.nth(0)).toContainText('IT service owner');
  await expect(moves.nth(0)).toContainText(
    'Rework of the series around the ten most asked support questions',
  );
  await expect(moves.nth(1)).toContainText('Continual improvement → Retired');
  await expect(moves.nth(1)).toContainText('IT service manager');

  // Each access review, by the service owner, with the decision on every admin account.
  for (const review of await rowsOf('Access reviews').all()) {
    await expect(review).toContainText('Support team lead');
    await expect(review.getByRole('listitem')).toHaveText([
      'support-lead: keep',
      'video-production-agency: keep',
    ]);
  }

  // The rating rose when the credentials left the vault for the wind-down, and why.
  const ratings = rowsOf('Risk rating history');
  await expect(ratings.first()).toContainText('Low → Medium');
  await expect(ratings.first()).toContainText('Credentials in a vault: no');

  // No incident was filed against the channel: said in so many words.
  const incidents = page.getByRole('region', { name: 'Incidents' });
  await expect(incidents).toContainText('None in this period.');
  await expect(incidents.getByRole('table')).toHaveCount(0);
  await snap(page, '95-evidence-for-a-period');

  // The JSON download is the same document.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(
    `evidence-${HOW_TO}-${localDay(from)}-${localDay(to)}.json`,
  );
  const evidence = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(evidence.service.name).toBe('Support YouTube how-to channel');
  expect(evidence.generatedBy).toBe('user:default/auditor');
  expect(evidence.period.from.slice(0, 10)).toBe(localDay(from));
  expect(evidence.period.to.slice(0, 10)).toBe(localDay(to));
  await expect(owners).toHaveCount(evidence.owners.length);
  for (const [i, owner] of evidence.owners.entries()) {
    // On screen by name, each linking to the group the document names.
    await expect(
      owners.nth(i).getByRole('link', { name: 'Customer Support' }),
    ).toHaveAttribute('title', owner.ownerGroup);
  }
  await expect(requests).toHaveCount(
    evidence.handovers.length + (evidence.request ? 1 : 0),
  );
  expect(evidence.handovers[0].status).toBe('completed');
  await expect(requests.first()).toContainText(
    `Retirement ${evidence.handovers[0].id}`,
  );
  await expect(moves).toHaveCount(evidence.moves.length);
  expect(evidence.moves.map((m: any) => m.to)).toEqual([
    'improvement',
    'retired',
  ]);
  await expect(rowsOf('Access reviews')).toHaveCount(
    evidence.accessReviews.length,
  );
  await expect(ratings).toHaveCount(evidence.riskHistory.length);
  expect(evidence.incidents).toEqual([]);
  await expect(rowsOf('Audit trail').getByRole('cell').nth(0)).toHaveText(
    String(evidence.auditEntries[0].seq),
  );
  await expect(rowsOf('Audit trail')).toHaveCount(evidence.auditEntries.length);
  // And the backend gives the auditor the same document for the same period.
  const fromApi = await (
    await fetch(
      `${api}/services/${HOW_TO}/evidence?from=${localDay(from)}&to=${localDay(
        to,
      )}`,
      { headers: await personHeaders('auditor') },
    )
  ).json();
  expect({ ...fromApi, generatedAt: undefined }).toEqual({
    ...evidence,
    generatedAt: undefined,
  });

  // On paper: the document without the portal's navigation, header or controls.
  const pluginHeading = page.getByRole('heading', {
    level: 1,
    name: 'Social media',
  });
  await expect(pluginHeading).toBeVisible();
  const catalogLink = sidebar(page).getByRole('link', { name: 'Catalog' });
  await expect(catalogLink).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(catalogLink).toBeHidden();
  await expect(pluginHeading).toBeHidden();
  await expect(page.getByRole('form', { name: 'Period' })).toBeHidden();
  await expect(
    page.getByRole('button', { name: 'Download JSON' }),
  ).toBeHidden();
  await expect(
    page.getByRole('heading', {
      name: 'Evidence: Support YouTube how-to channel',
    }),
  ).toBeVisible();
  for (const title of [
    'Owners',
    'Requests and approvals',
    'Lifecycle moves',
    'Access reviews',
    'Risk rating history',
    'Audit trail',
  ]) {
    await expect(page.getByRole('table', { name: title })).toBeVisible();
  }
  await expect(incidents).toBeVisible();
  await snap(page, '96-evidence-printed');
  // Back on screen, the navigation returns.
  await page.emulateMedia({ media: 'screen' });
  await expect(catalogLink).toBeVisible();
  await expect(pluginHeading).toBeVisible();
});
