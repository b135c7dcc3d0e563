import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { socialServiceUpdateSchema } from '@internal/plugin-social-media-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  newService as service,
  socialMediaOn,
} from '../__testUtils__/testSocialMedia';
import { linkIncidents, toIncidentRecord } from './ItsmSync';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const ACTOR = 'user:default/it-service-owner';

/** Everything an operational account needs to pass the operation gate. */
const HARDENED = {
  serviceOwner: 'user:default/hr-business-partner',
  profileUrl: 'https://www.linkedin.com/company/acme',
  controls: {
    mfaEnabled: true,
    credentialVaultRef: 'vault://social/acme',
    recoveryOwnedByCompany: true,
  },
};

describe.each(ids)("the catalogue's changes on %s", databaseId => {
  const on = socialMediaOn(databases, databaseId);
  let catalogue: Awaited<ReturnType<typeof on>>['catalogue'];
  let stores: Awaited<ReturnType<typeof on>>['stores'];
  let writes: Awaited<ReturnType<typeof on>>['writes'];

  beforeEach(async () => {
    ({ catalogue, stores, writes } = await on());
  });

  describe('services', () => {
    it('creates a service at version 1 with its next transitions and a create entry in the trail', async () => {
      expect(await stores.audit.isEmpty()).toBe(true);
      const created = await catalogue.createService(
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
      const history = await stores.audit.getServiceHistory('careers');
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        seq: 1,
        action: 'create',
        actor: ACTOR,
        entityId: 'careers',
      });
      expect(await stores.audit.isEmpty()).toBe(false);
    });

    it('refuses a second service for the same platform account, whatever the case', async () => {
      await catalogue.createService(
        service('a', { platform: 'x', handle: '@Acme' }),
        ACTOR,
      );
      await expect(
        catalogue.createService(
          service('b', { platform: 'x', handle: 'acme' }),
          ACTOR,
        ),
      ).rejects.toThrow(
        new ConflictError('The x account @acme is already catalogued as a'),
      );
      await expect(catalogue.getService('b')).rejects.toThrow(NotFoundError);
      expect(await stores.audit.getServiceHistory('a')).toHaveLength(1);
    });

    it('says which service is not found', async () => {
      await expect(catalogue.getService('nope')).rejects.toThrow(
        new NotFoundError("No social media service with id 'nope'"),
      );
      // The trail has nothing on an id it never saw; the route answers 404 for it.
      expect(await stores.audit.getServiceHistory('nope')).toEqual([]);
    });

    it('updates with the current version and refuses a stale one, leaving the service as it was', async () => {
      await catalogue.createService(service('careers'), ACTOR);
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
      const updated = await catalogue.updateService(
        'careers',
        update(1, 'Careers page'),
        ACTOR,
      );
      expect(updated.name).toBe('Careers page');
      expect(updated.version).toBe(2);

      await expect(
        catalogue.updateService('careers', update(1, 'Lost update'), ACTOR),
      ).rejects.toThrow(ConflictError);
      const current = await catalogue.getService('careers');
      expect(current.name).toBe('Careers page');
      expect(current.version).toBe(2);

      const [latest] = await stores.audit.getServiceHistory('careers');
      expect(latest.action).toBe('update');
      expect(latest.before).toMatchObject({ name: 'Service careers' });
      expect(latest.after).toMatchObject({ name: 'Careers page', version: 2 });
    });

    it('lets exactly one of two concurrent changes from the same version win', async () => {
      await catalogue.createService(service('careers'), ACTOR);
      const results = await Promise.allSettled(
        ['design', 'retired', 'design'].map(to =>
          catalogue.transitionService(
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
      expect(await stores.audit.verify()).toMatchObject({ intact: true });
    });

    it('deletes with the current version; the trail keeps the history', async () => {
      await catalogue.createService(service('old'), ACTOR);
      await expect(catalogue.delete('old', 5, ACTOR)).rejects.toThrow(
        ConflictError,
      );
      await catalogue.delete('old', 1, ACTOR);
      await expect(catalogue.getService('old')).rejects.toThrow(NotFoundError);
      const history = await stores.audit.getServiceHistory('old');
      expect(history.map(h => h.action)).toEqual(['delete', 'create']);
    });
    it("deletes the service's linked incidents with it, and no other service's", async () => {
      await catalogue.createService(service('old'), ACTOR);
      await catalogue.createService(service('kept'), ACTOR);
      const incident = (serviceId: string) =>
        toIncidentRecord({
          serviceId,
          externalId: 'a1b2c3',
          number: 'INC0010001',
          title: 'Page taken over',
          priority: '1 - Critical',
          state: 'New',
          openedAt: '2026-11-20T09:00:00.000Z',
          updatedAt: '2026-11-20T09:00:00.000Z',
          url: 'https://itsm.example.com/incident/a1b2c3',
        });
      // One ITSM record's incident, held by both services.
      await writes.run(ACTOR, unit =>
        linkIncidents(unit, 'servicenow', [incident('old'), incident('kept')]),
      );
      await catalogue.delete('old', 1, ACTOR);
      expect(
        await stores.incidents.getStoredVersions('servicenow', ['a1b2c3']),
      ).toEqual(
        new Map([['a1b2c3', [expect.objectContaining({ serviceId: 'kept' })]]]),
      );

      // A service catalogued again under the id starts without the old one's incidents.
      await catalogue.createService(service('old'), ACTOR);
      expect(
        await stores.incidents.listIncidents('old', { includeResolved: true }),
      ).toEqual([]);
      expect((await catalogue.getService('old')).openIncidentCount).toBe(0);
    });
  });

  describe('lifecycle', () => {
    it('refuses a move whose gates are not met, saying what is missing, and changes nothing', async () => {
      await catalogue.createService(
        service('launch', { lifecycleStage: 'transition' }),
        ACTOR,
      );
      await expect(
        catalogue.transitionService(
          'launch',
          { to: 'operation', reason: 'go live', version: 1 },
          ACTOR,
        ),
      ).rejects.toThrow(
        new InputError(
          'operation needs: a named service owner, a profile URL, MFA enabled, credentials in a vault, a recovery e-mail and phone owned by the company',
        ),
      );
      await expect(
        catalogue.transitionService(
          'launch',
          { to: 'strategy', reason: 'back to the drawing board', version: 1 },
          ACTOR,
        ),
      ).rejects.toThrow(
        'Cannot move to strategy: transition can only move to operation or design or retired',
      );
      const unchanged = await catalogue.getService('launch');
      expect(unchanged.lifecycleStage).toBe('transition');
      expect(unchanged.version).toBe(1);
      expect(unchanged.transitions).toEqual([]);
    });

    it.each(['operation', 'improvement'] as const)(
      'refuses to retire a service in %s by a plain move, pointing to a retirement request, and changes nothing',
      async stage => {
        await catalogue.createService(
          service('live', {
            lifecycleStage: stage,
            ...HARDENED,
            controls: {
              ...HARDENED.controls,
              accessRevoked: true,
              accountStatus: 'archived',
            },
          }),
          ACTOR,
        );
        const trail = await stores.audit.getServiceHistory('live');
        await expect(
          catalogue.transitionService(
            'live',
            { to: 'retired', reason: 'no longer needed', version: 1 },
            ACTOR,
          ),
        ).rejects.toThrow(
          new ConflictError(
            'live is live: retire it with a retirement request, which IT service management approves (POST /services/live/handovers with kind retirement)',
          ),
        );
        const unchanged = await catalogue.getService('live');
        expect(unchanged).toMatchObject({ lifecycleStage: stage, version: 1 });
        expect(unchanged.transitions).toEqual([]);
        expect(await stores.audit.getServiceHistory('live')).toEqual(trail);
      },
    );

    it('retires a service that was never live by a plain move, once its account is closed', async () => {
      await catalogue.createService(
        service('dropped', {
          lifecycleStage: 'design',
          controls: { accessRevoked: true, accountStatus: 'archived' },
        }),
        ACTOR,
      );
      const retired = await catalogue.transitionService(
        'dropped',
        {
          to: 'retired',
          reason: 'Campaign cancelled before launch',
          version: 1,
        },
        ACTOR,
      );
      expect(retired.lifecycleStage).toBe('retired');
      expect(retired.transitions).toEqual([
        expect.objectContaining({ from: 'design', to: 'retired' }),
      ]);
    });

    it('records who moved the service, when, from where to where and why', async () => {
      await catalogue.createService(
        service('launch', { lifecycleStage: 'transition', ...HARDENED }),
        ACTOR,
      );
      const moved = await catalogue.transitionService(
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
      const [entry] = await stores.audit.getServiceHistory('launch');
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
      await catalogue.createService(service('careers'), ACTOR);
      const first = await catalogue.replaceAdmins(
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

      const second = await catalogue.replaceAdmins(
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
        catalogue.replaceAdmins('careers', [], 2, ACTOR),
      ).rejects.toThrow(ConflictError);
    });
  });

  describe('import', () => {
    it('writes nothing when any row collides with the catalogue, and names the rows', async () => {
      await catalogue.createService(
        service('corp-x', { platform: 'x', handle: '@corp' }),
        ACTOR,
      );
      const result = await catalogue.importServices(
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
        outOfCompliance: [],
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
      expect((await stores.services.listServices({})).totalCount).toBe(1);
    });

    it('checks without writing in a dry run, then writes all rows with one trail entry each', async () => {
      const rows = [1, 2, 3].map(n => ({
        row: n + 1,
        input: service(`svc-${n}`),
      }));
      const dry = await catalogue.importServices(rows, ACTOR, { dryRun: true });
      expect(dry).toEqual({
        created: ['svc-1', 'svc-2', 'svc-3'],
        problems: [],
        outOfCompliance: [],
      });
      expect((await stores.services.listServices({})).totalCount).toBe(0);
      expect(await stores.audit.isEmpty()).toBe(true);

      await catalogue.importServices(rows, ACTOR, { dryRun: false });
      expect((await stores.services.listServices({})).totalCount).toBe(3);
      expect((await stores.audit.getServiceHistory('svc-2'))[0].action).toBe(
        'import',
      );
      expect(await stores.audit.verify()).toEqual({
        intact: true,
        entries: 3,
      });
    });
  });
});
