/*
 * The whole path: the social-media backend with this module syncs incidents from a local server
 * that speaks ServiceNow's Table API, and serves them on the service's incidents endpoint. The
 * cases every connector module passes run from the backend's test utilities; this file gives
 * them ServiceNow's terms: its records, field mapping, timestamps and credentials.
 */
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleSync,
} from '@internal/plugin-social-media-backend/testUtils';
import { FakeServiceNow } from './testUtils/FakeServiceNow';
import { socialMediaModuleServiceNow } from './module';

jest.setTimeout(60_000);

const PASSWORD = 'integration-password-s3cret';

const servicenow = new FakeServiceNow();
beforeAll(() => servicenow.start());
afterAll(() => servicenow.stop());

const resolve = (sysId: string) =>
  servicenow.update(sysId, { state: '6', resolved_at: servicenow.tick() });

const harness = createItsmModuleTestBackend({
  module: socialMediaModuleServiceNow,
  connectorId: 'servicenow',
  itsm: () => ({
    servicenow: {
      instanceUrl: servicenow.url,
      auth: { username: 'integration', password: PASSWORD },
      pageSize: 2,
    },
  }),
  secrets: [PASSWORD],
});

describeItsmModuleSync(harness, {
  toolName: 'ServiceNow',
  recordName: 'business service',
  cursorUnit: 'second',
  accountWithIncidents(name) {
    const account = servicenow.addCi(name);
    const takeover = servicenow.addIncident({
      short_description: 'Suspected account takeover',
      category: 'security',
      priority: '1',
      business_service: account,
    });
    servicenow.addIncident({
      short_description: 'Scheduled post went out twice',
      business_service: account,
      state: '6',
      resolved_at: servicenow.tick(),
    });
    servicenow.addIncident({
      short_description: 'Payslips late',
      business_service: servicenow.addCi('Payroll'),
    });
    servicenow.addIncident({
      short_description: 'Impersonation account reported',
      business_service: account,
    });
    return {
      reference: name,
      open: [
        { title: 'Impersonation account reported' },
        {
          title: 'Suspected account takeover',
          externalId: takeover.sys_id,
          number: takeover.number,
          priority: '1 - Critical',
          state: 'New',
          url: `${servicenow.url}/nav_to.do?uri=incident.do?sys_id=${takeover.sys_id}`,
        },
      ],
      resolveTakeover: () => {
        resolve(takeover.sys_id);
      },
    };
  },
  recordWithTwoIncidents(name) {
    const ci = servicenow.addCi(name);
    const spam = servicenow.addIncident({
      short_description: `Spam wave in the ${name}`,
      category: 'security',
      priority: '2',
      business_service: ci,
    });
    const outage = servicenow.addIncident({
      short_description: `${name}: login page down`,
      business_service: ci,
    });
    return {
      // By name and by sys_id.
      references: [name, ci],
      incidentIds: [spam.sys_id, outage.sys_id],
      resolveFirst: () => {
        resolve(spam.sys_id);
      },
    };
  },
  tenIncidentsAtCursor(name) {
    const ci = servicenow.addCi(name);
    // Ten incidents a second apart; the last one sorts after every other within its second.
    const incidents = Array.from({ length: 10 }, (_, i) =>
      servicenow.addIncident({
        short_description: `Spam comments wave ${i + 1}`,
        business_service: ci,
        ...(i === 9 ? { sys_id: 'f'.repeat(32) } : {}),
      }),
    );
    const cursorSecond = incidents[9].sys_updated_on;
    return {
      reference: name,
      // All ten resolved within the cursor's own second: a keyset that starts strictly after the
      // cursor would skip the nine with a lower sys_id.
      resolveAllAtCursor() {
        for (const incident of incidents) {
          servicenow.update(incident.sys_id, {
            sys_updated_on: cursorSecond,
            state: '6',
            resolved_at: cursorSecond,
          });
        }
      },
      // A transaction that committed late: stamped two minutes before the cursor.
      addLateIncident() {
        const twoMinutesBefore = new Date(
          Date.parse(`${cursorSecond.replace(' ', 'T')}Z`) - 2 * 60 * 1000,
        )
          .toISOString()
          .slice(0, 19)
          .replace('T', ' ');
        servicenow.addIncident({
          short_description: 'Fake job offers posted in our name',
          business_service: ci,
          sys_updated_on: twoMinutesBefore,
        });
      },
    };
  },
  refuseCredentials() {
    const accepted = servicenow.auth;
    servicenow.auth = {
      type: 'basic',
      username: 'integration',
      password: 'rotated-password',
    };
    return () => {
      servicenow.auth = accepted;
    };
  },
  refusedCredentialsError: /ServiceNow/,
});
