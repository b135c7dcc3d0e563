import { expect, Page, test } from '@playwright/test';
import {
  backend,
  guestHeaders,
  sidebar,
  signInAs,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * A request for a new social service from Backstage's Create page: the marketing lead chooses the
 * "Request a social media service" template, answers its three pages, creates it, and follows the
 * link to the request the scaffolder filed in their name.
 */

const TEMPLATE = 'Request a social media service';

/** The catalog reads the template from examples/templates at start-up. */
async function waitForTemplate() {
  const headers = await guestHeaders();
  await expect(async () => {
    const res = await fetch(
      `${backend}/api/catalog/entities/by-name/template/default/request-social-media-service`,
      { headers },
    );
    expect(res.status).toBe(200);
  }).toPass({ timeout: 120_000, intervals: [1_000] });
}

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
  await waitForTemplate();
});

/** Picks a catalog entity in one of the scaffolder's entity pickers by typing its title. */
async function pick(page: Page, label: RegExp, title: string) {
  const field = page.getByRole('textbox', { name: label });
  await field.click();
  await field.fill(title);
  await page.getByRole('option', { name: new RegExp(`^${title}`) }).click();
}

test('the marketing lead requests an account from the Create page and opens the request', async ({
  page,
}) => {
  // Unique per run: the catalogue refuses an account that is already requested.
  const suffix = Date.now().toString(36);
  const name = `Kitchen ideas Instagram ${suffix}`;
  const handle = `larkmoor_kitchen_${suffix}`;

  await signInAs(page, 'marketing-lead');
  await sidebar(page).getByRole('link', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create/);

  // The template's card, among any others on the Create page.
  const card = page
    .locator('div')
    .filter({ has: page.getByText(TEMPLATE, { exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByText(TEMPLATE, { exact: true }).first()).toBeVisible();

  // 1. The service.
  await page.getByRole('button', { name: /^Platform/ }).click();
  await page.getByRole('option', { name: 'Instagram', exact: true }).click();
  await page.getByRole('textbox', { name: /^Proposed name/ }).fill(name);
  await page.getByRole('textbox', { name: /^Handle/ }).fill(handle);
  await page
    .getByRole('textbox', { name: /^Purpose/ })
    .fill('Recipes and product tips from the kitchen team');
  await page
    .getByRole('textbox', { name: /^Audience/ })
    .fill('Home cooks in Europe');
  await page.getByRole('checkbox', { name: 'EMEA', exact: true }).check();
  await page.getByRole('textbox', { name: /^Business unit/ }).fill('Marketing');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // 2. The people.
  await pick(page, /^Requesting team/, 'Marketing');
  await pick(page, /^Owner group/, 'Marketing');
  await pick(page, /^Service owner/, 'Social media manager');
  await page
    .getByLabel(/^Target date/)
    .fill(`${new Date().getFullYear() + 1}-05-01`);
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // 3. The risk questionnaire.
  await page
    .getByRole('spinbutton', { name: /^Expected audience/ })
    .fill('40000');
  await page
    .getByRole('textbox', { name: /^Who will post/ })
    .fill('The social media team');
  await page.getByRole('button', { name: 'Add Item' }).click();
  await page.getByRole('textbox', { name: /^Tool/ }).fill('Canva');
  await page.getByRole('button', { name: 'Review', exact: true }).click();

  // Review, then create: the scaffolder runs the template's one step.
  await expect(page.getByText(handle, { exact: true })).toBeVisible();
  await snap(page, '70-create-template-review');
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  const openRequest = page.getByRole('link', { name: 'Open the request' });
  await expect(openRequest).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Request \d+ is submitted/)).toBeVisible();
  await snap(page, '71-create-template-task-finished');

  await openRequest.click();
  await expect(page).toHaveURL(/\/social-media\/requests\/\d+$/);
  const heading = page.getByRole('heading', {
    level: 2,
    name: new RegExp(`Request \\d+: ${name}`),
  });
  await expect(heading).toContainText('Submitted');
  // The scaffolder filed it in the name of the person who ran the template.
  await expect(
    page
      .getByText(/^Requested by/)
      .getByRole('link', { name: 'Marketing lead' }),
  ).toHaveAttribute('title', 'user:default/marketing-lead');
  await snap(page, '72-request-from-create-page');
});
