import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import request from 'supertest';
import { socialMediaPlugin } from '../plugin';
import { placeholderDescription } from './connectorDescription';

export const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** The catalog as the plugin sees it: who exists in the organisation. */
export const CATALOG = [
  entity('Group', 'marketing'),
  entity('Group', 'communications'),
  entity('User', 'marketing-lead'),
  entity('User', 'communications-lead'),
];

export const VALID = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  profileUrl: 'https://www.instagram.com/examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'marketing',
  serviceOwner: 'user:default/marketing-lead',
  audienceSize: 120000,
  tags: ['brand'],
};

export function connector(id: string): ItsmConnector {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    id,
    description: placeholderDescription(id),
    listIncidentsChangedSince: unused,
    getIncident: unused,
    createIncident: unused,
  };
}

/** A backend module installing `installed` as the ITSM connectors. */
export function connectorsModule(installed: ItsmConnector[]) {
  return createBackendModule({
    pluginId: 'social-media',
    moduleId: 'test-connectors',
    register(env) {
      env.registerInit({
        deps: {
          connectors: socialMediaItsmConnectorsExtensionPoint,
          logger: coreServices.logger,
        },
        async init({ connectors }) {
          connectors.addConnector(...installed);
        },
      });
    },
  });
}

export const connectorModule = connectorsModule([
  connector('servicenow'),
  connector('pagerduty'),
]);

/**
 * The plugin in a test backend, as the API tests drive it: with two placeholder connectors, the
 * catalog above, a permission policy that allows or denies everything, and a mocked auditor.
 */
export function apiTestBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  let knex: Knex | undefined;
  const harness = {
    get knex(): Knex {
      if (!knex) throw new Error('start() the backend first');
      return knex;
    },
    async start(
      options: {
        permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
        /** The plugin's logger, e.g. a mock to read what it logged. */
        logger?: ReturnType<typeof mockServices.logger.mock>;
        /** The ITSM connectors; two placeholders that answer nothing by default. */
        connectors?: ItsmConnector[];
      } = {},
    ) {
      knex = await databases.init(databaseId);
      const auditor = mockServices.auditor.mock();
      const auditEvent = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(auditEvent);
      const { server } = await startTestBackend({
        features: [
          socialMediaPlugin,
          options.connectors
            ? connectorsModule(options.connectors)
            : connectorModule,
          mockServices.database.factory({ knex }),
          // No scheduled task (ITSM syncs, sweeps, checkpoints) runs behind a test's requests:
          // one that came due late in a file ran on after it, once against a database the test
          // had closed on purpose.
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
          catalogServiceMock.factory({ entities: CATALOG }),
          auditor.factory,
          ...(options.logger ? [options.logger.factory] : []),
        ],
      });
      return { server, auditor, auditEvent };
    },
    /** A request as the marketing lead, a signed-in user. */
    asUser: (req: request.Test) =>
      req.set(
        'Authorization',
        mockCredentials.user.header('user:default/marketing-lead'),
      ),
    /** How many services the catalogue holds. */
    async count() {
      const [{ n }] = await harness.knex('social_services').count({ n: '*' });
      return Number(n);
    },
    async create(server: any, body: object = VALID) {
      return harness
        .asUser(request(server).post('/api/social-media/services'))
        .send(body);
    },
  };
  return harness;
}
