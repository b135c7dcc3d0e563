import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import request from 'supertest';
import { socialMediaPlugin } from '../plugin';
import { placeholderDescription } from './connectorDescription';
import { organisationFactories, userRef } from './organisation';
import { connectorsModule } from './apiTestBackend';

/** Where the portal runs, for the links the actions give. */
export const PORTAL = 'https://portal.example';

/** Who works where: the owning groups of the test services. */
export const ORGANISATION = {
  'marketing-lead': ['marketing'],
  'social-media-manager': ['marketing'],
  'communications-lead': ['communications'],
  'it-service-owner': ['it-service-management'],
};

export const MARKETING_LEAD = userRef('marketing-lead');
export const COMMUNICATIONS_LEAD = userRef('communications-lead');

/** A connector that records the incidents it is asked to raise. */
export class RecordingConnector implements ItsmConnector {
  readonly id = 'servicenow';
  readonly description = placeholderDescription('servicenow');
  readonly created: NewItsmIncident[] = [];

  async listIncidentsChangedSince() {
    return { incidents: [], nextCursor: 'end', done: true };
  }

  async getIncident() {
    return undefined;
  }

  async createIncident(incident: NewItsmIncident) {
    this.created.push(incident);
    const n = this.created.length;
    const at = new Date().toISOString();
    return {
      externalId: `sys-${n}`,
      number: `INC00200${n}`,
      title: incident.title,
      priority: '2 - High',
      state: 'New',
      category: incident.category,
      openedAt: at,
      updatedAt: at,
      url: `https://itsm.example/incident/${n}`,
      serviceId: incident.mapping.serviceId,
    };
  }
}

/** Who calls: a signed-in person (a User ref), a backend service, or nobody. */
export type Caller = string | 'service' | 'none';

function authorization(caller: Caller): string {
  if (caller === 'service') return mockCredentials.service.header();
  if (caller === 'none') return mockCredentials.none.header();
  return mockCredentials.user.header(caller);
}

/**
 * The plugin in a test backend with Backstage's real actions registry, so that actions are
 * listed and invoked over HTTP as the actions service (and so the MCP actions backend) does: the
 * registry's own input and output checks apply. The permission policy allows everything but the
 * permissions named in `deny`; the auditor is a mock whose events a test reads.
 */
export function actionsTestBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let knex: Knex | undefined;
  return {
    get knex(): Knex {
      if (!knex) throw new Error('start() the backend first');
      return knex;
    },
    async start(options: { deny?: string[] } = {}) {
      knex = await databases.init(databaseId);
      const connector = new RecordingConnector();
      const auditor = mockServices.auditor.mock();
      const auditEvent = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(auditEvent);
      const deny = new Set(options.deny ?? []);
      const decide = (requests: Array<{ permission: { name: string } }>) =>
        requests.map(r => ({
          result: deny.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        }));
      const permissions = mockServices.permissions.mock({
        authorize: async requests => decide(requests) as any,
        authorizeConditional: async requests => decide(requests) as any,
      });
      const { server } = await startTestBackend({
        features: [
          socialMediaPlugin,
          actionsRegistryServiceFactory,
          connectorsModule([connector]),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: PORTAL } },
          }),
          permissions.factory,
          auditor.factory,
          ...organisationFactories(ORGANISATION),
        ],
      });

      const api = (caller: Caller, req: request.Test) =>
        req.set('Authorization', authorization(caller));
      return {
        server,
        connector,
        auditor,
        auditEvent,
        /** A call of the catalogue's REST API. */
        api,
        /** Invokes one of the plugin's actions through the actions registry's HTTP endpoint. */
        invoke(name: string, input: object, caller: Caller = MARKETING_LEAD) {
          return api(
            caller,
            request(server).post(
              `/api/social-media/.backstage/actions/v1/actions/social-media:${name}/invoke`,
            ),
          ).send(input);
        },
        /** The actions the registry lists to a caller. */
        async list(caller: Caller = MARKETING_LEAD) {
          const res = await api(
            caller,
            request(server).get(
              '/api/social-media/.backstage/actions/v1/actions',
            ),
          );
          expect(res.status).toBe(200);
          return res.body.actions as Array<{
            id: string;
            name: string;
            pluginId: string;
            description: string;
            attributes: Record<string, boolean>;
            schema: { input: any; output: any };
          }>;
        },
        /** Catalogues a service through the API, as an administrator would. */
        async createService(body: object) {
          const res = await api(
            MARKETING_LEAD,
            request(server).post('/api/social-media/services'),
          ).send(body);
          expect(res.status).toBe(201);
          return res.body;
        },
      };
    },
  };
}

/** A well-kept brand account of marketing, mapped to the recording ITSM. */
export const BRAND_INSTAGRAM = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'group:default/marketing',
  serviceOwner: MARKETING_LEAD,
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

/** A corporate account of communications with no controls at all. */
export const CORPORATE_X = {
  name: 'Corporate X',
  platform: 'x',
  handle: 'examplecorp',
  purpose: 'Corporate news',
  businessUnit: 'Corporate Communications',
  ownerGroup: 'group:default/communications',
  serviceOwner: COMMUNICATIONS_LEAD,
  audienceSize: 800_000,
  controls: { sharedLogin: true, brandLevel: true },
};

/** A marketing page whose named owner works in communications. */
export const CAREERS_LINKEDIN = {
  name: 'Careers LinkedIn',
  platform: 'linkedin',
  handle: 'examplecareers',
  purpose: 'Employer brand',
  businessUnit: 'Human Resources',
  ownerGroup: 'group:default/marketing',
  serviceOwner: COMMUNICATIONS_LEAD,
  audienceSize: 20_000,
};
