import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import request from 'supertest';
import { ServiceNowConnector } from './connector/ServiceNowConnector';
import { socialMediaModuleServiceNow } from './module';

jest.setTimeout(60_000);

// The connector needs no database; the plugin it extends gets a throwaway SQLite one.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const SERVICENOW = {
  instanceUrl: 'https://example.service-now.com',
  auth: { clientId: 'social-media-catalogue', clientSecret: 'oauth-s3cret' },
  mappingField: 'cmdb_ci',
};

describe('socialMediaModuleServiceNow', () => {
  it('installs the connector in the social-media backend', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleServiceNow,
        mockServices.rootConfig.factory({
          data: { socialMedia: { itsm: { servicenow: SERVICENOW } } },
        }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory(),
        logger.factory,
      ],
    });
    const res = await request(server)
      .get('/api/social-media/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.connectors).toEqual(['servicenow']);

    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain(
      'ServiceNow connector installed for https://example.service-now.com (oauth auth, incidents matched on cmdb_ci)',
    );
    expect(logged).not.toContain('oauth-s3cret');
  });

  it('installs nothing and says so when the config block is absent', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleServiceNow,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory(),
        logger.factory,
      ],
    });
    const res = await request(server)
      .get('/api/social-media/status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.body.connectors).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'ServiceNow connector not installed: no socialMedia.itsm.servicenow configuration',
    );
  });

  it('hands the extension point a configured ServiceNowConnector', async () => {
    const added: ItsmConnector[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          socialMediaItsmConnectorsExtensionPoint,
          { addConnector: (...c) => added.push(...c.flat()) },
        ],
      ],
      features: [
        socialMediaModuleServiceNow,
        mockServices.rootConfig.factory({
          data: { socialMedia: { itsm: { servicenow: SERVICENOW } } },
        }),
      ],
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toBeInstanceOf(ServiceNowConnector);
    expect(added[0].id).toBe('servicenow');
    expect((added[0] as ServiceNowConnector).instanceUrl).toBe(
      'https://example.service-now.com',
    );
  });

  it('fails start-up on a broken config block', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [socialMediaItsmConnectorsExtensionPoint, { addConnector: () => {} }],
        ],
        features: [
          socialMediaModuleServiceNow,
          mockServices.rootConfig.factory({
            data: {
              socialMedia: {
                itsm: {
                  servicenow: {
                    ...SERVICENOW,
                    instanceUrl: 'http://example.service-now.com',
                  },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/must use https/);
  });
});
