import { expect, test } from '@playwright/test';
import { signInAsGuest, snap } from './helpers';

/*
 * Service records that hold up, as an IT service owner and an auditor meet them: services out of
 * compliance with their stage are found from the dashboard and say what they lack, the service
 * page opens on what needs doing, and a risk sign-off is an act with a signer.
 */

test('an IT service owner goes from the dashboard to the services out of compliance and sees what one lacks', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/dashboard');
  const tile = page.getByRole('link', { name: /^Out of compliance: \d+$/ });
  await expect(tile).toBeVisible();
  const count = Number(
    ((await tile.getAttribute('aria-label')) ?? '').split(': ')[1],
  );
  // The demo holds services in operation that fail its gate, on purpose.
  expect(count).toBeGreaterThan(0);
  await tile.click();
  await expect(page).toHaveURL(/[?&]compliant=false/);
  const table = page.getByRole('table', { name: 'Social media services' });
  for (const name of ['Americas X account', 'Support Facebook page']) {
    await expect(table.getByRole('link', { name })).toBeVisible();
  }
  await expect(table.getByText('Out of compliance')).toHaveCount(count);
  await snap(page, '40-catalogue-out-of-compliance');

  await table.getByRole('link', { name: 'Support Facebook page' }).click();
  await expect(page).toHaveURL(/\/services\/support-facebook-page$/);
  // The page opens on what needs doing: the finding is in the first view, without scrolling.
  const finding = page.getByRole('region', {
    name: 'Out of compliance with operation',
  });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText(
    'a recovery e-mail and phone owned by the company',
  );
  expect(
    await finding.evaluate(e => e.getBoundingClientRect().top),
  ).toBeLessThan(800);
  await page.screenshot({
    path: 'reports/e2e/screenshots/41-service-page-first-view.png',
  });

  // The rating weighs it, and says so.
  await page.getByRole('tab', { name: 'Risk' }).click();
  await expect(page).toHaveURL(/tab=risk/);
  await expect(
    page.getByRole('rowheader', {
      name: 'Meets the requirements of its lifecycle stage',
    }),
  ).toBeVisible();
  await snap(page, '42-risk-explains-compliance');
});

test('an auditor checks the demo records against their audit trail and finds none changed outside the catalogue', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/dashboard');
  await page.getByRole('button', { name: 'Run leaver detection' }).click();
  const status = page.getByRole('status');
  await expect(status).toContainText(/Checked \d+ services/);
  // Every demo service was written through the catalogue, each change with its audit entry.
  await expect(status).not.toContainText('audit trail never set');
  const tile = page.getByRole('link', {
    name: 'Changed outside the catalogue: 0',
  });
  await expect(tile).toBeVisible();
  await tile.click();
  await expect(page).toHaveURL(/[?&]changedOutside=true/);
  await expect(
    page.getByRole('switch', { name: 'Changed outside the catalogue' }),
  ).toBeChecked();
  await expect(
    page.getByText('No services match these filters.'),
  ).toBeVisible();
  await snap(page, '47-catalogue-changed-outside');
});

test('an auditor follows a bar of the dashboard chart to exactly those services', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/dashboard');
  const byStage = page.getByRole('region', {
    name: 'Services by stage and risk',
  });
  // Every stage is labelled, continual improvement included.
  await expect(
    byStage.locator('svg text').filter({ hasText: 'Continual' }),
  ).toBeVisible();
  const bar = byStage.getByRole('link', { name: /^Operation, low risk: \d+/ });
  const label = (await bar.getAttribute('aria-label')) ?? '';
  const services = Number(/: (\d+) service/.exec(label)![1]);
  await bar.click();
  await expect(page).toHaveURL(/lifecycleStage=operation/);
  await expect(page).toHaveURL(/riskRating=low/);
  await expect(
    page.getByRole('table', { name: 'Social media services' }).getByRole('row'),
  ).toHaveCount(services + 1);
  await snap(page, '43-catalogue-from-a-bar');
});

test('a service owner signs off the risk rating: the page records who, when and which rating', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/services/customer-support-x-account?tab=risk');
  const signOff = page.getByRole('region', { name: 'Sign-off' });
  await signOff.getByRole('button', { name: 'Sign off' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Sign off the risk rating');
  // The dialog has no date: the moment of signing is the date.
  await expect(dialog.getByLabel(/date/i)).toHaveCount(0);
  await dialog
    .getByRole('textbox', { name: 'Note' })
    .fill('Reviewed with the support lead; MFA and vault in place');
  await snap(page, '44-sign-off-dialog');
  await dialog.getByRole('button', { name: 'Sign off rating' }).click();
  await expect(dialog).toBeHidden();
  await expect(signOff).toContainText('Signed off by');
  await expect(signOff).toContainText('guest');
  await expect(signOff).toContainText(
    'Reviewed with the support lead; MFA and vault in place',
  );
  await snap(page, '45-signed-off');

  // The same act, as the overview and the history show it.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByText('Signed off by').first()).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('Risk signed off').first()).toBeVisible();
  await snap(page, '46-sign-off-in-history');
});
