// Local services the tests need: PostgreSQL (started when it is down) and Chromium (installed from
// Debian's packages when it is missing). Used by scripts/test-all.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** Where the tests find PostgreSQL; override with SOCIAL_MEDIA_TEST_POSTGRES_URL. */
const connectionString =
  process.env.SOCIAL_MEDIA_TEST_POSTGRES_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';

async function serverVersion() {
  const { Client } = require('pg');
  const client = new Client({
    connectionString,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    const { rows } = await client.query('show server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes sure PostgreSQL answers, starting the local cluster when it does not, and returns its
 * major version and a connection string without a database name (Backstage's TestDatabases
 * creates a fresh database per test).
 */
export async function ensurePostgres(log) {
  let major;
  try {
    major = await serverVersion();
  } catch {
    log('PostgreSQL is not answering; starting the local cluster');
    const versions = fs.existsSync('/etc/postgresql')
      ? fs.readdirSync('/etc/postgresql')
      : [];
    for (const version of versions) {
      spawnSync(
        'pg_ctlcluster',
        ['--skip-systemctl-redirect', version, 'main', 'start'],
        { stdio: 'inherit' },
      );
    }
    for (let attempt = 0; attempt < 30 && major === undefined; attempt++) {
      try {
        major = await serverVersion();
      } catch {
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }
    if (major === undefined) {
      throw new Error(
        `PostgreSQL is not reachable at ${connectionString.replace(
          /:[^:@/]*@/,
          ':***@',
        )} ` +
          'and could not be started. Start it, or point SOCIAL_MEDIA_TEST_POSTGRES_URL at one.',
      );
    }
  }
  log(`PostgreSQL ${major} is up`);
  return {
    major,
    connectionString: connectionString.replace(/\/[^/]*$/, ''),
  };
}

/** Candidate Chromium binaries, Debian's first. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return fs.existsSync(configured) ? configured : undefined;
  return CHROMIUM_PATHS.find(p => fs.existsSync(p));
}

/** Makes sure Chromium is installed, installing Debian's package when we are root. */
export function ensureChromium(log) {
  if (findChromium()) return findChromium();
  if (process.getuid?.() !== 0) {
    throw new Error(
      'Chromium is needed for the end-to-end tests: install it (Debian: apt-get install chromium) ' +
        'or set CHROMIUM_PATH.',
    );
  }
  log('installing Chromium from Debian packages (apt-get install chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !findChromium()) {
    throw new Error('Could not install Chromium with apt-get');
  }
  return findChromium();
}
