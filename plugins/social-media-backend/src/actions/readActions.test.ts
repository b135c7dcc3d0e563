/*
 * The catalogue's read actions through Backstage's actions registry, on SQLite and PostgreSQL:
 * what they list and answer agrees with the REST API they stand for, they check the read
 * permission with the caller's credentials, and bad input is refused by their schemas.
 */
import request from 'supertest';
import {
  actionsTestBackend,
  BRAND_INSTAGRAM,
  CAREERS_LINKEDIN,
  COMMUNICATIONS_LEAD,
  CORPORATE_X,
  MARKETING_LEAD,
  PORTAL,
} from '../__testUtils__/actionsTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const READ_ACTIONS = [
  'find-services',
  'explain-service-rating',
  'who-owned-service',
  'list-access-reviews-due',
];

describe.each(ids)('read actions on %s', databaseId => {
  const harness = actionsTestBackend(databases, databaseId);

  async function startWithServices(options: { deny?: string[] } = {}) {
    const backend = await harness.start(options);
    for (const service of [BRAND_INSTAGRAM, CORPORATE_X, CAREERS_LINKEDIN]) {
      await backend.createService(service);
    }
    return backend;
  }

  it('registers every action with a description, attributes and a JSON schema for its input', async () => {
    const { list } = await harness.start();
    const actions = await list();
    expect(actions.map(a => a.id).sort()).toEqual(
      [...READ_ACTIONS, 'file-service-request', 'report-incident']
        .map(name => `social-media:${name}`)
        .sort(),
    );
    for (const action of actions) {
      expect(action.pluginId).toBe('social-media');
      expect(action.description.length).toBeGreaterThan(100);
      expect(action.schema.input.type).toBe('object');
      const readOnly = READ_ACTIONS.includes(action.name);
      expect(action.attributes).toEqual({
        readOnly,
        destructive: false,
        idempotent: readOnly,
      });
    }
    const find = actions.find(a => a.name === 'find-services')!;
    expect(find.schema.input.properties.platform.items.enum).toContain(
      'instagram',
    );
    expect(find.schema.input.properties.riskRating.description).toMatch(
      /unrated/,
    );
  });

  describe('find-services', () => {
    it('filters as the catalogue list does, with a link to each service page', async () => {
      const { invoke, api, server } = await startWithServices();

      const instagram = await invoke('find-services', {
        platform: ['instagram'],
      });
      expect(instagram.status).toBe(200);
      expect(instagram.body.output).toEqual({
        totalCount: 1,
        offset: 0,
        services: [
          expect.objectContaining({
            id: 'brand-instagram',
            name: 'Brand Instagram',
            platform: 'instagram',
            ownerGroup: 'group:default/marketing',
            serviceOwner: MARKETING_LEAD,
            link: `${PORTAL}/social-media/services/brand-instagram`,
          }),
        ],
      });

      // Every filter the list API has gives the same services as the list API.
      const cases: Array<[object, string]> = [
        [{ ownerGroup: ['marketing'] }, 'ownerGroup=marketing'],
        [
          { serviceOwner: 'communications-lead' },
          'serviceOwner=communications-lead',
        ],
        [{ lifecycleStage: ['strategy'] }, 'lifecycleStage=strategy'],
        [
          { riskRating: ['high', 'critical'] },
          'riskRating=high&riskRating=critical',
        ],
        [{ riskRating: ['low'] }, 'riskRating=low'],
        [{ compliant: false }, 'compliant=false'],
        [{ changedOutside: false }, 'changedOutside=false'],
        [{ accessReview: ['due'] }, 'accessReview=due'],
        [{ search: 'corporate' }, 'search=corporate'],
        [
          { sort: 'audienceSize', order: 'desc' },
          'sort=audienceSize&order=desc',
        ],
      ];
      for (const [input, query] of cases) {
        const viaAction = await invoke('find-services', input);
        expect(viaAction.status).toBe(200);
        const viaApi = await api(
          MARKETING_LEAD,
          request(server).get(`/api/social-media/services?${query}`),
        );
        expect(viaApi.status).toBe(200);
        expect(viaAction.body.output.services.map((s: any) => s.id)).toEqual(
          viaApi.body.items.map((s: any) => s.id),
        );
        expect(viaAction.body.output.totalCount).toBe(viaApi.body.totalCount);
      }

      // Corporate X has no MFA, no vault and a shared login: it is rated above low.
      const risky = await invoke('find-services', {
        riskRating: ['medium', 'high', 'critical'],
      });
      expect(risky.body.output.services.map((s: any) => s.id)).toContain(
        'corporate-x',
      );
    });

    it('finds the services of a named service owner across owning groups, with other filters and pages', async () => {
      const { invoke } = await startWithServices();
      const owned = await invoke('find-services', {
        serviceOwner: COMMUNICATIONS_LEAD,
      });
      expect(owned.status).toBe(200);
      expect(owned.body.output.totalCount).toBe(2);
      expect(owned.body.output.services.map((s: any) => s.id)).toEqual([
        'careers-linkedin',
        'corporate-x',
      ]);

      const ownedInMarketing = await invoke('find-services', {
        serviceOwner: 'communications-lead',
        ownerGroup: ['group:default/marketing'],
      });
      expect(
        ownedInMarketing.body.output.services.map((s: any) => s.id),
      ).toEqual(['careers-linkedin']);

      const secondPage = await invoke('find-services', {
        serviceOwner: COMMUNICATIONS_LEAD,
        limit: 1,
        offset: 1,
      });
      expect(secondPage.body.output).toMatchObject({
        totalCount: 2,
        offset: 1,
        services: [{ id: 'corporate-x' }],
      });
    });

    it('refuses input its schema does not allow, saying what is wrong', async () => {
      const { invoke } = await startWithServices();
      const cases: Array<[object, RegExp]> = [
        [{ platform: ['myspace'] }, /instagram/],
        [
          { serviceOwner: 'group:default/marketing' },
          /must be a User reference/,
        ],
        [
          { ownerGroup: ['user:default/social-media-manager'] },
          /must be a Group reference/,
        ],
        [{ limit: 1000 }, /100/],
        [{ compliant: 'yes' }, /boolean/],
      ];
      for (const [input, detail] of cases) {
        const res = await invoke('find-services', input);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        // The registry's message carries the schema's complaint, which is what an MCP client shows.
        expect(res.body.error.message).toMatch(
          /^Invalid input to action "social-media:find-services"; caused by /,
        );
        expect(res.body.error.message).toMatch(detail);
      }
    });

    it('needs the read permission of the caller, and answers a calling backend service', async () => {
      const denied = await startWithServices({
        deny: ['social-media.service.read'],
      });
      const refused = await denied.invoke('find-services', {});
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'You are not allowed to read the social media service catalogue',
      });

      const { invoke } = await startWithServices();
      const asService = await invoke('find-services', {}, 'service');
      expect(asService.status).toBe(200);
      expect(asService.body.output.totalCount).toBe(3);
      expect((await invoke('find-services', {}, 'none')).status).toBe(401);
    });
  });

  describe('explain-service-rating', () => {
    it('gives the rating with each factor and its contribution, as the service page has them', async () => {
      const { invoke, api, server } = await startWithServices();
      const explained = await invoke('explain-service-rating', {
        serviceId: 'corporate-x',
      });
      expect(explained.status).toBe(200);
      const page = await api(
        MARKETING_LEAD,
        request(server).get('/api/social-media/services/corporate-x'),
      );
      const { risk } = page.body;
      expect(explained.body.output).toEqual({
        service: {
          id: 'corporate-x',
          name: 'Corporate X',
          platform: 'x',
          lifecycleStage: 'strategy',
          link: `${PORTAL}/social-media/services/corporate-x`,
        },
        rating: risk.rating,
        assessedAt: risk.assessedAt,
        likelihood: risk.likelihood,
        impact: risk.impact,
        product: risk.product,
        factors: risk.factors,
      });
      // The missing controls are what raise it.
      const contributions = Object.fromEntries(
        explained.body.output.factors.map((f: any) => [f.id, f.contribution]),
      );
      expect(contributions['shared-login']).toBeGreaterThan(0);
      expect(
        explained.body.output.factors.every(
          (f: any) => typeof f.label === 'string' && f.label.length > 0,
        ),
      ).toBe(true);
    });

    it('says which service it does not know, and needs the read permission', async () => {
      const { invoke } = await startWithServices();
      const unknown = await invoke('explain-service-rating', {
        serviceId: 'nothing-here',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        "No social media service with id 'nothing-here'",
      );
      expect(
        (await invoke('explain-service-rating', { serviceId: '' })).status,
      ).toBe(400);

      const denied = await startWithServices({
        deny: ['social-media.service.read'],
      });
      const refused = await denied.invoke('explain-service-rating', {
        serviceId: 'corporate-x',
      });
      expect(refused.status).toBe(403);
    });
  });

  describe('who-owned-service', () => {
    it('answers for a moment before and after a transfer, and for now', async () => {
      const { invoke, api, server } = await startWithServices();
      const beforeTransfer = new Date().toISOString();
      await new Promise(resolve => setTimeout(resolve, 20));
      const current = await api(
        MARKETING_LEAD,
        request(server).get('/api/social-media/services/careers-linkedin'),
      );
      const transferred = await api(
        MARKETING_LEAD,
        request(server).put('/api/social-media/services/careers-linkedin'),
      ).send({
        ...CAREERS_LINKEDIN,
        ownerGroup: 'group:default/communications',
        version: current.body.version,
      });
      expect(transferred.status).toBe(200);

      const then = await invoke('who-owned-service', {
        serviceId: 'careers-linkedin',
        at: beforeTransfer,
      });
      expect(then.status).toBe(200);
      expect(then.body.output).toMatchObject({
        service: {
          id: 'careers-linkedin',
          name: 'Careers LinkedIn',
          link: `${PORTAL}/social-media/services/careers-linkedin`,
        },
        at: beforeTransfer,
        owner: {
          ownerGroup: 'group:default/marketing',
          serviceOwner: COMMUNICATIONS_LEAD,
          serviceOwnerInOrganisation: true,
          setBy: { action: 'create', actor: MARKETING_LEAD },
          problems: [],
        },
      });
      expect(then.body.output.owner.until > beforeTransfer).toBe(true);

      const now = await invoke('who-owned-service', {
        serviceId: 'careers-linkedin',
      });
      expect(now.body.output.owner).toMatchObject({
        ownerGroup: 'group:default/communications',
        setBy: { action: 'update', actor: MARKETING_LEAD },
      });
      expect(now.body.output.owner.until).toBeUndefined();
      expect(now.body.output.owner.since).toBe(then.body.output.owner.until);

      // Before it was catalogued nobody owned it.
      const before = await invoke('who-owned-service', {
        serviceId: 'careers-linkedin',
        at: '2001-01-01',
      });
      expect(before.body.output.owner).toBeNull();
    });

    it('still answers for a deleted service, without a page link', async () => {
      const { invoke, api, server } = await startWithServices();
      const deleted = await api(
        MARKETING_LEAD,
        request(server).delete(
          '/api/social-media/services/corporate-x?version=1',
        ),
      );
      expect(deleted.status).toBe(204);
      const answer = await invoke('who-owned-service', {
        serviceId: 'corporate-x',
        at: '2001-01-01',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.output.service.deletedAt).toEqual(expect.any(String));
      expect(answer.body.output.service.link).toBeUndefined();
    });

    it('refuses a moment that is not a date, and an unknown service', async () => {
      const { invoke } = await startWithServices();
      const bad = await invoke('who-owned-service', {
        serviceId: 'corporate-x',
        at: 'last tuesday',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /at must be an ISO 8601 date or date-time/,
      );
      const impossible = await invoke('who-owned-service', {
        serviceId: 'corporate-x',
        at: '2026-02-30',
      });
      expect(impossible.status).toBe(400);
      expect(impossible.body.error.message).toMatch(/ISO 8601/);
      const unknown = await invoke('who-owned-service', {
        serviceId: 'nothing-here',
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('list-access-reviews-due', () => {
    it('lists overdue and due reviews, the earliest due first, as GET /access-reviews does', async () => {
      const { invoke, api, server } = await startWithServices();
      // Corporate X was catalogued 100 days ago and never reviewed: its first review, due 90
      // days after, is ten days late.
      const day = 86_400_000;
      const createdAt = new Date(Date.now() - 100 * day + 3_600_000);
      await harness
        .knex('social_services')
        .where({ id: 'corporate-x' })
        .update({
          created_at: createdAt,
          access_review_due_at: new Date(
            createdAt.getTime() + 90 * day,
          ).toISOString(),
        });

      const due = await invoke('list-access-reviews-due', {});
      expect(due.status).toBe(200);
      const viaApi = await api(
        MARKETING_LEAD,
        request(server).get('/api/social-media/access-reviews'),
      );
      expect(due.body.output.totalCount).toBe(viaApi.body.totalCount);
      expect(due.body.output.reviews.map((r: any) => r.serviceId)).toEqual(
        viaApi.body.items.map((r: any) => r.serviceId),
      );
      expect(due.body.output.reviews[0]).toMatchObject({
        serviceId: 'corporate-x',
        status: 'overdue',
        overdueDays: 10,
        ownerGroup: 'group:default/communications',
        link: `${PORTAL}/social-media/services/corporate-x`,
      });
      // Never reviewed: due from the day they were catalogued.
      expect(
        due.body.output.reviews.slice(1).map((r: any) => r.status),
      ).toEqual(['due', 'due']);

      const overdue = await invoke('list-access-reviews-due', {
        status: ['overdue'],
      });
      expect(overdue.body.output).toMatchObject({
        totalCount: 1,
        reviews: [{ serviceId: 'corporate-x' }],
      });
      const page = await invoke('list-access-reviews-due', {
        limit: 1,
        offset: 1,
      });
      expect(page.body.output.totalCount).toBe(3);
      expect(page.body.output.reviews).toHaveLength(1);

      const bad = await invoke('list-access-reviews-due', {
        status: ['late'],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/overdue/);
    });
  });
});
