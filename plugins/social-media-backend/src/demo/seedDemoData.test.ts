import { mockServices } from '@backstage/backend-test-utils';
import {
  AuditEntry,
  DEFAULT_RISK_MODEL,
  LIFECYCLE_GATES,
  SocialService,
  SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  createTestSocialMedia,
  TestClock,
} from '../__testUtils__/testSocialMedia';
import { DEFAULT_GUARDIANSHIP_POLICY } from '../domain/guardianship';
import {
  DEMO_SERVICES,
  DemoPerson,
  finalState,
  personActor,
} from './demoServices';
import { seedDemoData } from './seedDemoData';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const DAY_MS = 24 * 60 * 60 * 1000;

/** What operation asks of a service, that it lacks (the lifecycle's own gate). */
const operationGaps = (service: SocialServiceDetails) =>
  LIFECYCLE_GATES.operation
    .filter(requirement => !requirement.met(service))
    .map(requirement => requirement.missing);

describe.each(ids)('the demo data on %s', databaseId => {
  let knex: Knex;
  let now: Date;
  let loaded: number;
  let seedingMs: number;
  let announced: SocialService[];
  let socialMedia: Awaited<ReturnType<typeof createTestSocialMedia>>;
  let services: SocialServiceDetails[];
  /** The whole audit trail, oldest first. */
  let trail: AuditEntry[];

  const seed = () =>
    seedDemoData({
      database: mockServices.database({ knex, migrations: { skip: false } }),
      riskModel: DEFAULT_RISK_MODEL,
      policy: DEFAULT_GUARDIANSHIP_POLICY,
      logger: mockServices.logger.mock(),
      now,
      announce: list => {
        announced = list;
      },
      demoItsm: { appBaseUrl: 'http://localhost:3000' },
    });
  const service = (id: string) => services.find(s => s.id === id)!;
  const history = (id: string) => trail.filter(e => e.entityId === id);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    // As the plugin loads it: up to the real time.
    now = new Date();
    const started = Date.now();
    loaded = await seed();
    seedingMs = Date.now() - started;
    socialMedia = await createTestSocialMedia(knex, {
      clock: new TestClock(now),
    });
    const { stores, catalogue } = socialMedia;
    services = await Promise.all(
      (
        await stores.services.listServiceIds()
      ).map(id => catalogue.getService(id)),
    );
    trail = (
      await Promise.all(services.map(s => stores.audit.getServiceHistory(s.id)))
    )
      .flat()
      .sort((a, b) => a.seq - b.seq);
  });

  it('loads the 32 services once, quickly, and tells the catalog about each as it ends up', async () => {
    expect(loaded).toBe(32);
    // The portal waits for it at its first start (a few seconds; generous for busy machines).
    expect(seedingMs).toBeLessThan(30_000);
    expect(services).toHaveLength(32);
    expect(announced.map(s => s.id).sort()).toEqual(
      services.map(s => s.id).sort(),
    );
    expect(announced.find(s => s.id === 'careers-linkedin-page')?.version).toBe(
      service('careers-linkedin-page').version,
    );

    const before = await socialMedia.stores.audit.verify();
    expect(await seed()).toBe(0);
    expect(await socialMedia.stores.audit.verify()).toEqual(before);
  });

  it('ends every service where its story ends', () => {
    expect(DEMO_SERVICES.map(s => [s.name, finalState(s).stage])).toEqual(
      DEMO_SERVICES.map(s => [
        s.name,
        services.find(found => found.name === s.name)?.lifecycleStage,
      ]),
    );
  });

  it('keeps an intact audit trail of a year of changes, every one in the past and in order', async () => {
    const verification = await socialMedia.stores.audit.verify();
    expect(verification).toMatchObject({ intact: true });
    expect(trail.length).toBeGreaterThan(100);
    // The services' entries, and those of the transfers and retirements: five filed, three
    // approved.
    const handoverEntries = await knex('social_media_audit_log')
      .where({ entity_type: 'service-handover' })
      .select('action');
    expect(handoverEntries.map(e => e.action).sort()).toEqual([
      'retirement-accept',
      'retirement-accept',
      'retirement-accept',
      'retirement-submit',
      'retirement-submit',
      'retirement-submit',
      'retirement-submit',
      'transfer-submit',
    ]);
    expect(trail.length + handoverEntries.length).toBe(verification.entries);

    const times = trail.map(e => Date.parse(e.at));
    expect(times.filter((t, i) => i > 0 && t < times[i - 1])).toEqual([]);
    const first = times[0];
    expect(now.getTime() - first).toBeGreaterThan(360 * DAY_MS);
    expect(now.getTime() - first).toBeLessThanOrEqual(367 * DAY_MS);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    // Spread over the year, not bunched at its ends.
    const months = new Set(trail.map(e => e.at.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
  });

  it('records what people did: import, creation, edits, admins, reviews, moves and leavers found', () => {
    const actions = new Set(trail.map(e => e.action));
    expect([...actions].sort()).toEqual(
      expect.arrayContaining([
        'access-review',
        'create',
        'import',
        'leaver-detection',
        'transition',
        'update',
        'update-admins',
      ]),
    );
    // Named people by their roles, and the scheduled sweep.
    expect(new Set(trail.map(e => e.actor))).toEqual(
      new Set([
        'user:default/portal-admin',
        'user:default/it-service-owner',
        'user:default/communications-lead',
        'user:default/marketing-lead',
        'user:default/social-media-manager',
        'user:default/hr-business-partner',
        'user:default/support-team-lead',
        'user:default/emea-marketing-manager',
        'user:default/americas-marketing-manager',
        'user:default/apac-marketing-manager',
        'user:default/security-analyst',
        'user:default/it-service-manager',
        'plugin:social-media/guardianship-sweep',
      ]),
    );
    // Most services have a history beyond their first entry.
    const withHistory = services.filter(s => history(s.id).length > 1);
    expect(withHistory.length).toBeGreaterThanOrEqual(20);
  });

  it('moves services through strategy, design and transition into operation over months', () => {
    const moved = service('emea-linkedin-showcase-page');
    const moves = [...moved.transitions].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    expect(moves.map(t => [t.from, t.to, t.actor])).toEqual([
      ['strategy', 'design', 'user:default/it-service-owner'],
      ['design', 'transition', 'user:default/it-service-owner'],
      ['transition', 'operation', 'user:default/it-service-owner'],
    ]);
    const [first, , last] = moves.map(t => Date.parse(t.at));
    expect(last - first).toBeGreaterThan(30 * DAY_MS);
    // A service requested lately is still being designed.
    expect(service('graduate-programme-tiktok')).toMatchObject({
      lifecycleStage: 'design',
    });
    expect(
      now.getTime() -
        Date.parse(service('graduate-programme-tiktok').createdAt),
    ).toBeLessThan(60 * DAY_MS);
  });

  it('retires a service during the year, after access was revoked and the account archived', () => {
    const retired = service('germany-facebook-page');
    expect(retired.lifecycleStage).toBe('retired');
    expect(retired.controls).toMatchObject({
      accessRevoked: true,
      accountStatus: 'archived',
    });
    const [move] = retired.transitions;
    expect(move).toMatchObject({ from: 'operation', to: 'retired' });
    expect(now.getTime() - Date.parse(move.at)).toBeLessThan(200 * DAY_MS);
    expect(now.getTime() - Date.parse(move.at)).toBeGreaterThan(30 * DAY_MS);
  });

  it('retires each live service through a retirement request that IT service management approved', async () => {
    const { serviceHandovers } = socialMedia;
    const retired = services.filter(s => s.lifecycleStage === 'retired');
    expect(retired.map(s => s.id).sort()).toEqual([
      'germany-facebook-page',
      'internal-communications-youtube',
      'legacy-events-x-account',
    ]);
    for (const s of retired) {
      const { items } = await serviceHandovers.list(
        { scope: 'service', serviceId: s.id },
        { userRef: 'user:default/auditor', claims: [] },
        { limit: 10, offset: 0 },
      );
      expect(items).toEqual([
        expect.objectContaining({
          kind: 'retirement',
          status: 'completed',
          deciders: ['group:default/it-service-management'],
        }),
      ]);
      const [request] = items;
      expect(request.steps.map(step => [step.action, step.actor])).toEqual([
        ['submit', request.requester],
        ['accept', 'user:default/it-service-manager'],
      ]);
      expect(request.requester).not.toBe('user:default/it-service-manager');
      // The lifecycle move is the approval's, and names the request.
      const [move] = s.transitions;
      expect(move).toMatchObject({
        from: 'operation',
        to: 'retired',
        actor: 'user:default/it-service-manager',
        reason: `Retirement ${request.id}: ${request.reason}`,
        at: request.steps[1].at,
      });
      const entry = history(s.id).find(e => e.action === 'transition')!;
      expect(entry.after).toMatchObject({
        lifecycleStage: 'retired',
        request: {
          id: request.id,
          kind: 'retirement',
          requestedBy: request.requester,
          decidedBy: 'user:default/it-service-manager',
        },
      });
      expect(s.controls.accessRevoked).toBe(true);
      expect(s.controls.accountStatus).toBe(
        request.handle === 'released' ? 'deleted' : 'archived',
      );
    }
    expect(
      service('legacy-events-x-account').transitions.map(t => t.from),
    ).toEqual(['operation']);
  });

  it("leaves a transfer waiting for the receiving group and a retirement waiting for IT service management, each in its deciders' inbox", async () => {
    const { serviceHandovers } = socialMedia;
    const inbox = async (person: DemoPerson) =>
      (
        await serviceHandovers.list({ scope: 'inbox' }, personActor(person), {
          limit: 10,
          offset: 0,
        })
      ).items.map(h => [h.kind, h.serviceId, h.status, h.requester]);

    expect(await inbox('communications-lead')).toEqual([
      [
        'transfer',
        'emea-x-account',
        'submitted',
        'user:default/emea-marketing-manager',
      ],
    ]);
    expect(await inbox('it-service-manager')).toEqual([
      [
        'retirement',
        'support-youtube-how-to-channel',
        'submitted',
        'user:default/support-team-lead',
      ],
    ]);
    expect(await inbox('marketing-lead')).toEqual([]);

    const [transfer] = (
      await serviceHandovers.list(
        { scope: 'mine' },
        personActor('emea-marketing-manager'),
        { limit: 10, offset: 0 },
      )
    ).items.filter(h => h.status === 'submitted');
    expect(transfer).toMatchObject({
      fromOwnerGroup: 'group:default/region-emea',
      toOwnerGroup: 'group:default/communications',
      toServiceOwner: 'user:default/communications-lead',
      deciders: ['group:default/communications'],
    });
    // Nothing changes hands until the receiving group accepts.
    expect(service('emea-x-account')).toMatchObject({
      ownerGroup: 'group:default/region-emea',
      lifecycleStage: 'operation',
    });
    // Wound down by its owners, still live until IT service management approves.
    expect(service('support-youtube-how-to-channel')).toMatchObject({
      lifecycleStage: 'improvement',
      controls: expect.objectContaining({
        accessRevoked: false,
        accountStatus: 'active',
        thirdPartyApps: [],
      }),
    });
    expect(
      service('support-youtube-how-to-channel').controls.credentialVaultRef,
    ).toBeUndefined();
  });

  it('has access reviews both overdue and current, each last review coming from a real review', async () => {
    const dashboard = await socialMedia.stores.guardianship.getDashboard(365);
    expect(dashboard.accessReviews.overdue).toBeGreaterThanOrEqual(3);
    expect(dashboard.accessReviews.current).toBeGreaterThanOrEqual(3);

    expect(service('corporate-x-account').accessReview.status).toBe('current');
    expect(service('brand-facebook-page').accessReview.status).toBe('overdue');
    expect(service('americas-x-account').accessReview).toMatchObject({
      status: 'overdue',
    });
    expect(
      service('americas-x-account').accessReview.lastReviewedAt,
    ).toBeUndefined();

    for (const reviewed of services.filter(
      s => s.accessReview.lastReviewedAt,
    )) {
      const [latest] = await socialMedia.stores.guardianship.getAccessReviews(
        reviewed.id,
      );
      expect([reviewed.id, reviewed.accessReview.lastReviewedAt]).toEqual([
        reviewed.id,
        latest.at,
      ]);
    }
    // Quarterly reviews, done over the whole year.
    const reviews = await socialMedia.stores.guardianship.getAccessReviews(
      'corporate-x-account',
    );
    expect(reviews.length).toBeGreaterThanOrEqual(4);
  });

  it('flags a leaver who still holds access, and shows one removed by a review', async () => {
    expect(service('brand-facebook-page').leavers).toEqual([
      expect.objectContaining({
        userRef: 'user:default/former-campaign-manager',
        account: 'former-campaign-manager',
      }),
    ]);
    expect(
      history('brand-facebook-page').find(e => e.action === 'leaver-detection')
        ?.actor,
    ).toBe('plugin:social-media/guardianship-sweep');

    expect(service('careers-instagram').leavers).toEqual([]);
    const reviews = await socialMedia.stores.guardianship.getAccessReviews(
      'careers-instagram',
    );
    expect(
      reviews.flatMap(r => r.decisions).filter(d => d.decision === 'remove'),
    ).toEqual([
      expect.objectContaining({
        account: 'hr-coordinator',
        userRef: 'user:default/former-hr-coordinator',
      }),
    ]);
  });

  it('has operating services that meet what operation asks, and some that do not, honestly reached', () => {
    const live = services.filter(s => s.lifecycleStage === 'operation');
    const compliant = live.filter(s => operationGaps(s).length === 0);
    const out = live.filter(s => operationGaps(s).length > 0);
    expect(compliant.length).toBeGreaterThan(out.length);
    expect(compliant.map(s => s.id)).toEqual(
      expect.arrayContaining([
        'corporate-x-account',
        'careers-linkedin-page',
        'emea-linkedin-showcase-page',
      ]),
    );
    expect(out.map(s => s.id).sort()).toEqual([
      'americas-x-account',
      'brand-facebook-page',
      'support-facebook-page',
    ]);
    // Found in operation by the inventory and never fixed.
    expect(operationGaps(service('americas-x-account'))).toEqual(
      expect.arrayContaining([
        'MFA enabled',
        'credentials in a vault',
        'personal admin access instead of a shared login',
      ]),
    );
    expect(history('americas-x-account').map(e => e.action)).toEqual([
      'import',
    ]);
    // A leaver after MFA came: still no vault or company recovery.
    expect(operationGaps(service('brand-facebook-page'))).toEqual(
      expect.arrayContaining([
        'credentials in a vault',
        'access removed from everyone who left the organisation',
      ]),
    );
    // Met the gate once, then the recovery phone went to a person.
    expect(operationGaps(service('support-facebook-page'))).toEqual([
      'a recovery e-mail and phone owned by the company',
    ]);
    const recoveries = history('support-facebook-page')
      .filter(e => e.action === 'update')
      .map(
        e =>
          (e.after as { controls: { recoveryOwnedByCompany: boolean } })
            .controls.recoveryOwnedByCompany,
      );
    expect(recoveries).toEqual([true, false]);
  });

  it('shows ratings that moved over the year, not a flat line with a spike today', async () => {
    const { riskTrend } = await socialMedia.stores.guardianship.getDashboard(
      365,
    );
    expect(riskTrend).toHaveLength(365);
    const rated = (p: (typeof riskTrend)[number]) =>
      p.low + p.medium + p.high + p.critical;
    // Services were there a year ago, and more came during the year.
    expect(rated(riskTrend[0])).toBeGreaterThanOrEqual(15);
    expect(rated(riskTrend[364])).toBe(32);
    // The line moves all year long, before today.
    const shapes = new Set(
      riskTrend
        .slice(0, -1)
        .map(p => `${p.low}/${p.medium}/${p.high}/${p.critical}`),
    );
    expect(shapes.size).toBeGreaterThanOrEqual(20);
    // The inventory was found in a poor state; hardening brought critical ratings down.
    expect(riskTrend[0].critical).toBeGreaterThan(riskTrend[364].critical);

    const corporateX = await socialMedia.stores.guardianship.getRiskHistory(
      'corporate-x-account',
    );
    expect(corporateX.length).toBeGreaterThan(1);
    expect(corporateX[0].rating).toBe('low');
    expect(corporateX[corporateX.length - 1].rating).not.toBe('low');
  });

  it("links the demo ITSM's incidents through the sync on the days they happened: counted, and weighed in the rating", async () => {
    const { stores } = socialMedia;
    const linked = new Map(
      await Promise.all(
        services.map(
          async s =>
            [
              s.id,
              await stores.incidents.listIncidents(s.id, {
                includeResolved: true,
              }),
            ] as const,
        ),
      ),
    );
    // A few services had incidents, most none; three are still open, one each.
    const withAny = [...linked].filter(([, incidents]) => incidents.length > 0);
    expect(withAny.length).toBeGreaterThanOrEqual(6);
    expect(withAny.length).toBeLessThan(services.length / 2);
    expect(
      services
        .filter(s => s.openIncidentCount > 0)
        .map(s => [s.id, s.openIncidentCount])
        .sort(),
    ).toEqual([
      ['americas-x-account', 1],
      ['customer-support-x-account', 1],
      ['support-facebook-page', 1],
    ]);
    // Spread over the year, from the demo ITSM, linking to its pages.
    const all = [...linked.values()].flat();
    expect(new Set(all.map(i => i.openedAt.slice(0, 7))).size).toBeGreaterThan(
      7,
    );
    expect(all.every(i => i.connectorId === 'demo-itsm')).toBe(true);
    expect(all.map(i => i.url)).toContain(
      'http://localhost:3000/social-media/demo-itsm/incidents/DEMO-1011',
    );

    // The support account's second impersonation raised its rating minutes after it was opened.
    const support = linked.get('customer-support-x-account')!;
    expect(support.map(i => [i.number, i.state, i.open])).toEqual([
      ['DEMO-1011', 'In progress', true],
      ['DEMO-1010', 'Resolved', false],
      ['DEMO-1002', 'Resolved', false],
    ]);
    expect(service('customer-support-x-account').riskRating).toBe('medium');
    const opened = Date.parse(support[0].openedAt);
    const raised = (
      await stores.guardianship.getRiskHistory('customer-support-x-account')
    ).find(h => h.trigger === 'incident')!;
    expect(raised).toMatchObject({ previousRating: 'low', rating: 'medium' });
    expect(Date.parse(raised.at) - opened).toBeGreaterThan(0);
    expect(Date.parse(raised.at) - opened).toBeLessThan(15 * 60 * 1000);
    expect(raised.reasons).toContainEqual(
      expect.objectContaining({ id: 'security-incidents', contribution: 6 }),
    );

    // An impersonation earlier in the year raised a rating for 90 days; then a nightly sweep
    // took it out again.
    const rank = ['low', 'medium', 'high', 'critical'];
    const brand = await stores.guardianship.getRiskHistory('brand-instagram');
    const byIncident = brand.find(h => h.trigger === 'incident')!;
    expect(rank.indexOf(byIncident.rating)).toBeGreaterThan(
      rank.indexOf(byIncident.previousRating!),
    );
    const expired = brand.find(
      h =>
        h.trigger === 'schedule' &&
        Date.parse(h.at) - Date.parse(byIncident.at) > 89 * DAY_MS &&
        Date.parse(h.at) - Date.parse(byIncident.at) < 91 * DAY_MS,
    );
    expect(expired).toBeDefined();
    expect(rank.indexOf(expired!.rating)).toBeLessThan(
      rank.indexOf(expired!.previousRating!),
    );
  });

  it('starts the end-to-end stories from the state they expect', () => {
    expect(service('corporate-x-account')).toMatchObject({
      riskRating: 'low',
      controls: expect.objectContaining({ mfaEnabled: true }),
    });
    expect(service('brand-facebook-page').admins.map(a => a.account)).toEqual(
      expect.arrayContaining([
        'marketing-lead',
        'former-campaign-manager',
        'paid-media-agency',
      ]),
    );
    expect(service('brand-facebook-page').admins).toHaveLength(3);
    expect(service('emea-linkedin-showcase-page').admins).toEqual([]);
    expect(service('sustainability-instagram')).toMatchObject({
      lifecycleStage: 'strategy',
    });
    expect(service('sustainability-instagram').serviceOwner).toBeUndefined();
  });
});
