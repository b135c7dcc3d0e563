import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const screenshots = path.join(repoRoot, 'reports', 'e2e', 'screenshots');
const backend = 'http://localhost:7007';

async function snap(page: Page, name: string) {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
  });
}

/** The app dev server can be up before the backend has finished starting its plugins. */
async function waitForBackend() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const res = await fetch(`${backend}/api/social-media/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error('The backend did not become ready within 3 minutes');
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { name: 'Select a sign-in method' }),
  ).toBeVisible();
  await expect(page.getByText('Guest', { exact: true }).first()).toBeVisible();
  await snap(page, '01-sign-in');
  await page.getByRole('button', { name: 'Enter' }).click();
  // Signed in once the portal's navigation replaces the sign-in page.
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog' }),
  ).toBeVisible();
}

/** The portal's sidebar navigation. */
function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

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
  // The page shows the state of the catalogue from the backend's migrated database.
  await expect(page.getByLabel('Database', { exact: true })).toHaveText(
    'SQLite',
  );
  await expect(
    page.getByLabel('Services in total', { exact: true }),
  ).toHaveText('30');
  await expect(page.getByText('No ITSM connector installed yet')).toBeVisible();
  await snap(page, '03-social-media-page');
});

test('the catalog shows the demo organisation', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=group');
  await expect(
    page.getByText('Corporate Communications').first(),
  ).toBeVisible();
  await expect(page.getByText('Internal Audit').first()).toBeVisible();
  await snap(page, '04-catalog-groups');
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
