// The production build as it is deployed, for the scripts that check it: the backend bundle
// built (`yarn build:backend`), installed into a folder outside the repository as the Dockerfile
// does (the skeleton, `yarn workspaces focus --all --production`, then the bundle), and the built
// backend started there with app-config.yaml, app-config.production.yaml and a configuration file
// of the caller's own, on the local PostgreSQL with databases of its own.
//
// Used by scripts/production-check.mjs (`npm test`, step `production`) and by the benchmark's
// production part (packages/bench/src/benchmarks/production.ts, `npm run bench -- --only
// production`). Types: productionBuild.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgres } from './services.mjs';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const require = createRequire(path.join(root, 'package.json'));
export const distDir = path.join(root, 'packages', 'backend', 'dist');

/** Upper bounds of the waits, in milliseconds. */
export const LIMITS = {
  build: 15 * 60_000,
  install: 10 * 60_000,
  readiness: 180_000,
  request: 15_000,
  // A production backend lets in-flight requests finish on SIGTERM, its own waits on the events
  // bus among them (5 s with app-config.production.yaml, 55 s by Backstage's default).
  shutdown: 10_000,
};

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The pinned Yarn: the one running us, else the launcher's toolchain copy, else Yarn on PATH. */
export function yarnCommand() {
  // Under `yarn node` (as in `npm test`), npm_execpath is Yarn's own launcher.
  const execPath = process.env.npm_execpath;
  if (execPath && /yarn/i.test(path.basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  }
  const toolchainYarn = path.join(root, '.toolchain', 'yarn', 'bin', 'yarn.js');
  if (fs.existsSync(toolchainYarn)) return [process.execPath, toolchainYarn];
  return ['yarn'];
}

/** The registry npm is configured with, for Yarn, through the environment only. */
function registry() {
  if (process.env.YARN_NPM_REGISTRY_SERVER) {
    return process.env.YARN_NPM_REGISTRY_SERVER;
  }
  const npm = spawnSync('npm', ['config', 'get', 'registry'], {
    encoding: 'utf8',
  });
  return npm.status === 0 ? npm.stdout.trim() : undefined;
}

/** Yarn's environment for the build and the production install. */
export function yarnEnvironment() {
  const env = {
    ...process.env,
    YARN_ENABLE_TELEMETRY: '0',
    // The shared cache of the workspace install, so the production install fetches nothing new.
    YARN_ENABLE_GLOBAL_CACHE: 'true',
  };
  const npmRegistry = registry();
  if (npmRegistry) env.YARN_NPM_REGISTRY_SERVER = npmRegistry;
  return env;
}

/**
 * Runs a command to its end and throws when it fails. A command whose stdout the caller sends
 * nowhere (`stdio: ['ignore', 'ignore', ...]`) still has it kept, so that the error names the
 * command's last lines: Yarn prints its errors there, not on stderr.
 */
export function runOrThrow(command, args, options = {}) {
  const quietStdout =
    Array.isArray(options.stdio) && options.stdio[1] === 'ignore';
  const stdio = quietStdout
    ? [options.stdio[0], 'pipe', options.stdio[2]]
    : options.stdio ?? 'inherit';
  const result = spawnSync(command, args, {
    ...options,
    stdio,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const tail = quietStdout ? lastLines(result.stdout, 12) : '';
    throw new Error(
      `${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} ` +
        `failed (${result.signal ?? `exit code ${result.status}`})${
          tail ? `; its last lines:\n${tail}` : ''
        }`,
    );
  }
}

function lastLines(text, count) {
  return (text ?? '').trimEnd().split('\n').slice(-count).join('\n');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One request with a deadline, its body read as text. */
export async function request(url, init = {}) {
  const response = await fetch(url, {
    ...init,
    signal: AbortSignal.timeout(LIMITS.request),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/**
 * `yarn build:backend`: the backend bundle and the app, in packages/backend/dist. The output goes
 * to the caller's stdout and stderr unless `quiet`, which sends stdout nowhere.
 */
export function buildBackend({ log, quiet = false }) {
  log('building the backend bundle and the app (yarn build:backend)');
  const yarn = yarnCommand();
  runOrThrow(yarn[0], [...yarn.slice(1), 'build:backend'], {
    cwd: root,
    env: yarnEnvironment(),
    timeout: LIMITS.build,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
}

/** Throws when the archives of `yarn build:backend` are missing. */
export function assertBundleBuilt() {
  for (const file of ['skeleton.tar.gz', 'bundle.tar.gz']) {
    if (!fs.existsSync(path.join(distDir, file))) {
      throw new Error(
        `packages/backend/dist/${file} is missing: run yarn build:backend`,
      );
    }
  }
}

/**
 * Installs the built bundle into `dir` as the Dockerfile does: the skeleton with the lockfile,
 * the production dependencies, then the bundle and the two configuration files.
 */
export function installBundle({ dir, log }) {
  log(`unpacking the skeleton into ${dir}`);
  for (const file of [
    '.yarnrc.yml',
    'package.json',
    'yarn.lock',
    'backstage.json',
  ]) {
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  runOrThrow('tar', ['xzf', path.join(distDir, 'skeleton.tar.gz')], {
    cwd: dir,
  });
  log('installing production dependencies (yarn workspaces focus)');
  const yarn = yarnCommand();
  runOrThrow(
    yarn[0],
    [...yarn.slice(1), 'workspaces', 'focus', '--all', '--production'],
    {
      cwd: dir,
      env: yarnEnvironment(),
      timeout: LIMITS.install,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  runOrThrow('tar', ['xzf', path.join(distDir, 'bundle.tar.gz')], {
    cwd: dir,
  });
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
}

/**
 * The local PostgreSQL (started when it is down), as the production configuration's
 * POSTGRES_* variables take it.
 */
export async function postgresConnection(log) {
  const postgres = await ensurePostgres(log);
  const url = new URL(postgres.connectionString);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    // The local cluster trusts its users; the production config needs some value all the same.
    password: decodeURIComponent(url.password) || 'unused-with-trust-auth',
  };
}

/**
 * The configuration file only the caller adds to the production configuration, in `dir`: the
 * port, databases of its own (`prefix`), and whatever `extra` YAML lines it needs. Returns its
 * file name.
 */
export function writeCallerConfig({ dir, name, port, prefix, extra = [] }) {
  const file = `app-config.${name}.yaml`;
  fs.writeFileSync(
    path.join(dir, file),
    [
      'backend:',
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '  database:',
      `    prefix: ${prefix}`,
      ...extra,
      '',
    ].join('\n'),
  );
  return file;
}

/** The environment the production configuration reads, and nothing else of ours. */
export function productionEnvironment({
  baseUrl,
  connection,
  auditKey,
  extra,
}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: os.tmpdir(),
    LANG: process.env.LANG ?? 'C.UTF-8',
    NODE_ENV: 'production',
    APP_BASE_URL: baseUrl,
    BACKEND_BASE_URL: baseUrl,
    POSTGRES_HOST: connection.host,
    POSTGRES_PORT: String(connection.port),
    POSTGRES_USER: connection.user,
    POSTGRES_PASSWORD: connection.password,
    SOCIAL_MEDIA_AUDIT_CHECKPOINT_KEY: auditKey,
    ...extra,
  };
}

/**
 * `command` as a child process whose exit we notice (`exited`), its output going to `logFile`;
 * `options` as for `spawn`, but for stdio.
 */
export function spawnLogged(command, args, { logFile, ...options }) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise(resolve =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

/** Whether `exited` (of `spawnLogged`) settles within `ms` milliseconds. */
export async function exitsWithin(exited, ms) {
  const stopped = await Promise.race([exited, sleep(ms).then(() => undefined)]);
  return Boolean(stopped);
}

/**
 * The built backend in `dir` with app-config.yaml, app-config.production.yaml and the caller's
 * `configs`, as a child process whose exit we notice; its output goes to `logFile`.
 */
export function startBuiltBackend({ dir, env, logFile, configs, log }) {
  const { child, exited } = spawnLogged(
    process.execPath,
    [
      'packages/backend',
      ...['app-config.yaml', 'app-config.production.yaml', ...configs].flatMap(
        file => ['--config', file],
      ),
    ],
    { cwd: dir, env, logFile },
  );
  return {
    child,
    exited,
    logFile,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    /**
     * SIGTERM, as a deployment stops it; SIGKILL when it has not exited within
     * LIMITS.shutdown. Resolves to how long it took and whether it had to be killed.
     */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return { seconds: 0, killed: false };
      }
      const stopping = Date.now();
      child.kill('SIGTERM');
      if (!(await exitsWithin(exited, LIMITS.shutdown))) {
        log(
          `the backend was still finishing requests ${
            LIMITS.shutdown / 1000
          } s after SIGTERM; stopped with SIGKILL`,
        );
        child.kill('SIGKILL');
        await exited;
        return { seconds: (Date.now() - stopping) / 1000, killed: true };
      }
      const seconds = (Date.now() - stopping) / 1000;
      log(`the backend stopped ${seconds.toFixed(1)} s after SIGTERM`);
      return { seconds, killed: false };
    },
  };
}

/** Waits until the backend's readiness answers 200; throws when it exits or takes too long. */
export async function waitForReadiness(baseUrl, backend) {
  const deadline = Date.now() + LIMITS.readiness;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (backend.child.exitCode !== null || backend.child.signalCode !== null) {
      throw new Error(
        `the backend exited during start-up (${
          backend.child.signalCode ?? `exit code ${backend.child.exitCode}`
        }); see ${path.relative(root, backend.logFile)}`,
      );
    }
    try {
      const { status } = await request(
        `${baseUrl}/.backstage/health/v1/readiness`,
      );
      if (status === 200) return;
      last = `HTTP ${status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(500);
  }
  throw new Error(
    `the backend was not ready within ${
      LIMITS.readiness / 1000
    } s (last answer: ${last})`,
  );
}

/** Every database of a run: the backend makes one per plugin, named with the prefix. */
export async function dropDatabases(connection, prefix) {
  const { Client } = require('pg');
  const client = new Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(
        `DROP DATABASE IF EXISTS ${client.escapeIdentifier(
          datname,
        )} WITH (FORCE)`,
      );
    }
    return rows.length;
  } finally {
    await client.end();
  }
}
