/*
 * Guards for the dependency set the portal runs on. Mixed Backstage releases crash the backend at
 * start (e.g. `httpRouter.addWebSocketHandler is not a function`), and better-sqlite3 12 aborts a
 * Node 24 process when a prepared statement is garbage-collected.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

/** Every installed copy of each @backstage/* package, wherever it sits in node_modules. */
function installedBackstageVersions(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (nodeModules: string, depth: number) => {
    if (depth > 6 || !fs.existsSync(nodeModules)) return;
    for (const entry of fs.readdirSync(nodeModules)) {
      if (entry.startsWith('.')) continue;
      const names = entry.startsWith('@')
        ? fs
            .readdirSync(path.join(nodeModules, entry))
            .map(n => `${entry}/${n}`)
        : [entry];
      for (const name of names) {
        const dir = path.join(nodeModules, name);
        if (name.startsWith('@backstage/')) {
          const manifest = path.join(dir, 'package.json');
          if (fs.existsSync(manifest)) {
            const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
            if (!found.has(name)) found.set(name, new Set());
            found.get(name)!.add(version);
          }
        }
        visit(path.join(dir, 'node_modules'), depth + 1);
      }
    }
  };
  visit(path.join(repoRoot, 'node_modules'), 0);
  for (const group of ['packages', 'plugins']) {
    for (const name of fs.readdirSync(path.join(repoRoot, group))) {
      visit(path.join(repoRoot, group, name, 'node_modules'), 1);
    }
  }
  return found;
}

describe('dependency set', () => {
  it('resolves every @backstage/* package to exactly one version', () => {
    const versions = installedBackstageVersions();
    expect(versions.size).toBeGreaterThan(50);
    const duplicated = [...versions]
      .filter(([, set]) => set.size > 1)
      .map(([name, set]) => `${name}: ${[...set].sort().join(', ')}`);
    expect(duplicated).toEqual([]);
  });

  it('runs the Backstage release recorded in backstage.json', () => {
    const { version } = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'backstage.json'), 'utf8'),
    );
    expect(version).toBe('1.57.0');
    // Packages that define the 1.57 release line.
    const versions = installedBackstageVersions();
    expect([...versions.get('@backstage/backend-plugin-api')!]).toEqual([
      '1.12.0',
    ]);
    expect([...versions.get('@backstage/frontend-plugin-api')!]).toEqual([
      '1.0.0',
    ]);
  });

  it('uses better-sqlite3 13 or later', () => {
    const { version } = JSON.parse(
      fs.readFileSync(
        require.resolve('better-sqlite3/package.json', { paths: [__dirname] }),
        'utf8',
      ),
    );
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(13);
  });

  it('survives garbage collection of prepared statements, before and after close', () => {
    // Runs in a child process: a native abort would kill the test runner itself.
    const script = `
      const Database = require('better-sqlite3');
      for (let round = 0; round < 20; round++) {
        const db = new Database(':memory:');
        db.exec('create table t (id integer primary key, v text)');
        const insert = db.prepare('insert into t (v) values (?)');
        for (let i = 0; i < 200; i++) insert.run('row ' + i);
        for (let i = 0; i < 500; i++) db.prepare('select v from t where id = ?').get(i);
        if (round % 2 === 0) db.close();
        global.gc();
      }
      global.gc();
      console.log('completed');
    `;
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/Assertion failed/);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('completed');
  });
});
