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
import { JiraServiceManagementConnector } from './connector/JiraServiceManagementConnector';
import { socialMediaModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

// The connector needs no database; the plugin it extends gets a throwaway SQLite one.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const JSM = {
  baseUrl: 'https://example.atlassian.net',
  auth: { email: 'itsm@example.com', apiToken: 'api-token-s3cret' },
};

describe('socialMediaModuleJiraServiceManagement', () => {
  it('installs the connector in the social-media backend', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleJiraServiceManagement,
        mockServices.rootConfig.factory({
          data: { socialMedia: { itsm: { jiraServiceManagement: JSM } } },
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
    expect(res.body.connectors).toEqual(['jira-service-management']);

    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain(
      'Jira Service Management connector installed for https://example.atlassian.net ' +
        '(Jira Cloud, API token; Incident issues matched on project components)',
    );
    expect(logged).not.toContain('api-token-s3cret');
  });

  it('installs nothing and says so when the config block is absent', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        socialMediaModuleJiraServiceManagement,
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
      'Jira Service Management connector not installed: no socialMedia.itsm.jiraServiceManagement configuration',
    );
  });

  it('hands the extension point a configured connector', async () => {
    const added: ItsmConnector[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          socialMediaItsmConnectorsExtensionPoint,
          { addConnector: (...c) => added.push(...c.flat()) },
        ],
      ],
      features: [
        socialMediaModuleJiraServiceManagement,
        mockServices.rootConfig.factory({
          data: {
            socialMedia: {
              itsm: {
                jiraServiceManagement: {
                  baseUrl: 'https://jira.example.com/jira/',
                  auth: { token: 'pat-s3cret' },
                  mappingField: 'customfield_10050',
                  projects: ['SMS'],
                },
              },
            },
          },
        }),
      ],
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toBeInstanceOf(JiraServiceManagementConnector);
    expect(added[0].id).toBe('jira-service-management');
    expect((added[0] as JiraServiceManagementConnector).baseUrl).toBe(
      'https://jira.example.com/jira',
    );
  });

  it('fails start-up on a broken config block', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [socialMediaItsmConnectorsExtensionPoint, { addConnector: () => {} }],
        ],
        features: [
          socialMediaModuleJiraServiceManagement,
          mockServices.rootConfig.factory({
            data: {
              socialMedia: {
                itsm: {
                  jiraServiceManagement: {
                    ...JSM,
                    mappingField: 'customfield_10050',
                  },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /socialMedia\.itsm\.jiraServiceManagement\.projects must name at least one project key/,
    );
  });
});
