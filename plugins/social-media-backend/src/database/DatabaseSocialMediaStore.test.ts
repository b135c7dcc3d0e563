import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  SocialServiceInput,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseSocialMediaStore } from './DatabaseSocialMediaStore';
import { NewService } from './SocialMediaStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ACTOR = 'user:default/it-service-owner';

function service(
  id: string,
  overrides: Partial<SocialServiceInput> = {},
): NewService {
  const parsed = socialServiceInputSchema.parse({
    name: `Service ${id}`,
    platform: 'linkedin',
    handle: id,
    purpose: 'Employer brand',
    businessUnit: 'Human Resources',
    ownerGroup: 'group:default/hr',
    ...overrides,
  });
  return { ...parsed, id };
}

/** Everything an operational account needs to pass the operation gate. */
const HARDENED = {
  serviceOwner: 'user:default/hr-business-partner',
  profileUrl: 'https://www.linkedin.com/company/acme',
  controls: {
    mfaEnabled: true,
    credentialVaultRef: 'vault://social/acme',
    recoveryOwnedByCompany: true,
    riskAssessedAt: '2026-10-01',
  },
};

describe.each(ids)('DatabaseSocialMediaStore on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseSocialMediaStore;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseSocialMediaStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  });

  describe('services', () => {
    it('creates a service at version 1 with its next transitions and a create entry in the trail', async () => {
      expect(await store.isPristine()).toBe(true);
      const created = await store.createService(
        service('careers', { lifecycleStage: 'design' }),
        ACTOR,
      );
      expect(created).toMatchObject({
        id: 'careers',
        platform: 'linkedin',
        lifecycleStage: 'design',
        version: 1,
        adminCount: 0,
        openIncidentCount: 0,
        admins: [],
        transitions: [],
      });
      expect(created.nextTransitions.map(t => [t.to, t.allowed])).toEqual([
        ['transition', false],
        ['strategy', true],
        ['retired', false],
      ]);
      const history = await store.getServiceHistory('careers');
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        seq: 1,
        action: 'create',
        actor: ACTOR,
        entityId: 'careers',
      });
      expect(await store.isPristine()).toBe(false);
    });

    it('refuses a second service for the same platform account, whatever the case', async () => {
      await store.createService(
        service('a', { platform: 'x', handle: '@Acme' }),
        ACTOR,
      );
      await expect(
        store.createService(
          service('b', { platform: 'x', handle: 'acme' }),
          ACTOR,
        ),
      ).rejects.toThrow(
        new ConflictError('The x account @acme is already catalogued as a'),
      );
      await expect(store.getService('b')).rejects.toThrow(NotFoundError);
      expect(await store.getServiceHistory('a')).toHaveLength(1);
    });

    it('says which service is not found', async () => {
      await expect(store.getService('nope')).rejects.toThrow(
        new NotFoundError("No social media service with id 'nope'"),
      );
      await expect(store.getServiceHistory('nope')).rejects.toThrow(
        NotFoundError,
      );
    });

    it('updates with the current version and refuses a stale one, leaving the service as it was', async () => {
      await store.createService(service('careers'), ACTOR);
      const update = (version: number, name: string) =>
        socialServiceUpdateSchema.parse({
          name,
          platform: 'linkedin',
          handle: 'careers',
          purpose: 'Employer brand',
          businessUnit: 'Human Resources',
          ownerGroup: 'group:default/hr',
          version,
        });
      const updated = await store.updateService(
        'careers',
        update(1, 'Careers page'),
        ACTOR,
      );
      expect(updated.name).toBe('Careers page');
      expect(updated.version).toBe(2);

      await expect(
        store.updateService('careers', update(1, 'Lost update'), ACTOR),
      ).rejects.toThrow(ConflictError);
      const current = await store.getService('careers');
      expect(current.name).toBe('Careers page');
      expect(current.version).toBe(2);

      const [latest] = await store.getServiceHistory('careers');
      expect(latest.action).toBe('update');
      expect(latest.before).toMatchObject({ name: 'Service careers' });
      expect(latest.after).toMatchObject({ name: 'Careers page', version: 2 });
    });

    it('lets exactly one of two concurrent changes from the same version win', async () => {
      await store.createService(service('careers'), ACTOR);
      const results = await Promise.allSettled(
        ['design', 'retired', 'design'].map(to =>
          store.transitionService(
            'careers',
            {
              to: to as 'design',
              reason: 'concurrent',
              version: 1,
            },
            ACTOR,
          ),
        ),
      );
      const fulfilled = results.filter(r => r.status === 'fulfilled');
      expect(fulfilled).toHaveLength(1);
      expect(await store.verifyAuditTrail()).toMatchObject({ intact: true });
    });

    it('deletes with the current version; the trail keeps the history', async () => {
      await store.createService(service('old'), ACTOR);
      await expect(store.deleteService('old', 5, ACTOR)).rejects.toThrow(
        ConflictError,
      );
      await store.deleteService('old', 1, ACTOR);
      await expect(store.getService('old')).rejects.toThrow(NotFoundError);
      const history = await store.getServiceHistory('old');
      expect(history.map(h => h.action)).toEqual(['delete', 'create']);
    });
  });

  describe('lifecycle', () => {
    it('refuses a move whose gates are not met, saying what is missing, and changes nothing', async () => {
      await store.createService(
        service('launch', { lifecycleStage: 'transition' }),
        ACTOR,
      );
      await expect(
        store.transitionService(
          'launch',
          { to: 'operation', reason: 'go live', version: 1 },
          ACTOR,
        ),
      ).rejects.toThrow(
        new InputError(
          'operation needs: a named service owner, MFA enabled, credentials in a vault, a recovery e-mail and phone owned by the company',
        ),
      );
      await expect(
        store.transitionService(
          'launch',
          { to: 'strategy', reason: 'back to the drawing board', version: 1 },
          ACTOR,
        ),
      ).rejects.toThrow(
        'Cannot move to strategy: transition can only move to operation or design or retired',
      );
      const unchanged = await store.getService('launch');
      expect(unchanged.lifecycleStage).toBe('transition');
      expect(unchanged.version).toBe(1);
      expect(unchanged.transitions).toEqual([]);
    });

    it('records who moved the service, when, from where to where and why', async () => {
      await store.createService(
        service('launch', { lifecycleStage: 'transition', ...HARDENED }),
        ACTOR,
      );
      const moved = await store.transitionService(
        'launch',
        { to: 'operation', reason: 'Launch approved by the CAB', version: 1 },
        ACTOR,
      );
      expect(moved.lifecycleStage).toBe('operation');
      expect(moved.version).toBe(2);
      expect(moved.transitions).toEqual([
        {
          serviceId: 'launch',
          from: 'transition',
          to: 'operation',
          actor: ACTOR,
          reason: 'Launch approved by the CAB',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ]);
      expect(moved.nextTransitions.map(t => t.to)).toEqual([
        'improvement',
        'retired',
      ]);
      const [entry] = await store.getServiceHistory('launch');
      expect(entry).toMatchObject({
        action: 'transition',
        before: { lifecycleStage: 'transition' },
        after: {
          lifecycleStage: 'operation',
          reason: 'Launch approved by the CAB',
        },
      });
    });
  });

  describe('admins', () => {
    it('replaces the admin list, keeps when each person was first recorded and counts them', async () => {
      await store.createService(service('careers'), ACTOR);
      const first = await store.replaceAdmins(
        'careers',
        [
          { account: 'hr-lead', role: 'owner', inOrganisation: true },
          {
            account: 'Agency',
            userRef: 'user:default/agency',
            role: 'editor',
            inOrganisation: false,
          },
        ],
        1,
        ACTOR,
      );
      expect(first.adminCount).toBe(2);
      const agencyAddedAt = first.admins.find(
        a => a.account === 'Agency',
      )!.addedAt;

      const second = await store.replaceAdmins(
        'careers',
        [
          {
            account: 'agency',
            userRef: 'user:default/agency',
            role: 'admin',
            inOrganisation: false,
          },
        ],
        2,
        ACTOR,
      );
      expect(second.adminCount).toBe(1);
      expect(second.admins).toEqual([
        {
          account: 'agency',
          userRef: 'user:default/agency',
          role: 'admin',
          inOrganisation: false,
          addedAt: agencyAddedAt,
        },
      ]);
      await expect(
        store.replaceAdmins('careers', [], 2, ACTOR),
      ).rejects.toThrow(ConflictError);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      const rows = [
        service('corp-x', {
          name: 'Corporate X',
          platform: 'x',
          handle: '@corp',
          ownerGroup: 'group:default/communications',
          lifecycleStage: 'operation',
          audienceSize: 400000,
          purpose: 'Press statements, 100% official',
          businessUnit: 'Corporate Communications',
        }),
        service('corp-blog', {
          name: 'corporate blog',
          platform: 'blog',
          handle: 'blog.example.com',
          ownerGroup: 'group:default/communications',
          lifecycleStage: 'design',
          audienceSize: 5000,
          businessUnit: 'Corporate Communications',
        }),
        service('careers', {
          name: 'Careers LinkedIn',
          lifecycleStage: 'operation',
          audienceSize: 90000,
        }),
        service('brand-tiktok', {
          name: 'Brand TikTok',
          platform: 'tiktok',
          handle: '@brand',
          ownerGroup: 'group:default/marketing',
          lifecycleStage: 'strategy',
          businessUnit: 'Marketing',
        }),
      ];
      await store.importServices(
        rows.map((input, i) => ({ row: i + 1, input })),
        ACTOR,
        { dryRun: false },
      );
      await knex('social_services')
        .where({ id: 'corp-x' })
        .update({ risk_rating: 'high', risk_rank: 3, open_incident_count: 2 });
      await knex('social_services')
        .where({ id: 'careers' })
        .update({ risk_rating: 'low', risk_rank: 1 });
      // As after an upgrade from a release without ratings, before the first sweep.
      await knex('social_services')
        .whereIn('id', ['brand-tiktok', 'corp-blog'])
        .update({ risk_rating: null, risk_rank: null });
    });

    const idsOf = (list: { items: Array<{ id: string }> }) =>
      list.items.map(i => i.id);

    it('sorts by name without regard to case by default, and pages', async () => {
      const page1 = await store.listServices({ limit: 2 });
      expect(idsOf(page1)).toEqual(['brand-tiktok', 'careers']);
      expect(page1.totalCount).toBe(4);
      const page2 = await store.listServices({ limit: 2, offset: 2 });
      expect(idsOf(page2)).toEqual(['corp-blog', 'corp-x']);
    });

    it('filters by platform, owner group, stage, risk and open incidents', async () => {
      expect(
        idsOf(await store.listServices({ platform: ['x', 'blog'] })),
      ).toEqual(['corp-blog', 'corp-x']);
      expect(
        idsOf(
          await store.listServices({
            ownerGroup: ['group:default/communications'],
            lifecycleStage: ['operation'],
          }),
        ),
      ).toEqual(['corp-x']);
      expect(
        idsOf(await store.listServices({ riskRating: ['low', 'high'] })),
      ).toEqual(['careers', 'corp-x']);
      expect(
        idsOf(await store.listServices({ hasOpenIncidents: true })),
      ).toEqual(['corp-x']);
      const without = await store.listServices({ hasOpenIncidents: false });
      expect(without.totalCount).toBe(3);
    });

    it('finds words in name, handle, purpose and business unit, taking % literally', async () => {
      expect(idsOf(await store.listServices({ search: 'CORPORATE' }))).toEqual([
        'corp-blog',
        'corp-x',
      ]);
      expect(idsOf(await store.listServices({ search: '100%' }))).toEqual([
        'corp-x',
      ]);
      expect(idsOf(await store.listServices({ search: '10%0' }))).toEqual([]);
      expect(
        idsOf(await store.listServices({ search: 'human resources' })),
      ).toEqual(['careers']);
    });

    it('sorts by lifecycle order, risk (unrated last) and audience', async () => {
      expect(
        idsOf(await store.listServices({ sort: 'lifecycleStage' })),
      ).toEqual(['brand-tiktok', 'corp-blog', 'careers', 'corp-x']);
      expect(
        idsOf(await store.listServices({ sort: 'riskRating', order: 'desc' })),
      ).toEqual(['corp-x', 'careers', 'brand-tiktok', 'corp-blog']);
      expect(
        idsOf(await store.listServices({ sort: 'riskRating', order: 'asc' })),
      ).toEqual(['careers', 'corp-x', 'brand-tiktok', 'corp-blog']);
      expect(
        idsOf(
          await store.listServices({
            sort: 'audienceSize',
            order: 'desc',
            limit: 1,
          }),
        ),
      ).toEqual(['corp-x']);
    });

    it('reports the services per stage', async () => {
      const status = await store.getStatus();
      expect(status.latestMigration).toBe('20261126150000_itsm_reconcile.js');
      expect(status.servicesByStage).toEqual({
        strategy: 1,
        design: 1,
        transition: 0,
        operation: 2,
        improvement: 0,
        retired: 0,
      });
    });
  });

  describe('import', () => {
    it('writes nothing when any row collides with the catalogue, and names the rows', async () => {
      await store.createService(
        service('corp-x', { platform: 'x', handle: '@corp' }),
        ACTOR,
      );
      const result = await store.importServices(
        [
          { row: 2, input: service('fresh') },
          { row: 3, input: service('corp-x', { handle: 'other' }) },
          {
            row: 4,
            input: service('copy', { platform: 'x', handle: '@CORP' }),
          },
        ],
        ACTOR,
        { dryRun: false },
      );
      expect(result).toEqual({
        created: [],
        problems: [
          {
            row: 3,
            field: 'id',
            message: 'A service with id corp-x already exists',
          },
          {
            row: 4,
            field: 'handle',
            message: 'The x account @CORP is already catalogued as corp-x',
          },
        ],
      });
      expect((await store.listServices({})).totalCount).toBe(1);
    });

    it('checks without writing in a dry run, then writes all rows with one trail entry each', async () => {
      const rows = [1, 2, 3].map(n => ({
        row: n + 1,
        input: service(`svc-${n}`),
      }));
      const dry = await store.importServices(rows, ACTOR, { dryRun: true });
      expect(dry).toEqual({
        created: ['svc-1', 'svc-2', 'svc-3'],
        problems: [],
      });
      expect((await store.listServices({})).totalCount).toBe(0);
      expect(await store.isPristine()).toBe(true);

      await store.importServices(rows, ACTOR, { dryRun: false });
      expect((await store.listServices({})).totalCount).toBe(3);
      expect((await store.getServiceHistory('svc-2'))[0].action).toBe('import');
      expect(await store.verifyAuditTrail()).toEqual({
        intact: true,
        entries: 3,
      });
    });
  });

  describe('audit trail', () => {
    beforeEach(async () => {
      for (const id of ['svc-a', 'svc-b', 'svc-c', 'svc-d']) {
        await store.createService(service(id), ACTOR);
      }
      await store.transitionService(
        'svc-a',
        { to: 'design', reason: 'ready', version: 1 },
        ACTOR,
      );
    });

    it('is intact after ordinary work, also under concurrent writers', async () => {
      await Promise.all(
        ['svc-e', 'svc-f', 'svc-g', 'svc-h', 'svc-i'].map(id =>
          store.createService(service(id), ACTOR),
        ),
      );
      expect(await store.verifyAuditTrail()).toEqual({
        intact: true,
        entries: 10,
      });
    });

    it('names an entry whose content was edited', async () => {
      await knex('social_media_audit_log')
        .where({ seq: 2 })
        .update({ actor: 'user:default/someone-else' });
      expect(await store.verifyAuditTrail()).toEqual({
        intact: false,
        entries: 2,
        firstBroken: {
          seq: 2,
          problem: 'edited',
          message: 'Entry 2 was changed after it was written',
        },
      });
    });

    it('names a deleted entry', async () => {
      await knex('social_media_audit_log').where({ seq: 3 }).delete();
      expect(await store.verifyAuditTrail()).toMatchObject({
        intact: false,
        firstBroken: {
          seq: 3,
          problem: 'missing',
          message: 'Entry 3 is missing',
        },
      });
    });

    it('notices entries deleted from the end', async () => {
      await knex('social_media_audit_log').where('seq', '>', 3).delete();
      expect(await store.verifyAuditTrail()).toMatchObject({
        intact: false,
        firstBroken: { seq: 4, problem: 'missing' },
      });
    });

    it('names reordered entries', async () => {
      // Swap the positions of entries 2 and 4.
      await knex('social_media_audit_log')
        .where({ seq: 2 })
        .update({ seq: -2 });
      await knex('social_media_audit_log').where({ seq: 4 }).update({ seq: 2 });
      await knex('social_media_audit_log')
        .where({ seq: -2 })
        .update({ seq: 4 });
      expect(await store.verifyAuditTrail()).toMatchObject({
        intact: false,
        firstBroken: { seq: 2, problem: 'reordered' },
      });
    });
  });
});
