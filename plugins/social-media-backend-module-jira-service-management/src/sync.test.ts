/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks Jira's REST API, and serves them on the service's incidents endpoint. The cases
 * every connector module passes run from the backend's test utilities; this file gives them
 * Jira's terms (components, labels, timestamps, credentials) and adds its own.
 */
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleSync,
} from '@internal/plugin-social-media-backend/testUtils';
import { FakeJira } from './testUtils/FakeJira';
import { socialMediaModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

const API_TOKEN = 'ATATT3xFfGF0-api-token-s3cret';

const jira = new FakeJira();
beforeAll(async () => {
  await jira.start();
  // Incidents of the last days, so that they count as recent for the risk rating.
  jira.setClock(Date.now() - 3 * 86_400_000);
  jira.account.timeZone = 'Europe/Berlin';
  jira.addProject('SMS', ['Brand X account'], 'Social media');
  jira.addProject('HR', ['Payroll'], 'People');
});
afterAll(() => jira.stop());

const resolve = (id: string) =>
  jira.update(id, { status: 'Done', statusCategory: 'done' });

let projects = 0;
/** A project of its own for each record the shared cases add, keyed SMA, SMB, and so on. */
function projectFor(name: string) {
  const key = `SM${String.fromCharCode(65 + projects++)}`;
  jira.addProject(key, [name], name);
  return key;
}

const harness = createItsmModuleTestBackend({
  module: socialMediaModuleJiraServiceManagement,
  connectorId: 'jira-service-management',
  itsm: () => ({
    jiraServiceManagement: {
      baseUrl: jira.url,
      auth: { email: jira.account.email, apiToken: API_TOKEN },
      pageSize: 2,
    },
  }),
  secrets: [API_TOKEN],
});

describeItsmModuleSync(harness, {
  toolName: 'Jira Service Management',
  recordName: 'component',
  cursorUnit: 'minute',
  accountWithIncidents(name) {
    const key = projectFor(name);
    const takeover = jira.addIssue({
      project: key,
      components: [name],
      summary: 'Login from an unknown country',
      labels: ['account-takeover'],
      priority: 'Highest',
    });
    jira.addIssue({
      project: key,
      components: [name],
      summary: 'Scheduled post went out twice',
      status: 'Resolved',
      statusCategory: 'done',
      resolutiondate: jira.tick(),
    });
    jira.addIssue({
      project: 'HR',
      components: ['Payroll'],
      summary: 'Payslips late',
    });
    // The labels make both open ones security incidents.
    jira.addIssue({
      project: key,
      components: [name],
      summary: 'Direct messages to customers',
      labels: ['phishing'],
    });
    return {
      reference: `${key}/${name}`,
      open: [
        { title: 'Direct messages to customers' },
        {
          title: 'Login from an unknown country',
          externalId: takeover.id,
          number: takeover.key,
          priority: 'Highest',
          state: 'Open',
          category: 'account takeover',
          url: `${jira.url}/browse/${takeover.key}`,
        },
      ],
      resolveTakeover: () => {
        resolve(takeover.id);
      },
    };
  },
  recordWithTwoIncidents(name) {
    const key = projectFor(name);
    const spam = jira.addIssue({
      project: key,
      components: [name],
      summary: `Spam wave in the ${name}`,
      labels: ['spam'],
      priority: 'High',
    });
    const outage = jira.addIssue({
      project: key,
      components: [name],
      summary: `${name}: login page down`,
    });
    return {
      // The same component, spelt differently.
      references: [
        `${key}/${name}`,
        `${key.toLowerCase()}/${name.toUpperCase()}`,
      ],
      incidentIds: [spam.id, outage.id],
      resolveFirst: () => {
        resolve(spam.id);
      },
    };
  },
  tenIncidentsAtCursor(name) {
    const key = projectFor(name);
    // Ten incidents two seconds apart at the start of a minute; the newest is the cursor.
    const minute = Math.ceil(jira.tick() / 60_000) * 60_000;
    const incidents = Array.from({ length: 10 }, (_, i) =>
      jira.addIssue({
        project: key,
        components: [name],
        summary: `Spam comments wave ${i + 1}`,
        updated: minute + i * 2_000 + 500,
      }),
    );
    const cursorAt = incidents[9].updated;
    return {
      reference: `${key}/${name}`,
      // Each incident resolved a second after it was opened, all but the last stamped before the
      // cursor: a search that drops what lies before the cursor would skip nine of them.
      resolveAllAtCursor() {
        for (const incident of incidents) {
          const at = incident.updated + 1_000;
          jira.update(incident.id, {
            updated: at,
            status: 'Done',
            statusCategory: 'done',
            resolutiondate: at,
          });
        }
      },
      // A change listed late: stamped two minutes before the newest change seen.
      addLateIncident() {
        jira.addIssue({
          project: key,
          components: [name],
          summary: 'Fake job offers posted in our name',
          updated: cursorAt + 1_000 - 2 * 60_000,
        });
      },
    };
  },
  refuseCredentials() {
    jira.account.apiToken = 'rotated-token';
    return () => {
      jira.account.apiToken = API_TOKEN;
    };
  },
  refusedCredentialsError: /refused the account email and API token/,
});

describe('incident sync from Jira Service Management', () => {
  it('records a failed run with a message that names the reference Jira does not know', async () => {
    const backend = await harness.start();
    await backend.createService({
      name: 'Brand Z',
      handle: '@brandz',
      reference: 'SMS/Brand Z account',
    });
    const [state] = await backend.syncNow();
    expect(state.lastError).toMatch(
      /check the reference 'SMS\/Brand Z account' of service brand-z/,
    );
    expect(state.lastSuccessAt).toBeUndefined();
  });
});
