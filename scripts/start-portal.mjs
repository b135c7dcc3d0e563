// Starts the portal: the app at http://localhost:3000 and the backend at http://localhost:7007.
//
//   node scripts/start-portal.mjs          local use; SQLite files under data/sqlite survive restarts
//   node scripts/start-portal.mjs --e2e    end-to-end tests; a fresh SQLite folder under data/e2e
//
// Run through `npm start` / `yarn start`, which set up the toolchain first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const e2e = process.argv.includes('--e2e');

const configs = [path.join(root, 'app-config.yaml')];
if (e2e) {
  fs.rmSync(path.join(root, 'data', 'e2e'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'data', 'e2e', 'sqlite'), { recursive: true });
  configs.push(path.join(root, 'e2e-tests', 'app-config.e2e.yaml'));
} else {
  fs.mkdirSync(path.join(root, 'data', 'sqlite'), { recursive: true });
  const local = path.join(root, 'app-config.local.yaml');
  if (fs.existsSync(local)) configs.push(local);
}

const cli = path.join(root, 'node_modules', '.bin', 'backstage-cli');
const child = spawn(
  cli,
  ['repo', 'start', ...configs.flatMap(c => ['--config', c])],
  {
    cwd: root,
    // In e2e runs the output is also kept in data/e2e/portal.log, where a test checks that the
    // backend started without plugin errors.
    stdio: e2e ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, BROWSER: 'none' },
  },
);
if (e2e) {
  const logFile = fs.createWriteStream(
    path.join(root, 'data', 'e2e', 'portal.log'),
  );
  child.stdout.on('data', chunk => {
    process.stdout.write(chunk);
    logFile.write(chunk);
  });
  child.stderr.on('data', chunk => {
    process.stderr.write(chunk);
    logFile.write(chunk);
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
