// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleInstallation,
  startItsmModuleAlone,
} from '@internal/plugin-social-media-backend/testUtils';
import { ServiceNowConnector } from './connector/ServiceNowConnector';
import { socialMediaModuleServiceNow } from './module';

jest.setTimeout(60_000);

const SERVICENOW = {
  instanceUrl: 'https://example.service-now.com',
  auth: { clientId: 'social-media-catalogue', clientSecret: 'oauth-s3cret' },
  mappingField: 'cmdb_ci',
};

describeItsmModuleInstallation(
  createItsmModuleTestBackend({
    module: socialMediaModuleServiceNow,
    connectorId: 'servicenow',
    itsm: { servicenow: SERVICENOW },
    secrets: ['oauth-s3cret'],
  }),
  {
    installedLog:
      'ServiceNow connector installed for https://example.service-now.com (oauth auth, incidents matched on cmdb_ci)',
    notInstalledLog:
      'ServiceNow connector not installed: no socialMedia.itsm.servicenow configuration',
  },
);

describe('socialMediaModuleServiceNow', () => {
  it('hands the extension point a configured ServiceNowConnector', async () => {
    const { connectors } = await startItsmModuleAlone(
      socialMediaModuleServiceNow,
      { servicenow: SERVICENOW },
    );
    expect(connectors).toHaveLength(1);
    expect(connectors[0]).toBeInstanceOf(ServiceNowConnector);
    expect(connectors[0].id).toBe('servicenow');
    expect((connectors[0] as ServiceNowConnector).instanceUrl).toBe(
      'https://example.service-now.com',
    );
  });

  it('fails start-up on a broken config block', async () => {
    await expect(
      startItsmModuleAlone(socialMediaModuleServiceNow, {
        servicenow: {
          ...SERVICENOW,
          instanceUrl: 'http://example.service-now.com',
        },
      }),
    ).rejects.toThrow(/must use https/);
  });
});
