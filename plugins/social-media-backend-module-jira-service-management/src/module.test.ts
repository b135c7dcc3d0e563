// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleInstallation,
  startItsmModuleAlone,
} from '@internal/plugin-social-media-backend/testUtils';
import { JiraServiceManagementConnector } from './connector/JiraServiceManagementConnector';
import { socialMediaModuleJiraServiceManagement } from './module';

jest.setTimeout(60_000);

const JSM = {
  baseUrl: 'https://example.atlassian.net',
  auth: { email: 'itsm@example.com', apiToken: 'api-token-s3cret' },
};

describeItsmModuleInstallation(
  createItsmModuleTestBackend({
    module: socialMediaModuleJiraServiceManagement,
    connectorId: 'jira-service-management',
    itsm: { jiraServiceManagement: JSM },
    secrets: ['api-token-s3cret'],
  }),
  {
    installedLog:
      'Jira Service Management connector installed for https://example.atlassian.net ' +
      '(Jira Cloud, API token; Incident issues matched on project components)',
    notInstalledLog:
      'Jira Service Management connector not installed: no socialMedia.itsm.jiraServiceManagement configuration',
  },
);

describe('socialMediaModuleJiraServiceManagement', () => {
  it('hands the extension point a configured connector', async () => {
    const { connectors } = await startItsmModuleAlone(
      socialMediaModuleJiraServiceManagement,
      {
        jiraServiceManagement: {
          baseUrl: 'https://jira.example.com/jira/',
          auth: { token: 'pat-s3cret' },
          mappingField: 'customfield_10050',
          projects: ['SMS'],
        },
      },
    );
    expect(connectors).toHaveLength(1);
    expect(connectors[0]).toBeInstanceOf(JiraServiceManagementConnector);
    expect(connectors[0].id).toBe('jira-service-management');
    expect((connectors[0] as JiraServiceManagementConnector).baseUrl).toBe(
      'https://jira.example.com/jira',
    );
  });

  it('fails start-up on a broken config block', async () => {
    await expect(
      startItsmModuleAlone(socialMediaModuleJiraServiceManagement, {
        jiraServiceManagement: { ...JSM, mappingField: 'customfield_10050' },
      }),
    ).rejects.toThrow(
      /socialMedia\.itsm\.jiraServiceManagement\.projects must name at least one project key/,
    );
  });
});
