// Every check of the project, in the order a reviewer would run them: dependency set, type check,
// lint, formatting, unit and database tests (SQLite and PostgreSQL), the production build run on
// PostgreSQL (scripts/production-check.mjs), the plugins packed and installed into a fresh portal
// (scripts/fresh-portal-check.mjs), then the end-to-end smoke test in a real Chromium.
// Runs every step even after a failure, prints a summary, and exits non-zero when anything failed.
// Run through `npm test` / `yarn test`, which set up the toolchain first.
//
//   node scripts/test-all.mjs                 everything
//   node scripts/test-all.mjs --only unit,e2e a subset (steps: tsc, lint, prettier, unit,
//                                             production, portal, e2e)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensurePostgres } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, 'reports');
fs.mkdirSync(reports, { recursive: true });

const onlyArg = process.argv.find(a => a.startsWith('--only'));
const onlyValue = onlyArg?.includes('=')
  ? onlyArg.split('=')[1]
  : onlyArg && process.argv[process.argv.indexOf(onlyArg) + 1];
const only = onlyValue ? new Set(onlyValue.split(',')) : undefined;

function log(message) {
  process.stdout.write(`\n[test] ${message}\n`);
}

const bin = name => path.join(root, 'node_modules', '.bin', name);

const postgres = await ensurePostgres(log);
const testEnv = {
  ...process.env,
  CI: 'true',
  // No Docker here: the tests use the local PostgreSQL instead of starting containers.
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  [`BACKSTAGE_TEST_DATABASE_POSTGRES${postgres.major}_CONNECTION_STRING`]:
    postgres.connectionString,
  SOCIAL_MEDIA_TEST_POSTGRES: `POSTGRES_${postgres.major}`,
};

const steps = [
  {
    id: 'tsc',
    title: 'type check (tsc)',
    command: [bin('tsc'), []],
    failuresIn: output => matchingLines(output, /error TS\d+:/),
  },
  {
    id: 'lint',
    title: 'lint (eslint, every package)',
    command: [bin('backstage-cli'), ['repo', 'lint']],
    // eslint's codeframe: the rule, then the file and position of each problem.
    failuresIn: output =>
      matchingLines(output, /^\s*(✘ |\S+\.(tsx?|m?jsx?):\d+:\d+$)/),
  },
  {
    id: 'prettier',
    title: 'formatting (prettier --check)',
    command: [bin('prettier'), ['--check', '.']],
    failuresIn: output =>
      matchingLines(output, /^\[warn\] (?!Code style issues)/),
  },
  {
    id: 'unit',
    title: `unit and database tests (SQLite and PostgreSQL ${postgres.major})`,
    command: [
      bin('backstage-cli'),
      [
        'repo',
        'test',
        '--json',
        `--outputFile=${path.join(reports, 'jest.json')}`,
        `--maxWorkers=${Math.max(1, os.cpus().length)}`,
      ],
    ],
    results: () => jestCounts(path.join(reports, 'jest.json')),
  },
  {
    id: 'production',
    title: 'production build (yarn build:backend) run on PostgreSQL',
    before: () => ensureChromium(log),
    command: [
      process.execPath,
      [path.join(root, 'scripts', 'production-check.mjs')],
    ],
    results: () =>
      checkCounts(path.join(reports, 'production-check', 'results.json')),
  },
  {
    id: 'portal',
    title: 'plugins packed and installed into a fresh Backstage portal',
    before: () => ensureChromium(log),
    command: [
      process.execPath,
      [path.join(root, 'scripts', 'fresh-portal-check.mjs')],
    ],
    results: () =>
      checkCounts(path.join(reports, 'fresh-portal-check', 'results.json')),
  },
  {
    id: 'e2e',
    title: 'end-to-end smoke test (Playwright on Chromium)',
    before: () => ensureChromium(log),
    command: [bin('playwright'), ['test']],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json') },
    results: () => playwrightCounts(path.join(reports, 'playwright.json')),
  },
];

function jestCounts(file) {
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failures = [];
  for (const suite of json.testResults ?? []) {
    const file = path.relative(root, suite.name);
    const failedTests = (suite.assertionResults ?? []).filter(
      test => test.status === 'failed',
    );
    for (const test of failedTests) failures.push(`${file}: ${test.fullName}`);
    if (suite.status === 'failed' && failedTests.length === 0) {
      failures.push(`${file}: ${firstLine(suite.message)}`);
    }
  }
  return {
    passed: json.numPassedTests,
    failed: json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0),
    skipped: json.numPendingTests + json.numTodoTests,
    failures,
  };
}

function checkCounts(file) {
  if (!fs.existsSync(file)) return undefined;
  const { passed, failed, failures } = JSON.parse(
    fs.readFileSync(file, 'utf8'),
  );
  return { passed, failed, skipped: 0, failures };
}

function playwrightCounts(file) {
  if (!fs.existsSync(file)) return undefined;
  const { stats, suites } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failures = [];
  const visit = suite => {
    for (const spec of suite.specs ?? []) {
      if (!spec.ok) failures.push(`${spec.file}:${spec.line} ${spec.title}`);
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of suites ?? []) visit(suite);
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
    failures,
  };
}

/** The first line that says something, without terminal colours and Jest's own heading. */
function firstLine(text) {
  // eslint-disable-next-line no-control-regex
  const plain = (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !/^● Test suite failed to run$/.test(line));
  return lines[0] ?? '';
}

/** The lines of a command's output that match, without terminal colours. */
function matchingLines(output, pattern) {
  // eslint-disable-next-line no-control-regex
  return (output ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map(line => line.trim())
    .filter(line => pattern.test(line));
}

const outcomes = [];
for (const step of steps) {
  if (only && !only.has(step.id)) continue;
  log(`${step.title} ...`);
  const started = Date.now();
  let status;
  let captured = [];
  try {
    step.before?.();
    for (const file of [
      'jest.json',
      'playwright.json',
      'production-check/results.json',
      'fresh-portal-check/results.json',
    ]) {
      if (step.results) fs.rmSync(path.join(reports, file), { force: true });
    }
    const [command, args] = step.command;
    // A short step without a report of its own is captured (and printed as it ends), so that the
    // summary can name what failed.
    const result = spawnSync(command, args, {
      cwd: root,
      stdio: step.failuresIn ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...testEnv, ...step.env },
    });
    status = result.error ? 1 : result.status ?? 1;
    if (step.failuresIn) {
      process.stdout.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      if (status !== 0) {
        captured = step.failuresIn(`${result.stdout}\n${result.stderr}`);
      }
    }
  } catch (error) {
    process.stdout.write(`${error.message}\n`);
    status = 1;
  }
  const counts = step.results?.();
  outcomes.push({
    step,
    ok: status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    counts,
    captured,
  });
}

log('summary');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const { step, ok, seconds, counts, captured } of outcomes) {
  const detail = counts
    ? ` (${counts.passed} passed, ${counts.failed} failed${
        counts.skipped ? `, ${counts.skipped} skipped` : ''
      })`
    : '';
  process.stdout.write(
    `  ${ok ? 'ok  ' : 'FAIL'}  ${step.title}${detail}  ${seconds}s\n`,
  );
  // What failed, in the summary's few lines: a CI log may keep only its end.
  const failures = ok ? [] : counts?.failures ?? captured;
  for (const failure of failures.slice(0, 5)) {
    const lines = failure.slice(0, 1500).trimEnd().split('\n').slice(0, 14);
    process.stdout.write(
      `${lines.map(line => `          ${line}`).join('\n')}\n`,
    );
  }
  if (failures.length > 5) {
    process.stdout.write(`          ... and ${failures.length - 5} more\n`);
  }
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  // A failed step without test counts (tsc, lint, prettier, a crashed runner) counts as one failure.
  if (!ok && (!counts || counts.failed === 0)) failed += 1;
}
const failedSteps = outcomes.filter(o => !o.ok).length;
process.stdout.write(
  `\ntests: ${passed} passed, ${failed} failed${
    skipped ? `, ${skipped} skipped` : ''
  }\n`,
);
process.exit(failedSteps === 0 ? 0 : 1);
