import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in a real Chromium (Debian's package; Playwright never downloads a browser here)
 * against the portal started from this repository with a fresh embedded database.
 */
export default defineConfig({
  testDir: 'e2e-tests',
  // The longest journeys (a request through two approvals) were seen at 66 s on a loaded CI
  // machine; the limit only stops a test that hangs.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  outputDir: 'reports/e2e/test-results',
  webServer: [
    {
      // A ServiceNow-format server the portal's ServiceNow connector syncs from and reports to.
      command: 'node e2e-tests/servicenow-server.cjs',
      // Unauthenticated, the Table API answers 401, which tells Playwright it is up.
      url: 'http://127.0.0.1:7480/api/now/table/incident',
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'node scripts/start-portal.mjs --e2e',
      url: 'http://localhost:3000',
      // The first build of the app takes a while on a small machine.
      timeout: 600_000,
      reuseExistingServer: false,
      // The portal's output goes to data/e2e/portal.log (see scripts/start-portal.mjs).
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
