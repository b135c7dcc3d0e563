// The plugins as a portal administrator installs them into an existing Backstage portal: every
// plugin package built (`backstage-cli package build`) and packed (`yarn pack`, which runs
// `backstage-cli package prepack`) into a folder outside the repository, a minimal Backstage app
// made there at the release of backstage.json (a backend on @backstage/backend-defaults with the
// catalog, auth, events, notifications and permission backends and the allow-all policy, as a
// freshly created app has them, and a frontend app on the new frontend system), and the tarballs
// installed into it by the steps of the README's "Installing the plugins into an existing Backstage
// portal", read from the README itself. Then the app's backend is started on an in-memory SQLite
// database and checked: the catalogue API, the permission policy (a guest is refused what only
// administrators may do), a service created through the API in the catalog's projection, the
// Catalogue status, and the Social media page of the built app in Chromium.
//
//   node scripts/fresh-portal-check.mjs               build the plugins, then check
//   node scripts/fresh-portal-check.mjs --skip-build  pack the plugins' current dist folders
//   node scripts/fresh-portal-check.mjs --keep        keep the temporary portal (its path is printed)
//   node scripts/fresh-portal-check.mjs --tarballs <dir>  also copy the tarballs into <dir>
//
// Run by `npm test` (scripts/test-all.mjs, step `portal`). The backend's logs, the tarballs' manifests
// and a screenshot of the page are kept in reports/fresh-portal-check/.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  exitsWithin,
  freePort,
  LIMITS as BUILD_LIMITS,
  request,
  root,
  runOrThrow,
  spawnLogged,
  waitForReadiness,
  yarnCommand,
  yarnEnvironment,
} from './productionBuild.mjs';
import { createCheckRun, runChecks } from './checkRun.mjs';

const require = createRequire(path.join(root, 'package.json'));
const reportDir = path.join(root, 'reports', 'fresh-portal-check');
const skipBuild = process.argv.includes('--skip-build');
const keep = process.argv.includes('--keep');
const tarballsArg = process.argv.indexOf('--tarballs');
const tarballsOut =
  tarballsArg > 0 && process.argv[tarballsArg + 1]
    ? path.resolve(process.argv[tarballsArg + 1])
    : undefined;

/** Upper bounds of every wait, in milliseconds. */
const LIMITS = {
  ...BUILD_LIMITS,
  // The portal's development backend holds nothing worth a graceful stop.
  shutdown: 5_000,
  typeCheck: 10 * 60_000,
  packageBuild: 5 * 60_000,
  pack: 2 * 60_000,
  appBuild: 10 * 60_000,
  projection: 60_000,
  page: 60_000,
};

const run = createCheckRun('portal');
const { log, timed, check } = run;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------
// The release: backstage.json names it; this repository's lockfile holds its packages' versions.

const release = readJson(path.join(root, 'backstage.json')).version;
const lockfile = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');

/** The version the lockfile resolved `name` to (the highest, when several). */
function lockedVersion(name) {
  const versions = [];
  for (const block of lockfile.split('\n\n')) {
    const [header] = block.split('\n');
    const names = header
      .replace(/:$/, '')
      .split(', ')
      .map(d => d.replace(/^"|"$/g, ''))
      .map(d => d.slice(0, d.indexOf('@', 1)));
    if (!names.includes(name)) continue;
    const match = /\n {2}version: "?([^"\n]+)"?/.exec(block);
    if (match && !match[1].includes('use.local')) versions.push(match[1]);
  }
  if (versions.length === 0) {
    throw new Error(`${name} is not in yarn.lock`);
  }
  return versions.sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  )[versions.length - 1];
}

/**
 * Packages of the release a freshly created portal has that this repository does not use: their
 * versions as published with it.
 */
const NOT_IN_LOCKFILE = {
  '@backstage/plugin-permission-backend-module-allow-all-policy': '0.2.25',
};
const releaseVersion = name => NOT_IN_LOCKFILE[name] ?? lockedVersion(name);

// ---------------------------------------------------------------------------------------------
// The README's steps.

/** The README's section on installing into an existing portal. */
function installSection() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(
    '## Installing the plugins into an existing Backstage portal',
  );
  if (start < 0) {
    throw new Error(
      'README.md has no section "Installing the plugins into an existing Backstage portal"',
    );
  }
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
}

function codeBlocks(markdown, language) {
  const blocks = [];
  const fence = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g');
  for (let match; (match = fence.exec(markdown)); ) blocks.push(match[1]);
  return blocks;
}

/**
 * The README's steps: the packages each `yarn --cwd <workspace> add` adds, the features the
 * backend's index.ts adds and the ones it replaces, the frontend plugin's import.
 */
function readmeSteps() {
  const section = installSection();
  const adds = {};
  for (const block of codeBlocks(section, 'sh')) {
    const command = block.replace(/\\\n\s*/g, ' ');
    for (const line of command.split('\n')) {
      const match = /^yarn --cwd (packages\/\w+) add (.+)$/.exec(line.trim());
      if (match) {
        adds[match[1]] = [
          ...(adds[match[1]] ?? []),
          ...match[2].trim().split(/\s+/),
        ];
      }
    }
  }
  const backendAdds = [];
  const backendRemoves = [];
  let appImport;
  for (const block of codeBlocks(section, 'ts')) {
    if (block.includes('// packages/backend/src/index.ts')) {
      for (const line of block.split('\n')) {
        const replaced = /\/\/ instead of: (backend\.add\(.*\);)/.exec(line);
        if (replaced) backendRemoves.push(replaced[1]);
      }
      const code = block.replace(/^\s*\/\/.*$/gm, '');
      for (const match of code.matchAll(
        /backend\.add\(\s*import\(\s*'([^']+)'\s*,?\s*\)\s*,?\s*\);/g,
      )) {
        backendAdds.push(match[1]);
      }
    }
    if (block.includes('// packages/app/src/App.tsx') && !appImport) {
      const match = /import (\w+) from '(@internal\/[^']+)';/.exec(block);
      if (match) appImport = { name: match[1], from: match[2] };
    }
  }
  if (!adds['packages/backend'] || !adds['packages/app']) {
    throw new Error(
      'the README gives no `yarn --cwd packages/backend add` or `yarn --cwd packages/app add`',
    );
  }
  if (backendAdds.length === 0 || !appImport) {
    throw new Error(
      'the README shows no backend.add(import(...)) for packages/backend/src/index.ts or no ' +
        'plugin import for packages/app/src/App.tsx',
    );
  }
  return { adds, backendAdds, backendRemoves, appImport };
}

// ---------------------------------------------------------------------------------------------
// The plugin packages: built, packed, and their tarballs inspected.

function pluginDirs() {
  return fs
    .readdirSync(path.join(root, 'plugins'))
    .map(name => path.join(root, 'plugins', name))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .sort();
}

/** npm's tarball name: `@internal/plugin-x` 0.1.0 → internal-plugin-x-0.1.0.tgz. */
const tarballName = (name, version) =>
  `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}.tgz`;

/** Type declarations of every package, into dist-types (what `backstage-cli package build` reads). */
function buildTypes() {
  log('type declarations (tsc at the root, into dist-types)');
  runOrThrow(
    process.execPath,
    [path.join(root, 'node_modules/.bin/tsc'), '--incremental', 'false'],
    { cwd: root, timeout: LIMITS.typeCheck },
  );
}

/**
 * Every plugin built (unless --skip-build) and at once packed (`yarn pack`) into `outDir`; returns
 * { name: { file, version, dir } }.
 */
function buildAndPackPlugins(outDir) {
  const yarn = yarnCommand();
  const packed = {};
  for (const dir of pluginDirs()) {
    const { name, version } = readJson(path.join(dir, 'package.json'));
    const file = path.join(outDir, tarballName(name, version));
    if (!skipBuild) {
      log(`building ${name}`);
      runOrThrow(
        process.execPath,
        [
          path.join(root, 'node_modules/.bin/backstage-cli'),
          'package',
          'build',
        ],
        {
          cwd: dir,
          timeout: LIMITS.packageBuild,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    }
    log(`packing ${name}`);
    try {
      runOrThrow(yarn[0], [...yarn.slice(1), 'pack', '--out', file], {
        cwd: dir,
        env: yarnEnvironment(),
        timeout: LIMITS.pack,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } finally {
      // `yarn pack` runs the postpack script, which puts the package.json back; an interrupted
      // pack leaves the rewritten one behind, with the original beside it.
      const backup = path.join(dir, 'package.json-prepack');
      if (fs.existsSync(backup)) {
        fs.renameSync(backup, path.join(dir, 'package.json'));
      }
    }
    packed[name] = { file, version, dir };
  }
  return packed;
}

const tarList = file =>
  spawnSync('tar', ['tzf', file], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(entry => entry.replace(/^package\//, ''));

const tarManifest = file =>
  JSON.parse(
    spawnSync('tar', ['xzf', file, '-O', 'package/package.json'], {
      encoding: 'utf8',
    }).stdout,
  );

/** Every file an entry of `exports` (or main, types, module) points to. */
function entryTargets(manifest) {
  const targets = new Set();
  const walk = value => {
    if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
    else if (value && typeof value === 'object') {
      // `backstage` names the kind of feature an entry point exports, not a file.
      Object.entries(value)
        .filter(([key]) => key !== 'backstage')
        .forEach(([, target]) => walk(target));
    }
  };
  walk(manifest.exports);
  for (const key of ['main', 'types', 'module']) walk(manifest[key]);
  targets.delete('package.json');
  return [...targets];
}

/** What a portal installs: the tarball's package.json and files, against the release. */
function inspectTarball(name, { file, dir }) {
  const files = tarList(file);
  const manifest = tarManifest(file);
  const source = readJson(path.join(dir, 'package.json'));
  fs.writeFileSync(
    path.join(reportDir, 'manifests', `${path.basename(file, '.tgz')}.json`),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  const problems = [];
  for (const target of entryTargets(manifest)) {
    if (!target.startsWith('dist/')) {
      problems.push(`${target} is outside dist`);
    } else if (!files.includes(target)) {
      problems.push(`${target} is not in the tarball`);
    }
  }
  if (!files.some(f => f.startsWith('dist/'))) problems.push('no dist');
  if (source.configSchema) {
    // The prepack step compiles config.d.ts into the JSON schema Backstage reads.
    if (!manifest.configSchema || !files.includes(manifest.configSchema)) {
      problems.push(`its configuration schema is missing`);
    }
  }
  if (fs.existsSync(path.join(dir, 'migrations'))) {
    const migrations = fs
      .readdirSync(path.join(dir, 'migrations'))
      .filter(f => f.endsWith('.js'));
    const missing = migrations.filter(m => !files.includes(`migrations/${m}`));
    if (missing.length) {
      problems.push(`migrations missing: ${missing.join(', ')}`);
    }
  }
  for (const [dep, range] of Object.entries({
    ...manifest.dependencies,
    ...manifest.peerDependencies,
  })) {
    if (/^(workspace|link|portal|file):/.test(range)) {
      problems.push(`${dep} has the range ${range}`);
    }
    if (dep.startsWith('@backstage/') && manifest.dependencies?.[dep]) {
      const expected = `^${lockedVersion(dep)}`;
      if (range !== expected) {
        problems.push(
          `${dep} is ${range}, not ${expected} (its version in ${release})`,
        );
      }
    }
  }
  if (manifest.backstage?.role === 'frontend-plugin') {
    // As Backstage's own frontend plugins of the release declare them.
    const reference = require('@backstage/plugin-catalog/package.json');
    const expected = JSON.stringify(reference.peerDependencies);
    if (JSON.stringify(manifest.peerDependencies) !== expected) {
      problems.push(
        `peerDependencies ${JSON.stringify(
          manifest.peerDependencies,
        )}, not ${expected} as @backstage/plugin-catalog ${reference.version}`,
      );
    }
  }
  check(
    problems.length === 0,
    `${path.basename(file)}: ${
      problems.length ? problems.join('; ') : 'dist, entry points and ranges'
    }`,
  );
}

// ---------------------------------------------------------------------------------------------
// The fresh portal.

/** A minimal Backstage app of the release, as `@backstage/create-app` lays one out. */
function createPortal(dir, { port }) {
  const v = releaseVersion;
  const dep = (...names) =>
    Object.fromEntries(names.map(name => [name, `^${v(name)}`]));
  writeJson(path.join(dir, 'package.json'), {
    name: 'fresh-portal',
    version: '1.0.0',
    private: true,
    engines: { node: '22 || 24' },
    workspaces: { packages: ['packages/*'] },
    scripts: { start: 'backstage-cli repo start' },
    devDependencies: {
      ...dep('@backstage/cli', '@backstage/cli-defaults', 'typescript'),
      ...dep('@types/react', '@types/react-dom', '@types/node'),
    },
    packageManager: readJson(path.join(root, 'package.json')).packageManager,
  });
  writeJson(path.join(dir, 'backstage.json'), { version: release });
  // As a created app's: the portal's own code is type-checked against the packages' types.
  writeJson(path.join(dir, 'tsconfig.json'), {
    extends: '@backstage/cli/config/tsconfig.json',
    include: ['packages/*/src'],
    exclude: ['node_modules'],
    compilerOptions: {
      outDir: 'dist-types',
      rootDir: '.',
      jsx: 'react-jsx',
      types: ['node'],
    },
  });
  // No registry here: Yarn takes the environment's (YARN_NPM_REGISTRY_SERVER).
  fs.writeFileSync(
    path.join(dir, '.yarnrc.yml'),
    'nodeLinker: node-modules\nenableTelemetry: false\n',
  );

  const backend = path.join(dir, 'packages', 'backend');
  fs.mkdirSync(path.join(backend, 'src'), { recursive: true });
  writeJson(path.join(backend, 'package.json'), {
    name: 'backend',
    version: '0.0.0',
    main: 'dist/index.cjs.js',
    types: 'src/index.ts',
    private: true,
    backstage: { role: 'backend' },
    scripts: { start: 'backstage-cli package start' },
    dependencies: {
      ...dep(
        '@backstage/backend-defaults',
        '@backstage/plugin-app-backend',
        '@backstage/plugin-auth-backend',
        '@backstage/plugin-auth-backend-module-guest-provider',
        '@backstage/plugin-catalog-backend',
        '@backstage/plugin-events-backend',
        '@backstage/plugin-notifications-backend',
        '@backstage/plugin-permission-backend',
        '@backstage/plugin-permission-backend-module-allow-all-policy',
        '@backstage/plugin-signals-backend',
        'better-sqlite3',
      ),
      app: 'link:../app',
    },
    devDependencies: dep('@backstage/cli'),
  });
  fs.writeFileSync(
    path.join(backend, 'src', 'index.ts'),
    [
      "import { createBackend } from '@backstage/backend-defaults';",
      '',
      'const backend = createBackend();',
      '',
      "backend.add(import('@backstage/plugin-app-backend'));",
      "backend.add(import('@backstage/plugin-auth-backend'));",
      "backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));",
      "backend.add(import('@backstage/plugin-catalog-backend'));",
      "backend.add(import('@backstage/plugin-events-backend'));",
      "backend.add(import('@backstage/plugin-notifications-backend'));",
      "backend.add(import('@backstage/plugin-signals-backend'));",
      "backend.add(import('@backstage/plugin-permission-backend'));",
      "backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));",
      '',
      'backend.start();',
      '',
    ].join('\n'),
  );

  const app = path.join(dir, 'packages', 'app');
  fs.mkdirSync(path.join(app, 'src'), { recursive: true });
  fs.mkdirSync(path.join(app, 'public'), { recursive: true });
  writeJson(path.join(app, 'package.json'), {
    name: 'app',
    version: '0.0.0',
    private: true,
    bundled: true,
    backstage: { role: 'frontend' },
    scripts: { build: 'backstage-cli package build' },
    dependencies: {
      ...dep(
        '@backstage/cli',
        '@backstage/core-components',
        '@backstage/frontend-defaults',
        '@backstage/frontend-plugin-api',
        '@backstage/plugin-app-react',
        '@backstage/plugin-catalog',
        'react',
        'react-dom',
        'react-router',
        'react-router-dom',
      ),
    },
    browserslist: {
      production: ['>0.2%', 'not dead', 'not op_mini all'],
      development: ['last 1 chrome version'],
    },
  });
  fs.writeFileSync(
    path.join(app, 'public', 'index.html'),
    [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '  <head>',
      '    <meta charset="utf-8" />',
      "    <title><%= config.getString('app.title') %></title>",
      '  </head>',
      '  <body>',
      '    <div id="root"></div>',
      '  </body>',
      '</html>',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(app, 'src', 'index.tsx'),
    [
      "import ReactDOM from 'react-dom/client';",
      "import App from './App';",
      '',
      "ReactDOM.createRoot(document.getElementById('root')!).render(App.createRoot());",
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(app, 'src', 'App.tsx'),
    [
      "import catalogPlugin from '@backstage/plugin-catalog/alpha';",
      "import { SignInPage } from '@backstage/core-components';",
      "import { createApp } from '@backstage/frontend-defaults';",
      "import { createFrontendModule } from '@backstage/frontend-plugin-api';",
      "import { SignInPageBlueprint } from '@backstage/plugin-app-react';",
      '',
      'const signInPage = SignInPageBlueprint.make({',
      '  params: {',
      '    loader: async () => props => (',
      "      <SignInPage {...props} providers={['guest']} />",
      '    ),',
      '  },',
      '});',
      '',
      'export default createApp({',
      '  features: [',
      '    catalogPlugin,',
      "    createFrontendModule({ pluginId: 'app', extensions: [signInPage] }),",
      '  ],',
      '});',
      '',
    ].join('\n'),
  );

  // The organisation the catalog knows: the owning group and the service owner of the service
  // the check creates, and the group that administers the catalogue.
  fs.writeFileSync(
    path.join(dir, 'org.yaml'),
    [
      ['Group', 'marketing', { type: 'team', children: [] }],
      ['Group', 'portal-admins', { type: 'team', children: [] }],
      [
        'User',
        'marketing-lead',
        { profile: { displayName: 'Marketing lead' }, memberOf: ['marketing'] },
      ],
    ]
      .map(([kind, name, spec]) =>
        JSON.stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind,
          metadata: { name },
          spec,
        }),
      )
      .join('\n---\n'),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.writeFileSync(
    path.join(dir, 'app-config.yaml'),
    [
      'app:',
      '  title: Fresh portal',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '  database:',
      '    client: better-sqlite3',
      "    connection: ':memory:'",
      '  auth:',
      '    externalAccess:',
      '      - type: static',
      '        options:',
      '          token: ${FRESH_PORTAL_TOKEN}',
      '          subject: fresh-portal-check',
      'auth:',
      '  environment: development',
      '  providers:',
      '    guest: {}',
      'permission:',
      '  enabled: true',
      'catalog:',
      '  rules:',
      '    - allow: [Component, System, API, Resource, Location, Group, User]',
      '  locations:',
      '    - type: file',
      `      target: ${path.join(dir, 'org.yaml')}`,
      'socialMedia:',
      '  permissions:',
      '    administrators: [group:default/portal-admins]',
      '',
    ].join('\n'),
  );
  // The check's second start makes the guest an administrator, to create a service.
  fs.writeFileSync(
    path.join(dir, 'app-config.guest-admin.yaml'),
    [
      'socialMedia:',
      '  permissions:',
      '    administrators: [user:development/guest]',
      '',
    ].join('\n'),
  );
  return baseUrl;
}

/** The README's steps, with the tarballs where it names the packages. */
function installPlugins(dir, packed, steps) {
  const yarn = yarnCommand();
  const env = {
    ...yarnEnvironment(),
    // A fresh portal has no lockfile yet.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
  // The README: the shared libraries the plugins depend on come from their tarballs too.
  const manifest = readJson(path.join(dir, 'package.json'));
  manifest.resolutions = Object.fromEntries(
    Object.entries(packed).map(([name, { file }]) => [
      name,
      `file:./${path.relative(dir, file)}`,
    ]),
  );
  writeJson(path.join(dir, 'package.json'), manifest);
  for (const [workspace, names] of Object.entries(steps.adds)) {
    const tarballs = names.map(name => {
      if (packed[name]) {
        return path.relative(path.join(dir, workspace), packed[name].file);
      }
      // A package of the Backstage release the README has the portal add (e.g. the MCP
      // actions backend): from the registry, at the version this repository runs.
      if (name.startsWith('@backstage/')) {
        return `${name}@${releaseVersion(name)}`;
      }
      throw new Error(
        `the README adds ${name}, which is neither a plugin here nor a Backstage package`,
      );
    });
    log(`yarn --cwd ${workspace} add ${tarballs.join(' ')}`);
    const add = () =>
      runOrThrow(
        yarn[0],
        [...yarn.slice(1), '--cwd', workspace, 'add', ...tarballs],
        {
          cwd: dir,
          env,
          timeout: LIMITS.install,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    // The fresh portal resolves its packages anew, from the registry: one failed fetch there
    // is tried again once (as an administrator would), and the first error is kept in the log.
    try {
      add();
    } catch (error) {
      log(`the install failed once, trying again: ${error.message}`);
      add();
    }
  }

  const indexFile = path.join(dir, 'packages', 'backend', 'src', 'index.ts');
  let index = fs.readFileSync(indexFile, 'utf8');
  for (const removed of steps.backendRemoves) {
    if (!index.includes(removed)) {
      throw new Error(
        `the README replaces ${removed}, which a fresh app lacks`,
      );
    }
    index = index.replace(`${removed}\n`, '');
  }
  const added = steps.backendAdds
    .filter(name => !index.includes(`import('${name}')`))
    .map(name => `backend.add(import('${name}'));\n`)
    .join('');
  index = index.replace('\nbackend.start();', `${added}\nbackend.start();`);
  fs.writeFileSync(indexFile, index);

  const appFile = path.join(dir, 'packages', 'app', 'src', 'App.tsx');
  const { name, from } = steps.appImport;
  fs.writeFileSync(
    appFile,
    `import ${name} from '${from}';\n${fs
      .readFileSync(appFile, 'utf8')
      .replace('  features: [\n', `  features: [\n    ${name},\n`)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The portal's backend, as `yarn start` in packages/backend runs it.

function startPortalBackend({ dir, env, logFile, configs }) {
  const { child, exited } = spawnLogged(
    process.execPath,
    [
      path.join(dir, 'node_modules', '.bin', 'backstage-cli'),
      'package',
      'start',
      ...configs.flatMap(file => ['--config', path.join(dir, file)]),
    ],
    {
      cwd: path.join(dir, 'packages', 'backend'),
      env,
      logFile,
      // The CLI runs the backend as a child of its own: both are stopped as a group.
      detached: true,
    },
  );
  const signalGroup = signal => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        if (!(await exitsWithin(exited, LIMITS.shutdown))) {
          log('the backend did not stop on SIGTERM; SIGKILL');
        }
      }
      // The backend the CLI started may outlive it.
      signalGroup('SIGKILL');
    },
  };
}

/** Polls `condition` every half second until it holds; throws after LIMITS.projection. */
async function waitFor(what, condition) {
  const deadline = Date.now() + LIMITS.projection;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(500);
  }
  throw new Error(
    `timed out after ${LIMITS.projection / 1000} s waiting for ${what}`,
  );
}

/** A guest's Backstage token, as the app's sign-in page gets it. */
async function guestToken(baseUrl) {
  const { status, text } = await request(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (status !== 200) {
    throw new Error(`the guest sign-in answered HTTP ${status}: ${text}`);
  }
  return JSON.parse(text).backstageIdentity.token;
}

function logProblems(logFile) {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(line => /\b(error|warn)\b/i.test(line))
    .filter(line => /social-media|socialMedia|social_media/i.test(line));
}

async function checkPage({ appUrl, serviceName, screenshot }) {
  await run.checkPage(
    { appUrl, viewport: { width: 1280, height: 900 }, timeout: LIMITS.page },
    async page => {
      try {
        await checkSocialMediaPage(page, serviceName);
      } finally {
        await page.screenshot({ path: screenshot, fullPage: true });
        log(`screenshot: ${path.relative(root, screenshot)}`);
      }
    },
  );
}

/** The guest signs in; the Social media page lists the service and says where data is kept. */
async function checkSocialMediaPage(page, serviceName) {
  {
    await page.getByRole('button', { name: 'Enter' }).click();
    const row = page.getByRole('link', { name: serviceName }).first();
    await row.waitFor({ state: 'visible' });
    check(
      true,
      `the Social media page of the built app lists "${serviceName}" in Chromium`,
    );
    const status = page.getByText('Catalogue status').first();
    await status.waitFor({ state: 'visible' });
    const memory = page.getByText(/memory/i).first();
    check(
      await memory.isVisible(),
      'the Catalogue status says the data is kept in memory',
    );
  }
}

async function main() {
  fs.rmSync(reportDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(reportDir, 'manifests'), { recursive: true });
  const steps = readmeSteps();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-media-portal-'));
  const tarballDir = path.join(dir, 'social-media-plugins');
  fs.mkdirSync(tarballDir);
  let backend;
  let cleaning;
  run.cleanUp = () => {
    cleaning ??= (async () => {
      if (backend) await backend.stop();
      if (keep) log(`kept ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    })();
    return cleaning;
  };

  try {
    if (!skipBuild) await timed('type declarations (tsc)', buildTypes);
    const packed = await timed(
      'build and pack (backstage-cli package build, yarn pack)',
      () => buildAndPackPlugins(tarballDir),
    );
    for (const [name, entry] of Object.entries(packed)) {
      inspectTarball(name, entry);
    }
    if (tarballsOut) {
      fs.mkdirSync(tarballsOut, { recursive: true });
      for (const { file } of Object.values(packed)) {
        fs.copyFileSync(file, path.join(tarballsOut, path.basename(file)));
      }
      log(`tarballs copied to ${tarballsOut}`);
    }

    const port = await freePort();
    const baseUrl = createPortal(dir, { port });
    log(`a fresh portal of Backstage ${release} in ${dir}`);
    await timed('install (the README steps with yarn add)', () =>
      installPlugins(dir, packed, steps),
    );
    check(true, 'the README’s install steps ran with the tarballs');

    await timed('type check of the portal (tsc)', () => {
      log('type-checking the portal (tsc): its index.ts and App.tsx');
      const result = spawnSync(
        process.execPath,
        [path.join(dir, 'node_modules/.bin/tsc'), '--noEmit'],
        { cwd: dir, encoding: 'utf8', timeout: LIMITS.typeCheck },
      );
      check(
        result.status === 0,
        `the portal's code type-checks against the packages' types${
          result.status === 0 ? '' : `:\n${result.stdout.slice(0, 2000)}`
        }`,
      );
    });

    await timed('app build (backstage-cli package build)', () => {
      log('building the app');
      runOrThrow(
        process.execPath,
        [path.join(dir, 'node_modules/.bin/backstage-cli'), 'package', 'build'],
        {
          cwd: path.join(dir, 'packages', 'app'),
          timeout: LIMITS.appBuild,
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    });

    const token = crypto.randomBytes(24).toString('base64url');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: os.tmpdir(),
      LANG: process.env.LANG ?? 'C.UTF-8',
      NODE_ENV: 'development',
      FRESH_PORTAL_TOKEN: token,
    };
    const auth = t => ({ Authorization: `Bearer ${t}` });
    const api = `${baseUrl}/api/social-media`;

    // First start: the portal as the README configures it; the guest is no administrator.
    await timed('start 1 until ready', async () => {
      log(`starting the portal's backend at ${baseUrl} (SQLite in memory)`);
      backend = startPortalBackend({
        dir,
        env,
        logFile: path.join(reportDir, 'backend-1.log'),
        configs: ['app-config.yaml'],
      });
      await waitForReadiness(baseUrl, backend);
    });
    await timed('API and permission checks', async () => {
      const guest = await guestToken(baseUrl);
      const list = await request(`${api}/services`, { headers: auth(guest) });
      check(
        list.status === 200 && JSON.parse(list.text).totalCount === 0,
        `GET /api/social-media/services as a guest answers 200 with no services (HTTP ${list.status})`,
      );
      const byService = await request(`${api}/services`, {
        headers: auth(token),
      });
      check(
        byService.status === 200,
        `... and 200 with the portal's static token (HTTP ${byService.status})`,
      );
      const anonymous = await request(`${api}/services`);
      check(
        anonymous.status === 401,
        `... and 401 without credentials (HTTP ${anonymous.status})`,
      );
      const create = await request(`${api}/services`, {
        method: 'POST',
        headers: { ...auth(guest), 'Content-Type': 'application/json' },
        body: JSON.stringify(SERVICE),
      });
      check(
        create.status === 403,
        `a guest may not create a service (administrators only): HTTP ${create.status}`,
      );
      const status = await request(`${api}/status`, { headers: auth(guest) });
      check(
        status.status === 403,
        `... nor read the Catalogue status: HTTP ${status.status}`,
      );
    });
    await backend.stop();
    backend = undefined;

    // Second start: the guest administers the catalogue.
    await timed('start 2 until ready', async () => {
      backend = startPortalBackend({
        dir,
        env,
        logFile: path.join(reportDir, 'backend-2.log'),
        configs: ['app-config.yaml', 'app-config.guest-admin.yaml'],
      });
      await waitForReadiness(baseUrl, backend);
    });
    let serviceId;
    await timed('create and catalog projection', async () => {
      const guest = await guestToken(baseUrl);
      // The owning group and the service owner must be in the catalog: it reads org.yaml
      // shortly after the start.
      await waitFor(
        `the catalog to read org.yaml`,
        async () =>
          (
            await request(
              `${baseUrl}/api/catalog/entities/by-name/user/default/marketing-lead`,
              { headers: auth(guest) },
            )
          ).status === 200,
      );
      const create = await request(`${api}/services`, {
        method: 'POST',
        headers: { ...auth(guest), 'Content-Type': 'application/json' },
        body: JSON.stringify(SERVICE),
      });
      serviceId = create.status === 201 ? JSON.parse(create.text).id : '';
      check(
        create.status === 201,
        `an administrator creates a service through the API: HTTP ${
          create.status
        } ${create.status === 201 ? serviceId : create.text.slice(0, 300)}`,
      );
      let entity;
      if (serviceId) {
        await waitFor('the service in the catalog', async () => {
          const found = await request(
            `${baseUrl}/api/catalog/entities/by-name/component/default/${serviceId}`,
            { headers: auth(guest) },
          );
          if (found.status === 200) entity = JSON.parse(found.text);
          return Boolean(entity);
        }).catch(() => undefined);
      }
      check(
        entity?.spec?.type === 'social-media' &&
          entity?.spec?.owner === 'group:default/marketing',
        `the catalog lists it as a social-media Component owned by its group (${
          entity ? `spec ${JSON.stringify(entity.spec)}` : 'not found'
        })`,
      );
      const status = await request(`${api}/status`, { headers: auth(guest) });
      const body = status.status === 200 ? JSON.parse(status.text) : {};
      check(
        status.status === 200 && /memory/i.test(JSON.stringify(body.database)),
        `GET /status says the database lives in memory (${JSON.stringify(
          body.database,
        )})`,
      );
    });
    await timed('page in Chromium', () =>
      checkPage({
        appUrl: `${baseUrl}/social-media`,
        serviceName: SERVICE.name,
        screenshot: path.join(reportDir, 'social-media-page.png'),
      }),
    );
    for (const file of ['backend-1.log', 'backend-2.log']) {
      const problems = logProblems(path.join(reportDir, file));
      check(
        problems.length === 0,
        `${file}: no errors or warnings of the social media plugins${
          problems.length ? ` (${problems[0].slice(0, 400)})` : ''
        }`,
      );
    }
  } finally {
    await timed('stop and clean up', run.cleanUp);
  }
}

/** The service the check creates (its owning group and owner are in org.yaml). */
const SERVICE = {
  name: 'Fresh portal Instagram',
  platform: 'instagram',
  handle: 'freshportal',
  profileUrl: 'https://www.instagram.com/freshportal',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'marketing',
  serviceOwner: 'user:default/marketing-lead',
  audienceSize: 1000,
  tags: ['brand'],
};

// A stopped run still stops the backend and removes its folder.
await runChecks(run, main, {
  reportDir,
  interrupted: 'stopping the backend and removing the portal',
  passedMessage: 'the plugins installed into a fresh portal passed every check',
});
