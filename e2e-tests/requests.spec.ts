import { expect, test } from '@playwright/test';
import {
  backend,
  personHeaders,
  signInAs,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * A request for a new social service, as the people of the demo organisation make it: the
 * marketing lead files it from the portal after seeing what IT will require, is offered no
 * decision on it (the backend refuses one too), and the IT service manager approves it from the
 * approvals inbox, which catalogues the service in design.
 */

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

const NAME = 'Spring campaign TikTok';

test('the marketing lead requests an account, cannot approve it, and IT service management approves it into design', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'marketing-lead');
  await page.goto('/social-media');
  await page.getByRole('link', { name: 'Request a social service' }).click();

  const form = page.getByRole('form', { name: 'Request a social service' });
  await expect(form).toBeVisible();
  // The team asking is the requester's own, shown by the name the catalog gives it.
  await expect(
    form.getByRole('combobox', { name: 'Requesting team' }),
  ).toHaveValue('Marketing');
  const preview = page.getByRole('region', { name: 'What IT will require' });
  await expect(preview).toContainText('Still to fill in:');

  await form.getByRole('combobox', { name: 'Platform' }).selectOption('tiktok');
  await form.getByRole('textbox', { name: 'Proposed name' }).fill(NAME);
  await form
    .getByRole('textbox', { name: 'Handle' })
    .fill('larkmoor_spring_campaign');
  await form
    .getByRole('textbox', { name: 'Purpose' })
    .fill('Short videos for the spring campaign');
  await form
    .getByRole('textbox', { name: 'Audience', exact: true })
    .fill('Young adults in EMEA');
  await form.getByRole('textbox', { name: 'Regions' }).fill('EMEA, France');
  await form.getByRole('textbox', { name: 'Business unit' }).fill('Marketing');
  await form
    .getByRole('combobox', { name: 'Owner group' })
    .pressSequentially('Marketing');
  // Picked by its name, as a person would; the request names the group by its ref.
  await page
    .getByRole('option', { name: 'Marketing (group:default/marketing)' })
    .click();
  await form
    .getByRole('combobox', { name: 'Service owner' })
    .fill('user:default/marketing-lead');
  await form
    .getByLabel('Target date')
    .fill(`${new Date().getFullYear() + 1}-03-01`);
  await form
    .getByRole('spinbutton', { name: 'Expected audience' })
    .fill('20000');
  await form
    .getByRole('textbox', { name: 'Who will post' })
    .fill('The social media team');
  await form
    .getByRole('textbox', { name: 'Third-party tools' })
    .fill('Hootsuite');

  // Before submitting: the predicted rating, the controls needed before operation, the approvals.
  await expect(preview.getByLabel('Predicted rating')).toBeVisible();
  const needed = preview.getByRole('list', { name: 'Needed before operation' });
  await expect(needed).toContainText('MFA enabled');
  // What the form states already (a purpose, the owners) is not asked for again.
  await expect(needed).not.toContainText('a stated purpose');
  await expect(needed).not.toContainText('a named service owner');
  await expect(preview.getByRole('list', { name: 'Approvals' })).toContainText(
    'IT service management',
  );
  await snap(page, '60-request-form-with-preview');

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
  await snap(page, '61-request-submitted');

  // The requester is offered no decision on their own request, and the backend refuses one
  // made around the page, in the words of the separation of duties.
  const actions = page.getByRole('group', { name: 'Actions' });
  await expect(actions.getByRole('button', { name: 'Withdraw' })).toBeVisible();
  for (const decision of ['Approve', 'Request changes', 'Reject']) {
    await expect(actions.getByRole('button', { name: decision })).toHaveCount(
      0,
    );
  }
  const shown = await (
    await fetch(`${backend}/api/social-media/requests/${requestNumber}`, {
      headers: await personHeaders('marketing-lead'),
    })
  ).json();
  const selfApproval = await fetch(
    `${backend}/api/social-media/requests/${requestNumber}/decisions`,
    {
      method: 'POST',
      headers: await personHeaders('marketing-lead'),
      body: JSON.stringify({
        decision: 'approve',
        comment: 'Approving the request filed a moment ago',
        version: shown.version,
      }),
    },
  );
  expect(selfApproval.status).toBe(403);
  expect((await selfApproval.json()).error.message).toBe(
    'You filed this request, so you cannot decide on it: someone else approves it',
  );
  await page.reload();
  await expect(heading).toContainText('Submitted');
  await snap(page, '62-requester-offered-no-decision');

  // The IT service manager finds it in the approvals inbox and approves it.
  const context = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  try {
    const manager = await context.newPage();
    await signInAs(manager, 'it-service-manager');
    await manager.goto('/social-media');
    await manager
      .getByRole('link', { name: /^Requests \(\d+ to approve\)$/ })
      .click();
    const inbox = manager.getByRole('table', { name: 'Approvals inbox' });
    await expect(inbox.getByRole('link', { name: NAME })).toBeVisible();
    // Every column, "Updated" the last, reads beside the sidebar without scrolling sideways.
    expect(
      await inbox.evaluate(table => {
        const container = table.parentElement!;
        return container.scrollWidth - container.clientWidth;
      }),
    ).toBeLessThanOrEqual(0);
    await snap(manager, '63-approvals-inbox');
    await inbox.getByRole('link', { name: NAME }).click();

    await manager
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Approve' })
      .click();
    const approval = manager.getByRole('dialog');
    await approval
      .getByRole('textbox', { name: 'Comment' })
      .fill('Owner, audience and tools checked');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(approval).toBeHidden();
    await expect(
      manager.getByRole('heading', { level: 2, name: /Request \d+/ }),
    ).toContainText('Provisioned');
    const timeline = manager.getByRole('table', { name: 'Timeline' });
    await expect(timeline).toContainText('Owner, audience and tools checked');
    await expect(timeline).toContainText('Approved → Provisioned');
    await snap(manager, '64-request-approved-and-provisioned');

    // The service is in the catalogue, in design, and its history names the request.
    await manager.getByRole('link', { name: 'Open the service' }).click();
    await expect(
      manager.getByRole('heading', { level: 2, name: NAME }),
    ).toBeVisible();
    await manager.getByRole('tab', { name: 'History' }).click();
    await expect(manager.getByRole('table', { name: 'History' })).toContainText(
      `Requested in request ${requestNumber} by marketing-lead; approved by it-service-manager (IT service management)`,
    );
    await snap(manager, '65-service-history-names-the-request');

    await manager.goto('/social-media?search=spring%20campaign');
    const row = manager
      .getByRole('table', { name: 'Social media services' })
      .getByRole('row', { name: new RegExp(NAME) });
    await expect(row).toContainText('Design');
    await snap(manager, '66-requested-service-in-the-catalogue');

    // Backstage's own catalog has it too, in design, owned by the requested group.
    await expect(async () => {
      await manager.goto('/catalog/default/component/spring-campaign-tiktok');
      await expect(
        manager
          .getByRole('heading', {
            name: /spring-campaign-tiktok|Spring campaign TikTok/,
          })
          .first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000, intervals: [3_000] });
    const about = manager.getByRole('main');
    await expect(about).toContainText('design');
    await expect(about).toContainText('Marketing');
    await snap(manager, '67-requested-service-in-backstage-catalog');
  } finally {
    await context.close();
  }
});

test('a regulated account needs the security office as well: two different people approve it', async ({
  browser,
}) => {
  // The marketing lead files it (as in the test above, through the same API the form uses).
  const filed = await fetch(`${backend}/api/social-media/requests`, {
    method: 'POST',
    headers: await personHeaders('marketing-lead'),
    body: JSON.stringify({
      platform: 'linkedin',
      name: 'Investor relations LinkedIn',
      handle: 'larkmoor-investors',
      purpose: 'Results announcements and investor events',
      audience: 'Shareholders and analysts',
      regions: ['Global'],
      businessUnit: 'Finance',
      requestingTeam: 'group:default/marketing',
      ownerGroup: 'group:default/communications',
      serviceOwner: 'user:default/communications-lead',
      targetDate: `${new Date().getFullYear() + 1}-04-01`,
      questionnaire: {
        regulatedContent: true,
        brandLevel: true,
        expectedAudience: 50000,
        whoPosts: 'Investor relations with legal review',
        thirdPartyTools: [],
      },
      submit: true,
    }),
  });
  expect(filed.status).toBe(201);
  const { id } = await filed.json();

  const approveAs = async (userName: string, expected: string) => {
    const context = await browser.newContext({
      baseURL: 'http://localhost:3000',
    });
    try {
      const page = await context.newPage();
      await signInAs(page, userName);
      await page.goto('/social-media/requests?tab=inbox');
      const inbox = page.getByRole('table', { name: 'Approvals inbox' });
      await inbox
        .getByRole('link', { name: 'Investor relations LinkedIn' })
        .click();
      await page
        .getByRole('group', { name: 'Actions' })
        .getByRole('button', { name: 'Approve' })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('textbox', { name: 'Comment' })
        .fill(`Checked by ${userName}`);
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await expect(dialog).toBeHidden();
      await expect(
        page.getByRole('heading', {
          level: 2,
          name: new RegExp(`Request ${id}`),
        }),
      ).toContainText(expected);
      return page;
    } catch (error) {
      await context.close();
      throw error;
    }
  };

  const first = await approveAs('it-service-manager', 'Submitted');
  await expect(
    first.getByText('Waiting for approval from Security office.'),
  ).toBeVisible();
  await snap(first, '68-first-of-two-approvals');
  await first.context().close();

  const second = await approveAs('security-analyst', 'Provisioned');
  await snap(second, '69-security-office-approval-provisions');
  await second.context().close();

  // The communications lead, named to own the service, finds the request among theirs.
  const ownerContext = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  try {
    const owner = await ownerContext.newPage();
    await signInAs(owner, 'communications-lead');
    await owner.goto('/social-media/requests');
    await owner
      .getByRole('table', { name: 'My requests' })
      .getByRole('link', { name: 'Investor relations LinkedIn' })
      .click();
    await expect(
      owner.getByText(
        'You are named as the service owner: you follow the request here, and the requesting team edits, submits or withdraws it.',
      ),
    ).toBeVisible();
    await expect(
      owner.getByRole('group', { name: 'Actions' }).getByRole('button'),
    ).toHaveCount(0);
    await expect(
      owner.getByRole('link', { name: 'Open the service' }),
    ).toBeVisible();
    await snap(owner, '99-named-service-owner-follows-the-request');
  } finally {
    await ownerContext.close();
  }
});
