import { expect, test } from '@playwright/test';
import {
  signInAsGuest,
  snap,
  waitForBackend,
  waitForOrganisation,
} from './helpers';

/*
 * Incidents from the ITSM tool as people see them: a portal administrator syncs from the
 * ServiceNow-format server (e2e-tests/servicenow-server.cjs), an IT service owner finds the
 * incidents on the service page and reports a suspected takeover, which gets a ServiceNow number.
 * Runs after guardianship.spec.ts and before portal.spec.ts (files run in name order).
 */

const SERVICENOW = 'http://127.0.0.1:7480';
const SERVICENOW_AUTH = `Basic ${Buffer.from(
  'portal-integration:e2e-integration-password',
).toString('base64')}`;

test.beforeAll(async () => {
  await waitForBackend();
  await waitForOrganisation();
});

test('an administrator syncs incidents and an IT service owner finds them on the service page', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/dashboard');
  const sync = page.getByRole('region', { name: 'ITSM incident sync' });
  const connectors = sync.getByRole('table', { name: 'ITSM connectors' });
  await expect(connectors.getByRole('row').nth(1)).toContainText('ServiceNow');
  await sync.getByRole('button', { name: 'Sync now' }).click();
  await expect(sync.getByRole('status')).toHaveText(
    'Sync finished: 2 incident(s) stored.',
  );
  await expect(connectors.getByRole('row').nth(1)).not.toContainText('Never');
  await snap(page, '30-itsm-sync');

  await page.goto('/social-media/services/corporate-x-account?tab=incidents');
  const incidents = page.getByRole('region', { name: 'Linked incidents' });
  await expect(incidents.getByLabel('Open incidents')).toHaveText('1');
  await expect(incidents.getByLabel('ITSM record')).toHaveText(
    'ServiceNow: Corporate X account',
  );
  const table = incidents.getByRole('table', { name: 'Incidents' });
  const open = table.getByRole('row', { name: /Impersonation account/ });
  await expect(open).toContainText('2 - High');
  await expect(open).toContainText('In Progress');
  await expect(open.getByRole('link')).toHaveAttribute(
    'href',
    new RegExp(`^${SERVICENOW.replace('127.0.0.1', 'localhost')}/`),
  );
  await expect(table).not.toContainText('Scheduled post published twice');
  await incidents
    .getByRole('checkbox', { name: 'Show resolved incidents' })
    .check();
  await expect(
    table.getByRole('row', { name: /Scheduled post published twice/ }),
  ).toContainText('Resolved');
  // The security incident counts in the rating.
  await page.getByRole('tab', { name: 'Risk' }).click();
  await expect(
    page
      .getByRole('table', { name: 'Risk factors' })
      .getByRole('row', { name: /security incidents/i }),
  ).toContainText('1 incident');
  await snap(page, '31-service-incidents');
});

test('an IT service owner reports a suspected account takeover and gets its ServiceNow number', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/services/corporate-x-account?tab=incidents');
  const incidents = page.getByRole('region', { name: 'Linked incidents' });
  await incidents.getByRole('button', { name: 'Report an incident' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Report an incident on Corporate X account',
  });
  await dialog.getByRole('button', { name: 'Report incident' }).click();
  await expect(dialog.getByText('Choose what happened.')).toBeVisible();
  await dialog.getByRole('combobox', { name: /What happened/ }).click();
  await page
    .getByRole('option', { name: 'Suspected account takeover' })
    .click();
  await dialog
    .getByRole('textbox', { name: 'Title' })
    .fill('Password reset nobody on the team requested');
  await dialog
    .getByRole('textbox', { name: 'Description' })
    .fill('The platform mailed a reset link to the shared inbox at 09:12.');
  await snap(page, '32-report-incident');
  await dialog.getByRole('button', { name: 'Report incident' }).click();

  const raised = incidents.getByRole('alert').filter({ hasText: 'raised in' });
  await expect(raised).toContainText(
    /Incident INC\d{7} raised in ServiceNow\./,
  );
  const number = (await raised.getByRole('link').textContent())!.trim();
  await expect(
    incidents
      .getByRole('table', { name: 'Incidents' })
      .getByRole('row', { name: new RegExp(number) }),
  ).toContainText('Password reset nobody on the team requested');
  await expect(incidents.getByLabel('Open incidents')).toHaveText('2');
  await snap(page, '33-incident-reported');

  // ServiceNow has it, filed against the mapped business service, with the reporter named.
  const res = await fetch(
    `${SERVICENOW}/api/now/table/incident?${new URLSearchParams({
      sysparm_query: `number=${number}`,
      sysparm_fields:
        'number,short_description,description,business_service.name',
    })}`,
    { headers: { Authorization: SERVICENOW_AUTH, Accept: 'application/json' } },
  );
  const [stored] = (await res.json()).result;
  expect(stored['business_service.name']).toBe('Corporate X account');
  expect(stored.description).toContain('user:development/guest');

  // The history says who reported what.
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history).toContainText(number);
});

test('an administrator previews the CMDB export to ServiceNow, and nothing is written there', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/social-media/dashboard');
  const card = page.getByRole('region', { name: 'CMDB export to ServiceNow' });
  // Nothing to export before a preview has shown what it would do.
  await expect(card.getByRole('button', { name: 'Export' })).toBeDisabled();
  await card.getByRole('button', { name: 'Preview' }).click();
  // Long groups show their first ten records; all of them on asking.
  const created = card.getByRole('table', { name: 'Will be created' });
  await expect(created.getByRole('row')).toHaveCount(11);
  const showAll = card.getByRole('button', { name: /^Show all/ });
  while ((await showAll.count()) > 0) await showAll.first().click();
  await expect(created).toContainText('Corporate X account');
  // People and groups the instance does not know are named, not guessed.
  const unmatched = card.getByRole('table', {
    name: 'Owners and groups without a match in ServiceNow',
  });
  await expect(unmatched).toContainText('region-emea');
  await expect(unmatched).not.toContainText('communications-lead');
  await expect(card.getByRole('button', { name: 'Export' })).toBeEnabled();
  await snap(page, '32-cmdb-export-preview');

  const offerings = await fetch(
    `${SERVICENOW}/api/now/table/service_offering?sysparm_limit=10`,
    { headers: { Authorization: SERVICENOW_AUTH, Accept: 'application/json' } },
  );
  expect(offerings.status).toBe(200);
  expect((await offerings.json()).result).toEqual([]);
});
