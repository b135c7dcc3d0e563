// The production build, checked the way it is deployed: builds the backend bundle and the app
// (`yarn build:backend`), unpacks the bundle into a folder outside the repository as the Dockerfile
// does (the skeleton, `yarn workspaces focus --all --production`, then the bundle), and starts the
// built backend with app-config.yaml and app-config.production.yaml against the local PostgreSQL,
// on databases of its own that are dropped afterwards. Then it checks what an operator checks after
// a deployment: readiness, the catalogue API with a service token (and its refusal without one),
// the built app served by the backend, and the sign-in page in Chromium with the demo sign-in gone.
//
//   node scripts/production-check.mjs               build, then check
//   node scripts/production-check.mjs --skip-build  check the bundle already in packages/backend/dist
//
// Run by `npm test` (scripts/test-all.mjs, step `production`). The backend's log and a screenshot
// of the page are kept in reports/production-check/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  assertBundleBuilt,
  buildBackend,
  dropDatabases,
  freePort,
  installBundle,
  LIMITS as BUILD_LIMITS,
  postgresConnection,
  productionEnvironment,
  request,
  root,
  startBuiltBackend,
  waitForReadiness,
  writeCallerConfig,
} from './productionBuild.mjs';
import { findChromium } from './services.mjs';

const require = createRequire(path.join(root, 'package.json'));
const reportDir = path.join(root, 'reports', 'production-check');
const skipBuild = process.argv.includes('--skip-build');

/** Upper bounds of every wait, in milliseconds (the build's, install's and backend's shared). */
const LIMITS = { ...BUILD_LIMITS, page: 60_000 };

function log(message) {
  process.stdout.write(`[production] ${message}\n`);
}

const timings = [];
async function timed(label, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, (Date.now() - started) / 1000]);
  }
}

const failures = [];
let passed = 0;
/** Stops the backend, drops this run's databases and removes its folder; set once they exist. */
let cleanUp;
function check(condition, message) {
  if (condition) {
    passed += 1;
    log(`ok    ${message}`);
  } else {
    log(`FAIL  ${message}`);
    failures.push(message);
  }
}

async function checkPage({ appUrl, screenshot }) {
  const { chromium } = require('@playwright/test');
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium is missing (Debian: apt-get install chromium)');
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    timeout: LIMITS.page,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
    });
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));
    page.setDefaultTimeout(LIMITS.page);
    await page.goto(appUrl, { timeout: LIMITS.page });

    // The built app renders: the portal's title and its sign-in page.
    const heading = page.getByRole('heading', {
      name: 'Select a sign-in method',
    });
    await heading.waitFor({ state: 'visible' });
    check(true, 'the built app renders the sign-in page in Chromium');
    check(
      await page
        .getByText('Social media service catalogue', { exact: true })
        .first()
        .isVisible(),
      'the sign-in page shows the portal title',
    );
    // Production turns the demo sign-in off: the page no longer offers the demo people.
    check(
      (await page
        .getByText('Sign in as a person of the demo organisation')
        .count()) === 0,
      'the sign-in page does not offer the demo organisation’s people',
    );
    // ... and the guest's sign-in is refused outside development.
    await page.getByRole('button', { name: 'Enter' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor({ state: 'visible' });
    check(
      /could not sign in.*outside of a development environment/i.test(
        await refusal.innerText(),
      ),
      'a guest sign-in is refused in production',
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot: ${path.relative(root, screenshot)}`);
    check(
      pageErrors.length === 0,
      `no script errors in the page${
        pageErrors.length ? ` (${pageErrors.join('; ')})` : ''
      }`,
    );
  } finally {
    await browser.close();
  }
}

async function main() {
  fs.rmSync(reportDir, { recursive: true, force: true });
  fs.mkdirSync(reportDir, { recursive: true });
  if (!skipBuild) {
    await timed('build (yarn build:backend, backend bundle and app)', () =>
      buildBackend({ log }),
    );
  }
  assertBundleBuilt();
  const connection = await postgresConnection(log);

  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'social-media-production-'),
  );
  const runId = crypto.randomBytes(4).toString('hex');
  const databasePrefix = `social_media_production_check_${runId}_`;
  const token = crypto.randomBytes(24).toString('base64url');
  let backend;
  let cleaning;
  // Runs once, whether the checks end, fail or are interrupted.
  cleanUp = () => {
    cleaning ??= (async () => {
      if (backend) await backend.stop();
      try {
        const dropped = await dropDatabases(connection, databasePrefix);
        log(`dropped ${dropped} databases (${databasePrefix}*)`);
      } catch (error) {
        log(
          `could not drop the databases ${databasePrefix}*: ${error.message}`,
        );
        failures.push('dropping the databases of this run');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  try {
    await timed('production install (skeleton, yarn workspaces focus)', () =>
      installBundle({ dir, log }),
    );

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // What only this check adds to the production configuration: its port, databases of its
    // own, and a static token for the service-to-service call.
    const checkConfig = writeCallerConfig({
      dir,
      name: 'check',
      port,
      prefix: databasePrefix,
      extra: [
        '  auth:',
        '    externalAccess:',
        '      - type: static',
        '        options:',
        '          token: ${PRODUCTION_CHECK_TOKEN}',
        '          subject: production-check',
      ],
    });

    const backendLog = path.join(reportDir, 'backend.log');
    const env = productionEnvironment({
      baseUrl,
      connection,
      auditKey: crypto.randomBytes(32).toString('base64url'),
      extra: { PRODUCTION_CHECK_TOKEN: token },
    });

    await timed('backend start until ready', async () => {
      log(`starting the built backend at ${baseUrl} (PostgreSQL)`);
      backend = startBuiltBackend({
        dir,
        env,
        logFile: backendLog,
        configs: [checkConfig],
        log,
      });
      await waitForReadiness(baseUrl, backend);
    });
    check(true, 'readiness answers 200');

    await timed('API and app checks', async () => {
      const services = `${baseUrl}/api/social-media/services?limit=5`;
      const withToken = await request(services, {
        headers: { Authorization: `Bearer ${token}` },
      });
      let body;
      try {
        body = JSON.parse(withToken.text);
      } catch {
        body = undefined;
      }
      check(
        withToken.status === 200 &&
          Array.isArray(body?.items) &&
          typeof body?.totalCount === 'number',
        `GET /api/social-media/services with a service token answers 200 with a page ` +
          `(HTTP ${withToken.status}, ${withToken.text.slice(0, 120)})`,
      );
      check(
        body?.totalCount === 0,
        'production loads no demo services (the page is empty)',
      );
      const anonymous = await request(services);
      check(
        anonymous.status === 401,
        `GET /api/social-media/services without credentials answers 401 (HTTP ${anonymous.status})`,
      );
      const wrongToken = await request(services, {
        headers: { Authorization: 'Bearer not-the-token' },
      });
      check(
        wrongToken.status === 401,
        `... and 401 with an unknown token (HTTP ${wrongToken.status})`,
      );

      const index = await request(`${baseUrl}/`);
      check(
        index.status === 200 &&
          /text\/html/.test(index.headers.get('content-type') ?? '') &&
          index.text.includes('<div id="root">'),
        `the backend serves the built app's index.html (HTTP ${index.status})`,
      );
      const deepLink = await request(`${baseUrl}/social-media`, {
        headers: { Accept: 'text/html' },
      });
      check(
        deepLink.status === 200 && deepLink.text.includes('<div id="root">'),
        `a page of the app opened directly gets index.html too (HTTP ${deepLink.status})`,
      );
    });

    await timed('page in Chromium', () =>
      checkPage({
        appUrl: `${baseUrl}/`,
        screenshot: path.join(reportDir, 'sign-in.png'),
      }),
    );

    const errors = fs
      .readFileSync(backendLog, 'utf8')
      .split('\n')
      .filter(line => line.includes('"level":"error"'));
    check(
      errors.length === 0,
      `the backend logged no errors${
        errors.length ? ` (${errors[0].slice(0, 300)})` : ''
      }`,
    );
  } finally {
    await timed('stop and clean up', cleanUp);
  }
}

// A stopped run still stops its backend and drops its databases.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping the backend and dropping the databases`);
    const exit = () => process.exit(130);
    if (cleanUp) cleanUp().then(exit, exit);
    else exit();
  });
}

const started = Date.now();
try {
  await main();
} catch (error) {
  failures.push(error.message);
  log(`FAIL  ${error.message}`);
}
for (const [label, seconds] of timings) {
  log(`time  ${label}: ${seconds.toFixed(1)} s`);
}
log(`time  total: ${((Date.now() - started) / 1000).toFixed(1)} s`);
fs.mkdirSync(reportDir, { recursive: true });
fs.writeFileSync(
  path.join(reportDir, 'results.json'),
  JSON.stringify({ passed, failed: failures.length, failures, timings }),
);
if (failures.length > 0) {
  log(`${failures.length} check(s) failed`);
  process.exit(1);
}
log('the production build passed every check');
