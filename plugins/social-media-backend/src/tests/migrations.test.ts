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
    for (const table of [
      'social_services',
      'social_service_admins',
      'social_service_transitions',
      'social_service_incidents',
      'social_media_audit_log',
      'social_media_audit_head',
      'social_service_risk_history',
      'social_service_access_reviews',
      'social_media_itsm_sync',
    ]) {
      expect(await tableExists(knex, table)).toBe(true);
    }
    expect(await knex.migrate.currentVersion(config)).toBe(
      migrationFiles[migrationFiles.length - 1].split('_')[0],
    );

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

describe.each(ids)(
  'upgrading a catalogue from the first release on %s',
  databaseId => {
    it('keeps the services and fills the new columns', async () => {
      const knex = await databases.init(databaseId);
      const config = { directory: migrationsDir, loadExtensions: ['.js'] };
      await knex.migrate.up(config); // the first release's schema
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
      await knex.migrate.latest(config);
      const row = await knex('social_services').where({ id: 'corp-x' }).first();
      expect(row).toMatchObject({
        name: 'Corporate X',
        sort_name: 'corporate x',
        search_text: 'corporate x @corp',
        tags: '[]',
        controls: '{}',
      });
      expect(Number(row.open_incident_count)).toBe(0);
      const head = await knex('social_media_audit_head').first();
      expect(Number(head.seq)).toBe(0);

      // Back to the first release, one migration at a time.
      for (let i = 1; i < migrationFiles.length; i++) {
        await knex.migrate.down(config);
      }
      const after = await knex('social_services')
        .where({ id: 'corp-x' })
        .first();
      expect(after.name).toBe('Corporate X');
      expect(after.sort_name).toBeUndefined();
    });
  },
);
