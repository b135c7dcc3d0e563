/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks PagerDuty's REST API v2, serves them on the service's incidents endpoint, and
 * raises new ones there. The cases every connector module passes run from the backend's test
 * utilities; this file gives them PagerDuty's terms (services, urgency, log entries, API key)
 * and adds raising an incident.
 */
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleSync,
} from '@internal/plugin-social-media-backend/testUtils';
import { FakePagerDuty } from './testUtils/FakePagerDuty';
import { socialMediaModulePagerDuty } from './module';

jest.setTimeout(60_000);

const API_KEY = 'pd-api-key-s3cret-0123';
const HOUR = 60 * 60 * 1000;

const pagerduty = new FakePagerDuty();
// The connector reads the real clock here, so the server does too.
pagerduty.realClock = true;
beforeAll(() => pagerduty.start());
afterAll(() => pagerduty.stop());

const harness = createItsmModuleTestBackend({
  module: socialMediaModulePagerDuty,
  connectorId: 'pagerduty',
  itsm: () => ({
    pagerduty: {
      baseUrl: pagerduty.url,
      apiToken: API_KEY,
      fromEmail: 'integration-bot@example.com',
      pageSize: 2,
    },
  }),
  secrets: [API_KEY],
});

describeItsmModuleSync(harness, {
  toolName: 'PagerDuty',
  recordName: 'PagerDuty service',
  cursorUnit: 'second',
  accountWithIncidents(name) {
    const account = pagerduty.addService(name);
    const now = pagerduty.now();
    const takeover = pagerduty.addIncident({
      service: account,
      title: 'Suspected account takeover',
      priority: { id: 'PPRIO01', summary: 'P1' },
      created_at: now - 5 * HOUR,
    });
    pagerduty.addIncident({
      service: account,
      title: 'Scheduled post went out twice',
      created_at: now - 4 * HOUR,
      status: 'resolved',
      last_status_change_at: now - 3 * HOUR,
    });
    pagerduty.addIncident({
      service: pagerduty.addService('Payroll'),
      title: 'Payslips late',
      created_at: now - 3 * HOUR,
    });
    pagerduty.addIncident({
      service: account,
      title: 'Impersonation account reported',
      urgency: 'low',
      created_at: now - 2 * HOUR,
    });
    return {
      reference: account,
      open: [
        {
          title: 'Impersonation account reported',
          priority: 'low urgency',
          state: 'triggered',
        },
        {
          title: 'Suspected account takeover',
          externalId: takeover.id,
          number: `#${takeover.incident_number}`,
          priority: 'P1',
          state: 'triggered',
          url: `https://acme.pagerduty.com/incidents/${takeover.id}`,
        },
      ],
      // A responder resolves the takeover, created hours ago.
      resolveTakeover: () => {
        pagerduty.setStatus(takeover.id, 'resolved');
      },
    };
  },
  recordWithTwoIncidents(name) {
    const service = pagerduty.addService(name);
    const now = pagerduty.now();
    const spam = pagerduty.addIncident({
      service,
      title: `Spam wave in the ${name}`,
      created_at: now - 2 * HOUR,
    });
    const outage = pagerduty.addIncident({
      service,
      title: `${name}: login page down`,
      created_at: now - HOUR,
    });
    return {
      // By its id, by its web app address.
      references: [
        service,
        `https://acme.pagerduty.com/service-directory/${service}`,
      ],
      incidentIds: [spam.id, outage.id],
      // A responder resolves it in PagerDuty.
      resolveFirst: () => {
        pagerduty.setStatus(spam.id, 'resolved');
      },
    };
  },
  tenIncidentsAtCursor(name) {
    const service = pagerduty.addService(name);
    // Ten incidents triggered an hour ago, a second apart.
    const hourAgo = pagerduty.now() - HOUR;
    const incidents = Array.from({ length: 10 }, (_, i) =>
      pagerduty.addIncident({
        service,
        title: `Spam comments wave ${i + 1}`,
        created_at: hourAgo + i * 1000,
      }),
    );
    /** Where the run's log pass ended: the cursor the next run starts from. */
    const passEnd = () =>
      Date.parse(
        pagerduty.listRequests('/log_entries').pop()!.query.get('until')!,
      );
    return {
      reference: service,
      // All ten resolved within the last second the run read, and listed by PagerDuty only after
      // the run read it.
      resolveAllAtCursor() {
        const end = passEnd();
        for (const incident of incidents) {
          pagerduty.setStatus(incident.id, 'resolved', end - 1000);
        }
      },
      // A change listed late: triggered two minutes before the end of the last pass, beyond the
      // minute every pass reads again.
      addLateIncident() {
        pagerduty.addIncident({
          service,
          title: 'Fake job offers posted in our name',
          created_at: passEnd() - 2 * 60 * 1000,
        });
      },
    };
  },
  refuseCredentials() {
    pagerduty.apiToken = 'rotated-key-0000';
    return () => {
      pagerduty.apiToken = API_KEY;
    };
  },
  refusedCredentialsError:
    /PagerDuty refused the API key .* check socialMedia\.itsm\.pagerduty\.apiToken/,
});

describe('incidents raised through the API on PagerDuty', () => {
  it('files the incident on the mapped PagerDuty service and links it at once', async () => {
    const brandZ = pagerduty.addService('Brand Z account');
    const backend = await harness.start();
    await backend.createService({
      name: 'Brand Z',
      handle: '@brandz',
      reference: brandZ,
    });

    const raised = await backend.post('/services/brand-z/incidents').send({
      title: 'Phishing DMs sent from the brand account',
      description: 'Followers report DMs with a login link since 09:00.',
      category: 'phishing',
    });
    expect(raised.status).toBe(201);
    const stored = [...pagerduty.incidents.values()].find(
      i => i.title === 'Phishing DMs sent from the brand account',
    )!;
    expect(stored.service).toBe(brandZ);
    expect(raised.body).toMatchObject({
      connectorId: 'pagerduty',
      externalId: stored.id,
      number: `#${stored.incident_number}`,
      state: 'triggered',
    });
    const [post] = pagerduty.listRequests('/incidents', 'POST');
    expect(post.headers.from).toBe('integration-bot@example.com');
    expect(await backend.openIncidentCount('brand-z')).toBe(1);
    expect(JSON.stringify(raised.body)).not.toContain(API_KEY);
  });
});
