import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, signInAs, snap, waitForBackend } from './helpers';

/*
 * Issue 13: an auditor reads the whole audit trail, checks its hash chain, downloads an export
 * of one service's part and checks that file offline, without the portal.
 */

test.beforeAll(async () => {
  await waitForBackend();
});

test('an auditor verifies the chain, downloads an export and checks it offline', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, 'auditor');
  await page.goto('/social-media');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(
    page.getByRole('heading', { name: 'Audit log', level: 1 }),
  ).toBeVisible();
  const entries = page.getByRole('table', { name: 'Audit log entries' });
  await expect(entries.getByRole('row').nth(1)).toBeVisible();
  await snap(page, '95-audit-log');

  // Filter by the service of the newest entry about a service.
  // The record column links to services; the "Who" column links to people.
  // Each record is named as people call it, its id beneath: the id is what the filter takes.
  const serviceLinks = entries.locator('a[href*="/social-media/services/"]');
  const href = await serviceLinks.first().getAttribute('href');
  const serviceId = href?.split('/social-media/services/')[1];
  expect(serviceId).toBeTruthy();
  const serviceName = (await serviceLinks.first().textContent())?.trim();
  expect(serviceName).toBeTruthy();
  expect(serviceName).not.toBe(serviceId);
  await page.getByLabel('Service id').fill(serviceId!);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(entries.getByRole('row').nth(1)).toContainText(serviceId!);
  await expect(entries.getByRole('row').nth(1)).toContainText(serviceName!);
  for (const link of await serviceLinks.all()) {
    await expect(link).toHaveAttribute(
      'href',
      new RegExp(`/social-media/services/${serviceId}$`),
    );
    await expect(link).toHaveText(serviceName!);
  }
  await snap(page, '96-audit-log-filtered');

  // The filter is in the address: open the service, come Back, and it still applies.
  await expect(page).toHaveURL(/\/social-media\/audit\?serviceId=/);
  await serviceLinks.first().click();
  await expect(page).toHaveURL(/\/social-media\/services\//);
  // The name the log gave is the service's.
  await expect(
    page.getByRole('heading', { name: serviceName!, level: 2 }),
  ).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Service id')).toHaveValue(serviceId!);
  await expect(entries.getByRole('row').nth(1)).toContainText(serviceId!);

  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await expect(page.getByText(/The audit trail is intact/)).toBeVisible();
  await snap(page, '97-audit-log-verified');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^social-media-audit-filtered-.*\.csv$/,
  );
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-')),
    download.suggestedFilename(),
  );
  await download.saveAs(file);
  const output = execFileSync(
    process.execPath,
    [path.join(repoRoot, 'scripts', 'verify-audit-export.mjs'), file],
    { encoding: 'utf8' },
  );
  expect(output).toMatch(/^intact: \d+ entries/);
  await snap(page, '98-audit-log-exported');
});
