import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

type Knex = Awaited<ReturnType<TestDatabases['init']>>;

/** SQLite, and the local PostgreSQL the test run names (npm test does). */
export function socialMediaTestDatabases() {
  const postgresId = (process.env.SOCIAL_MEDIA_TEST_POSTGRES ??
    'POSTGRES_15') as TestDatabaseId;
  return TestDatabases.create({ ids: ['SQLITE_3', postgresId] });
}

const entity = (kind: 'Group' | 'User', name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** The organisation the social-media backend checks owners and admins against. */
export const CATALOG = [
  entity('Group', 'marketing'),
  entity('User', 'marketing-lead'),
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time the tests count the days since access reviews to. */
export const NOW = new Date('2026-11-30T12:00:00.000Z');

const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * DAY_MS - 60_000).toISOString();

/** A service row as the social-media backend stores it. */
function serviceRow(id: string, fields: Record<string, unknown>) {
  return {
    id,
    name: id,
    sort_name: id,
    platform: 'instagram',
    handle: id,
    profile_url: `https://www.instagram.com/${id}`,
    purpose: 'Brand stories',
    business_unit: 'Marketing',
    owner_group: 'group:default/marketing',
    service_owner: 'user:default/marketing-lead',
    leaver_count: 0,
    open_incident_count: 0,
    access_reviewed_at: null,
    risk_rating: null,
    risk_json: null,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
    ...fields,
  };
}

/** An incident row as the ITSM sync stores it. */
function incidentRow(
  serviceId: string,
  externalId: string,
  title: string,
  open: boolean,
) {
  return {
    connector_id: 'servicenow',
    external_id: externalId,
    service_id: serviceId,
    number: `INC${externalId}`,
    title,
    priority: '2 - High',
    state: open ? 'In Progress' : 'Resolved',
    category: null,
    is_open: open,
    opened_at: daysAgo(3),
    resolved_at: open ? null : daysAgo(1),
    updated_at: daysAgo(1),
    url: `https://itsm.example.com/${externalId}`,
    seen_at: daysAgo(1),
  };
}

/**
 * Three services in different states, stored as the backend stores them:
 * - `guarded`: live, every control in place, reviewed 10 days ago, rated low;
 * - `exposed`: live, no MFA, a shared login, a leaver, reviewed 120 days ago, rated high, with an
 *   open account takeover (and an open outage, which is no security incident);
 * - `fresh`: just proposed, never reviewed, not rated yet.
 */
export async function insertServices(knex: Knex) {
  await knex('social_services').insert([
    serviceRow('guarded', {
      lifecycle_stage: 'operation',
      controls: JSON.stringify({
        mfaEnabled: true,
        mfaMethod: 'security-key',
        credentialVaultRef: 'vault://social/guarded',
        sharedLogin: false,
        recoveryOwnedByCompany: true,
      }),
      access_reviewed_at: daysAgo(10),
      risk_rating: 'low',
      risk_json: JSON.stringify({ rating: 'low', product: 2 }),
    }),
    serviceRow('exposed', {
      lifecycle_stage: 'operation',
      controls: JSON.stringify({
        mfaEnabled: false,
        sharedLogin: true,
        recoveryOwnedByCompany: true,
      }),
      leaver_count: 1,
      access_reviewed_at: daysAgo(120),
      risk_rating: 'high',
      risk_json: JSON.stringify({ rating: 'high', product: 9 }),
      open_incident_count: 2,
    }),
    serviceRow('fresh', {
      lifecycle_stage: 'strategy',
      controls: JSON.stringify({}),
    }),
  ]);
  await knex('social_service_incidents').insert([
    incidentRow('exposed', '1', 'Suspected account takeover', true),
    incidentRow('exposed', '2', 'Scheduler outage', true),
    incidentRow('guarded', '3', 'Phishing message to followers', false),
  ]);
}
