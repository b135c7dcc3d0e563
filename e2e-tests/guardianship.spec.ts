import { expect, test } from '@playwright/test';
import {
  signInAsGuest,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Digital asset guardianship as people use it: the rating that explains itself, the access review
 * an owner attests, and the portfolio dashboard. Runs before portal.spec.ts, whose last test reads
 * the backend log for errors and warnings of every test before it.
 */

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

test('an IT service owner turns MFA off and sees the rating rise, with the reason', async ({
  page,
}) => {
  await signInAsGuest(page);
  // The service page opens on its overview; the risk tab has the explanation.
  await page.goto('/social-media/services/corporate-x-account?tab=risk');
  const risk = page.getByRole('region', { name: 'Risk', exact: true });
  const rating = risk.getByLabel('Rating', { exact: true });
  await expect(rating).toHaveText('Low');
  await expect(
    risk
      .getByRole('table', { name: 'Risk factors' })
      .getByRole('row', { name: /Multi-factor authentication/ }),
  ).toContainText('on');
  await snap(page, '20-risk-low');

  await page.getByRole('link', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit service' });
  await form.getByRole('checkbox', { name: 'MFA enabled' }).uncheck();
  await expect(form.getByLabel('MFA method')).toBeHidden();
  await snap(page, '21-mfa-off');
  await form.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(
    /\/social-media\/services\/corporate-x-account$/,
  );
  await page.getByRole('tab', { name: 'Risk' }).click();
  await expect(rating).toHaveText('High');
  const mfaRow = risk
    .getByRole('table', { name: 'Risk factors' })
    .getByRole('row', { name: /Multi-factor authentication/ });
  await expect(mfaRow).toContainText('off');
  await expect(mfaRow).toContainText('+4');
  const ratingHistory = risk.getByRole('table', { name: 'Rating history' });
  await expect(ratingHistory).toContainText('Low → High');
  await expect(ratingHistory).toContainText(
    'Multi-factor authentication: off (+4)',
  );
  await snap(page, '22-risk-high');

  // The catalogue lists the service with its new rating.
  await page.goto('/social-media?search=corporate%20x&riskRating=high');
  await expect(
    page
      .getByRole('table', { name: 'Social media services' })
      .getByRole('link', { name: 'Corporate X account' }),
  ).toBeVisible();

  // The scorecard on its catalog entity page follows: Tech Insights reads the facts again shortly
  // after the change (2 seconds in these tests, a minute by default). Each look waits until the
  // scorecard has run its checks (slow on a loaded machine), so that a look never ends before
  // the page could answer.
  await expect(async () => {
    await page.goto('/catalog/default/component/corporate-x-account');
    const scorecard = page.getByRole('region', { name: 'Scorecard' });
    await expect(scorecard.getByText(/\d+ of \d+ checks passed/)).toBeVisible({
      timeout: 30_000,
    });
    await expect(
      scorecard.getByRole('listitem', { name: 'MFA on: not passed' }),
    ).toBeVisible({ timeout: 1_000 });
    await expect(
      scorecard.getByRole('listitem', {
        name: 'Risk rating not high or critical: not passed',
      }),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  await expect(
    page
      .getByRole('region', { name: 'Scorecard' })
      .getByRole('listitem', { name: 'No shared login: passed' }),
  ).toBeVisible();
  await snap(page, '22a-entity-scorecard');
});

test('a service owner attests an access review and removes someone who left', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/services/brand-facebook-page?tab=access');
  await expect(
    page.getByText(
      'former-campaign-manager has left the organisation but still holds access',
    ),
  ).toBeVisible();
  const review = page.getByRole('region', {
    name: 'Access review',
    exact: true,
  });
  await snap(page, '23-leaver-before-review');

  await review.getByRole('button', { name: 'Review access' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('heading', {
      name: 'Review access to Brand Facebook page',
    }),
  ).toBeVisible();
  // Keeping someone who left is an exception someone answers for: the dialog asks why.
  const leaver = dialog.getByRole('radiogroup', {
    name: 'former-campaign-manager',
    exact: true,
  });
  await leaver.getByRole('radio', { name: 'Keep' }).check();
  await expect(
    dialog.getByRole('textbox', {
      name: 'Why does former-campaign-manager keep access?',
    }),
  ).toBeVisible();
  await snap(page, '24a-keeping-a-leaver-needs-a-reason');
  for (const [account, decision] of [
    ['marketing-lead', 'Keep'],
    ['former-campaign-manager', 'Remove'],
    ['paid-media-agency', 'Keep'],
  ]) {
    await dialog
      .getByRole('radiogroup', { name: account, exact: true })
      .getByRole('radio', { name: decision })
      .check();
  }
  await dialog
    .getByRole('textbox', { name: 'Note' })
    .fill('Campaign manager left in the spring; agency contract runs on');
  await expect(
    dialog.getByRole('textbox', {
      name: 'Why does former-campaign-manager keep access?',
    }),
  ).toBeHidden();
  // Every admin has a decision: nothing is left to choose.
  await expect(dialog.getByText(/still needs? a decision/)).toBeHidden();
  await snap(page, '24-access-review-dialog');
  await dialog.getByRole('button', { name: 'Submit review' }).click();
  await expect(dialog).toBeHidden();

  await expect(
    page.getByText(
      'former-campaign-manager has left the organisation but still holds access',
    ),
  ).toBeHidden();
  await expect(review).toContainText('Current');
  const past = review.getByRole('table', { name: 'Past access reviews' });
  await expect(past).toContainText('development/guest');
  await expect(past).toContainText(
    'Campaign manager left in the spring; agency contract runs on',
  );
  await expect(
    page
      .getByRole('table', { name: 'Admins', exact: true })
      .getByText('former-campaign-manager'),
  ).toHaveCount(0);
  await snap(page, '25-access-review-done');
});

test('a service owner records who holds access, linking people from the catalog and flagging an agency login', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto(
    '/social-media/services/emea-linkedin-showcase-page?tab=access',
  );
  const admins = page.getByRole('region', { name: 'Admins', exact: true });
  await expect(admins).toContainText('No admins recorded');
  await admins.getByRole('button', { name: 'Record admins' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('heading', {
      name: 'Admins of EMEA LinkedIn showcase page',
    }),
  ).toBeVisible();

  await dialog.getByRole('button', { name: 'Add admin' }).click();
  const first = dialog.getByRole('group', { name: 'Admin 1' });
  await first
    .getByRole('textbox', { name: 'Account' })
    .fill('emea-marketing-manager');
  // People are picked from the catalog by their name (the ref is emea-marketing-manager).
  await first
    .getByRole('combobox', { name: 'Person' })
    .fill('EMEA marketing manager');
  await page
    .getByRole('option', { name: /EMEA marketing manager/ })
    .first()
    .click();
  await first.getByRole('combobox', { name: 'Role' }).selectOption('owner');

  await dialog.getByRole('button', { name: 'Add admin' }).click();
  const second = dialog.getByRole('group', { name: 'Admin 2' });
  await second.getByRole('textbox', { name: 'Account' }).fill('emea-agency');
  await expect(second).toContainText(
    'None: an external login, which leaver detection cannot follow',
  );
  await snap(page, '28-admins-dialog');
  await dialog.getByRole('button', { name: 'Save admins' }).click();
  await expect(dialog).toBeHidden();

  const table = admins.getByRole('table', { name: 'Admins' });
  await expect(
    table.getByRole('row', { name: /emea-marketing-manager/ }),
  ).toContainText('Owner');
  await expect(table.getByRole('row', { name: /emea-agency/ })).toContainText(
    'External',
  );
  // The change is in the history, in words.
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(
    page
      .getByRole('table', { name: 'History', exact: true })
      .getByRole('row')
      .nth(1),
  ).toContainText('Admins changed');
  await snap(page, '29-admins-recorded');
});

test('an auditor reads the portfolio dashboard and its charts', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/social-media\/dashboard$/);
  await expect(
    page.getByRole('heading', { name: 'Portfolio dashboard', level: 2 }),
  ).toBeVisible();
  await expect(page.getByLabel('Services', { exact: true })).toHaveText('32');

  const byStage = page.getByRole('region', {
    name: 'Services by stage and risk',
  });
  // recharts draws into an SVG: bars for the stages that hold services.
  await expect(
    byStage.locator('svg .recharts-bar-rectangle').first(),
  ).toBeVisible();
  const trend = page.getByRole('region', { name: 'Risk trend' });
  await expect(trend.locator('svg .recharts-line').first()).toBeVisible();

  // Demo services whose owners missed a quarterly review are overdue.
  const overdue = page.getByRole('table', { name: 'Overdue access reviews' });
  await expect(overdue.getByRole('link').first()).toBeVisible();
  await snap(page, '26-dashboard');

  await page.getByRole('button', { name: 'Run leaver detection' }).click();
  await expect(page.getByRole('status')).toContainText('Checked 32 services');
  await snap(page, '27-dashboard-after-sweep');
});
