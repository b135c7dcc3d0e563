import { expect, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/* What every end-to-end test needs: the portal's addresses, sign-in and screenshots. */

export const repoRoot = path.resolve(__dirname, '..');
const screenshots = path.join(repoRoot, 'reports', 'e2e', 'screenshots');
export const backend = 'http://localhost:7007';

export async function snap(page: Page, name: string) {
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
  });
}

/**
 * The app dev server can be up before the backend has finished starting its plugins, and the
 * backend before the catalog has read the demo organisation: signing in as one of its people
 * needs their User in the catalog. Waits for both (on a busy machine the catalog takes a while).
 */
export async function waitForBackend() {
  const deadline = Date.now() + 180_000;
  const waitUntil = async (what: string, ready: () => Promise<boolean>) => {
    for (;;) {
      try {
        if (await ready()) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`${what} within 3 minutes`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  };
  // The backend's own readiness first: it answers 503 until every plugin has started, while a
  // request to a plugin's route during start-up is held and, after Backstage's start-up pause
  // (5 s), refused with an error in the backend's log that the portal test reads.
  await waitUntil(
    'The backend did not become ready',
    async () => (await fetch(`${backend}/.backstage/health/v1/readiness`)).ok,
  );
  await waitUntil(
    'The social media plugin did not become ready',
    async () => (await fetch(`${backend}/api/social-media/readiness`)).ok,
  );
  const people = demoPeople();
  await waitUntil(
    `The catalog did not hold the demo people (${people.join(', ')})`,
    async () => {
      const headers = await guestHeaders();
      for (const name of people) {
        const res = await fetch(
          `${backend}/api/catalog/entities/by-name/user/default/${name}`,
          { headers },
        );
        if (!res.ok) return false;
      }
      return true;
    },
  );
}

/** The people the local portal's sign-in page offers (auth.providers.demoPeople in app-config). */
function demoPeople(): string[] {
  const config = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return (config.auth.providers.demoPeople.people as Array<{ user: string }>)
    .map(p => p.user)
    .sort();
}

export async function signInAsGuest(page: Page) {
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

/**
 * Signs in as one of the demo organisation's people (examples/org.yaml), by their User name in the
 * catalog, e.g. `marketing-lead`: the local portal's sign-in page offers them by role.
 */
export async function signInAs(page: Page, userName: string) {
  await page.goto('/');
  const people = page.getByRole('radiogroup', {
    name: 'Person of the demo organisation',
  });
  await people.locator(`input[type="radio"][value="${userName}"]`).check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Signed in once the portal's navigation replaces the sign-in page.
  await expect(
    sidebar(page).getByRole('link', { name: 'Catalog' }),
  ).toBeVisible();
}

/** Resolves once the portal has asked the backend whether the person has the permission. */
export function permissionDecided(page: Page, permission: string) {
  return page.waitForResponse(
    res =>
      res.url().endsWith('/api/permission/authorize') &&
      (res.request().postData() ?? '').includes(`"${permission}"`),
  );
}

/** The portal's sidebar navigation. */
export function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'sidebar nav' });
}

/** A guest's token for calling the backend's APIs directly. */
export async function guestHeaders(): Promise<Record<string, string>> {
  const { backstageIdentity } = await (
    await fetch(`${backend}/api/auth/guest/refresh?env=development`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  return { Authorization: `Bearer ${backstageIdentity.token}` };
}

/**
 * Waits until the catalog has read every User of the demo organisation (examples/org.yaml):
 * changes check people against the catalog, and leaver detection must not run on a half-read one.
 */
export async function waitForOrganisation() {
  const org = fs.readFileSync(
    path.join(repoRoot, 'examples', 'org.yaml'),
    'utf8',
  );
  const users = (org.match(/^kind: User$/gm) ?? []).length;
  const headers = await guestHeaders();
  await expect(async () => {
    const res = await fetch(
      `${backend}/api/catalog/entities/by-query?filter=kind=user&limit=1`,
      { headers },
    );
    expect((await res.json()).totalItems).toBeGreaterThanOrEqual(users);
  }).toPass({ timeout: 120_000, intervals: [1_000] });
}

/**
 * A token of one of the demo organisation's people (examples/org.yaml), for calling the backend's
 * APIs as them, e.g. to set up a request another person then decides in the portal.
 */
export async function personHeaders(
  userName: string,
): Promise<Record<string, string>> {
  const res = await fetch(
    `${backend}/api/auth/demoPeople/refresh?env=development`,
    {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        'x-demo-person': userName,
      },
    },
  );
  expect(res.ok).toBe(true);
  const { backstageIdentity } = await res.json();
  return {
    Authorization: `Bearer ${backstageIdentity.token}`,
    'Content-Type': 'application/json',
  };
}
