// `yarn bench`: how the social media catalogue's list endpoint and catalog projection compare with
// Backstage's own catalog at 10,000 services, on SQLite and on PostgreSQL.
//
// For each database it starts a fresh backend on port 7117 (loopback only), waits for the example
// organisation to be in the catalog, imports 10,000 generated services in one request (in as few
// requests as the API accepts when it refuses that body, which the results then say), measures the
// time until the catalog shows all of them (through the entity provider), then measures, in the same
// run and interleaved, three requests:
//
//   ours      GET /api/social-media/services?platform=x&lifecycleStage=operation&sort=name&order=asc&limit=50
//   catalog   GET /api/catalog/entities/by-query for the same filter, ordered by metadata.name, limit 50
//   baseline  GET /api/social-media/readiness (plain HTTP round trip through the backend)
//
// It prints a table per database and a summary against the reference figures of the issue, and
// writes everything to reports/bench/results.json (backend logs next to it).
//
//   node scripts/bench.mjs [--only sqlite|postgres] [--samples 200]
//
// Run through `yarn bench` / `npm run bench`, which set up the toolchain first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { stringify: stringifyCsv } = require('csv-stringify/sync');
const backendDir = path.join(root, 'packages', 'backend');
const reportDir = path.join(root, 'reports', 'bench');

const PORT = 7117;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const SERVICE_COUNT = 10_000;
const PAGE_SIZE = 50;
const POLL_MS = 500;
// Quiet period between the catalog showing everything and the latency runs.
const SETTLE_MS = 10_000;

// The page both sides are asked for.
const FILTER = { platform: 'x', lifecycleStage: 'operation' };

// Figures of the issue: Backstage's catalog answering such a page at 10k, and ingesting 10k
// Components from a file location, on this machine. The aim is half of each.
const REFERENCE = { catalogPageP50Ms: 41, catalogIngestMs: 83_000 };

// Every phase is bounded. A normal run takes six to eight minutes on two CPUs; whatever hangs, the
// watchdog ends the run (and its backend) at wholeRunMs.
const TIMEOUTS = {
  startMs: 240_000,
  orgMs: 120_000,
  importMs: 180_000,
  visibleMs: 300_000, // from the start of the import
  requestMs: 30_000,
  stopMs: 15_000,
  wholeRunMs: 16 * 60_000,
};

// --- command line ------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { databases: ['sqlite', 'postgres'], samples: 200 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--only') {
      options.databases = value().split(',');
      const unknown = options.databases.filter(
        d => d !== 'sqlite' && d !== 'postgres',
      );
      if (unknown.length) throw new Error(`Unknown database ${unknown}`);
    } else if (arg === '--samples') {
      options.samples = Number(value());
      if (!Number.isInteger(options.samples) || options.samples < 10) {
        throw new Error('--samples must be a whole number of at least 10');
      }
    } else {
      throw new Error(
        `Unknown argument ${arg}. Usage: node scripts/bench.mjs [--only sqlite|postgres] [--samples 200]`,
      );
    }
  }
  return options;
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// --- generated inventory -----------------------------------------------------------------------

/** A small seeded PRNG (mulberry32), so that every run imports the same inventory. */
function randomGenerator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from [[value, weight], ...]. */
function weighted(random, choices) {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1][0];
}

// The teams of examples/org.yaml that open social accounts, with their people and typical purposes.
const TEAMS = [
  {
    group: 'marketing',
    label: 'Marketing',
    unit: 'Marketing',
    owners: ['marketing-lead', 'social-media-manager'],
    weight: 20,
    purposes: [
      'Brand announcements and product launches',
      'Campaign content and community management',
      'Influencer and partner programme',
    ],
  },
  {
    group: 'region-emea',
    label: 'EMEA',
    unit: 'Marketing EMEA',
    owners: ['emea-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in Europe, the Middle East and Africa',
      'Local-language brand presence for EMEA markets',
    ],
  },
  {
    group: 'region-americas',
    label: 'Americas',
    unit: 'Marketing Americas',
    owners: ['americas-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in North and South America',
      'Local-language brand presence for the Americas',
    ],
  },
  {
    group: 'region-apac',
    label: 'APAC',
    unit: 'Marketing APAC',
    owners: ['apac-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in Asia-Pacific',
      'Local-language brand presence for APAC markets',
    ],
  },
  {
    group: 'communications',
    label: 'Newsroom',
    unit: 'Corporate Communications',
    owners: ['communications-lead'],
    weight: 12,
    purposes: [
      'Press releases, corporate news and crisis communication',
      'Investor and executive communication',
    ],
  },
  {
    group: 'hr',
    label: 'Careers',
    unit: 'Human Resources',
    owners: ['hr-business-partner'],
    weight: 10,
    purposes: [
      'Employer branding and recruiting',
      'Graduate and internship programmes',
    ],
  },
  {
    group: 'customer-support',
    label: 'Support',
    unit: 'Customer Support',
    owners: ['support-team-lead'],
    weight: 13,
    purposes: [
      'Customer care: questions, complaints and outage updates',
      'Service status and known issues',
    ],
  },
];

/** Every catalog entity the inventory refers to; the import needs them in the catalog. */
const ORG_REFS = [
  ...TEAMS.map(t => `group:default/${t.group}`),
  ...[...new Set(TEAMS.flatMap(t => t.owners))].map(u => `user:default/${u}`),
];

const BRANDS = [
  'Acme',
  'Aster',
  'Cobalt',
  'Globex',
  'Helios',
  'Initech',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orbit',
  'Quartz',
  'Sable',
  'Tidal',
  'Umbra',
  'Vertex',
  'Willow',
  'Zephyr',
  'Northwind',
];

const PLATFORMS = [
  ['x', 14],
  ['facebook', 14],
  ['instagram', 14],
  ['linkedin', 14],
  ['youtube', 10],
  ['tiktok', 8],
  ['mastodon', 6],
  ['blog', 10],
  ['other', 10],
];
const PLATFORM_TITLES = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  blog: 'Blog',
  other: 'Other',
};

// Most accounts of an established organisation are in operation; some are being set up or retired.
const STAGES = [
  ['strategy', 4],
  ['design', 6],
  ['transition', 6],
  ['operation', 62],
  ['improvement', 10],
  ['retired', 12],
];

/**
 * A handle for the platform that satisfies HANDLE_RULES in plugins/social-media-common and is
 * unique per platform (the sequence number is part of it).
 */
function handleFor(platform, brand, label, seq) {
  const b = brand.toLowerCase().slice(0, 5);
  const l = label.toLowerCase().slice(0, 4);
  const n = String(seq).padStart(5, '0');
  switch (platform) {
    case 'x':
      return `${b}_${l.slice(0, 3)}${n}`; // at most 15 characters
    case 'facebook':
      return `${b}.${l}.${n}`;
    case 'instagram':
      return `${b}.${l}_${n}`;
    case 'linkedin':
      return `${b}-${l}-${n}`;
    case 'youtube':
      return `@${b}-${l}-${n}`;
    case 'tiktok':
      return `${b}.${l}.${n}`;
    case 'mastodon':
      return `@${b}_${l}_${n}@mastodon.social`;
    case 'blog':
      return `${l}-${n}.blog.${b}.example.com`;
    default:
      return `${brand} ${label} community ${n}`;
  }
}

function profileUrlFor(platform, handle) {
  const bare = handle.replace(/^@/, '');
  switch (platform) {
    case 'x':
      return `https://x.com/${bare}`;
    case 'facebook':
      return `https://www.facebook.com/${bare}`;
    case 'instagram':
      return `https://www.instagram.com/${bare}`;
    case 'linkedin':
      return `https://www.linkedin.com/company/${bare}`;
    case 'youtube':
      return `https://www.youtube.com/${handle}`;
    case 'tiktok':
      return `https://www.tiktok.com/@${bare}`;
    case 'blog':
      return `https://${handle}`;
    default:
      return '';
  }
}

const CSV_HEADER = [
  'name',
  'platform',
  'handle',
  'profileUrl',
  'purpose',
  'businessUnit',
  'ownerGroup',
  'serviceOwner',
  'audienceSize',
  'tags',
  'lifecycleStage',
  'mfaEnabled',
  'credentialVaultRef',
  'riskAssessedAt',
  'accessRevoked',
  'accountStatus',
  'itsmSystem',
  'itsmReference',
];

function generateInventory(count) {
  const random = randomGenerator(20261125);
  const rows = [];
  let filterMatches = 0;
  for (let seq = 1; seq <= count; seq++) {
    const team = weighted(
      random,
      TEAMS.map(t => [t, t.weight]),
    );
    const brand = BRANDS[Math.floor(random() * BRANDS.length)];
    const platform = weighted(random, PLATFORMS);
    const stage = weighted(random, STAGES);
    const handle = handleFor(platform, brand, team.label, seq);
    const name = `${brand} ${team.label} ${PLATFORM_TITLES[platform]} ${String(
      seq,
    ).padStart(5, '0')}`;
    const live = stage === 'operation' || stage === 'improvement';
    const preparing = stage === 'transition';
    // Controls as an inventory really looks: services in operation mostly have them, a few do not.
    const mfa = live
      ? random() < 0.93
      : preparing
      ? random() < 0.8
      : random() < 0.4;
    const vaulted = live ? random() < 0.9 : preparing && random() < 0.7;
    const assessed = live ? random() < 0.95 : preparing && random() < 0.6;
    const assessedAt = new Date(
      Date.UTC(2025, 0, 1) + Math.floor(random() * 600) * 86_400_000,
    )
      .toISOString()
      .slice(0, 10);
    const retired = stage === 'retired';
    const itsm = weighted(random, [
      ['servicenow', 70],
      ['jira-service-management', 15],
      ['pagerduty', 5],
      ['', 10],
    ]);
    const itsmReference = {
      servicenow: `${brand} ${team.label} social media`,
      'jira-service-management': `SOC/${brand.toLowerCase()}-${team.group}`,
      pagerduty: `P${seq.toString(36).toUpperCase().padStart(6, '0')}`,
      '': '',
    }[itsm];
    // Audiences from a hundred followers to a few million, most of them small.
    const audience = Math.round(100 * Math.pow(10, random() * 4.7));
    const tags = [`brand-${brand.toLowerCase()}`, team.group];
    if (random() < 0.2) tags.push('campaign');
    if (platform === FILTER.platform && stage === FILTER.lifecycleStage) {
      filterMatches++;
    }
    const row = {
      name,
      platform,
      handle,
      profileUrl: profileUrlFor(platform, handle),
      purpose: team.purposes[Math.floor(random() * team.purposes.length)],
      businessUnit: team.unit,
      ownerGroup: `group:default/${team.group}`,
      serviceOwner:
        stage === 'strategy'
          ? ''
          : `user:default/${
              team.owners[Math.floor(random() * team.owners.length)]
            }`,
      audienceSize: audience,
      tags: tags.join(';'),
      lifecycleStage: stage,
      mfaEnabled: mfa ? 'true' : 'false',
      credentialVaultRef: vaulted
        ? `vault://social/${brand.toLowerCase()}/${platform}-${seq}`
        : '',
      riskAssessedAt: assessed ? assessedAt : '',
      accessRevoked: retired ? 'true' : 'false',
      accountStatus: retired
        ? random() < 0.7
          ? 'archived'
          : 'deleted'
        : 'active',
      itsmSystem: itsm,
      itsmReference,
    };
    rows.push(CSV_HEADER.map(column => row[column] ?? ''));
  }
  return { rows, filterMatches };
}

// --- HTTP --------------------------------------------------------------------------------------

/** A request with a deadline; the body is read completely before the clock stops. */
async function request(
  url,
  { method = 'GET', headers = {}, body, timeoutMs = TIMEOUTS.requestMs } = {},
) {
  const started = performance.now();
  const response = await fetch(url, {
    method,
    headers: {
      ...headers,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, ms, json, text };
}

/** Polls `check` every POLL_MS until it returns a value other than undefined, or times out. */
async function waitFor(what, timeoutMs, check) {
  const deadline = performance.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() > deadline) {
      throw new Error(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${
          lastError ? ` (last error: ${lastError.message})` : ''
        }`,
      );
    }
    await sleep(POLL_MS);
  }
}

function describeFailure(response) {
  return `HTTP ${response.status}: ${response.text.slice(0, 300)}`;
}

// --- backend process ---------------------------------------------------------------------------

/** Backends started by this run, so that every exit path can stop them. */
const running = new Set();

/**
 * Starts packages/backend the way `backstage-cli package start` does (Node with the CLI's
 * TypeScript transform, NODE_ENV=development), but without the CLI's file watcher: other people
 * edit the source while the benchmark runs, and a restart in the middle would spoil the figures.
 * The backend is a process group leader so that stopping it also stops anything it spawned.
 */
function startBackend(name, configFiles, env) {
  fs.mkdirSync(reportDir, { recursive: true });
  const logPath = path.join(reportDir, `backend-${name}.log`);
  const logFd = fs.openSync(logPath, 'w');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index',
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: backendDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, NODE_ENV: 'development', ...env },
    },
  );
  fs.closeSync(logFd);
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const backend = { name, child, exited, logPath, exitInfo: undefined };
  exited.then(info => {
    backend.exitInfo = info;
  });
  running.add(backend);
  return backend;
}

function killGroup(backend, signal) {
  try {
    process.kill(-backend.child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopBackend(backend) {
  if (!running.has(backend)) return;
  running.delete(backend);
  // Signal the group even when the backend itself has exited: anything it started goes too.
  killGroup(backend, 'SIGTERM');
  if (backend.exitInfo) return;
  const stopped = await Promise.race([
    backend.exited.then(() => true),
    sleep(TIMEOUTS.stopMs).then(() => false),
  ]);
  if (!stopped) {
    log(`${backend.name}: backend did not stop on SIGTERM; killing it`);
    killGroup(backend, 'SIGKILL');
    await Promise.race([backend.exited, sleep(5000)]);
  }
}

/** Last resort for exits we do not control (errors, signals): kill synchronously. */
function killAllNow() {
  for (const backend of running) killGroup(backend, 'SIGKILL');
  running.clear();
}

/** Scratch databases of the runs in progress, for the cleanup after an interruption. */
const scratch = { sqliteDirs: new Set(), pgPrefixes: new Set() };

function removeSqliteDirsNow() {
  for (const dir of scratch.sqliteDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  scratch.sqliteDirs.clear();
}

/** After a signal or the watchdog: stop the backends, then remove their databases (bounded). */
async function cleanUpAfterInterruption() {
  killAllNow();
  removeSqliteDirsNow();
  const drops = [...scratch.pgPrefixes].map(prefix =>
    dropPgDatabases(prefix).catch(error =>
      log(`could not drop the ${prefix}* databases: ${error.message}`),
    ),
  );
  await Promise.race([Promise.all(drops), sleep(10_000)]);
}

function logTail(backend, lines = 30) {
  try {
    return fs
      .readFileSync(backend.logPath, 'utf8')
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

/** Throws when the backend process has died, so that waits end at once rather than at timeout. */
function assertAlive(backend) {
  if (backend.exitInfo) {
    throw new Error(
      `the backend exited (${JSON.stringify(backend.exitInfo)}); see ${
        backend.logPath
      }:\n${logTail(backend)}`,
    );
  }
}

/**
 * CPU time (user + system, all threads) the process has used so far, in seconds, from
 * /proc/<pid>/stat; undefined where there is no /proc. Clock ticks are 100 a second on Linux.
 */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3, the state.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function cpuPercent(before, after, wallMs) {
  if (before === undefined || after === undefined) return null;
  return round(((after - before) * 1000 * 100) / wallMs);
}

// --- PostgreSQL --------------------------------------------------------------------------------

const PG_URL =
  process.env.BENCH_PG_URL || 'postgresql://postgres@127.0.0.1:5432';

async function withPg(fn) {
  const { Client } = require('pg');
  const client = new Client({
    connectionString: `${PG_URL}/postgres`,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops the databases Backstage created with the run's prefix. */
async function dropPgDatabases(prefix) {
  return withPg(async client => {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS "${datname.replace(/"/g, '""')}" WITH (FORCE)`,
      );
    }
    return rows.map(r => r.datname);
  });
}

// --- statistics --------------------------------------------------------------------------------

/** Nearest-rank percentile. */
function percentile(sorted, p) {
  const index = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(index, sorted.length - 1)];
}

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  return {
    samples: samples.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean,
  };
}

const round = (value, digits = 1) =>
  value === undefined || value === null
    ? null
    : Math.round(value * 10 ** digits) / 10 ** digits;

// --- seeding -------------------------------------------------------------------------------------

const IMPORT_URL = `${BASE_URL}/api/social-media/import`;

function importBody(rows) {
  return {
    format: 'csv',
    content: stringifyCsv([CSV_HEADER, ...rows]),
    dryRun: false,
  };
}

async function postImport(headers, rows) {
  const response = await request(IMPORT_URL, {
    method: 'POST',
    headers,
    body: importBody(rows),
    timeoutMs: TIMEOUTS.importMs,
  });
  if (
    response.status !== 200 ||
    response.json?.created?.length !== rows.length
  ) {
    const problems = response.json?.problems?.slice(0, 5);
    throw new Error(
      `The import failed: ${
        problems?.length ? JSON.stringify(problems) : describeFailure(response)
      }`,
    );
  }
  return response;
}

/** Imports the whole inventory in one request, as a portal administrator would. */
async function seed(headers, rows, database) {
  const bytes = Buffer.byteLength(importBody(rows).content);
  log(
    `${database}: importing ${rows.length} services (${(bytes / 1e6).toFixed(
      1,
    )} MB of CSV) in one request`,
  );
  const started = performance.now();
  await postImport(headers, rows);
  return {
    rows: rows.length,
    bytes,
    requests: 1,
    ms: round(performance.now() - started),
  };
}

// --- time to visible -----------------------------------------------------------------------------

/**
 * Polls the catalog every POLL_MS, from `since` (the start of the import) until it reports all
 * services of type social-media, TIMEOUTS.visibleMs after `since` pass, or `signal` aborts.
 */
async function watchVisibility(backend, headers, since, signal) {
  let count = 0;
  let firstEntityMs;
  let lastReport = performance.now();
  while (!signal.aborted) {
    if (backend.exitInfo) {
      return {
        ms: null,
        firstEntityMs,
        count,
        complete: false,
        error: 'the backend exited',
      };
    }
    try {
      const r = await request(`${BASE_URL}${visiblePath}`, { headers });
      if (r.status === 200) count = r.json.totalItems;
    } catch {
      // A slow answer under load is retried at the next poll.
    }
    const elapsed = performance.now() - since;
    if (count > 0 && firstEntityMs === undefined)
      firstEntityMs = round(elapsed);
    if (count >= SERVICE_COUNT) {
      return { ms: round(elapsed), firstEntityMs, count, complete: true };
    }
    if (elapsed > TIMEOUTS.visibleMs) {
      return {
        ms: null,
        firstEntityMs,
        count,
        complete: false,
        error: `only ${count} of ${SERVICE_COUNT} visible in the catalog ${Math.round(
          TIMEOUTS.visibleMs / 1000,
        )} s after the import started`,
      };
    }
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(
        `${backend.name}: ${count} of ${SERVICE_COUNT} visible in the catalog`,
      );
    }
    await sleep(POLL_MS);
  }
  return {
    ms: null,
    firstEntityMs,
    count,
    complete: false,
    error: 'not watched to the end',
  };
}

// --- one database --------------------------------------------------------------------------------

const ourPath = `/api/social-media/services?${new URLSearchParams({
  ...FILTER,
  sort: 'name',
  order: 'asc',
  limit: String(PAGE_SIZE),
})}`;
const catalogPath = `/api/catalog/entities/by-query?${new URLSearchParams({
  filter: [
    'kind=component',
    'spec.type=social-media',
    `spec.lifecycle=${FILTER.lifecycleStage}`,
    `metadata.annotations.social-media.backstage.io/platform=${FILTER.platform}`,
  ].join(','),
  orderField: 'metadata.name,asc',
  limit: String(PAGE_SIZE),
})}`;
const baselinePath = '/api/social-media/readiness';
const visiblePath = `/api/catalog/entities/by-query?${new URLSearchParams({
  filter: 'kind=component,spec.type=social-media',
  limit: '1',
})}`;

async function benchDatabase(database, inventory, samples) {
  const result = { database, ok: false, steps: {} };
  const started = performance.now();
  const configs = [
    path.join(root, 'app-config.yaml'),
    path.join(root, 'bench', 'app-config.bench.yaml'),
    path.join(root, 'bench', `app-config.bench.${database}.yaml`),
  ];
  const env = {};
  let sqliteDir;
  let pgPrefix;
  if (database === 'sqlite') {
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-media-bench-'));
    scratch.sqliteDirs.add(sqliteDir);
    env.BENCH_SQLITE_DIRECTORY = sqliteDir;
    result.client = 'better-sqlite3';
  } else {
    pgPrefix = `bench_${Date.now()}_`;
    scratch.pgPrefixes.add(pgPrefix);
    env.BENCH_PG_URL = PG_URL;
    env.BENCH_PG_PREFIX = pgPrefix;
    result.client = 'pg';
    try {
      result.postgresVersion = await withPg(async client => {
        const { rows } = await client.query('SHOW server_version');
        return rows[0].server_version;
      });
    } catch (error) {
      result.error = `PostgreSQL is not reachable at ${PG_URL}: ${error.message}`;
      log(`${database}: FAILED: ${result.error}`);
      scratch.pgPrefixes.delete(pgPrefix);
      result.totalS = round((performance.now() - started) / 1000);
      return result;
    }
  }

  const backend = startBackend(database, configs, env);
  try {
    // 1. The backend answers and our plugin's database is migrated.
    await waitFor('the backend to be ready', TIMEOUTS.startMs, async () => {
      assertAlive(backend);
      const r = await request(`${BASE_URL}${baselinePath}`);
      return r.status === 200 ? true : undefined;
    });
    result.steps.backendStartS = round((performance.now() - started) / 1000);
    log(`${database}: backend ready after ${result.steps.backendStartS} s`);

    // 2. A guest token (the guest is an administrator in app-config.yaml).
    const auth = await request(
      `${BASE_URL}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    const token = auth.json?.backstageIdentity?.token;
    if (!token) throw new Error(`No guest token: ${describeFailure(auth)}`);
    const headers = { Authorization: `Bearer ${token}` };

    // 3. The groups and users the inventory names are in the catalog (the import checks them).
    const orgStarted = performance.now();
    await waitFor(
      'the example organisation in the catalog',
      TIMEOUTS.orgMs,
      async () => {
        assertAlive(backend);
        const r = await request(`${BASE_URL}/api/catalog/entities/by-refs`, {
          method: 'POST',
          headers,
          body: { entityRefs: ORG_REFS, fields: ['kind', 'metadata.name'] },
        });
        return r.status === 200 && r.json.items.every(Boolean)
          ? true
          : undefined;
      },
    );
    result.steps.orgWaitS = round((performance.now() - orgStarted) / 1000);

    // 4. Seed: one import of the whole inventory (or, when the API refuses a body that large, the
    //    smallest number of imports that it accepts). The catalog is watched from the moment the
    //    import starts, so that the time to visible and the first entity seen count from there.
    const importStarted = performance.now();
    const stopWatching = new AbortController();
    const visibility = watchVisibility(
      backend,
      headers,
      importStarted,
      stopWatching.signal,
    );
    try {
      result.import = await seed(headers, inventory.rows, database);
    } catch (error) {
      stopWatching.abort();
      await visibility;
      throw error;
    }
    log(
      `${database}: import took ${(result.import.ms / 1000).toFixed(1)} s in ${
        result.import.requests
      } request(s)`,
    );

    // 5. Until the catalog shows all of them through the entity provider. When it does not in
    //    time, the pages are still measured; the results say the catalog was incomplete.
    result.visible = await visibility;
    log(
      result.visible.complete
        ? `${database}: all ${SERVICE_COUNT} visible in the catalog ${(
            result.visible.ms / 1000
          ).toFixed(1)} s after the import started`
        : `${database}: ${result.visible.error}`,
    );
    assertAlive(backend);

    // 6. Both sides return the same page.
    const ours = await request(`${BASE_URL}${ourPath}`, { headers });
    const catalog = await request(`${BASE_URL}${catalogPath}`, { headers });
    if (ours.status !== 200)
      throw new Error(`Our list: ${describeFailure(ours)}`);
    if (catalog.status !== 200) {
      throw new Error(`The catalog query: ${describeFailure(catalog)}`);
    }
    const ourIds = ours.json.items.map(s => s.id);
    const catalogIds = catalog.json.items.map(e => e.metadata.name);
    result.page = {
      expectedTotal: inventory.filterMatches,
      ours: {
        items: ourIds.length,
        totalCount: ours.json.totalCount,
        bytes: ours.text.length,
      },
      catalog: {
        items: catalogIds.length,
        totalItems: catalog.json.totalItems,
        bytes: catalog.text.length,
      },
      sameItems: ourIds.join() === catalogIds.join(),
      sameItemsAnyOrder:
        ourIds.length === catalogIds.length &&
        ourIds.every(id => catalogIds.includes(id)),
      riskAndIncidentsInOurItems: ours.json.items.every(
        s => 'openIncidentCount' in s,
      ),
    };
    if (ourIds.length !== catalogIds.length) {
      log(
        `${database}: WARNING the pages differ in size: ours ${ourIds.length}, catalog ${catalogIds.length}`,
      );
    }

    // 7. A short quiet period, which also shows how busy the backend is on its own (the catalog
    //    keeps processing its entities in the background) and how busy the machine is.
    const quietCpu = cpuSeconds(backend.child.pid);
    await sleep(SETTLE_MS);
    result.load = {
      backendIdleCpuPercent: cpuPercent(
        quietCpu,
        cpuSeconds(backend.child.pid),
        SETTLE_MS,
      ),
      loadAverage1m: round(os.loadavg()[0], 2),
    };

    // 8. Latency: warm up, then interleave the three requests, rotating which goes first so that
    //    neither side always runs right after the other.
    const endpoints = [
      { key: 'ours', path: ourPath },
      { key: 'catalog', path: catalogPath },
      { key: 'baseline', path: baselinePath },
    ];
    const times = { ours: [], catalog: [], baseline: [] };
    const warmup = Math.min(20, Math.ceil(samples / 10));
    log(
      `${database}: measuring ${samples} requests per endpoint (after ${warmup} warm-up rounds)`,
    );
    const measureCpu = cpuSeconds(backend.child.pid);
    const measureStarted = performance.now();
    for (let round_ = 0; round_ < warmup + samples; round_++) {
      if (round_ % 50 === 0) assertAlive(backend);
      for (let k = 0; k < endpoints.length; k++) {
        const endpoint = endpoints[(round_ + k) % endpoints.length];
        const r = await request(`${BASE_URL}${endpoint.path}`, { headers });
        if (r.status !== 200) {
          throw new Error(`${endpoint.key}: ${describeFailure(r)}`);
        }
        if (round_ >= warmup) times[endpoint.key].push(r.ms);
      }
    }
    result.load.backendCpuPercentWhileMeasuring = cpuPercent(
      measureCpu,
      cpuSeconds(backend.child.pid),
      performance.now() - measureStarted,
    );
    result.latency = Object.fromEntries(
      Object.entries(times).map(([key, values]) => [key, summarize(values)]),
    );
    result.ratio = {
      p50: result.latency.catalog.p50 / result.latency.ours.p50,
      p95: result.latency.catalog.p95 / result.latency.ours.p95,
    };

    // 9. Guardianship: the sweep (leaver detection against the catalog and rating every service
    //    again) over the whole portfolio, against the same run's baseline of reading the whole
    //    portfolio through our own list API, 200 at a time; and the dashboard, against our list
    //    page. Three rounds each, interleaved; medians.
    const sweepMs = [];
    const fullReadMs = [];
    const dashboardMs = [];
    let sweep;
    for (let round_ = 0; round_ < 3; round_++) {
      assertAlive(backend);
      sweep = await request(`${BASE_URL}/api/social-media/guardianship/sweep`, {
        method: 'POST',
        headers,
        timeoutMs: 180_000,
      });
      if (sweep.status !== 200) {
        throw new Error(`The guardianship sweep: ${describeFailure(sweep)}`);
      }
      sweepMs.push(sweep.ms);
      const readStarted = performance.now();
      for (let offset = 0; offset < SERVICE_COUNT; offset += 200) {
        const page = await request(
          `${BASE_URL}/api/social-media/services?limit=200&offset=${offset}`,
          { headers },
        );
        if (page.status !== 200) {
          throw new Error(`Reading all services: ${describeFailure(page)}`);
        }
      }
      fullReadMs.push(performance.now() - readStarted);
      const dashboard = await request(
        `${BASE_URL}/api/social-media/dashboard?days=30`,
        { headers },
      );
      if (dashboard.status !== 200) {
        throw new Error(`The dashboard: ${describeFailure(dashboard)}`);
      }
      dashboardMs.push(dashboard.ms);
    }
    const median = values => [...values].sort((a, b) => a - b)[1];
    result.guardianship = {
      servicesChecked: sweep.json.servicesChecked,
      sweepMs: median(sweepMs),
      fullReadMs: median(fullReadMs),
      sweepPerFullRead: median(sweepMs) / median(fullReadMs),
      dashboardMs: median(dashboardMs),
      dashboardPerListPage: median(dashboardMs) / result.latency.ours.p50,
    };
    log(
      `${database}: guardianship sweep of ${
        result.guardianship.servicesChecked
      } services ${(result.guardianship.sweepMs / 1000).toFixed(1)} s`,
    );
    result.ok = true;
  } catch (error) {
    result.error = error.message;
    log(`${database}: FAILED: ${error.message}`);
  } finally {
    await stopBackend(backend);
    if (sqliteDir) {
      fs.rmSync(sqliteDir, { recursive: true, force: true });
      scratch.sqliteDirs.delete(sqliteDir);
    }
    if (pgPrefix) {
      try {
        result.droppedDatabases = await dropPgDatabases(pgPrefix);
        scratch.pgPrefixes.delete(pgPrefix);
      } catch (error) {
        log(
          `${database}: could not drop the ${pgPrefix}* databases: ${error.message}`,
        );
      }
    }
    result.totalS = round((performance.now() - started) / 1000);
  }
  return result;
}

// --- output ------------------------------------------------------------------------------------

const ms = value =>
  value === null || value === undefined ? '-' : value.toFixed(1);
const seconds = value =>
  value === null || value === undefined
    ? '-'
    : `${(value / 1000).toFixed(1)} s`;

function printDatabase(result) {
  const title =
    result.database === 'sqlite'
      ? 'SQLite (better-sqlite3)'
      : `PostgreSQL ${result.postgresVersion ?? ''}`.trim();
  const out = [];
  out.push('');
  out.push(`${title}: ${SERVICE_COUNT.toLocaleString('en')} services`);
  if (!result.ok) {
    out.push(`  FAILED: ${result.error}`);
  }
  if (result.import?.ms !== undefined) {
    const how = 'one import';
    out.push(
      `  seed: ${result.import.rows.toLocaleString(
        'en',
      )} rows in ${how}: ${seconds(result.import.ms)}`,
    );
  }
  if (result.visible) {
    out.push(
      result.visible.complete
        ? `  visible in the catalog (all ${SERVICE_COUNT}, from import start): ${seconds(
            result.visible.ms,
          )}  (first entity after ${seconds(result.visible.firstEntityMs)})`
        : `  visible in the catalog: NOT COMPLETE, ${result.visible.count} of ${SERVICE_COUNT} (${result.visible.error})`,
    );
  }
  if (result.page) {
    const p = result.page;
    out.push(
      `  page: platform=${FILTER.platform}, lifecycleStage=${FILTER.lifecycleStage}, by name, limit ${PAGE_SIZE}: ` +
        `ours ${p.ours.items} of ${p.ours.totalCount}, catalog ${p.catalog.items} of ${p.catalog.totalItems} ` +
        `(expected ${p.expectedTotal}); same items in the same order: ${
          p.sameItems
            ? 'yes'
            : p.sameItemsAnyOrder
            ? 'same items, other order'
            : 'no'
        }`,
    );
  }
  if (result.latency) {
    const l = result.latency;
    const rows = [
      ['ours      GET /api/social-media/services', l.ours],
      ['catalog   GET /api/catalog/entities/by-query', l.catalog],
      ['baseline  GET /api/social-media/readiness', l.baseline],
    ];
    out.push(
      `  ${'request'.padEnd(46)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(
        9,
      )}${'n'.padStart(6)}`,
    );
    for (const [label, s] of rows) {
      out.push(
        `  ${label.padEnd(46)}${ms(s.p50).padStart(9)}${ms(s.p95).padStart(
          9,
        )}${String(s.samples).padStart(6)}`,
      );
    }
    out.push(
      `  ${'ratio catalog/ours (>1: ours is faster)'.padEnd(
        46,
      )}${`${result.ratio.p50.toFixed(2)}x`.padStart(
        9,
      )}${`${result.ratio.p95.toFixed(2)}x`.padStart(9)}`,
    );
  }
  if (result.guardianship) {
    const g = result.guardianship;
    out.push(
      `  guardianship sweep (leavers + rating ${g.servicesChecked.toLocaleString(
        'en',
      )} services): ${seconds(
        g.sweepMs,
      )}; reading all of them through our list API: ${seconds(
        g.fullReadMs,
      )}; ratio sweep/read ${g.sweepPerFullRead.toFixed(2)}x`,
    );
    out.push(
      `  dashboard (GET /dashboard?days=30): ${ms(
        g.dashboardMs,
      )} ms; ratio dashboard/list page p50 ${g.dashboardPerListPage.toFixed(
        2,
      )}x`,
    );
  }
  if (result.load) {
    const l = result.load;
    out.push(
      `  backend CPU: ${l.backendIdleCpuPercent ?? '-'}% when idle for ${
        SETTLE_MS / 1000
      } s before measuring (the catalog's own background work), ` +
        `${
          l.backendCpuPercentWhileMeasuring ?? '-'
        }% while measuring; machine load average ${l.loadAverage1m} on ${
          os.cpus().length
        } CPUs`,
    );
  }
  out.push(
    `  (run took ${result.totalS} s; backend log: ${path.relative(
      root,
      path.join(reportDir, `backend-${result.database}.log`),
    )})`,
  );
  return out.join('\n');
}

/** "2.10x faster than" or "1.50x slower than", comparing a time with a reference time. */
function times(reference, value) {
  return reference >= value
    ? `${(reference / value).toFixed(2)}x faster than`
    : `${(value / reference).toFixed(2)}x slower than`;
}

function printSummary(results) {
  const pageTarget = REFERENCE.catalogPageP50Ms / 2;
  const ingestTarget = REFERENCE.catalogIngestMs / 2;
  const out = [''];
  out.push(
    `Summary against the reference (Backstage's catalog on this machine at 10k: page p50 ${REFERENCE.catalogPageP50Ms} ms, ` +
      `ingest from a file location ${
        REFERENCE.catalogIngestMs / 1000
      } s; aim: half, i.e. p50 <= ${pageTarget} ms and visible <= ${
        ingestTarget / 1000
      } s)`,
  );
  for (const r of results) {
    const name = r.database === 'sqlite' ? 'SQLite    ' : 'PostgreSQL';
    const page = r.latency
      ? `page p50 ${ms(r.latency.ours.p50)} ms (aim ${
          r.latency.ours.p50 <= pageTarget ? 'met' : 'missed'
        }; ` +
        `${times(
          REFERENCE.catalogPageP50Ms,
          r.latency.ours.p50,
        )} the reference, ` +
        `${times(
          r.latency.catalog.p50,
          r.latency.ours.p50,
        )} the catalog in this run)`
      : 'page: not measured';
    const visible = r.visible?.complete
      ? `all visible in the catalog after ${seconds(r.visible.ms)} (aim ${
          r.visible.ms <= ingestTarget ? 'met' : 'missed'
        }; ` +
        `${times(REFERENCE.catalogIngestMs, r.visible.ms)} the reference)`
      : 'visible: not complete';
    out.push(`  ${name}  ${page}; ${visible}`);
  }
  return out.join('\n');
}

// --- main --------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const runStarted = performance.now();

  // Whatever happens, no backend or scratch database outlives the benchmark.
  const interrupt = (why, code) => {
    log(`${why}; stopping`);
    cleanUpAfterInterruption().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(
    () =>
      interrupt(
        `the whole run exceeded ${TIMEOUTS.wholeRunMs / 60_000} minutes`,
        1,
      ),
    TIMEOUTS.wholeRunMs,
  );
  watchdog.unref();
  process.on('exit', () => {
    killAllNow();
    removeSqliteDirsNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => interrupt(signal, 130));
  }

  // Refuse to start when something already answers on the benchmark port.
  try {
    await fetch(`${BASE_URL}/`, { signal: AbortSignal.timeout(2000) });
    throw new Error(
      `Port ${PORT} is already in use; stop whatever runs there before benchmarking.`,
    );
  } catch (error) {
    if (error.message.startsWith('Port')) throw error;
  }

  const inventory = generateInventory(SERVICE_COUNT);
  log(
    `generated ${SERVICE_COUNT} services; ${inventory.filterMatches} match platform=${FILTER.platform}, lifecycleStage=${FILTER.lifecycleStage}`,
  );

  const results = [];
  for (const database of options.databases) {
    log(`--- ${database} ---`);
    const result = await benchDatabase(database, inventory, options.samples);
    results.push(result);
    process.stdout.write(`${printDatabase(result)}\n`);
  }
  process.stdout.write(`${printSummary(results)}\n`);

  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: round(os.totalmem() / 2 ** 30),
    },
    parameters: {
      services: SERVICE_COUNT,
      pageSize: PAGE_SIZE,
      filter: FILTER,
      samplesPerEndpoint: options.samples,
      requests: {
        ours: ourPath,
        catalog: catalogPath,
        baseline: baselinePath,
        visible: visiblePath,
      },
    },
    reference: REFERENCE,
    results,
    totalS: round((performance.now() - runStarted) / 1000),
  };
  fs.mkdirSync(reportDir, { recursive: true });
  fs.writeFileSync(
    path.join(reportDir, 'results.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  process.stdout.write(
    `\nResults written to ${path.relative(
      root,
      path.join(reportDir, 'results.json'),
    )}\n`,
  );
  // A run that could not take every figure (a failure, or a catalog that never showed all the
  // services in time) fails, even though what it did measure is printed and saved.
  return results.every(r => r.ok && r.visible?.complete) ? 0 : 1;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    log(error.stack || String(error));
    killAllNow();
    process.exitCode = 1;
  },
);
