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
import { PagerDutyConnector } from './connector/PagerDutyConnector';
import { socialMediaModulePagerDuty } from './module';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const PAGERDUTY = {
  apiToken: 'pd-api-key-s3cret-0123',
  fromEmail: 'integration-bot@example.com',
};

describe('socialMediaModulePagerDuty', () => {
  it('installs the connector in the social-media backend', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModulePagerDuty,
        mockServices.rootConfig.factory({
          data: { socialMedia: { itsm: { pagerduty: PAGERDUTY } } },
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
    expect(res.body.connectors).toEqual(['pagerduty']);

    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain(
      'PagerDuty connector installed for https://api.pagerduty.com (raising incidents as integration-bot@example.com)',
    );
    expect(logged).not.toContain(PAGERDUTY.apiToken);
  });

  it('installs nothing and says so when the config block is absent', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModulePagerDuty,
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
      'PagerDuty connector not installed: no socialMedia.itsm.pagerduty configuration',
    );
  });

  it('hands the extension point a configured PagerDutyConnector, and says when it cannot raise incidents', async () => {
    const added: ItsmConnector[] = [];
    const logger = mockServices.logger.mock();
    await startTestBackend({
      extensionPoints: [
        [
          socialMediaItsmConnectorsExtensionPoint,
          { addConnector: (...c) => added.push(...c.flat()) },
        ],
      ],
      features: [
        socialMediaModulePagerDuty,
        mockServices.rootConfig.factory({
          data: {
            socialMedia: {
              itsm: {
                pagerduty: {
                  apiToken: PAGERDUTY.apiToken,
                  baseUrl: 'https://api.eu.pagerduty.com',
                },
              },
            },
          },
        }),
        logger.factory,
      ],
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toBeInstanceOf(PagerDutyConnector);
    expect(added[0].id).toBe('pagerduty');
    expect((added[0] as PagerDutyConnector).baseUrl).toBe(
      'https://api.eu.pagerduty.com',
    );
    expect(JSON.stringify(logger.info.mock.calls)).toContain(
      'raising incidents disabled: no socialMedia.itsm.pagerduty.fromEmail',
    );
  });

  it('fails start-up on a broken config block, naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [socialMediaItsmConnectorsExtensionPoint, { addConnector: () => {} }],
        ],
        features: [
          socialMediaModulePagerDuty,
          mockServices.rootConfig.factory({
            data: {
              socialMedia: {
                itsm: {
                  pagerduty: {
                    ...PAGERDUTY,
                    baseUrl: 'http://api.pagerduty.com',
                  },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/socialMedia\.itsm\.pagerduty\.baseUrl must use https/);
  });
});
