import { expect, Page, test } from '@playwright/test';
import {
  sidebar,
  signInAs,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Handing a service to another group and retiring one, as requests with their checklists: the
 * marketing lead hands the Brand TikTok account to corporate communications, whose lead accepts
 * it only once every checklist item is ticked; the communications lead asks to retire the
 * corporate blog, and the IT service manager approves the retirement from the approvals inbox.
 */

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

async function signedIn(browser: any, userName: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  const page = await context.newPage();
  await signInAs(page, userName);
  return page;
}

/** The request's number, from the heading of its page, e.g. "Transfer 4: Brand TikTok". */
async function numberOf(page: Page, kind: 'Transfer' | 'Retirement') {
  const heading = page.getByRole('heading', {
    level: 2,
    name: new RegExp(`${kind} \\d+:`),
  });
  await expect(heading).toBeVisible();
  return new RegExp(`${kind} (\\d+)`).exec(
    (await heading.textContent()) ?? '',
  )![1];
}

test('the marketing lead hands a service to communications, who accept it with the checklist complete', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'marketing-lead');
  await page.goto('/social-media/services/brand-tiktok');
  const section = page.getByRole('region', {
    name: 'Handover and retirement',
  });
  await section
    .getByRole('button', { name: 'Hand over to another group' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('combobox', { name: 'Receiving group' })
    .fill('group:default/communications');
  await dialog
    .getByRole('combobox', { name: 'New service owner' })
    .fill('user:default/communications-lead');
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('Corporate communications runs every brand channel from January');
  await snap(page, '80-transfer-filed-by-the-owning-team');
  await dialog
    .getByRole('button', { name: 'Ask the group to take it over' })
    .click();
  await expect(page).toHaveURL(/\/social-media\/handovers\/\d+$/);
  const number = await numberOf(page, 'Transfer');
  const heading = page.getByRole('heading', { level: 2 });
  await expect(heading).toContainText('Waiting to be accepted');
  // The owning side cannot accept its own transfer; it may withdraw it.
  const actions = page.getByRole('group', { name: 'Actions' });
  await expect(actions.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Withdraw' })).toBeVisible();

  const lead = await signedIn(browser, 'communications-lead');
  try {
    await lead.goto('/social-media/requests?tab=inbox');
    const inbox = lead.getByRole('table', {
      name: 'Transfers and retirements waiting for you',
    });
    await expect(
      inbox.getByRole('link', { name: `Transfer ${number}` }),
    ).toBeVisible();
    await snap(lead, '81-transfer-in-the-receiving-groups-inbox');
    await inbox.getByRole('link', { name: `Transfer ${number}` }).click();
    await lead
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Accept' })
      .click();
    const accept = lead.getByRole('dialog');
    const boxes = accept.getByRole('checkbox');
    await expect(boxes).toHaveCount(4);
    for (const label of [
      'Admins reviewed: only people who should keep access still have it',
      'Credentials rotated, with the new ones in the vault',
      "Recovery e-mail changed to the new owner's",
    ]) {
      await accept.getByRole('checkbox', { name: label }).check();
    }
    await accept.getByRole('button', { name: 'Accept the service' }).click();
    await expect(
      accept.getByText(
        "Not done yet: Recovery phone changed to the new owner's",
      ),
    ).toBeVisible();
    await snap(lead, '82-transfer-checklist-incomplete');
    await accept
      .getByRole('checkbox', {
        name: "Recovery phone changed to the new owner's",
      })
      .check();
    await accept
      .getByRole('textbox', { name: 'Comment' })
      .fill('Recovery moved to the communications mailbox and phone');
    await accept.getByRole('button', { name: 'Accept the service' }).click();
    await expect(accept).toBeHidden();
    await expect(
      lead.getByRole('heading', { level: 2, name: /Transfer \d+/ }),
    ).toContainText('Transferred');
    await expect(lead.getByRole('table', { name: 'Timeline' })).toContainText(
      'Accepted (checklist: 4 of 4 confirmed)',
    );
    await snap(lead, '83-transfer-accepted');

    // The service is communications' now, in the catalogue and in its history.
    await lead.getByRole('link', { name: 'Open the service' }).click();
    await lead.getByRole('tab', { name: 'Details' }).click();
    const about = lead.getByRole('region', { name: 'About the service' });
    await expect(about).toContainText('Corporate Communications');
    await expect(about).toContainText('Communications lead');
    await lead.getByRole('tab', { name: 'History' }).click();
    const history = lead.getByRole('table', { name: 'History' });
    await expect(history).toContainText(
      `Transfer ${number} asked by marketing-lead, accepted by communications-lead`,
    );
    await expect(history).toContainText('Checklist confirmed (4 of 4)');
    await snap(lead, '84-transferred-service-history');
  } finally {
    await lead.context().close();
  }

  // The marketing lead hears of it.
  await sidebar(page)
    .getByRole('link', { name: /Notifications/ })
    .click();
  await expect(
    page.getByRole('link', {
      name: 'Transfer of Brand TikTok to group:default/communications completed',
    }),
  ).toBeVisible();
});

test('the communications lead asks to retire the corporate blog and IT service management approves it', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'communications-lead');
  await page.goto('/social-media/services/corporate-blog');
  // A live service is not moved to retired directly.
  await expect(
    page.getByText(/a live service is retired by a retirement request/),
  ).toBeVisible();
  await page
    .getByRole('region', { name: 'Handover and retirement' })
    .getByRole('button', { name: 'Request retirement' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('The newsroom on the corporate website replaces the blog');
  await dialog.getByRole('radio', { name: /^Kept/ }).check();
  await dialog.getByRole('button', { name: 'Request retirement' }).click();
  // Nothing ticked yet: every item is named, nothing is filed.
  await expect(
    dialog.getByText(/Not done yet: Content archived/),
  ).toBeVisible();
  for (const label of [
    'Content archived',
    'Admins removed',
    'Third-party apps revoked',
    'Credentials removed from the vault',
  ]) {
    await dialog.getByRole('checkbox', { name: label }).check();
  }
  await snap(page, '85-retirement-requested-with-its-checklist');
  await dialog.getByRole('button', { name: 'Request retirement' }).click();
  await expect(page).toHaveURL(/\/social-media\/handovers\/\d+$/);
  const number = await numberOf(page, 'Retirement');
  await expect(page.getByRole('heading', { level: 2 })).toContainText(
    'Waiting for approval',
  );

  const manager = await signedIn(browser, 'it-service-manager');
  try {
    await manager.goto('/social-media');
    await manager
      .getByRole('link', { name: /^Requests \(\d+ to approve\)$/ })
      .click();
    await manager.getByRole('tab', { name: /Approvals inbox/ }).click();
    const inbox = manager.getByRole('table', {
      name: 'Transfers and retirements waiting for you',
    });
    await inbox.getByRole('link', { name: `Retirement ${number}` }).click();
    await manager
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Approve retirement' })
      .click();
    const approve = manager.getByRole('dialog');
    await approve
      .getByRole('textbox', { name: 'Comment' })
      .fill('Checklist confirmed with the communications team');
    await approve.getByRole('button', { name: 'Approve retirement' }).click();
    await expect(approve).toBeHidden();
    await expect(
      manager.getByRole('heading', { level: 2, name: /Retirement \d+/ }),
    ).toContainText('Retired');
    await snap(manager, '86-retirement-approved');
    await manager.getByRole('link', { name: 'Open the service' }).click();
    await expect(
      manager.getByRole('heading', { level: 2, name: 'Corporate blog' }),
    ).toBeVisible();
    await expect(
      manager.getByRole('list', { name: 'Lifecycle stages' }),
    ).toContainText('RetiredCurrent stage');
    await manager.getByRole('tab', { name: 'History' }).click();
    await expect(manager.getByRole('table', { name: 'History' })).toContainText(
      `Retirement ${number} asked by communications-lead, approved by it-service-manager`,
    );
    await snap(manager, '87-retired-service');
  } finally {
    await manager.context().close();
  }
});
