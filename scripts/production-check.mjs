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
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
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
import { createCheckRun, runChecks } from './checkRun.mjs';

const reportDir = path.join(root, 'reports', 'production-check');
const skipBuild = process.argv.includes('--skip-build');

/** Upper bounds of every wait, in milliseconds (the build's, install's and backend's shared). */
const LIMITS = { ...BUILD_LIMITS, page: 60_000 };

const run = createCheckRun('production');
const { log, timed, check, failures } = run;

async function checkPage({ appUrl, screenshot }) {
  await run.checkPage(
    { appUrl, viewport: { width: 1280, height: 800 }, timeout: LIMITS.page },
    async page => {
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
    },
  );
}

/**
 * The ITSM sync's writer thread on a SQLite file loads the plugin's built files, which nothing
 * else here runs (the built backend is checked on PostgreSQL): scripts/writerThreadCheck.cjs
 * stores a page through it from the installed bundle.
 */
async function checkWriterThread(dir) {
  const scratch = fs.mkdtempSync(path.join(dir, 'writer-thread-'));
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'scripts', 'writerThreadCheck.cjs'), dir, scratch],
    { cwd: dir, encoding: 'utf8', timeout: LIMITS.page },
  );
  let answer;
  try {
    answer = JSON.parse(result.stdout.trim().split('\n').pop());
  } catch {
    answer = undefined;
  }
  check(
    result.status === 0 &&
      answer?.cursor === 'after-the-check-page' &&
      answer?.stored === 0 &&
      answer?.errors?.length === 0,
    `the built plugin's writer thread stores an ITSM page on a SQLite file ` +
      `(exit ${result.status ?? result.signal}, ${(
        result.stdout || result.stderr
      ).slice(0, 300)})`,
  );
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
  run.cleanUp = () => {
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

    await timed('the SQLite writer thread of the built plugin', () =>
      checkWriterThread(dir),
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

      // Refusals in production: a message a person can act on, never the backend's stack frames
      // (the development server shows them; the production build must not).
      for (const [what, url, status] of [
        [
          'an unknown service',
          '/api/social-media/services/no-such-service',
          404,
        ],
        ['a bad query', '/api/social-media/services?limit=500', 400],
      ]) {
        const refused = await request(`${baseUrl}${url}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        let message;
        try {
          message = JSON.parse(refused.text)?.error?.message;
        } catch {
          message = undefined;
        }
        check(
          refused.status === status &&
            typeof message === 'string' &&
            message.length > 0 &&
            !/"stack"|\n\s+at /.test(refused.text),
          `${what} answers ${status} with a message and no stack trace ` +
            `(HTTP ${refused.status}, ${refused.text.slice(0, 160)})`,
        );
      }

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

    // A deployment stops the backend with SIGTERM and kills it after a grace period
    // (Kubernetes: 30 s by default); the events bus's waits must not hold it open that long.
    const stopped = await backend.stop();
    backend = undefined;
    check(
      !stopped.killed,
      `the backend exits on SIGTERM within ${
        LIMITS.shutdown / 1000
      } s, well inside a deployment's grace period (${
        stopped.killed
          ? 'it was still running and was killed'
          : `${stopped.seconds.toFixed(1)} s`
      })`,
    );
  } finally {
    await timed('stop and clean up', run.cleanUp);
  }
}

// A stopped run still stops its backend and drops its databases.
await runChecks(run, main, {
  reportDir,
  interrupted: 'stopping the backend and dropping the databases',
  passedMessage: 'the production build passed every check',
});
