import { ConflictError, InputError } from '@backstage/errors';
import {
  accessReviewInputSchema,
  DEFAULT_RISK_MODEL,
  ServiceListQuery,
  SocialServiceInput,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { NewService } from '../stores/services/ServiceStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const OWNER = 'user:default/marketing-lead';
const SWEEP = 'plugin:social-media/guardianship-sweep';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A large brand account with every control in place: rated low. */
function hardened(
  id: string,
  overrides: Partial<SocialServiceInput> = {},
): NewService {
  const parsed = socialServiceInputSchema.parse({
    name: `Service ${id}`,
    platform: 'instagram',
    handle: id,
    purpose: 'Brand stories',
    businessUnit: 'Marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: OWNER,
    profileUrl: `https://www.instagram.com/${id}`,
    audienceSize: 1_500_000,
    lifecycleStage: 'operation',
    controls: {
      mfaEnabled: true,
      mfaMethod: 'security-key',
      credentialVaultRef: 'vault://social/brand',
      verified: true,
      recoveryOwnedByCompany: true,
      brandLevel: true,
    },
    ...overrides,
  });
  return { ...parsed, id };
}

const ADMINS = [
  {
    account: 'marketing-lead',
    userRef: OWNER,
    role: 'owner' as const,
    inOrganisation: true,
  },
  {
    account: 'campaign-manager',
    userRef: 'user:default/campaign-manager',
    role: 'admin' as const,
    inOrganisation: true,
  },
  { account: 'agency', role: 'editor' as const, inOrganisation: true },
];

describe.each(ids)('guardianship on %s', databaseId => {
  let knex: Knex;
  let clock: TestClock;
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;
  let catalogue: typeof socialMedia.catalogue;
  let guardianship: typeof socialMedia.guardianship;
  let stores: typeof socialMedia.stores;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = new TestClock(new Date('2026-11-25T09:00:00.000Z'));
    socialMedia = await createTestSocialMedia(knex, { clock });
    ({ catalogue, guardianship, stores } = socialMedia);
  });

  const later = (days: number) => clock.advanceDays(days);

  const update = async (id: string, change: Record<string, any>) => {
    const current = await catalogue.getService(id);
    const { controls, ...rest } = change;
    return catalogue.updateService(
      id,
      socialServiceUpdateSchema.parse({
        name: current.name,
        platform: current.platform,
        handle: current.handle,
        purpose: current.purpose,
        businessUnit: current.businessUnit,
        ownerGroup: current.ownerGroup,
        serviceOwner: current.serviceOwner,
        profileUrl: current.profileUrl,
        audienceSize: current.audienceSize,
        controls: { ...current.controls, ...controls },
        version: current.version,
        ...rest,
      }),
      OWNER,
    );
  };

  const review = (
    id: string,
    version: number,
    decisions: Array<[string, 'keep' | 'remove']>,
    note?: string,
  ) =>
    guardianship.review(
      id,
      accessReviewInputSchema.parse({
        version,
        decisions: decisions.map(([account, decision]) => ({
          account,
          decision,
        })),
        note,
      }),
      OWNER,
    );

  describe('the rating', () => {
    it('rates a new service at once, explains it and records it as the first rating', async () => {
      const created = await catalogue.createService(hardened('brand'), OWNER);
      expect(created.riskRating).toBe('low');
      expect(created.risk).toMatchObject({
        rating: 'low',
        likelihood: { score: 0, level: 1 },
        impact: { level: 4 },
        assessedAt: clock.now().toISOString(),
      });
      expect(created.risk!.factors).toHaveLength(17);
      expect(await stores.guardianship.getRiskHistory('brand')).toEqual([
        expect.objectContaining({
          serviceId: 'brand',
          rating: 'low',
          trigger: 'create',
          at: clock.now().toISOString(),
        }),
      ]);
      expect(
        (await stores.guardianship.getRiskHistory('brand'))[0].previousRating,
      ).toBeUndefined();
    });

    it('turning MFA off raises the rating, names the reason, and records the change', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      later(1);
      const updated = await update('brand', {
        controls: { mfaEnabled: false, mfaMethod: undefined },
      });
      expect(updated.riskRating).toBe('critical');
      expect(updated.risk!.factors.find(f => f.id === 'mfa')).toMatchObject({
        value: 'off',
        contribution: DEFAULT_RISK_MODEL.likelihood.noMfa,
      });
      const [latest] = await stores.guardianship.getRiskHistory('brand');
      expect(latest).toMatchObject({
        rating: 'critical',
        previousRating: 'low',
        trigger: 'update',
        at: clock.now().toISOString(),
      });
      expect(latest.reasons[0]).toMatchObject({ id: 'mfa', contribution: 4 });
      // The list shows the new rating too, and a filter by rating finds it.
      const list = await stores.services.listServices({
        riskRating: ['critical'],
      });
      expect(list.items.map(s => s.id)).toEqual(['brand']);
    });

    it('does not write a history entry when the rating stays the same', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      await update('brand', { purpose: 'Brand stories and launches' });
      expect(await stores.guardianship.getRiskHistory('brand')).toHaveLength(1);
    });

    it('a change of rating does not bump the version people edit against', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      later(200); // the review falls overdue, the rating rises
      const result = await guardianship.sweepWith({ actor: SWEEP });
      expect(result.ratingsChanged).toBe(1);
      const service = await catalogue.getService('brand');
      expect(service.version).toBe(1);
      expect(service.riskRating).toBe('high');
    });

    it('counts recent security incidents linked from the ITSM tool, and forgets old ones', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      const incident = (n: number, title: string, openedDaysAgo: number) => ({
        service_id: 'brand',
        connector_id: 'servicenow',
        external_id: `sys-${n}`,
        number: `INC00${n}`,
        title,
        priority: '2 - High',
        state: 'Resolved',
        category: null,
        is_open: false,
        opened_at: new Date(
          clock.now().getTime() - openedDaysAgo * DAY_MS,
        ).toISOString(),
        updated_at: clock.now().toISOString(),
        url: `https://example.service-now.com/incident.do?sys_id=sys-${n}`,
      });
      await knex('social_service_incidents').insert([
        incident(1, 'Suspected account takeover of the brand account', 10),
        incident(2, 'Scheduled post went out twice', 5),
        incident(3, 'Phishing DMs sent from the account', 400),
      ]);
      await guardianship.sweepWith({ actor: SWEEP });
      const service = await catalogue.getService('brand');
      expect(
        service.risk!.factors.find(f => f.id === 'security-incidents'),
      ).toMatchObject({ value: '1 incident', contribution: 3 });
      expect(service.riskRating).toBe('high');
    });
  });

  describe('access reviews', () => {
    async function withAdmins() {
      await catalogue.createService(hardened('brand'), OWNER);
      return catalogue.replaceAdmins('brand', ADMINS, 1, OWNER);
    }

    it('is never current before the first review, and is current once reviewed', async () => {
      const service = await withAdmins();
      expect(service.accessReview).toEqual({
        status: 'due',
        dueAt: new Date(clock.now().getTime() + 90 * DAY_MS).toISOString(),
        overdueDays: 0,
        intervalDays: 90,
      });
      const listed = await stores.guardianship.listAccessReviews({
        status: ['due'],
        limit: 50,
        offset: 0,
      });
      expect(listed.items.map(i => i.serviceId)).toEqual(['brand']);
      expect(
        (await stores.guardianship.getDashboard(30)).accessReviews,
      ).toEqual({ current: 0, due: 1, overdue: 0 });
      later(1);
      const { service: reviewed } = await review('brand', service.version, [
        ['marketing-lead', 'keep'],
        ['campaign-manager', 'keep'],
        ['agency', 'keep'],
      ]);
      expect(reviewed.accessReview).toMatchObject({
        status: 'current',
        lastReviewedAt: clock.now().toISOString(),
      });
      expect(
        (await stores.guardianship.getDashboard(30)).accessReviews,
      ).toEqual({ current: 1, due: 0, overdue: 0 });
    });

    it('is due one interval after the service was catalogued, and listed by status', async () => {
      await withAdmins();
      later(80);
      expect((await catalogue.getService('brand')).accessReview.status).toBe(
        'due',
      );
      expect(
        (
          await stores.guardianship.listAccessReviews({
            status: ['due', 'overdue'],
            limit: 50,
            offset: 0,
          })
        ).items.map(i => [i.serviceId, i.review.status]),
      ).toEqual([['brand', 'due']]);
      later(15);
      const overdue = await catalogue.getService('brand');
      expect(overdue.accessReview).toMatchObject({
        status: 'overdue',
        overdueDays: 5,
      });
      const listed = await stores.guardianship.listAccessReviews({
        status: ['overdue'],
        limit: 50,
        offset: 0,
      });
      expect(listed.totalCount).toBe(1);
    });

    it('an overdue review raises the rating on the next sweep, and attesting lowers it again', async () => {
      const service = await withAdmins();
      later(100);
      await guardianship.sweepWith({ actor: SWEEP });
      const overdue = await catalogue.getService('brand');
      expect(overdue.riskRating).toBe('high');
      expect(
        overdue.risk!.factors.find(f => f.id === 'access-review'),
      ).toMatchObject({ value: 'overdue by 10 days', contribution: 2 });
      expect(
        (await stores.guardianship.getRiskHistory('brand'))[0],
      ).toMatchObject({
        rating: 'high',
        previousRating: 'low',
        trigger: 'schedule',
      });

      const { review: attested, service: reviewed } = await review(
        'brand',
        service.version,
        [
          ['marketing-lead', 'keep'],
          ['campaign-manager', 'keep'],
          ['agency', 'keep'],
        ],
        'Quarterly review',
      );
      expect(attested).toMatchObject({
        serviceId: 'brand',
        reviewer: OWNER,
        at: clock.now().toISOString(),
        note: 'Quarterly review',
      });
      expect(reviewed.riskRating).toBe('low');
      expect(reviewed.accessReview).toMatchObject({
        status: 'current',
        lastReviewedAt: clock.now().toISOString(),
        dueAt: new Date(clock.now().getTime() + 90 * DAY_MS).toISOString(),
      });
      expect(
        (await stores.guardianship.getRiskHistory('brand'))[0],
      ).toMatchObject({
        rating: 'low',
        previousRating: 'high',
        trigger: 'access-review',
      });
    });

    it('removes the admins marked remove, keeps the others, and records the review in the trail', async () => {
      const service = await withAdmins();
      const { service: reviewed } = await review('brand', service.version, [
        ['marketing-lead', 'keep'],
        ['CAMPAIGN-MANAGER', 'remove'],
        ['agency', 'keep'],
      ]);
      expect(reviewed.admins.map(a => a.account)).toEqual([
        'marketing-lead',
        'agency',
      ]);
      expect(reviewed.adminCount).toBe(2);
      expect(reviewed.version).toBe(service.version + 1);
      expect(await stores.guardianship.getAccessReviews('brand')).toEqual([
        expect.objectContaining({
          decisions: [
            { account: 'marketing-lead', userRef: OWNER, decision: 'keep' },
            {
              account: 'campaign-manager',
              userRef: 'user:default/campaign-manager',
              decision: 'remove',
            },
            { account: 'agency', decision: 'keep' },
          ],
        }),
      ]);
      const [entry] = await stores.audit.getServiceHistory('brand');
      expect(entry).toMatchObject({ action: 'access-review', actor: OWNER });
      expect((await stores.audit.verify()).intact).toBe(true);
    });

    it.each<[string, Array<[string, 'keep' | 'remove']>, string]>([
      [
        'an admin without a decision',
        [['marketing-lead', 'keep']],
        'Decide keep or remove for every admin; missing: campaign-manager, agency',
      ],
      [
        'an account that is not on the list',
        [
          ['marketing-lead', 'keep'],
          ['campaign-manager', 'keep'],
          ['agency', 'keep'],
          ['someone-else', 'remove'],
        ],
        'Not on the admin list of brand: someone-else',
      ],
    ])(
      'refuses a review with %s and changes nothing',
      async (_, decisions, message) => {
        const service = await withAdmins();
        await expect(
          review('brand', service.version, decisions),
        ).rejects.toThrow(new InputError(message));
        const after = await catalogue.getService('brand');
        expect(after.version).toBe(service.version);
        expect(after.adminCount).toBe(3);
        expect(await stores.guardianship.getAccessReviews('brand')).toEqual([]);
      },
    );

    it('keeps a person who left only with a reason, and records it in the review and the trail', async () => {
      await withAdmins();
      await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(['user:default/campaign-manager']),
      });
      const flagged = await catalogue.getService('brand');
      const decide = (reason?: string) =>
        guardianship.review(
          'brand',
          accessReviewInputSchema.parse({
            version: flagged.version,
            decisions: [
              { account: 'marketing-lead', decision: 'keep' },
              { account: 'campaign-manager', decision: 'keep', reason },
              { account: 'agency', decision: 'keep' },
            ],
          }),
          OWNER,
        );

      const refused = await decide('   ').catch(e => e);
      expect(refused).toBeInstanceOf(InputError);
      expect(refused.message).toBe(
        'Give a reason to keep campaign-manager: they have left the organisation',
      );
      expect(refused.fields).toEqual([
        {
          field: 'decisions.1.reason',
          message:
            'Give a reason to keep campaign-manager: they have left the organisation',
        },
      ]);
      expect((await catalogue.getService('brand')).version).toBe(
        flagged.version,
      );
      expect(await stores.guardianship.getAccessReviews('brand')).toEqual([]);

      const { review: recorded } = await decide(
        'Hands the account over until the end of the month',
      );
      const kept = {
        account: 'campaign-manager',
        userRef: 'user:default/campaign-manager',
        decision: 'keep',
        reason: 'Hands the account over until the end of the month',
        leftOrganisation: true,
      };
      expect(recorded.decisions[1]).toEqual(kept);
      expect(
        (await stores.guardianship.getAccessReviews('brand'))[0].decisions[1],
      ).toEqual(kept);
      const [entry] = await stores.audit.getServiceHistory('brand');
      expect(entry).toMatchObject({
        action: 'access-review',
        after: { decisions: expect.arrayContaining([kept]) },
      });
    });

    it('refuses a review of a version that is no longer current', async () => {
      const service = await withAdmins();
      await expect(
        review('brand', service.version - 1, [
          ['marketing-lead', 'keep'],
          ['campaign-manager', 'keep'],
          ['agency', 'keep'],
        ]),
      ).rejects.toThrow(ConflictError);
    });

    it('an edit cannot move the last review date; only a review does', async () => {
      const service = await withAdmins();
      await expect(
        update('brand', {
          controls: { lastAccessReviewAt: '2026-11-24T00:00:00.000Z' },
        }),
      ).rejects.toThrow(
        'controls.lastAccessReviewAt: The last access review cannot be typed in',
      );
      const unchanged = await catalogue.getService('brand');
      expect(unchanged.version).toBe(service.version);
      expect(unchanged.accessReview.lastReviewedAt).toBeUndefined();

      const { service: reviewed } = await review('brand', service.version, [
        ['marketing-lead', 'keep'],
        ['campaign-manager', 'keep'],
        ['agency', 'keep'],
      ]);
      // Sending back the date as read is no change: the edit goes through and keeps it.
      const edited = await update('brand', { purpose: 'Brand stories only' });
      expect(edited.controls.lastAccessReviewAt).toBe(
        reviewed.controls.lastAccessReviewAt,
      );
      expect(edited.accessReview.lastReviewedAt).toBe(
        reviewed.accessReview.lastReviewedAt,
      );
    });
  });

  describe('leaver detection', () => {
    it('flags admins and the service owner who left, raises the rating, and clears them when they are back', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      await catalogue.replaceAdmins('brand', ADMINS, 1, OWNER);
      expect(await stores.services.listPeopleRefs()).toEqual([
        'user:default/campaign-manager',
        OWNER,
      ]);

      await socialMedia.forgetAnnouncements();
      const gone = await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(['user:default/campaign-manager', OWNER]),
      });
      expect(gone).toMatchObject({
        servicesChecked: 1,
        leaversFlagged: 3, // two admin entries and the service owner
        ratingsChanged: 1,
      });
      // The catalog projection hears of it, with the service as it now is.
      expect(await socialMedia.announcements()).toEqual([
        {
          action: 'update',
          serviceIds: ['brand'],
          services: [expect.objectContaining({ id: 'brand', leaverCount: 3 })],
        },
      ]);
      const flagged = await catalogue.getService('brand');
      expect(flagged.leaverCount).toBe(3);
      expect(flagged.leavers).toEqual([
        { role: 'service-owner', userRef: OWNER },
        { role: 'admin', userRef: OWNER, account: 'marketing-lead' },
        {
          role: 'admin',
          userRef: 'user:default/campaign-manager',
          account: 'campaign-manager',
        },
      ]);
      expect(flagged.riskRating).toBe('critical');
      expect(
        (await stores.guardianship.getRiskHistory('brand'))[0],
      ).toMatchObject({
        trigger: 'leaver-detection',
        rating: 'critical',
      });
      expect((await stores.audit.getServiceHistory('brand'))[0]).toMatchObject({
        action: 'leaver-detection',
        actor: SWEEP,
        after: {
          leftTheOrganisation: expect.arrayContaining([
            OWNER,
            'user:default/campaign-manager',
          ]),
        },
      });
      expect(
        (await stores.services.listServices({ hasLeavers: true })).items.map(
          s => s.id,
        ),
      ).toEqual(['brand']);
      // A second sweep with the same answer changes nothing.
      await socialMedia.forgetAnnouncements();
      const again = await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(['user:default/campaign-manager', OWNER]),
      });
      expect(again).toMatchObject({ leaversFlagged: 0, ratingsChanged: 0 });
      expect(await socialMedia.announcements()).toEqual([]);
      // The operation gate sees the leavers: back from improvement is blocked.
      const improving = await catalogue.transitionService(
        'brand',
        { to: 'improvement', reason: 'Clean up access', version: 2 },
        OWNER,
      );
      expect(
        improving.nextTransitions.find(t => t.to === 'operation')!.missing,
      ).toContain('access removed from everyone who left the organisation');

      const back = await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(),
      });
      expect(back).toMatchObject({ leaversCleared: 3, ratingsChanged: 1 });
      const cleared = await catalogue.getService('brand');
      expect(cleared.leavers).toEqual([]);
      expect(cleared.riskRating).toBe('low');
      expect(
        (await stores.services.listServices({ hasLeavers: true })).totalCount,
      ).toBe(0);
    });

    it('without a catalog answer leaves the flags alone and only rates again', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      await catalogue.replaceAdmins('brand', ADMINS, 1, OWNER);
      await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(['user:default/campaign-manager']),
      });
      const result = await guardianship.sweepWith({ actor: SWEEP });
      expect(result.leaversCleared).toBe(0);
      expect((await catalogue.getService('brand')).leaverCount).toBe(1);
    });

    it('removing a leaver from the admin list takes the rating back down', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      await catalogue.replaceAdmins('brand', ADMINS, 1, OWNER);
      await guardianship.sweepWith({
        actor: SWEEP,
        missingUsers: new Set(['user:default/campaign-manager']),
      });
      const flagged = await catalogue.getService('brand');
      // A leaver with access in operation is also out of compliance with operation.
      expect(flagged.riskRating).toBe('critical');
      expect(flagged.compliance).toEqual({
        stage: 'operation',
        compliant: false,
        missing: [
          'access removed from everyone who left the organisation',
          'a risk rating below critical',
        ],
      });
      const { service } = await review('brand', flagged.version, [
        ['marketing-lead', 'keep'],
        ['campaign-manager', 'remove'],
        ['agency', 'keep'],
      ]);
      expect(service.leaverCount).toBe(0);
      expect(service.riskRating).toBe('low');
      expect(service.compliance.compliant).toBe(true);
    });
  });

  describe('concurrency', () => {
    it('a sweep running while people edit neither deadlocks nor loses an edit', async () => {
      const brands = Array.from({ length: 16 }, (_, i) => `brand-${i}`);
      for (const id of brands) {
        await catalogue.createService(
          hardened(id, { handle: id.replace('-', '_') }),
          OWNER,
        );
        // Only the first service has the admin who is about to leave: the sweep writes the
        // trail for it first, then rates the others while people are editing them.
        await catalogue.replaceAdmins(
          id,
          id === 'brand-0'
            ? ADMINS
            : ADMINS.filter(a => !a.userRef?.includes('campaign')),
          1,
          OWNER,
        );
      }
      const missing = new Set(['user:default/campaign-manager']);
      for (let round = 0; round < 3; round++) {
        const mfaEnabled = round % 2 === 1;
        const results = await Promise.allSettled([
          guardianship.sweepWith({
            actor: SWEEP,
            missingUsers: round === 0 ? missing : new Set(),
          }),
          ...brands.slice(1).map(id =>
            update(id, {
              controls: mfaEnabled
                ? { mfaEnabled, mfaMethod: 'security-key' }
                : { mfaEnabled, mfaMethod: undefined },
            }),
          ),
        ]);
        expect(results.filter(r => r.status === 'rejected')).toEqual([]);
        for (const id of brands.slice(1)) {
          const service = await catalogue.getService(id);
          expect([id, service.controls.mfaEnabled]).toEqual([id, mfaEnabled]);
          // The rating reflects the edit, whichever ran first.
          expect([id, service.riskRating]).toEqual([
            id,
            mfaEnabled ? 'low' : 'critical',
          ]);
        }
      }
      expect((await stores.audit.verify()).intact).toBe(true);
    });
  });

  describe('dashboard', () => {
    it('counts reviews by status exactly as the catalogue filter and the review list find them', async () => {
      const reviewed = async (id: string) =>
        review(id, (await catalogue.getService(id)).version, []);
      for (const id of ['current', 'due', 'overdue']) {
        await catalogue.createService(hardened(id), OWNER);
      }
      await catalogue.createService(
        hardened('retired', {
          lifecycleStage: 'retired',
          controls: { accessRevoked: true, accountStatus: 'archived' },
        }),
        OWNER,
      );
      later(10);
      await reviewed('due'); // due again 90 days later, at day 100
      later(75);
      await reviewed('current'); // due again at day 175
      await catalogue.createService(hardened('unreviewed'), OWNER); // due at day 175
      later(10); // day 95: 'overdue' was due at day 90

      const dashboard = await stores.guardianship.getDashboard(5);
      const listed = async (status: 'current' | 'due' | 'overdue') => {
        const page = await catalogue.listServices({ accessReview: [status] });
        const reviews = await stores.guardianship.listAccessReviews({
          status: [status],
          limit: 50,
          offset: 0,
        });
        expect(page.totalCount).toBe(dashboard.accessReviews[status]);
        expect(reviews.items.map(i => i.serviceId).sort()).toEqual(
          page.items.map(i => i.id).sort(),
        );
        return page.items.map(i => i.id);
      };
      expect(await listed('overdue')).toEqual(['overdue']);
      expect(await listed('due')).toContain('due');
      expect(await listed('current')).toContain('current');
      const all = await catalogue.listServices({
        accessReview: ['current', 'due', 'overdue'],
      });
      // Nobody reviews a retired account.
      expect(all.items.map(i => i.id).sort()).toEqual([
        'current',
        'due',
        'overdue',
        'unreviewed',
      ]);
    });

    it('counts services by stage and rating, reviews by status, leavers, and replays the trend', async () => {
      await catalogue.createService(hardened('brand'), OWNER);
      await catalogue.createService(
        hardened('launch', {
          lifecycleStage: 'design',
          controls: { mfaEnabled: false },
        }),
        OWNER,
      );
      await catalogue.createService(
        hardened('old', {
          lifecycleStage: 'retired',
          controls: { accessRevoked: true, accountStatus: 'archived' },
        }),
        OWNER,
      );
      later(2);
      await update('brand', { controls: { sharedLogin: true } });
      later(100);
      await guardianship.sweepWith({ actor: SWEEP });

      const dashboard = await stores.guardianship.getDashboard(5);
      expect(dashboard.totalServices).toBe(3);
      const cell = (stage: string) =>
        dashboard.byStageAndRisk.find(c => c.stage === stage);
      expect(cell('operation')).toMatchObject({ critical: 1 });
      expect(cell('design')).toMatchObject({ critical: 1 });
      const retired = cell('retired')!;
      expect(
        retired.low + retired.medium + retired.high + retired.critical,
      ).toBe(1);
      // Retired services need no review.
      expect(dashboard.accessReviews).toEqual({
        current: 0,
        due: 0,
        overdue: 2,
      });
      expect(dashboard.overdueReviews.map(r => r.serviceId)).toEqual([
        'brand',
        'launch',
      ]);
      expect(dashboard.servicesWithLeavers).toBe(0);
      // Each count leads to the catalogue filtered to exactly those services.
      const listed = async (query: ServiceListQuery) =>
        (await catalogue.listServices(query)).items.map(s => s.id);
      expect(await listed({ accessReview: ['overdue'] })).toEqual([
        'brand',
        'launch',
      ]);
      expect(await listed({ accessReview: ['due'] })).toEqual([]);
      expect(await listed({ accessReview: ['current'] })).toEqual([]);
      expect(
        await listed({ lifecycleStage: ['design'], riskRating: ['critical'] }),
      ).toEqual(['launch']);
      expect(dashboard.riskTrend).toHaveLength(5);
      expect(dashboard.riskTrend[4].date).toBe(
        clock.now().toISOString().slice(0, 10),
      );
      const last = dashboard.riskTrend[4];
      expect(last.low + last.medium + last.high + last.critical).toBe(3);
    });
  });
});
