import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);
const migrationFiles = fs
  .readdirSync(migrationsDir)
  .filter(f => f.endsWith('.js'))
  .sort();

const { databases, ids } = createTestDatabases();

async function tableExists(knex: Knex, table: string) {
  return knex.schema.hasTable(table);
}

describe.each(ids)('migrations on %s', databaseId => {
  it('steps up and down one migration at a time, every step reversible', async () => {
    const knex = await databases.init(databaseId);
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };

    for (let i = 0; i < migrationFiles.length; i++) {
      await knex.migrate.up(config);
    }
    expect(await tableExists(knex, 'social_services')).toBe(true);
    expect(await knex.migrate.currentVersion(config)).toBe(
      migrationFiles[migrationFiles.length - 1].split('_')[0],
    );

    await knex('social_services').insert({
      id: 'corp-x',
      name: 'Corporate X',
      platform: 'x',
      handle: '@corp',
      owner_group: 'group:default/communications',
      lifecycle_stage: 'operation',
      version: 1,
      created_at: new Date(),
      updated_at: new Date(),
    });

    for (let i = 0; i < migrationFiles.length; i++) {
      await knex.migrate.down(config);
    }
    expect(await tableExists(knex, 'social_services')).toBe(false);

    // And up again from scratch, as a fresh installation would.
    await knex.migrate.latest(config);
    expect(await tableExists(knex, 'social_services')).toBe(true);
    expect(await knex('social_services').count({ n: '*' })).toEqual([
      { n: databaseId === 'SQLITE_3' ? 0 : '0' },
    ]);
  });
});
