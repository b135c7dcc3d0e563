import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseServiceStore } from '../stores/services/DatabaseServiceStore';

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
      'social_media_itsm_exports',
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

describe.each(ids)(
  'one service per account, whatever the case of the handle, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const upTo = async (knex: Knex, file: string) => {
      // The migrations before `file`, one at a time.
      for (let i = 0; i < migrationFiles.indexOf(file); i++) {
        await knex.migrate.up(config);
      }
    };
    const service = (id: string, handle: string) => ({
      id,
      name: id,
      platform: 'x',
      handle,
      owner_group: 'group:default/communications',
      lifecycle_stage: 'operation',
      version: 1,
      created_at: new Date(),
      updated_at: new Date(),
    });

    it('refuses to upgrade while an account is catalogued twice, naming the services, and upgrades once it is not', async () => {
      const knex = await databases.init(databaseId);
      await upTo(knex, '20261128210000_account_unique_any_case.js');
      await knex('social_services').insert([
        service('corp-x', '@Corp'),
        service('corp-x-old', '@corp'),
        service('brand-x', '@brand'),
      ]);
      await expect(knex.migrate.latest(config)).rejects.toThrow(
        'These social media accounts are catalogued more than once, with handles that differ only in case: x @corp (corp-x, corp-x-old). Keep one service per account: delete the others (or correct their platform or handle) with the previous release of the plugin, then start the backend again.',
      );
      await knex('social_services').where({ id: 'corp-x-old' }).delete();
      await knex.migrate.latest(config);
      await expect(
        knex('social_services').insert(service('brand-x-2', '@BRAND')),
      ).rejects.toThrow();
      expect(await knex('social_services').orderBy('id').pluck('id')).toEqual([
        'brand-x',
        'corp-x',
      ]);
    });
  },
);

describe.each(ids)(
  'the ownership timeline of an existing catalogue, from its audit trail, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const MARKETING = 'group:default/marketing';
    const LEAD = 'user:default/marketing-lead';

    it('replays creations, owner changes, leavers, transfers and deletions into periods', async () => {
      const knex = await databases.init(databaseId);
      for (
        let i = 0;
        i < migrationFiles.indexOf('20261129110000_ownership_periods.js');
        i++
      ) {
        await knex.migrate.up(config);
      }
      const service = (id: string, name: string) => ({
        id,
        name,
        platform: 'x',
        handle: `@${id}`,
        owner_group: 'group:default/hr',
        service_owner: 'user:default/hr-partner',
        lifecycle_stage: 'operation',
        version: 1,
        created_at: new Date('2026-01-02T00:00:00.000Z'),
        updated_at: new Date('2026-01-02T00:00:00.000Z'),
      });
      await knex('social_services').insert([
        service('corp-x', 'Corporate X'),
        service('bare-x', 'Bare X'),
      ]);
      let seq = 0;
      const entry = (
        id: string,
        action: string,
        at: string,
        after?: object,
        before?: object,
      ) => {
        seq += 1;
        return {
          seq,
          entity_type: 'service',
          entity_id: id,
          action,
          actor: LEAD,
          at,
          before_json: before ? JSON.stringify(before) : null,
          after_json: after ? JSON.stringify(after) : null,
          prev_hash: '',
          hash: `h${seq}`,
        };
      };
      await knex('social_media_audit_log').insert([
        entry('corp-x', 'create', '2026-01-10T00:00:00.000Z', {
          name: 'Corp X',
          ownerGroup: MARKETING,
          serviceOwner: LEAD,
          request: {
            id: 3,
            requestedBy: LEAD,
            approvedBy: [{ role: 'IT', by: 'user:default/it-service-manager' }],
          },
        }),
        entry('corp-x', 'update', '2026-02-01T00:00:00.000Z', {
          name: 'Corporate X',
          ownerGroup: MARKETING,
          serviceOwner: LEAD,
        }),
        entry('corp-x', 'leaver-detection', '2026-03-01T00:00:00.000Z', {
          leftTheOrganisation: [LEAD],
          backInTheOrganisation: [],
        }),
        entry('corp-x', 'transfer', '2026-04-01T00:00:00.000Z', {
          ownerGroup: 'group:default/hr',
          serviceOwner: 'user:default/hr-partner',
          request: {
            id: 7,
            kind: 'transfer',
            requestedBy: LEAD,
            decidedBy: 'user:default/hr-partner',
          },
        }),
        entry('old-x', 'import', '2026-01-05T00:00:00.000Z', {
          name: 'Old X',
          ownerGroup: MARKETING,
        }),
        entry('old-x', 'delete', '2026-01-20T00:00:00.000Z', undefined, {
          name: 'Old X',
          ownerGroup: MARKETING,
        }),
      ]);
      await knex.migrate.latest(config);

      const periods = await knex('social_service_ownership_periods').orderBy(
        'id',
      );
      const read = periods.map(p => ({
        service: p.service_id,
        name: p.service_name,
        group: p.owner_group,
        owner: p.service_owner,
        inOrganisation: Boolean(p.owner_in_organisation),
        from: p.from_at,
        to: p.to_at,
        action: p.action,
        request: p.request_id === null ? null : Number(p.request_id),
        approvedBy: p.approved_by_json ? JSON.parse(p.approved_by_json) : null,
        ended: p.ended_by_action,
      }));
      expect(read).toEqual([
        {
          service: 'corp-x',
          name: 'Corporate X',
          group: MARKETING,
          owner: LEAD,
          inOrganisation: true,
          from: '2026-01-10T00:00:00.000Z',
          to: '2026-03-01T00:00:00.000Z',
          action: 'create',
          request: 3,
          approvedBy: ['user:default/it-service-manager'],
          ended: 'leaver-detection',
        },
        {
          service: 'corp-x',
          name: 'Corporate X',
          group: MARKETING,
          owner: LEAD,
          inOrganisation: false,
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-04-01T00:00:00.000Z',
          action: 'leaver-detection',
          request: null,
          approvedBy: null,
          ended: 'transfer',
        },
        {
          service: 'corp-x',
          name: 'Corporate X',
          group: 'group:default/hr',
          owner: 'user:default/hr-partner',
          inOrganisation: true,
          from: '2026-04-01T00:00:00.000Z',
          to: null,
          action: 'transfer',
          request: 7,
          approvedBy: ['user:default/hr-partner'],
          ended: null,
        },
        {
          service: 'old-x',
          name: 'Old X',
          group: MARKETING,
          owner: null,
          inOrganisation: true,
          from: '2026-01-05T00:00:00.000Z',
          to: '2026-01-20T00:00:00.000Z',
          action: 'import',
          request: null,
          approvedBy: null,
          ended: 'delete',
        },
        {
          service: 'bare-x',
          name: 'Bare X',
          group: 'group:default/hr',
          owner: 'user:default/hr-partner',
          inOrganisation: true,
          from: '2026-01-02T00:00:00.000Z',
          to: null,
          action: 'create',
          request: null,
          approvedBy: null,
          ended: null,
        },
      ]);
    });
  },
);

describe.each(ids)(
  'an incident for every service mapped to its ITSM record, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const FILE = '20261129160000_incident_per_service.js';
    const service = (id: string, openIncidents: number) => ({
      id,
      name: id,
      platform: 'x',
      handle: `@${id}`,
      owner_group: 'group:default/communications',
      lifecycle_stage: 'operation',
      open_incident_count: openIncidents,
      version: 1,
      created_at: new Date(),
      updated_at: new Date(),
    });
    const copy = (externalId: string, serviceId: string) => ({
      service_id: serviceId,
      connector_id: 'servicenow',
      external_id: externalId,
      number: `INC${externalId}`,
      title: 'Password reset requested by someone else',
      priority: '2 - High',
      state: 'New',
      is_open: true,
      opened_at: '2026-11-20T08:00:00.000Z',
      updated_at: '2026-11-20T09:00:00.000Z',
      url: `https://itsm.example.com/incident/${externalId}`,
    });
    const copies = (knex: Knex) =>
      knex('social_service_incidents')
        .orderBy('external_id')
        .orderBy('service_id')
        .select('external_id', 'service_id')
        .then(rows => rows.map(r => `${r.external_id} ${r.service_id}`));

    it('keeps the incidents stored, lets two services hold the same one, and goes back to one holder', async () => {
      const knex = await databases.init(databaseId);
      for (let i = 0; i < migrationFiles.indexOf(FILE); i++) {
        await knex.migrate.up(config);
      }
      await knex('social_services').insert([
        service('corp-x', 1),
        service('brand-x', 1),
        service('careers-x', 0),
      ]);
      await knex('social_service_incidents').insert([
        copy('sys-1', 'corp-x'),
        copy('sys-2', 'brand-x'),
      ]);
      // Before: an incident has one holder only.
      await expect(
        knex('social_service_incidents').insert(copy('sys-1', 'brand-x')),
      ).rejects.toThrow();

      await knex.migrate.up(config);
      expect(await copies(knex)).toEqual(['sys-1 corp-x', 'sys-2 brand-x']);
      await knex('social_service_incidents').insert([
        copy('sys-1', 'brand-x'),
        copy('sys-1', 'careers-x'),
      ]);
      await knex('social_services')
        .whereIn('id', ['brand-x', 'careers-x'])
        .increment('open_incident_count', 1);
      // Still one copy per service.
      await expect(
        knex('social_service_incidents').insert(copy('sys-1', 'corp-x')),
      ).rejects.toThrow();
      expect(await copies(knex)).toEqual([
        'sys-1 brand-x',
        'sys-1 careers-x',
        'sys-1 corp-x',
        'sys-2 brand-x',
      ]);

      // Back: the copy stored first stays, the services that lost one are counted again.
      await knex.migrate.down(config);
      expect(await copies(knex)).toEqual(['sys-1 corp-x', 'sys-2 brand-x']);
      const counts = await knex('social_services')
        .orderBy('id')
        .select('id', 'open_incident_count');
      expect(counts.map(c => [c.id, Number(c.open_incident_count)])).toEqual([
        ['brand-x', 1],
        ['careers-x', 0],
        ['corp-x', 1],
      ]);
      await expect(
        knex('social_service_incidents').insert(copy('sys-1', 'brand-x')),
      ).rejects.toThrow();
      await knex.migrate.latest(config);
      expect(await knex.migrate.currentVersion(config)).toBe(
        migrationFiles[migrationFiles.length - 1].slice(0, 14),
      );
    });
  },
);

describe.each(ids)(
  'incident copies keyed by connector, record and service, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const FILE = '20261202100000_incident_copy_key.js';
    const service = (id: string) => ({
      id,
      name: id,
      platform: 'x',
      handle: `@${id}`,
      owner_group: 'group:default/communications',
      lifecycle_stage: 'operation',
      version: 1,
      created_at: new Date(),
      updated_at: new Date(),
    });
    const copy = (externalId: string, serviceId: string) => ({
      service_id: serviceId,
      connector_id: 'servicenow',
      external_id: externalId,
      number: `INC${externalId}`,
      title: 'Password reset requested by someone else',
      priority: '2 - High',
      state: 'New',
      is_open: true,
      opened_at: '2026-11-20T08:00:00.000Z',
      updated_at: '2026-11-20T09:00:00.000Z',
      url: `https://itsm.example.com/incident/${externalId}`,
      seen_at: '2026-11-20T09:05:00.000Z',
      version: 3,
      fingerprint: 'f'.repeat(64),
    });
    const stored = (knex: Knex) =>
      knex('social_service_incidents')
        .orderBy('external_id')
        .orderBy('service_id')
        .select('external_id', 'service_id', 'seen_at', 'version')
        .then(rows =>
          rows.map(
            r =>
              `${r.external_id} ${r.service_id} ${r.seen_at} ${Number(
                r.version,
              )}`,
          ),
        );

    it('keeps every copy with all it holds, still one per service, and goes back to the surrogate id', async () => {
      const knex = await databases.init(databaseId);
      for (let i = 0; i < migrationFiles.indexOf(FILE); i++) {
        await knex.migrate.up(config);
      }
      await knex('social_services').insert([
        service('corp-x'),
        service('brand-x'),
      ]);
      await knex('social_service_incidents').insert([
        copy('sys-1', 'corp-x'),
        copy('sys-1', 'brand-x'),
        copy('sys-2', 'brand-x'),
      ]);
      const before = await stored(knex);

      await knex.migrate.up(config);
      expect(await stored(knex)).toEqual(before);
      expect(
        await knex('social_service_incidents')
          .first('id')
          .catch(() => 'no id'),
      ).toBe('no id');
      await expect(
        knex('social_service_incidents').insert(copy('sys-1', 'corp-x')),
      ).rejects.toThrow();
      // No foreign key: a copy of a service deleted by hand stays until a full sync removes it.
      await knex('social_service_incidents').insert(copy('sys-3', 'gone-x'));

      // Back: the surrogate id and the foreign key again; the copy of no service is left out.
      await knex.migrate.down(config);
      expect(await stored(knex)).toEqual(before);
      const surrogateIds = await knex('social_service_incidents').pluck('id');
      expect(new Set(surrogateIds).size).toBe(3);
      await expect(
        knex('social_service_incidents').insert(copy('sys-4', 'gone-x')),
      ).rejects.toThrow();
      await knex.migrate.latest(config);
      expect(await stored(knex)).toEqual(before);
    });
  },
);

describe.each(ids)(
  'the index of a platform and a lifecycle stage sorted by name, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const FILE = '20261129180000_list_platform_stage_index.js';
    const INDEX = 'social_services_platform_stage_name_idx';
    const PLATFORMS = ['x', 'facebook', 'instagram', 'linkedin', 'youtube'];
    const STAGES = ['strategy', 'design', 'operation', 'retired'];
    const postgres = databaseId !== 'SQLITE_3';

    /** The page and count queries the store sends for the catalogue's view, as run. */
    async function storeQueries(knex: Knex) {
      const sent: Array<{ sql: string; bindings: unknown[] }> = [];
      const listen = (q: { sql: string; bindings: unknown[] }) =>
        sent.push({ sql: q.sql, bindings: q.bindings });
      knex.on('query', listen);
      try {
        const page = await new DatabaseServiceStore(knex).listServices({
          platform: ['x'],
          lifecycleStage: ['operation'],
          sort: 'name',
          order: 'asc',
          limit: 50,
        });
        return { page, sent };
      } finally {
        knex.removeListener('query', listen);
      }
    }

    /** The plan of a query the store sent, as text. */
    async function planOf(
      knex: Knex,
      query: { sql: string; bindings: unknown[] },
    ): Promise<string> {
      // The store's own SQL, in the driver's placeholders: knex.raw takes `?` for both.
      const sql = query.sql.replace(/\$\d+/g, '?');
      const result = await knex.raw(
        `${postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`,
        query.bindings as Knex.RawBinding[],
      );
      const rows: Array<Record<string, unknown>> = postgres
        ? result.rows
        : result;
      return rows
        .map(row => String(postgres ? row['QUERY PLAN'] : row.detail))
        .join('\n');
    }

    it('answers the page of a platform and a stage, sorted by name, from the index alone', async () => {
      const knex = await databases.init(databaseId);
      // The latest schema with and without this migration's index: the store reads columns
      // that later migrations add.
      await knex.migrate.latest(config);
      const migration = require(path.join(migrationsDir, FILE));
      await migration.down(knex);
      const now = new Date().toISOString();
      const rows = Array.from({ length: 4000 }, (_, i) => {
        const name = `Brand ${String(i).padStart(5, '0')}`;
        return {
          id: `brand-${i}`,
          name,
          sort_name: name.toLowerCase(),
          search_text: name.toLowerCase(),
          platform: PLATFORMS[i % PLATFORMS.length],
          handle: `brand_${i}`,
          owner_group: 'group:default/marketing',
          lifecycle_stage: STAGES[Math.floor(i / 5) % STAGES.length],
          version: 1,
          created_at: now,
          updated_at: now,
        };
      });
      for (let i = 0; i < rows.length; i += 400) {
        await knex('social_services').insert(rows.slice(i, i + 400));
      }

      await migration.up(knex);
      if (postgres) await knex.raw('ANALYZE social_services');
      const { page, sent } = await storeQueries(knex);
      // The same page as before: every X account in operation, by name.
      const expected = rows
        .filter(r => r.platform === 'x' && r.lifecycle_stage === 'operation')
        .map(r => r.id);
      expect(page.totalCount).toBe(expected.length);
      expect(page.items.map(item => item.id)).toEqual(expected.slice(0, 50));
      const [pageQuery, countQuery] = [
        sent.find(q => /order by/i.test(q.sql))!,
        sent.find(q => /count\(\*\)/i.test(q.sql))!,
      ];
      const pagePlan = await planOf(knex, pageQuery);
      const countPlan = await planOf(knex, countQuery);
      // The page reads its rows in order (no sort of every matching service: SQLite from the
      // index; PostgreSQL's planner may also walk the name index and stop at 50), and the count
      // finds the matching services by the index (on SQLite from the index alone; PostgreSQL
      // reads it alone once vacuum has marked the table's pages, as autovacuum does).
      expect(pagePlan).not.toMatch(/TEMP B-TREE|Sort/);
      expect(pagePlan).toMatch(
        postgres ? /Index Scan using/ : `USING INDEX ${INDEX}`,
      );
      expect(countPlan).toMatch(
        postgres ? INDEX : `USING COVERING INDEX ${INDEX}`,
      );

      // Back: the index is gone; the count reads the services of the platform again, and SQLite
      // sorts them for the page.
      await migration.down(knex);
      const { sent: sentBefore } = await storeQueries(knex);
      const countBefore = await planOf(
        knex,
        sentBefore.find(q => /count\(\*\)/i.test(q.sql))!,
      );
      expect(countBefore).not.toContain(INDEX);
      expect(countBefore).not.toMatch(/COVERING INDEX|Index Only Scan/);
      expect(
        await planOf(knex, sentBefore.find(q => /order by/i.test(q.sql))!),
      ).toMatch(postgres ? /Limit/ : 'TEMP B-TREE');
      await migration.up(knex);
    });
  },
);

describe.each(ids)(
  'the people a request names to run the service, on %s',
  databaseId => {
    const config = { directory: migrationsDir, loadExtensions: ['.js'] };
    const FILE = '20261130110000_request_owners.js';
    const filed = (id: number, fields: object | string) => ({
      id,
      status: 'submitted',
      version: 2,
      requester: 'user:default/marketing-lead',
      requesting_team: 'group:default/marketing',
      platform: 'tiktok',
      handle_key: `@campaign${id}`,
      fields_json: typeof fields === 'string' ? fields : JSON.stringify(fields),
      prediction_json: '{}',
      approvals_json: '[]',
      created_at: '2026-11-20T08:00:00.000Z',
      updated_at: '2026-11-20T09:00:00.000Z',
    });

    it('takes them from what the requests filed before asked for, lowercased', async () => {
      const knex = await databases.init(databaseId);
      for (let i = 0; i < migrationFiles.indexOf(FILE); i++) {
        await knex.migrate.up(config);
      }
      await knex('social_service_requests').insert([
        filed(1, {
          serviceOwner: 'user:default/Community-Manager',
          ownerGroup: 'group:default/Communications',
        }),
        filed(2, '{not json'),
      ]);

      await knex.migrate.up(config);
      const rows = await knex('social_service_requests')
        .orderBy('id')
        .select('id', 'service_owner', 'owner_group');
      expect(rows.map(r => [r.id, r.service_owner, r.owner_group])).toEqual([
        [1, 'user:default/community-manager', 'group:default/communications'],
        [2, null, null],
      ]);
      await knex.migrate.latest(config);
    });
  },
);
