// What the check scripts share (scripts/production-check.mjs, scripts/fresh-portal-check.mjs): a
// run's log lines, its timed steps and checks, the page checked in Chromium, and the run itself:
// stopped and cleaned up when interrupted, its timings printed, and its counts written to
// results.json for scripts/test-all.mjs.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './productionBuild.mjs';
import { findChromium } from './services.mjs';

const require = createRequire(path.join(root, 'package.json'));

/**
 * One check run: `log` prefixes its lines with `[tag]`; `cleanUp`, once set, stops what the run
 * started, also when the run is interrupted.
 */
export function createCheckRun(tag) {
  const run = {
    passed: 0,
    failures: [],
    timings: [],
    cleanUp: undefined,
    log(message) {
      process.stdout.write(`[${tag}] ${message}\n`);
    },
    /** Runs `fn` and records how long it took under `label`. */
    async timed(label, fn) {
      const started = Date.now();
      try {
        return await fn();
      } finally {
        run.timings.push([label, (Date.now() - started) / 1000]);
      }
    },
    /** Counts and logs one check; returns `condition`. */
    check(condition, message) {
      if (condition) {
        run.passed += 1;
        run.log(`ok    ${message}`);
      } else {
        run.log(`FAIL  ${message}`);
        run.failures.push(message);
      }
      return condition;
    },
    /**
     * Opens `appUrl` in a headless Chromium page of `viewport`, runs `checks` on it, then checks
     * that the page threw no script errors; `timeout` bounds every wait of the page.
     */
    async checkPage({ appUrl, viewport, timeout }, checks) {
      const { chromium } = require('@playwright/test');
      const executablePath = findChromium();
      if (!executablePath) {
        throw new Error(
          'Chromium is missing (Debian: apt-get install chromium)',
        );
      }
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        timeout,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      try {
        const page = await browser.newPage({ viewport });
        const pageErrors = [];
        page.on('pageerror', error => pageErrors.push(error.message));
        page.setDefaultTimeout(timeout);
        await page.goto(appUrl, { timeout });
        await checks(page);
        run.check(
          pageErrors.length === 0,
          `no script errors in the page${
            pageErrors.length ? ` (${pageErrors.join('; ')})` : ''
          }`,
        );
      } finally {
        await browser.close();
      }
    },
  };
  return run;
}

/**
 * Runs `main` as the whole of a check run: on SIGINT or SIGTERM it logs `interrupted`, cleans up
 * and exits 130; at the end it prints the timings, writes the counts to `reportDir`/results.json,
 * and exits 1 when a check failed, else logs `passedMessage`.
 */
export async function runChecks(
  run,
  main,
  { reportDir, interrupted, passedMessage },
) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      run.log(`${signal}: ${interrupted}`);
      const exit = () => process.exit(130);
      if (run.cleanUp) run.cleanUp().then(exit, exit);
      else exit();
    });
  }

  const started = Date.now();
  try {
    await main();
  } catch (error) {
    run.failures.push(error.message);
    run.log(`FAIL  ${error.message}`);
  }
  for (const [label, seconds] of run.timings) {
    run.log(`time  ${label}: ${seconds.toFixed(1)} s`);
  }
  const total = (Date.now() - started) / 1000;
  run.log(`time  total: ${total.toFixed(1)} s`);
  fs.mkdirSync(reportDir, { recursive: true });
  const { passed, failures, timings } = run;
  fs.writeFileSync(
    path.join(reportDir, 'results.json'),
    JSON.stringify({
      passed,
      failed: failures.length,
      failures,
      timings,
      total,
    }),
  );
  if (failures.length > 0) {
    run.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  run.log(passedMessage);
}
