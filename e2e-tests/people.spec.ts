import { expect, test } from '@playwright/test';
import {
  permissionDecided,
  signInAs,
  signInAsGuest,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Trying the local portal as different people of the demo organisation: each signs in as a User of
 * the catalog, with their groups, and the portal's permission policy treats them as it would in
 * production. Runs before portal.spec.ts, whose last test reads the backend log for errors and
 * warnings of every test before it.
 */

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

test('the marketing lead signs in as a person of the demo organisation and the portal knows who they are', async ({
  page,
}) => {
  await page.goto('/');
  const people = page.getByRole('radiogroup', {
    name: 'Person of the demo organisation',
  });
  for (const role of [
    'Marketing lead (marketing)',
    'IT service manager (IT service management)',
    'Security analyst (security office)',
    'Auditor (internal audit)',
  ]) {
    await expect(people.getByRole('radio', { name: role })).toBeVisible();
  }
  // The guest is still offered, as before.
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  await snap(page, '50-sign-in-as-a-person');

  await signInAs(page, 'marketing-lead');

  await page.goto('/settings');
  await expect(page.getByText('marketing-lead@larkmoor.com')).toBeVisible();
  await expect(page.getByText('Marketing lead').first()).toBeVisible();
  // Their identity carries their team: what the permission policy reads.
  await expect(
    page.getByRole('link', { name: 'Marketing', exact: true }),
  ).toBeVisible();
  await snap(page, '51-settings-marketing-lead');
});

test("the catalogue status is for administrators: the guest sees it, the marketing lead does not, and finds their team's services", async ({
  page,
  browser,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media');
  await expect(
    page.getByRole('region', { name: 'Catalogue status' }),
  ).toBeVisible();

  const context = await browser.newContext({
    baseURL: 'http://localhost:3000',
  });
  try {
    const lead = await context.newPage();
    await signInAs(lead, 'marketing-lead');
    const decided = permissionDecided(lead, 'social-media.status.read');
    await lead.goto('/social-media');
    await decided;
    await expect(
      lead
        .getByRole('table', { name: 'Social media services' })
        .getByRole('link', { name: 'Brand Instagram' }),
    ).toBeVisible();
    await expect(
      lead.getByRole('region', { name: 'Catalogue status' }),
    ).toHaveCount(0);
    await snap(lead, '52-marketing-lead-catalogue');

    // Their own team's services, in one switch: every row is Marketing's.
    await lead.getByRole('switch', { name: 'Owned by my teams' }).check();
    await expect(lead).toHaveURL(/ownerGroup=group%3Adefault%2Fmarketing/);
    const table = lead.getByRole('table', { name: 'Social media services' });
    await expect(
      table.getByRole('link', { name: 'Corporate X account' }),
    ).toHaveCount(0);
    const owners = () =>
      table.getByRole('row').locator('td:nth-child(3)').allTextContents();
    await expect
      .poll(async () => [...new Set(await owners())])
      .toEqual(['Marketing']);
    expect((await owners()).length).toBeGreaterThan(3);
    await snap(lead, '52a-marketing-lead-own-services');
  } finally {
    await context.close();
  }
});

test("the marketing lead changes and signs off a marketing service, but not another group's", async ({
  page,
}) => {
  await signInAs(page, 'marketing-lead');

  // Corporate Communications' account: no sign-off for them, and the backend refuses a change.
  const signOffDecided = permissionDecided(
    page,
    'social-media.service.sign-off',
  );
  await page.goto('/social-media/services/corporate-x-account?tab=risk');
  await signOffDecided;
  await expect(
    page.getByRole('heading', { name: 'Corporate X account', level: 2 }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Sign-off', level: 4 }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign off' })).toHaveCount(0);
  await snap(page, '53-marketing-lead-other-groups-service');

  await page.goto('/social-media/services/corporate-x-account/edit');
  const form = page.getByRole('form', { name: 'Edit service' });
  await form
    .getByLabel('Purpose')
    .fill('Campaign announcements from the marketing team');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const refusal = form.getByRole('alert');
  await expect(refusal).toContainText('The service was not saved');
  await expect(refusal).toContainText(
    'You are not allowed to change this social media service',
  );
  // Said once, not wrapped in a second sentence that says the same.
  await expect(refusal).not.toContainText('make this change');
  await snap(page, '54-marketing-lead-change-refused');
  await page.goto('/social-media/services/corporate-x-account?tab=details');
  await expect(
    page
      .getByRole('region', { name: 'About the service' })
      .getByLabel('Purpose'),
  ).not.toContainText('Campaign announcements');

  // Marketing's own account, whose service owner they are: they sign off and change it.
  await page.goto('/social-media?search=brand%20instagram');
  await page
    .getByRole('table', { name: 'Social media services' })
    .getByRole('link', { name: 'Brand Instagram' })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Brand Instagram', level: 2 }),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'Risk' }).click();
  await expect(page.getByRole('button', { name: 'Sign off' })).toBeVisible();
  await snap(page, '55-marketing-lead-own-service');

  await page.getByRole('link', { name: 'Edit' }).click();
  await form.getByLabel('Purpose').fill('Product stories and campaigns');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Brand Instagram is saved.')).toBeVisible();
  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(
    page
      .getByRole('region', { name: 'About the service' })
      .getByLabel('Purpose'),
  ).toHaveText('Product stories and campaigns');
  await snap(page, '56-marketing-lead-change-saved');
});
