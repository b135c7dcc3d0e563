/*
 * A ServiceNow-format server for the end-to-end tests, on http://127.0.0.1:7480: the Table-API
 * stand-in from the ServiceNow connector's tests (FakeServiceNow), with the business services of
 * the demo portfolio and a few incidents filed against Corporate X account. Started by Playwright
 * before the portal (playwright.config.ts); e2e-tests/app-config.e2e.yaml points the connector at
 * it.
 */
// FakeServiceNow is TypeScript; load it through the Backstage CLI's transform, as the backend is,
// from the connector package's public test utilities.
require('@backstage/cli-node/config/nodeTransform.cjs');
const {
  FakeServiceNow,
} = require('@internal/plugin-social-media-backend-module-servicenow/testUtils');

const PORT = Number(process.env.E2E_SERVICENOW_PORT ?? 7480);

async function main() {
  const servicenow = new FakeServiceNow();
  servicenow.auth = {
    type: 'basic',
    username: 'portal-integration',
    password: 'e2e-integration-password',
  };
  const corporateX = servicenow.addCi('Corporate X account');
  for (const name of ['Corporate LinkedIn page', 'Brand Facebook page']) {
    servicenow.addCi(name);
  }
  servicenow.addIncident({
    business_service: corporateX,
    short_description: 'Impersonation account copying our logo and bio',
    category: 'security',
    priority: '2',
    state: '2',
  });
  servicenow.addIncident({
    business_service: corporateX,
    short_description: 'Scheduled post published twice',
    category: 'software',
    priority: '4',
    state: '6',
    resolved_at: servicenow.tick(3600),
  });
  // For the CMDB export: the people and groups of the demo organisation the instance knows (the
  // marketing group is missing, so the preview reports it as unmatched).
  servicenow.addRecord('sys_user', {
    user_name: 'it-service-owner',
    name: 'IT service owner',
    active: 'true',
  });
  servicenow.addRecord('sys_user', {
    user_name: 'communications-lead',
    name: 'Communications lead',
    active: 'true',
  });
  servicenow.addRecord('sys_user_group', {
    name: 'communications',
    active: 'true',
  });
  await servicenow.start(PORT);
  process.stdout.write(`ServiceNow-format server on ${servicenow.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => servicenow.stop().then(() => process.exit(0)));
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
