/*
 * Reporting an incident from the portal, through the whole plugin with a recording connector:
 * the connector gets the mapping, the incident is linked at once with its number, the report is
 * audited and feeds the rating, and every refusal changes nothing. Runs on SQLite and PostgreSQL.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { connectorsModule } from './__testUtils__/apiTestBackend';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { socialMediaPlugin } from './plugin';
import { placeholderDescription } from './__testUtils__/connectorDescription';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', uid: `${kind}-${name}` },
  spec: {},
});

const SECRET = 'itsm-s3cret-password';

const BRAND = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'marketing',
  serviceOwner: 'user:default/marketing-lead',
  audienceSize: 1_500_000,
  controls: {
    mfaEnabled: true,
    mfaMethod: 'security-key',
    credentialVaultRef: 'vault://social/brand-instagram',
    verified: true,
    recoveryOwnedByCompany: true,
    brandLevel: true,
  },
  itsm: { system: 'servicenow', reference: 'Brand Instagram account' },
};

const REPORT = {
  title: 'Suspected account takeover: password reset we did not ask for',
  description:
    'The platform sent a password reset at 09:12 that nobody on the team requested.',
  category: 'account-takeover',
};

/** A connector that records what it is asked to create; it fails on demand. */
class RecordingConnector implements ItsmConnector {
  readonly id = 'servicenow';
  readonly description = placeholderDescription('servicenow');
  readonly created: NewItsmIncident[] = [];
  failWith?: Error;

  async listIncidentsChangedSince() {
    return { incidents: [], nextCursor: 'end', done: true };
  }

  async getIncident() {
    return undefined;
  }

  async createIncident(incident: NewItsmIncident) {
    if (this.failWith) throw this.failWith;
    this.created.push(incident);
    const at = '2026-11-26T09:15:00.000Z';
    return {
      externalId: `sys-${this.created.length}`,
      number: `INC00100${this.created.length}`,
      title: incident.title,
      priority: '3 - Moderate',
      state: 'New',
      category: incident.category,
      openedAt: at,
      updatedAt: at,
      url: `https://itsm.example/incident/${this.created.length}`,
      serviceId: incident.mapping.serviceId,
    };
  }
}

function permissionsDenying(denied: string[]) {
  const decide = (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  return mockServices.permissions.mock({
    authorize: async requests => decide(requests) as any,
    authorizeConditional: async requests => decide(requests) as any,
  });
}

describe.each(ids)('reporting an incident on %s', databaseId => {
  async function start(options: { deny?: string[] } = {}) {
    const knex = await databases.init(databaseId);
    const connector = new RecordingConnector();
    const catalog = catalogServiceMock({
      entities: [
        entity('Group', 'marketing'),
        entity('User', 'marketing-lead'),
      ],
    });
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        connectorsModule([connector]),
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        permissionsDenying(options.deny ?? []).factory,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
      ],
    });
    return { server, connector, knex };
  }

  const as = (req: request.Test) =>
    req.set(
      'Authorization',
      mockCredentials.user.header('user:default/marketing-lead'),
    );
  const api = '/api/social-media';

  async function createBrand(server: any, body: object = BRAND) {
    const created = await as(request(server).post(`${api}/services`)).send(
      body,
    );
    expect(created.status).toBe(201);
  }

  async function nothingChanged(server: any) {
    const incidents = await as(
      request(server).get(
        `${api}/services/brand-instagram/incidents?includeResolved=true`,
      ),
    );
    expect(incidents.body.items).toEqual([]);
    const history = await as(
      request(server).get(`${api}/services/brand-instagram/history`),
    );
    expect(history.body.items.map((h: any) => h.action)).not.toContain(
      'incident-reported',
    );
  }

  it('raises it with the mapping filled in, links it with its number at once and audits it', async () => {
    const { server, connector } = await start();
    await createBrand(server);

    const reported = await as(
      request(server).post(`${api}/services/brand-instagram/incidents`),
    ).send(REPORT);

    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({
      connectorId: 'servicenow',
      number: 'INC001001',
      title: REPORT.title,
      state: 'New',
      open: true,
      url: 'https://itsm.example/incident/1',
    });
    expect(connector.created).toEqual([
      {
        mapping: {
          serviceId: 'brand-instagram',
          itsmReference: 'Brand Instagram account',
          lifecycleStage: expect.any(String),
        },
        title: REPORT.title,
        description: REPORT.description,
        category: 'account-takeover',
        reportedBy: 'user:default/marketing-lead',
      },
    ]);

    const incidents = await as(
      request(server).get(`${api}/services/brand-instagram/incidents`),
    );
    expect(incidents.body.items.map((i: any) => i.number)).toEqual([
      'INC001001',
    ]);
    const service = await as(
      request(server).get(`${api}/services/brand-instagram`),
    );
    expect(service.body.openIncidentCount).toBe(1);

    const history = await as(
      request(server).get(`${api}/services/brand-instagram/history`),
    );
    expect(history.body.items[0]).toMatchObject({
      action: 'incident-reported',
      actor: 'user:default/marketing-lead',
      after: { number: 'INC001001', category: 'account-takeover' },
    });
    const risk = await as(
      request(server).get(`${api}/services/brand-instagram/risk-history`),
    );
    expect(risk.body.items[0]).toMatchObject({ trigger: 'incident' });
  });

  it('refuses bad reports with the reason, and asks the ITSM nothing', async () => {
    const { server, connector } = await start();
    await createBrand(server);
    const cases: Array<[object, RegExp]> = [
      [{ ...REPORT, title: 'Hi' }, /Title must be at least 5 characters/],
      [{ ...REPORT, description: '  ' }, /Description is required/],
      [{ ...REPORT, category: 'gossip' }, /Category must be one of/],
      [{ ...REPORT, password: SECRET }, /Unknown field: password/],
      [{ title: REPORT.title }, /description|category/i],
    ];
    for (const [body, message] of cases) {
      const response = await as(
        request(server).post(`${api}/services/brand-instagram/incidents`),
      ).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(JSON.stringify(response.body)).not.toContain(SECRET);
    }
    expect(connector.created).toEqual([]);
    await nothingChanged(server);
  });

  it('needs the report permission, a known service and an ITSM mapping', async () => {
    const denied = await start({
      deny: ['social-media.service.incident.report'],
    });
    await createBrand(denied.server);
    const forbidden = await as(
      request(denied.server).post(`${api}/services/brand-instagram/incidents`),
    ).send(REPORT);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe(
      'You are not allowed to report incidents on this social media service',
    );
    expect(denied.connector.created).toEqual([]);
    await nothingChanged(denied.server);

    const { server, connector } = await start();
    const missing = await as(
      request(server).post(`${api}/services/nothing-here/incidents`),
    ).send(REPORT);
    expect(missing.status).toBe(404);
    const unknown = await as(
      request(server).get(`${api}/services/nothing-here/incidents`),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "No social media service with id 'nothing-here'",
    );

    await createBrand(server, { ...BRAND, itsm: undefined });
    const unmapped = await as(
      request(server).post(`${api}/services/brand-instagram/incidents`),
    ).send(REPORT);
    expect(unmapped.status).toBe(409);
    expect(unmapped.body.error.message).toBe(
      'Brand Instagram is not mapped to an ITSM record yet; set its ITSM system and reference on the service first',
    );
    expect(connector.created).toEqual([]);
  });

  it('says when no connector for the mapped ITSM is installed', async () => {
    const { server, connector, knex } = await start();
    await createBrand(server);
    // Mapped while a PagerDuty connector was installed: the API maps to installed ones only.
    await knex('social_services')
      .where({ id: 'brand-instagram' })
      .update({ itsm_system: 'pagerduty', itsm_reference: 'PABC123' });
    const response = await as(
      request(server).post(`${api}/services/brand-instagram/incidents`),
    ).send(REPORT);
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(
      /mapped to pagerduty, but no pagerduty connector is installed/,
    );
    expect(connector.created).toEqual([]);
    await nothingChanged(server);
  });

  it('passes on why the ITSM refused, and links and audits nothing', async () => {
    const { server, connector } = await start();
    await createBrand(server);
    connector.failWith = new Error(
      'The ServiceNow integration user lacks create access to the incident table (HTTP 403 on POST /api/now/table/incident)',
    );
    const response = await as(
      request(server).post(`${api}/services/brand-instagram/incidents`),
    ).send(REPORT);
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      'The incident could not be raised in servicenow: The ServiceNow integration user lacks create access to the incident table (HTTP 403 on POST /api/now/table/incident)',
    );
    await nothingChanged(server);
  });
});
