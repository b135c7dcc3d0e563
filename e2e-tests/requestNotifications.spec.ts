import { expect, test } from '@playwright/test';
import {
  sidebar,
  signInAs,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Notices about a request for a new social service, through Backstage's notifications and
 * signals: the marketing lead submits a request, the IT service manager finds it waiting on the
 * notifications page and approves it from there, and the marketing lead, still on the request's
 * page, is told of the decision at once and finds it on their notifications page.
 */

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

const NAME = 'Autumn campaign TikTok';

test('the approvers are told of a submitted request and the requester of the decision, live', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'marketing-lead');
  await expect(
    sidebar(page).getByRole('link', { name: /Notifications/ }),
  ).toBeVisible();
  await page.goto('/social-media/requests/new');
  const form = page.getByRole('form', { name: 'Request a social service' });
  await expect(form).toBeVisible();
  await form.getByRole('combobox', { name: 'Platform' }).selectOption('tiktok');
  await form.getByRole('textbox', { name: 'Proposed name' }).fill(NAME);
  await form.getByRole('textbox', { name: 'Handle' }).fill('larkmoorautumn');
  await form
    .getByRole('textbox', { name: 'Purpose' })
    .fill('Short videos for the autumn campaign');
  await form
    .getByRole('textbox', { name: 'Audience', exact: true })
    .fill('Young adults in EMEA');
  await form.getByRole('textbox', { name: 'Regions' }).fill('EMEA');
  await form.getByRole('textbox', { name: 'Business unit' }).fill('Marketing');
  await form
    .getByRole('combobox', { name: 'Owner group' })
    .fill('group:default/marketing');
  await form
    .getByRole('combobox', { name: 'Service owner' })
    .fill('user:default/marketing-lead');
  await form
    .getByLabel('Target date')
    .fill(`${new Date().getFullYear() + 1}-09-01`);
  await form
    .getByRole('spinbutton', { name: 'Expected audience' })
    .fill('20000');
  await form
    .getByRole('textbox', { name: 'Who will post' })
    .fill('The social media team');
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(page).toHaveURL(/\/social-media\/requests\/\d+$/);
  const heading = page.getByRole('heading', {
    level: 2,
    name: new RegExp(`Request \\d+: ${NAME}`),
  });
  await expect(heading).toContainText('Submitted');
  const requestNumber = /Request (\d+)/.exec(
    (await heading.textContent()) ?? '',
  )![1];
  const waiting = `Service request ${requestNumber} waits for your approval: ${NAME} (TikTok)`;

  const context = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  try {
    // The IT service manager finds the request waiting on the notifications page.
    const manager = await context.newPage();
    await signInAs(manager, 'it-service-manager');
    await sidebar(manager)
      .getByRole('link', { name: /Notifications/ })
      .click();
    await expect(manager).toHaveURL(/\/notifications$/);
    const notice = manager.getByRole('link', { name: waiting });
    await expect(notice).toBeVisible();
    await expect(
      manager.getByText(/Submitted by marketing-lead for marketing/).first(),
    ).toBeVisible();
    await snap(manager, '75-approver-notified-of-waiting-request');

    // The notice opens the request, where the manager approves it.
    await notice.click();
    await expect(manager).toHaveURL(
      new RegExp(`/social-media/requests/${requestNumber}$`),
    );
    await manager
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Approve' })
      .click();
    const approval = manager.getByRole('dialog');
    await approval
      .getByRole('textbox', { name: 'Comment' })
      .fill('Owner and audience checked');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(approval).toBeHidden();
    await expect(
      manager.getByRole('heading', { level: 2, name: /Request \d+/ }),
    ).toContainText('Provisioned');
    await snap(manager, '76-approved-from-the-notice');
  } finally {
    await context.close();
  }

  // The marketing lead, still on the request's page, is told at once (signals), without a reload.
  const decided = `Service request ${requestNumber} approved: ${NAME} (TikTok) is catalogued as autumn-campaign-tiktok`;
  await expect(
    page.getByText(`Service request ${requestNumber} approved`).first(),
  ).toBeVisible();
  await sidebar(page)
    .getByRole('link', { name: /Notifications/ })
    .click();
  await expect(page.getByRole('link', { name: decided })).toBeVisible();
  // The list shortens a long description; its beginning says who decided and what they said.
  await expect(
    page
      .getByText(
        /^Approved by it-service-manager: "Owner and audience checked"/,
      )
      .first(),
  ).toBeVisible();
  await snap(page, '77-requester-notified-of-decision');
});
