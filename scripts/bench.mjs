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
// The ITSM part (on the same backend, after the above) measures incidents against a ServiceNow-format
// server (FakeServiceNow from the ServiceNow connector's test utilities, in this process, on a free
// loopback port): a full sync of 100,000 incidents through POST /api/social-media/itsm/sync against a
// bare fetch + JSON.parse of the same pages (the same requests the connector sends), and the service
// page's incident read from our store against one live Table API call with 50 ms of server latency.
//
// It prints a table per database and a summary against the reference figures of the issue, and
// writes everything to reports/bench/results.json (backend logs next to it).
//
//   node scripts/bench.mjs [--only sqlite,postgres,catalog,itsm] [--samples 200]
//
// `--only itsm` runs the ITSM part alone (it still imports the 10,000 services, whose mappings it
// needs, but does not wait for the catalog); `--only catalog` everything but the ITSM part.
//
// Run through `yarn bench` / `npm run bench`, which set up the toolchain first.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
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

// The ITSM part. The incidents are filed against the ServiceNow business services the inventory maps
// (itsmSystem servicenow, itsmReference the business service's sys_id); the connector's page size
// is in bench/app-config.bench.itsm.yaml and read back from the requests it sends.
const ITSM = {
  incidents: 100_000,
  liveLatencyMs: 50,
  // The aims: the full sync at most 1.5x the bare fetch of the same pages; the service page's read
  // from our store at least 10x faster (p95) than one live call.
  syncPerBareAim: 1.5,
  liveOverOursAim: 10,
  // Live calls without the added latency, to show the fake's own share of a live call.
  noLatencySamples: 20,
};
const FAKE_SERVICENOW = path.join(
  root,
  'plugins',
  'social-media-backend-module-servicenow',
  'src',
  '__testUtils__',
  'FakeServiceNow.ts',
);

// Every phase is bounded. A normal run takes six to eight minutes on two CPUs for the catalog part
// and six to eight more for the ITSM part (most of it the sync and its baseline: the fake scans
// all its incidents for every page); whatever hangs, the watchdog ends the run (and its backend)
// at the sum of the budgets below for the parts and databases of the run.
const TIMEOUTS = {
  startMs: 240_000,
  orgMs: 120_000,
  importMs: 180_000,
  visibleMs: 300_000, // from the start of the import
  requestMs: 30_000,
  stopMs: 15_000,
  itsmSyncMs: 10 * 60_000, // one POST /itsm/sync of all the incidents
  itsmBareMs: 10 * 60_000, // the bare fetch of the same pages
  itsmQuietMs: 6 * 60_000, // for the backend to be quiet, before the sync and before the reads
  // Budgets per database for the watchdog.
  runPerDatabaseMs: {
    base: 3 * 60_000,
    catalog: 8 * 60_000,
    itsm: 20 * 60_000,
  },
};

/** The watchdog's limit for a run of these parts on these databases. */
function wholeRunMs(options) {
  const budget = TIMEOUTS.runPerDatabaseMs;
  return (
    options.databases.length *
    (budget.base + options.parts.reduce((sum, part) => sum + budget[part], 0))
  );
}

// --- command line ------------------------------------------------------------------------------

const DATABASES = ['sqlite', 'postgres'];
const PARTS = ['catalog', 'itsm'];

const USAGE = `Usage: node scripts/bench.mjs [--only LIST] [--samples N]   (or: npm run bench -- ...)

  --only LIST   comma-separated databases and/or parts to run (repeatable); by default both of each.
                databases: sqlite, postgres
                parts:     catalog  import, catalog visibility, list page, guardianship, dashboard
                           itsm     incident sync and the service page's incident read against a
                                    ServiceNow-format server (imports the services, skips the catalog wait)
                e.g. --only itsm (the ITSM part alone, both databases), --only itsm,postgres
  --samples N   requests per endpoint in the latency runs (default 200, at least 10)
`;

function parseArgs(argv) {
  const options = {
    databases: DATABASES,
    parts: PARTS,
    samples: 200,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--only') {
      const names = value()
        .split(',')
        .map(name => name.trim())
        .filter(Boolean);
      const unknown = names.filter(
        n => !DATABASES.includes(n) && !PARTS.includes(n),
      );
      if (unknown.length || names.length === 0) {
        throw new Error(
          `Unknown --only value '${unknown.join(',')}'; use ${[
            ...DATABASES,
            ...PARTS,
          ].join(', ')}\n\n${USAGE}`,
        );
      }
      const databases = names.filter(n => DATABASES.includes(n));
      const parts = names.filter(n => PARTS.includes(n));
      if (databases.length) options.databases = [...new Set(databases)];
      // The parts always run in their own order: the ITSM part uses the catalog part's backend.
      if (parts.length) options.parts = PARTS.filter(p => parts.includes(p));
    } else if (arg === '--samples') {
      options.samples = Number(value());
      if (!Number.isInteger(options.samples) || options.samples < 10) {
        throw new Error('--samples must be a whole number of at least 10');
      }
    } else if (arg === '--help' || arg === '-h') {
      options.help = true;
    } else {
      throw new Error(`Unknown argument ${arg}\n\n${USAGE}`);
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

/**
 * The sys_id of the ServiceNow business service (cmdb_ci_service) of a brand's team: derived from
 * its name, so that every run maps the same services without drawing from the random sequence.
 */
function businessServiceSysId(name) {
  return createHash('sha256').update(name).digest('hex').slice(0, 32);
}

function generateInventory(count) {
  const random = randomGenerator(20261125);
  const rows = [];
  let filterMatches = 0;
  /** The ServiceNow business services the inventory maps: sys_id to name. */
  const businessServices = new Map();
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
    // ServiceNow mappings name the brand team's business service by sys_id (the connector's
    // README: no lookup by name). By name, each incident page would cost the ITSM part's fake
    // ServiceNow twice the time (it walks to the name for every incident and every mapping).
    const businessService = `${brand} ${team.label} social media`;
    if (itsm === 'servicenow') {
      businessServices.set(
        businessServiceSysId(businessService),
        businessService,
      );
    }
    const itsmReference = {
      servicenow: businessServiceSysId(businessService),
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
  return { rows, filterMatches, businessServices };
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

/**
 * Like {@link request}, through node:http: fetch gives up on an answer whose headers take more
 * than five minutes (undici's headersTimeout), which a full sync may. Bounded by `timeoutMs`.
 */
async function longRequest(url, { method = 'GET', headers = {}, timeoutMs }) {
  const started = performance.now();
  const { status, text } = await new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers, signal: AbortSignal.timeout(timeoutMs) },
      res => {
        const chunks = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  const ms = performance.now() - started;
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, ms, json, text };
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
      // A dead backend ends the wait at once (see assertAlive).
      if (error.backendExited) throw error;
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
  for (const fake of runningFakes) fake.stop().catch(() => {});
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
    const error = new Error(
      `the backend exited (${JSON.stringify(backend.exitInfo)}); see ${
        backend.logPath
      }:\n${logTail(backend)}`,
    );
    error.backendExited = true;
    throw error;
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

// --- ITSM ----------------------------------------------------------------------------------------

/** ServiceNow-format servers started by this run, so that every exit path can close them. */
const runningFakes = new Set();

/**
 * Loads FakeServiceNow (TypeScript). Node's own type stripping cannot load it: it imports a type
 * (`AddressInfo` from node:net) without `import type`, which native loading takes for a missing
 * export. So it goes through the Backstage CLI's transform, the same the backend runs with.
 */
function loadFakeServiceNow() {
  require('@backstage/cli-node/config/nodeTransform.cjs');
  return require(FAKE_SERVICENOW).FakeServiceNow;
}

/** Starts a FakeServiceNow on a free loopback port, with basic auth credentials made up for the run. */
async function startFakeServiceNow() {
  const FakeServiceNow = loadFakeServiceNow();
  const fake = new FakeServiceNow();
  fake.auth = {
    type: 'basic',
    username: 'bench-integration',
    password: randomBytes(18).toString('base64url'),
  };
  await fake.start();
  runningFakes.add(fake);
  return fake;
}

async function stopFakeServiceNow(fake) {
  if (!runningFakes.has(fake)) return;
  runningFakes.delete(fake);
  fake.latencyMs = 0;
  await Promise.race([fake.stop(), sleep(5000)]);
  fake.incidents.clear();
  fake.requests.length = 0;
}

const basicAuthOf = fake =>
  `Basic ${Buffer.from(`${fake.auth.username}:${fake.auth.password}`).toString(
    'base64',
  )}`;

/** ServiceNow's internal date-time format: `yyyy-MM-dd HH:mm:ss`, UTC. */
const glideDateTime = ms =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** How many services of the inventory are mapped to ServiceNow. */
function serviceNowMappedServices(inventory) {
  const system = CSV_HEADER.indexOf('itsmSystem');
  return inventory.rows.filter(row => row[system] === 'servicenow').length;
}

// What the incidents are about: [short description, category, weight]. About one in seven is a
// security incident, which raises the service's risk rating when synced.
const INCIDENT_KINDS = [
  ['Scheduled posts not published', 'software', 30],
  ['Cannot sign in to the account', 'inquiry', 20],
  ['Two-factor device lost', 'inquiry', 10],
  ['Comment moderation backlog', 'inquiry', 15],
  ['Profile link broken', 'software', 10],
  ['Suspicious login from an unknown location', 'security', 6],
  ['Account takeover attempt', 'security', 3],
  ['Phishing messages sent to followers', 'security', 2],
  ['Impersonation account reported', 'security', 4],
];
const INCIDENT_PRIORITIES = [
  ['1', 2],
  ['2', 8],
  ['3', 40],
  ['4', 40],
  ['5', 10],
];

/**
 * Adds the inventory's business services to the fake and files `count` incidents, spread evenly
 * at random over them, ten minutes apart up to an hour ago, in sync order (sys_updated_on is
 * unique, so the fake's sort finds them in order). Most are resolved or closed; the recent ones
 * are more often still open.
 */
function seedIncidents(fake, businessServices, count) {
  const random = randomGenerator(20261126);
  const ciIds = [...businessServices.keys()].sort();
  for (const id of ciIds) {
    fake.cis.set(id, {
      name: businessServices.get(id),
      table: 'cmdb_ci_service',
    });
  }
  const step = 10 * 60_000;
  const last = Date.now() - 3_600_000;
  let open = 0;
  let security = 0;
  for (let i = 0; i < count; i++) {
    const updated = last - (count - 1 - i) * step;
    const recent = i >= count * 0.97;
    const isOpen = random() < (recent ? 0.5 : 0.02);
    const [title, category] = weighted(
      random,
      INCIDENT_KINDS.map(kind => [kind, kind[2]]),
    );
    const opened =
      updated - Math.floor(random() * (isOpen ? 4 : 72) * 3_600_000);
    fake.addIncident({
      short_description: title,
      category,
      priority: weighted(random, INCIDENT_PRIORITIES),
      state: isOpen
        ? weighted(random, [
            ['1', 5],
            ['2', 4],
            ['3', 1],
          ])
        : random() < 0.4
        ? '6'
        : '7',
      opened_at: glideDateTime(opened),
      resolved_at: isOpen ? '' : glideDateTime(updated),
      sys_updated_on: glideDateTime(updated),
      business_service: ciIds[Math.floor(random() * ciIds.length)],
    });
    if (isOpen) open++;
    if (category === 'security') security++;
  }
  return { open, security };
}

const INCIDENT_LIST = '/api/now/table/incident';

/** The incident list requests (GET /api/now/table/incident) the fake received from index `from`. */
function pageRequestsSince(fake, from) {
  return fake.requests
    .slice(from)
    .filter(r => r.method === 'GET' && r.path === INCIDENT_LIST);
}

// The order the connector asks for; its keyset condition after a page ending at (T, X) is
// `^sys_updated_on>=T^sys_updated_on>T^ORsys_id>X`, before the order (see its query.ts).
const SYNC_ORDER = '^ORDERBYsys_updated_on^ORDERBYsys_id';

/**
 * The baseline of the sync: the same pages from the same server, with nothing but fetch and
 * JSON.parse. `template` is the connector's first request (its query and parameters); each next
 * page is asked for after the last record of the one before, as the connector does, so that the
 * requests are the connector's own (checked afterwards against what the fake received).
 */
async function bareFetch(fake, template) {
  const firstQuery = template.get('sysparm_query');
  if (!firstQuery.endsWith(SYNC_ORDER)) {
    throw new Error(
      `The connector's query does not end with ${SYNC_ORDER}: ...${firstQuery.slice(
        -80,
      )}`,
    );
  }
  const conditions = firstQuery.slice(0, -SYNC_ORDER.length);
  const headers = {
    Accept: 'application/json',
    Authorization: basicAuthOf(fake),
  };
  const queries = [];
  let after;
  let records = 0;
  let waitMs = 0;
  let readMs = 0;
  const deadline = performance.now() + TIMEOUTS.itsmBareMs;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (;;) {
    if (performance.now() > deadline) {
      throw new Error(
        `The bare fetch did not finish within ${
          TIMEOUTS.itsmBareMs / 1000
        } s (${queries.length} pages)`,
      );
    }
    const params = new URLSearchParams(template);
    params.set(
      'sysparm_query',
      after
        ? `${conditions}^sys_updated_on>=${after.u}^sys_updated_on>${after.u}^ORsys_id>${after.id}${SYNC_ORDER}`
        : firstQuery,
    );
    queries.push(params.toString());
    const sent = performance.now();
    const response = await fetch(`${fake.url}${INCIDENT_LIST}?${params}`, {
      headers,
      signal: AbortSignal.timeout(TIMEOUTS.requestMs),
    });
    const answered = performance.now();
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(
        `The bare fetch, page ${queries.length}: HTTP ${
          response.status
        }: ${text.slice(0, 300)}`,
      );
    }
    const page = JSON.parse(text).result;
    readMs += performance.now() - answered;
    waitMs += answered - sent;
    records += page.length;
    const total = Number(response.headers.get('x-total-count'));
    if (page.length === 0 || total <= page.length) break;
    const last = page[page.length - 1];
    after = {
      u: last.sys_updated_on.value,
      id: last.sys_id.value.toLowerCase(),
    };
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ms: round(performance.now() - started),
    pages: queries.length,
    records,
    // Until the answer's headers: the fake filters, sorts and renders the page before it sends
    // any of it. Then reading the body and JSON.parse: the client's own work.
    serverWaitMs: round(waitMs),
    bodyAndParseMs: round(readMs),
    benchCpuMs: round((cpu.user + cpu.system) / 1000),
    queries,
  };
}

/** Below this share of one CPU over QUIET_WINDOW_MS, the backend counts as quiet. */
const QUIET_CPU_PERCENT = 25;
const QUIET_WINDOW_MS = 5_000;

/**
 * Waits (at most `maxMs`) until the backend's CPU use over QUIET_WINDOW_MS falls below
 * QUIET_CPU_PERCENT; at least one window. Says how long it waited and whether it got quiet.
 */
async function waitForQuiet(backend, database, maxMs) {
  const started = performance.now();
  let lastLog = started;
  for (;;) {
    assertAlive(backend);
    const before = cpuSeconds(backend.child.pid);
    await sleep(QUIET_WINDOW_MS);
    const percent = cpuPercent(
      before,
      cpuSeconds(backend.child.pid),
      QUIET_WINDOW_MS,
    );
    const waitedMs = performance.now() - started;
    if (percent === null || percent < QUIET_CPU_PERCENT) {
      return { waitedMs: round(waitedMs), quiet: true, cpuPercent: percent };
    }
    if (waitedMs + QUIET_WINDOW_MS > maxMs) {
      log(
        `${database}: WARNING the backend is still busy (${percent}% CPU) after ${Math.round(
          waitedMs / 1000,
        )} s; measuring anyway`,
      );
      return { waitedMs: round(waitedMs), quiet: false, cpuPercent: percent };
    }
    if (performance.now() - lastLog > 30_000) {
      lastLog = performance.now();
      log(`${database}: waiting for a quiet backend (${percent}% CPU)`);
    }
  }
}

/** Commits and rows of the run's PostgreSQL databases so far (pg_stat_database), by name. */
async function pgActivity(prefix) {
  try {
    return await withPg(async client => {
      const { rows } = await client.query(
        `SELECT datname, xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched
           FROM pg_stat_database WHERE starts_with(datname, $1)`,
        [prefix],
      );
      return new Map(rows.map(row => [row.datname, row]));
    });
  } catch (error) {
    log(`could not read pg_stat_database: ${error.message}`);
    return undefined;
  }
}

/** What each database did between two {@link pgActivity} readings, the busiest first. */
function pgActivityDelta(before, after, prefix) {
  if (!before || !after) return undefined;
  const fields = {
    commits: 'xact_commit',
    inserted: 'tup_inserted',
    updated: 'tup_updated',
    deleted: 'tup_deleted',
    fetched: 'tup_fetched',
  };
  return [...after.entries()]
    .map(([name, row]) => ({
      database: name.slice(prefix.length),
      ...Object.fromEntries(
        Object.entries(fields).map(([key, column]) => [
          key,
          Number(row[column]) - Number(before.get(name)?.[column] ?? 0),
        ]),
      ),
    }))
    .filter(d => d.commits > 0)
    .sort((a, b) => b.commits - a.commits);
}

/** The sync status of the ServiceNow connector, from GET /itsm/status. */
async function serviceNowStatus(headers) {
  const r = await request(`${BASE_URL}/api/social-media/itsm/status`, {
    headers,
  });
  if (r.status !== 200) {
    throw new Error(`GET /itsm/status: ${describeFailure(r)}`);
  }
  return r.json.items.find(i => i.connectorId === 'servicenow');
}

/**
 * POST /itsm/sync; fails unless the ServiceNow connector's run succeeded (or, with
 * `expectFailure`, unless it failed).
 */
async function runSync(headers, { expectFailure = false } = {}) {
  const r = await longRequest(`${BASE_URL}/api/social-media/itsm/sync`, {
    method: 'POST',
    headers,
    timeoutMs: TIMEOUTS.itsmSyncMs,
  });
  if (r.status !== 200) {
    throw new Error(`POST /itsm/sync: ${describeFailure(r)}`);
  }
  const status = r.json.items.find(i => i.connectorId === 'servicenow');
  if (expectFailure) {
    if (!status?.lastErrorAt || status.lastErrorAt < status.lastRunAt) {
      throw new Error(
        `The probe sync did not fail as it should: ${JSON.stringify(status)}`,
      );
    }
    return { ms: r.ms, status };
  }
  // The run's outcome is in the status: a failed run still answers 200.
  if (
    !status?.lastSuccessAt ||
    status.lastSuccessAt < status.lastRunAt ||
    (status.lastErrorAt && status.lastErrorAt >= status.lastRunAt)
  ) {
    throw new Error(
      `The ServiceNow sync failed: ${
        status?.lastError ?? JSON.stringify(status)
      }`,
    );
  }
  return { ms: r.ms, status };
}

/**
 * The ITSM part: a full sync of ITSM.incidents incidents through the backend against a bare fetch
 * of the same pages, then the service page's incident read from our store against one live Table
 * API call. Writes into `itsm` as it goes.
 */
async function benchItsm({
  database,
  backend,
  headers,
  fake,
  samples,
  inventory,
  pgPrefix,
  itsm,
}) {
  // 1. The connector is installed and sees the inventory's mappings.
  const installed = await serviceNowStatus(headers);
  if (!installed) {
    throw new Error(
      `The ServiceNow connector is not installed (see ${backend.logPath})`,
    );
  }
  const businessServices = inventory.businessServices;
  const mappedServices = serviceNowMappedServices(inventory);
  itsm.mappedServices = installed.mappedServices;
  itsm.businessServices = businessServices.size;
  if (installed.mappedServices !== mappedServices) {
    log(
      `${database}: WARNING the store has ${installed.mappedServices} ServiceNow mappings, the inventory ${mappedServices}`,
    );
  }

  // 2. A probe: a sync whose first request the fake refuses (HTTP 400, which the connector does
  //    not retry). It shows the request the connector sends, which the bare fetch then sends
  //    too, and stores nothing, so that the measured sync is still the first, full one.
  let from = fake.requests.length;
  fake.failNext(res => {
    const body = JSON.stringify({
      error: { message: 'Refused on purpose by the benchmark (probe)' },
      status: 'failure',
    });
    res.writeHead(400, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }, INCIDENT_LIST);
  await runSync(headers, { expectFailure: true });
  fake.faults.length = 0;
  const [probe] = pageRequestsSince(fake, from);
  if (!probe) throw new Error('The connector sent no incident request');
  const template = new URLSearchParams(probe.query);
  itsm.pageSize = Number(template.get('sysparm_limit'));
  itsm.queryChars = template.get('sysparm_query').length;
  itsm.requestUrlChars = `${fake.url}${INCIDENT_LIST}?${template}`.length;

  // 3. The incidents.
  const seeded = seedIncidents(fake, businessServices, ITSM.incidents);
  itsm.incidents = ITSM.incidents;
  itsm.openIncidents = seeded.open;
  itsm.securityIncidents = seeded.security;
  log(
    `${database}: ${ITSM.incidents} incidents on ${businessServices.size} business services in the fake ServiceNow (${fake.url}), mapped by ${mappedServices} services; page size ${itsm.pageSize}`,
  );

  // 4. Until the backend is quiet: after an import the catalog processes the new entities for
  //    minutes (on SQLite longer than the catalog part waits), on the same event loop as the
  //    sync, and on SQLite blocking it. The ITSM figures are about the sync, not about that.
  itsm.quietBeforeSync = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );

  // 5. The bare fetch of all pages, after one untimed request of the first page (the fake's code
  //    and the connection warm up for both sides alike).
  assertAlive(backend);
  const warm = await fetch(`${fake.url}${INCIDENT_LIST}?${template}`, {
    headers: { Accept: 'application/json', Authorization: basicAuthOf(fake) },
    signal: AbortSignal.timeout(TIMEOUTS.requestMs),
  });
  JSON.parse(await warm.text());
  log(`${database}: bare fetch of all pages`);
  const bare = await bareFetch(fake, template);
  const { queries: bareQueries, ...bareFigures } = bare;
  itsm.bare = bareFigures;
  log(
    `${database}: bare fetch ${(bare.ms / 1000).toFixed(1)} s for ${
      bare.pages
    } pages, ${bare.records} incidents`,
  );

  // 6. The full sync through the backend.
  assertAlive(backend);
  log(`${database}: full sync through POST /itsm/sync`);
  from = fake.requests.length;
  const pgBefore = pgPrefix ? await pgActivity(pgPrefix) : undefined;
  const backendCpu = cpuSeconds(backend.child.pid);
  const benchCpu = process.cpuUsage();
  const sync = await runSync(headers);
  const fakeCpu = process.cpuUsage(benchCpu);
  const syncQueries = pageRequestsSince(fake, from).map(r =>
    new URLSearchParams(r.query).toString(),
  );
  itsm.sync = {
    ms: round(sync.ms),
    pages: syncQueries.length,
    incidentsStored: sync.status.incidentsLastRun,
    // The fake runs in this process, which otherwise only waits for the answer.
    fakeCpuMs: round((fakeCpu.user + fakeCpu.system) / 1000),
    backendCpuMs:
      backendCpu === undefined
        ? null
        : round((cpuSeconds(backend.child.pid) - backendCpu) * 1000),
  };
  itsm.sameRequests =
    syncQueries.length === bareQueries.length &&
    syncQueries.every((q, i) => q === bareQueries[i]);
  itsm.syncPerBare = sync.ms / bare.ms;
  if (itsm.sync.incidentsStored !== ITSM.incidents) {
    throw new Error(
      `The sync stored ${itsm.sync.incidentsStored} incidents, not ${ITSM.incidents}`,
    );
  }
  if (!itsm.sameRequests) {
    log(
      `${database}: WARNING the bare fetch's requests differ from the connector's (${bareQueries.length} and ${syncQueries.length} pages)`,
    );
  }
  log(
    `${database}: full sync ${(sync.ms / 1000).toFixed(
      1,
    )} s; ratio sync/bare ${itsm.syncPerBare.toFixed(2)}x`,
  );

  // 7. The service page's incidents: the service with the most open incidents, from our store
  //    and live from the instance (its open incidents, newest first, the connector's fields).
  const top = await request(
    `${BASE_URL}/api/social-media/services?sort=openIncidentCount&order=desc&limit=1`,
    { headers },
  );
  const service = top.json?.items?.[0];
  const ciId = service?.itsm?.reference;
  if (
    top.status !== 200 ||
    !service?.openIncidentCount ||
    !fake.cis.has(ciId)
  ) {
    throw new Error(
      `No service with open incidents mapped to the fake: ${describeFailure(
        top,
      )}`,
    );
  }
  const ourPathItsm = `/api/social-media/services/${encodeURIComponent(
    service.id,
  )}/incidents`;
  const liveUrl = `${fake.url}${INCIDENT_LIST}?${new URLSearchParams({
    sysparm_query: `business_service=${ciId}^state!=6^state!=7^ORDERBYDESCopened_at`,
    sysparm_fields: template.get('sysparm_fields'),
    sysparm_limit: '1000',
    sysparm_display_value: 'all',
    sysparm_exclude_reference_link: 'true',
  })}`;
  const liveHeaders = {
    Accept: 'application/json',
    Authorization: basicAuthOf(fake),
  };
  const ours = await request(`${BASE_URL}${ourPathItsm}`, { headers });
  const live = await request(liveUrl, { headers: liveHeaders });
  if (ours.status !== 200) {
    throw new Error(`Our incidents: ${describeFailure(ours)}`);
  }
  if (live.status !== 200) {
    throw new Error(`The live call: ${describeFailure(live)}`);
  }
  const ourNumbers = ours.json.items.map(i => i.number).sort();
  const liveNumbers = live.json.result.map(i => i.number.value).sort();
  itsm.page = {
    service: service.name,
    openIncidents: service.openIncidentCount,
    ours: { items: ourNumbers.length, bytes: ours.text.length },
    live: { items: liveNumbers.length, bytes: live.text.length },
    sameIncidents: ourNumbers.join() === liveNumbers.join(),
  };
  if (!itsm.page.sameIncidents) {
    log(
      `${database}: WARNING our store and the live call list different incidents (${ourNumbers.length} and ${liveNumbers.length})`,
    );
  }

  // 8. Once the backend is quiet again (the sync's announcements go through the catalog),
  //    interleave the two, rotating which goes first; then the live call without the added
  //    latency, which is the fake's own time.
  itsm.quietBeforeReads = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.itsmQuietMs,
  );
  itsm.backendIdleCpuPercent = itsm.quietBeforeReads.cpuPercent;
  // PostgreSQL publishes a connection's counters when it has been idle a while: read them after
  // the quiet period.
  if (pgBefore) {
    itsm.postgresDuringSync = pgActivityDelta(
      pgBefore,
      await pgActivity(pgPrefix),
      pgPrefix,
    );
  }
  // With the readiness probe as the floor of a round trip through the backend, as for the list.
  const endpoints = [
    { key: 'ours', url: `${BASE_URL}${ourPathItsm}`, headers },
    { key: 'live', url: liveUrl, headers: liveHeaders },
    { key: 'baseline', url: `${BASE_URL}${baselinePath}`, headers: {} },
  ];
  const times = { ours: [], live: [], baseline: [] };
  const warmup = Math.min(20, Math.ceil(samples / 10));
  log(
    `${database}: measuring ${samples} incident reads per side (live with ${ITSM.liveLatencyMs} ms latency) and the readiness probe`,
  );
  fake.latencyMs = ITSM.liveLatencyMs;
  try {
    for (let round_ = 0; round_ < warmup + samples; round_++) {
      if (round_ % 50 === 0) assertAlive(backend);
      for (let k = 0; k < endpoints.length; k++) {
        const endpoint = endpoints[(round_ + k) % endpoints.length];
        const r = await request(endpoint.url, { headers: endpoint.headers });
        if (r.status !== 200) {
          throw new Error(`${endpoint.key}: ${describeFailure(r)}`);
        }
        if (round_ >= warmup) times[endpoint.key].push(r.ms);
      }
    }
  } finally {
    fake.latencyMs = 0;
  }
  const noLatency = [];
  for (let i = 0; i < ITSM.noLatencySamples; i++) {
    noLatency.push((await request(liveUrl, { headers: liveHeaders })).ms);
  }
  itsm.latency = {
    ours: summarize(times.ours),
    live: summarize(times.live),
    baseline: summarize(times.baseline),
    liveWithoutLatency: summarize(noLatency),
  };
  itsm.ratio = {
    p50: itsm.latency.live.p50 / itsm.latency.ours.p50,
    p95: itsm.latency.live.p95 / itsm.latency.ours.p95,
  };
  itsm.requests = { ours: ourPathItsm, live: liveUrl.replace(fake.url, '') };
  log(
    `${database}: incidents p95 ours ${itsm.latency.ours.p95.toFixed(
      1,
    )} ms, live ${itsm.latency.live.p95.toFixed(1)} ms`,
  );
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

/**
 * The catalog part: the timed import, the time until the catalog shows every service, the list page
 * against the catalog, the guardianship sweep and the dashboard. Writes into `result` as it goes.
 */
async function benchCatalog({
  database,
  backend,
  headers,
  inventory,
  samples,
  result,
}) {
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
}

async function benchDatabase(database, inventory, { samples, parts }) {
  const result = { database, ok: false, parts, steps: {} };
  const started = performance.now();
  const configs = [
    path.join(root, 'app-config.yaml'),
    path.join(root, 'bench', 'app-config.bench.yaml'),
    path.join(root, 'bench', `app-config.bench.${database}.yaml`),
    ...(parts.includes('itsm')
      ? [path.join(root, 'bench', 'app-config.bench.itsm.yaml')]
      : []),
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

  let backend;
  let fake;
  try {
    // 0. For the ITSM part, the ServiceNow-format server the connector is configured with.
    if (parts.includes('itsm')) {
      fake = await startFakeServiceNow();
      env.BENCH_SERVICENOW_URL = fake.url;
      env.BENCH_SERVICENOW_USERNAME = fake.auth.username;
      env.BENCH_SERVICENOW_PASSWORD = fake.auth.password;
    }
    backend = startBackend(database, configs, env);

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

    if (parts.includes('catalog')) {
      await benchCatalog({
        database,
        backend,
        headers,
        inventory,
        samples,
        result,
      });
    } else {
      // 4. The ITSM part alone still needs the services and their mappings, but not the catalog.
      result.import = await seed(headers, inventory.rows, database);
      log(`${database}: import took ${(result.import.ms / 1000).toFixed(1)} s`);
    }
    if (parts.includes('itsm')) {
      result.itsm = {};
      await benchItsm({
        database,
        backend,
        headers,
        fake,
        samples,
        inventory,
        pgPrefix,
        itsm: result.itsm,
      });
    }
    result.ok = true;
  } catch (error) {
    result.error = error.message;
    log(`${database}: FAILED: ${error.message}`);
  } finally {
    if (backend) await stopBackend(backend);
    if (fake) await stopFakeServiceNow(fake);
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
  if (result.itsm) out.push(...printItsm(result.itsm));
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

const met = ok => (ok ? 'met' : 'missed');

function printItsm(itsm) {
  const out = [];
  const count = value =>
    value === undefined || value === null ? '-' : value.toLocaleString('en');
  out.push(
    `  ITSM: ${count(itsm.incidents)} incidents (${count(
      itsm.openIncidents,
    )} open) in a ServiceNow-format server (FakeServiceNow, loopback) on ${count(
      itsm.businessServices,
    )} business services, mapped by ${count(
      itsm.mappedServices,
    )} services; connector page size ${itsm.pageSize ?? '-'}`,
  );
  if (itsm.quietBeforeSync) {
    const q = itsm.quietBeforeSync;
    out.push(
      `  waited ${seconds(q.waitedMs)} for a quiet backend before the sync (${
        q.quiet ? 'quiet' : 'STILL BUSY'
      }: ${q.cpuPercent ?? '-'}% CPU)`,
    );
  }
  if (itsm.sync && itsm.bare) {
    const { sync, bare } = itsm;
    out.push(
      `  full sync POST /itsm/sync: ${seconds(sync.ms)} (${
        sync.pages
      } pages, ${count(
        sync.incidentsStored,
      )} stored); bare fetch + JSON.parse of the same pages: ${seconds(
        bare.ms,
      )} (same requests: ${itsm.sameRequests ? 'yes' : 'no'})`,
    );
    out.push(
      `  ${'ratio sync/bare (aim <= 1.5x)'.padEnd(
        46,
      )}${`${itsm.syncPerBare.toFixed(2)}x`.padStart(9)}  (aim ${met(
        itsm.syncPerBare <= ITSM.syncPerBareAim,
      )}; the sync takes ${seconds(
        sync.ms - bare.ms,
      )} more than the bare fetch)`,
    );
    out.push(
      `    where the time goes: bare fetch ${seconds(
        bare.serverWaitMs,
      )} waiting for the fake, ${seconds(
        bare.bodyAndParseMs,
      )} reading + JSON.parse; during the sync the fake used ${seconds(
        sync.fakeCpuMs,
      )} CPU, the backend process ${seconds(sync.backendCpuMs)} CPU`,
    );
  }
  if (itsm.postgresDuringSync?.length) {
    out.push(
      `    PostgreSQL during the sync (and the quiet period after it): ${itsm.postgresDuringSync
        .map(
          d =>
            `${d.database} ${count(d.commits)} commits, ${count(
              d.inserted,
            )}/${count(d.updated)}/${count(d.deleted)} rows ins/upd/del`,
        )
        .join('; ')}`,
    );
  }
  if (itsm.page) {
    const p = itsm.page;
    out.push(
      `  service page: ${p.service}, ${p.openIncidents} open incidents: ours ${
        p.ours.items
      } (${count(p.ours.bytes)} bytes), live ${p.live.items} (${count(
        p.live.bytes,
      )} bytes); same incidents: ${p.sameIncidents ? 'yes' : 'no'}`,
    );
  }
  if (itsm.latency) {
    const l = itsm.latency;
    const rows = [
      ['ours      GET .../services/:id/incidents', l.ours],
      [
        `live      GET /api/now/table/incident +${ITSM.liveLatencyMs} ms`,
        l.live,
      ],
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
      `  ${'ratio live/ours (>1: ours is faster)'.padEnd(
        46,
      )}${`${itsm.ratio.p50.toFixed(2)}x`.padStart(
        9,
      )}${`${itsm.ratio.p95.toFixed(2)}x`.padStart(9)}  (aim p95 >= ${
        ITSM.liveOverOursAim
      }x ${met(itsm.ratio.p95 >= ITSM.liveOverOursAim)})`,
    );
    out.push(
      `  (the live call without the added latency, i.e. the fake's own time: p50 ${ms(
        l.liveWithoutLatency.p50,
      )} ms; before measuring waited ${seconds(
        itsm.quietBeforeReads?.waitedMs,
      )} for a quiet backend: ${itsm.backendIdleCpuPercent ?? '-'}% CPU)`,
    );
  }
  return out;
}

/** "2.10x faster than" or "1.50x slower than", comparing a time with a reference time. */
function times(reference, value) {
  return reference >= value
    ? `${(reference / value).toFixed(2)}x faster than`
    : `${(value / reference).toFixed(2)}x slower than`;
}

function printSummary(results, parts) {
  const out = [''];
  if (parts.includes('catalog')) out.push(...printCatalogSummary(results));
  if (parts.includes('itsm')) out.push(...printItsmSummary(results));
  return out.join('\n');
}

function printItsmSummary(results) {
  const out = [
    `ITSM (aims: a full sync of ${ITSM.incidents.toLocaleString(
      'en',
    )} incidents at most ${
      ITSM.syncPerBareAim
    }x a bare fetch of the same pages; the service page's incidents from our store at least ${
      ITSM.liveOverOursAim
    }x faster (p95) than one live call with ${ITSM.liveLatencyMs} ms latency)`,
  ];
  for (const r of results) {
    const name = r.database === 'sqlite' ? 'SQLite    ' : 'PostgreSQL';
    const i = r.itsm;
    const sync = i?.sync
      ? `sync ${seconds(i.sync.ms)} vs bare ${seconds(
          i.bare.ms,
        )}: ${i.syncPerBare.toFixed(2)}x (aim ${met(
          i.syncPerBare <= ITSM.syncPerBareAim,
        )})`
      : 'sync: not measured';
    const read = i?.latency
      ? `incidents p50/p95 ${ms(i.latency.ours.p50)}/${ms(
          i.latency.ours.p95,
        )} ms vs live ${ms(i.latency.live.p50)}/${ms(
          i.latency.live.p95,
        )} ms: p95 ${i.ratio.p95.toFixed(1)}x (aim ${met(
          i.ratio.p95 >= ITSM.liveOverOursAim,
        )})`
      : 'incident read: not measured';
    out.push(`  ${name}  ${sync}; ${read}`);
  }
  return out;
}

function printCatalogSummary(results) {
  const pageTarget = REFERENCE.catalogPageP50Ms / 2;
  const ingestTarget = REFERENCE.catalogIngestMs / 2;
  const out = [];
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
  return out;
}

// --- main --------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const runStarted = performance.now();
  const runLimitMs = wholeRunMs(options);

  // Whatever happens, no backend or scratch database outlives the benchmark.
  const interrupt = (why, code) => {
    log(`${why}; stopping`);
    cleanUpAfterInterruption().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(
    () => interrupt(`the whole run exceeded ${runLimitMs / 60_000} minutes`, 1),
    runLimitMs,
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

  log(
    `parts: ${options.parts.join(', ')}; databases: ${options.databases.join(
      ', ',
    )}`,
  );
  const results = [];
  for (const database of options.databases) {
    log(`--- ${database} ---`);
    const result = await benchDatabase(database, inventory, options);
    results.push(result);
    process.stdout.write(`${printDatabase(result)}\n`);
  }
  process.stdout.write(`${printSummary(results, options.parts)}\n`);

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
      parts: options.parts,
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
      itsm: options.parts.includes('itsm')
        ? {
            incidents: ITSM.incidents,
            liveLatencyMs: ITSM.liveLatencyMs,
            aims: {
              syncPerBareAtMost: ITSM.syncPerBareAim,
              liveOverOursP95AtLeast: ITSM.liveOverOursAim,
            },
            requests: {
              sync: 'POST /api/social-media/itsm/sync',
              ours: 'GET /api/social-media/services/:id/incidents',
              live: 'GET /api/now/table/incident (FakeServiceNow)',
            },
          }
        : undefined,
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
  return results.every(
    r => r.ok && (!options.parts.includes('catalog') || r.visible?.complete),
  )
    ? 0
    : 1;
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
