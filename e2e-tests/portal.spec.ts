import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  backend,
  repoRoot,
  sidebar,
  signInAsGuest,
  snap,
  waitForBackend,
} from './helpers';

test.beforeAll(async () => {
  await waitForBackend();
});

test('a guest signs in and finds the social media page in the navigation', async ({
  page,
}) => {
  await signInAsGuest(page);

  const socialMediaLink = sidebar(page).getByRole('link', {
    name: 'Social media',
  });
  await expect(socialMediaLink).toBeVisible();
  await snap(page, '02-signed-in');

  await socialMediaLink.click();
  await expect(page).toHaveURL(/\/social-media$/);
  await expect(
    page.getByRole('heading', {
      name: 'Social media service catalogue',
      level: 2,
    }),
  ).toBeVisible();
  // The page lists the catalogue from the backend's migrated database, and shows the guest (an
  // administrator in this portal) how the catalogue runs.
  await expect(page.getByText('32 services in the catalogue')).toBeVisible();
  await expect(page.getByLabel('Database', { exact: true })).toHaveText(
    'SQLite',
  );
  await expect(page.getByLabel('Data kept', { exact: true })).toHaveText(
    "A file on the backend's disk (social-media.sqlite)",
  );
  // The end-to-end config installs the ServiceNow connector (e2e-tests/app-config.e2e.yaml).
  await expect(
    page.getByRole('list', { name: 'Installed ITSM connectors' }),
  ).toContainText('ServiceNow');
  await snap(page, '03-social-media-page');
});

test('the catalog shows the demo organisation', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=group');
  await expect(page.getByText('Larkmoor Group').first()).toBeVisible();
  await expect(
    page.getByText('Corporate Communications').first(),
  ).toBeVisible();
  await expect(page.getByText('Internal Audit').first()).toBeVisible();
  await snap(page, '04-catalog-groups');
});

test('an IT service owner filters the catalogue and shares the view', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media');
  const filters = page.getByRole('search', { name: 'Filter services' });

  await filters.getByRole('combobox', { name: 'Platform' }).click();
  await page.getByRole('option', { name: 'X', exact: true }).click();
  await page.keyboard.press('Escape');
  await filters.getByRole('combobox', { name: 'Lifecycle stage' }).click();
  await page.getByRole('option', { name: 'Operation', exact: true }).click();
  await page.keyboard.press('Escape');

  await expect(page).toHaveURL(/platform=x/);
  await expect(page).toHaveURL(/lifecycleStage=operation/);
  const table = page.getByRole('table', { name: 'Social media services' });
  await expect(
    table.getByRole('link', { name: 'Corporate X account' }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Customer support X account' }),
  ).toBeVisible();
  // Services on other platforms or in other stages are filtered out.
  await expect(
    table.getByRole('link', { name: 'Brand Instagram' }),
  ).toHaveCount(0);
  await expect(
    table.getByRole('link', { name: 'Product launch X account' }),
  ).toHaveCount(0);
  await expect(
    page.getByRole('status').filter({ hasText: 'match the filters' }),
  ).toHaveText('4 services match the filters');
  await snap(page, '05-catalogue-filtered');

  // The view survives a reload, so it can be shared as a link.
  await page.reload();
  await expect(
    table.getByRole('link', { name: 'Corporate X account' }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Brand Instagram' }),
  ).toHaveCount(0);

  // An owner group picked with the mouse stays picked when the person clicks elsewhere.
  await filters.getByRole('combobox', { name: 'Owner group' }).click();
  await page
    .getByRole('option', {
      name: 'Customer Support (group:default/customer-support)',
    })
    .click();
  await page
    .getByRole('heading', { name: 'Social media service catalogue' })
    .click();
  await expect(page).toHaveURL(/ownerGroup=group%3Adefault%2Fcustomer-support/);
  await expect(
    table.getByRole('link', { name: 'Customer support X account' }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: 'Corporate X account' }),
  ).toHaveCount(0);
});

test('an IT service owner moves a service to its next stage and finds it in the history and the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media?search=sustainability');
  await page
    .getByRole('table', { name: 'Social media services' })
    .getByRole('link', { name: 'Sustainability Instagram' })
    .click();
  await expect(page).toHaveURL(
    /\/social-media\/services\/sustainability-instagram$/,
  );
  await expect(
    page.getByRole('heading', { name: 'Sustainability Instagram', level: 2 }),
  ).toBeVisible();
  await snap(page, '06-service-page');

  const next = page.getByRole('list', { name: 'Next transitions' });
  await next.getByRole('button', { name: 'Move to Design' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByRole('heading', { name: 'Move to Design' }),
  ).toBeVisible();
  await dialog
    .getByRole('textbox', { name: 'Reason' })
    .fill('Sustainability report campaign approved by the marketing lead');
  await snap(page, '07-move-dialog');
  await dialog.getByRole('button', { name: 'Confirm move' }).click();
  await expect(dialog).toBeHidden();

  // The next gate says what is still missing, on the overview.
  await expect(
    page.getByRole('list', { name: 'What Transition still needs' }),
  ).toContainText('a named service owner');
  // How it got there is on the history tab.
  await page.getByRole('tab', { name: 'History' }).click();
  const moves = page.getByRole('list', { name: 'Recorded moves' });
  await expect(moves).toContainText('Strategy → Design');
  await expect(moves).toContainText(
    'Sustainability report campaign approved by the marketing lead',
  );
  const history = page.getByRole('table', { name: 'History', exact: true });
  await expect(history).toContainText('Lifecycle stage: Strategy → Design');
  await expect(history).toContainText('development/guest');
  await snap(page, '08-service-moved');

  // The catalog's entity page of the same service shows the card with the new stage. Each look
  // waits for the entity page to load (slow on a loaded machine) before it is judged.
  await expect(async () => {
    await page.goto('/catalog/default/component/sustainability-instagram');
    const card = page.getByRole('region', { name: 'Social media service' });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card).toContainText('Design (CSDM Design / Design)', {
      timeout: 2_000,
    });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await expect(
    page
      .getByRole('region', { name: 'Social media service' })
      .getByRole('link', { name: 'Open in the social media catalogue' }),
  ).toBeVisible();
  await snap(page, '09-catalog-entity-card');
});

test('the catalog API lists the demo services as social-media Components owned by their groups', async () => {
  const { backstageIdentity } = await (
    await fetch(`${backend}/api/auth/guest/refresh?env=development`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  const headers = { Authorization: `Bearer ${backstageIdentity.token}` };
  await expect(async () => {
    const res = await fetch(
      `${backend}/api/catalog/entities/by-query?filter=kind=component,spec.type=social-media&limit=100`,
      { headers },
    );
    const body = await res.json();
    expect(body.totalItems).toBe(32);
    const corporateX = body.items.find(
      (e: any) => e.metadata.name === 'corporate-x-account',
    );
    expect(corporateX.spec).toMatchObject({
      type: 'social-media',
      lifecycle: 'operation',
      owner: 'group:default/communications',
    });
    expect(corporateX.relations).toContainEqual(
      expect.objectContaining({
        type: 'ownedBy',
        targetRef: 'group:default/communications',
      }),
    );
  }).toPass({ timeout: 90_000, intervals: [2_000] });
});

test('the backend started every plugin without errors', async () => {
  const log = fs.readFileSync(
    path.join(repoRoot, 'data', 'e2e', 'portal.log'),
    'utf8',
  );
  // eslint-disable-next-line no-control-regex
  const plain = log.replace(/\u001b\[[0-9;]*m/g, '');
  expect(plain).toMatch(/Plugin initialization complete/);
  expect(plain).toMatch(/'social-media'/);
  const problems = plain
    .split('\n')
    .filter(line => /\s(error|warn)\s/.test(line));
  expect(problems).toEqual([]);
});
