// The module is tested inside the real social-media backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createItsmModuleTestBackend,
  describeItsmModuleInstallation,
  startItsmModuleAlone,
} from '@internal/plugin-social-media-backend/testUtils';
import { PagerDutyConnector } from './connector/PagerDutyConnector';
import { socialMediaModulePagerDuty } from './module';

jest.setTimeout(60_000);

const PAGERDUTY = {
  apiToken: 'pd-api-key-s3cret-0123',
  fromEmail: 'integration-bot@example.com',
};

describeItsmModuleInstallation(
  createItsmModuleTestBackend({
    module: socialMediaModulePagerDuty,
    connectorId: 'pagerduty',
    itsm: { pagerduty: PAGERDUTY },
    secrets: [PAGERDUTY.apiToken],
  }),
  {
    installedLog:
      'PagerDuty connector installed for https://api.pagerduty.com (raising incidents as integration-bot@example.com)',
    notInstalledLog:
      'PagerDuty connector not installed: no socialMedia.itsm.pagerduty configuration',
  },
);

describe('socialMediaModulePagerDuty', () => {
  it('hands the extension point a configured PagerDutyConnector, and says when it cannot raise incidents', async () => {
    const { connectors, logs } = await startItsmModuleAlone(
      socialMediaModulePagerDuty,
      {
        pagerduty: {
          apiToken: PAGERDUTY.apiToken,
          baseUrl: 'https://api.eu.pagerduty.com',
        },
      },
    );
    expect(connectors).toHaveLength(1);
    expect(connectors[0]).toBeInstanceOf(PagerDutyConnector);
    expect(connectors[0].id).toBe('pagerduty');
    expect((connectors[0] as PagerDutyConnector).baseUrl).toBe(
      'https://api.eu.pagerduty.com',
    );
    expect(logs.text()).toContain(
      'raising incidents disabled: no socialMedia.itsm.pagerduty.fromEmail',
    );
  });

  it('fails start-up on a broken config block, naming the key', async () => {
    await expect(
      startItsmModuleAlone(socialMediaModulePagerDuty, {
        pagerduty: { ...PAGERDUTY, baseUrl: 'http://api.pagerduty.com' },
      }),
    ).rejects.toThrow(/socialMedia\.itsm\.pagerduty\.baseUrl must use https/);
  });
});
