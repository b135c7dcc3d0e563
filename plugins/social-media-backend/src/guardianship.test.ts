/*
 * The guardianship API through the whole plugin: controls validation, access reviews, the
 * leaver sweep against a catalog where a user was removed, the dashboard, and the risk model's
 * configuration. Runs on SQLite and PostgreSQL.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { socialMediaPlugin } from './plugin';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const entity = (kind: 'Group' | 'User', name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', uid: `${kind}-${name}` },
  spec: {},
});

const BRAND = {
  name: 'Brand Instagram',
  platform: 'instagram',
  handle: 'examplebrand',
  purpose: 'Brand storytelling',
  businessUnit: 'Marketing',
  ownerGroup: 'marketing',
  serviceOwner: 'user:default/marketing-lead',
  audienceSize: 1_500_000,
  controls: {
    mfaEnabled: true,
    mfaMethod: 'security-key',
    credentialVaultRef: 'vault://social/brand-instagram',
    verified: true,
    recoveryOwnedByCompany: true,
    brandLevel: true,
  },
};

function permissionsDenying(denied: string[]) {
  const decide = (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  return mockServices.permissions.mock({
    authorize: async requests => decide(requests) as any,
    authorizeConditional: async requests => decide(requests) as any,
  });
}

describe.each(ids)('guardianship API on %s', databaseId => {
  let knex: Knex;
  let catalog: ReturnType<typeof catalogServiceMock>;

  async function start(
    options: {
      /** Names of the permissions the caller does not have; everything else is allowed. */
      deny?: string[];
      config?: NonNullable<
        Parameters<typeof mockServices.rootConfig.factory>[0]
      >['data'];
      people?: string[];
    } = {},
  ) {
    knex = await databases.init(databaseId);
    catalog = catalogServiceMock({
      entities: [
        entity('Group', 'marketing'),
        ...(options.people ?? ['marketing-lead', 'campaign-manager']).map(
          name => entity('User', name),
        ),
      ],
    });
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        socialMediaPlugin,
        mockServices.database.factory({ knex }),
        permissionsDenying(options.deny ?? []).factory,
        mockServices.rootConfig.factory({ data: options.config ?? {} }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        logger.factory,
      ],
    });
    return { server, logger };
  }

  const as = (req: request.Test) =>
    req.set(
      'Authorization',
      mockCredentials.user.header('user:default/marketing-lead'),
    );
  const api = '/api/social-media';

  async function createBrand(server: any, body: object = BRAND) {
    const created = await as(request(server).post(`${api}/services`)).send(
      body,
    );
    expect(created.status).toBe(201);
    return created.body;
  }

  async function withAdmins(server: any) {
    await createBrand(server);
    const admins = await as(
      request(server).put(`${api}/services/brand-instagram/admins`),
    ).send({
      version: 1,
      admins: [
        {
          account: 'marketing-lead',
          userRef: 'user:default/marketing-lead',
          role: 'owner',
        },
        {
          account: 'campaign-manager',
          userRef: 'user:default/campaign-manager',
          role: 'admin',
        },
      ],
    });
    expect(admins.status).toBe(200);
    return admins.body;
  }

  describe('controls', () => {
    it.each<[string, Record<string, unknown>, string]>([
      [
        'an unknown MFA method',
        { mfaEnabled: true, mfaMethod: 'carrier-pigeon' },
        'Invalid service: controls.mfaMethod: must be one of security-key, authenticator-app, platform-approval, sms',
      ],
      [
        'the same app twice',
        { thirdPartyApps: [{ name: 'Inbox' }, { name: 'INBOX' }] },
        'Invalid service: controls.thirdPartyApps.1.name: App INBOX is listed twice',
      ],
      [
        'a secret where a vault reference belongs',
        { credentialVaultRef: 'correct horse battery staple' },
        'Invalid service: controls.credentialVaultRef: Vault reference must be a reference such as vault://social/corp-x, not a secret',
      ],
      [
        'a password field',
        { password: 'hunter2' },
        'Invalid service: controls: Unknown field: password',
      ],
    ])(
      'refuses %s with a clear message and changes nothing',
      async (_, controls, message) => {
        const { server } = await start();
        await createBrand(server);
        const response = await as(
          request(server).put(`${api}/services/brand-instagram`),
        ).send({ ...BRAND, controls, version: 1 });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(message);
        expect(JSON.stringify(response.body)).not.toContain('hunter2');
        expect(JSON.stringify(response.body)).not.toContain('horse battery');
        const after = await as(
          request(server).get(`${api}/services/brand-instagram`),
        );
        expect(after.body.version).toBe(1);
        expect(after.body.controls).toMatchObject(BRAND.controls);
      },
    );

    it('turning MFA off raises the rating with the reason, and the history shows the change', async () => {
      const { server } = await start();
      const created = await createBrand(server);
      expect(created.riskRating).toBe('low');
      const updated = await as(
        request(server).put(`${api}/services/brand-instagram`),
      ).send({
        ...BRAND,
        controls: {
          ...BRAND.controls,
          mfaEnabled: false,
          mfaMethod: undefined,
        },
        version: 1,
      });
      expect(updated.status).toBe(200);
      expect(updated.body.riskRating).toBe('critical');
      expect(
        updated.body.risk.factors.find((f: any) => f.id === 'mfa'),
      ).toEqual({
        id: 'mfa',
        kind: 'likelihood',
        label: 'Multi-factor authentication',
        value: 'off',
        contribution: 4,
      });
      const history = await as(
        request(server).get(`${api}/services/brand-instagram/risk-history`),
      );
      expect(
        history.body.items.map((h: any) => [h.previousRating, h.rating]),
      ).toEqual([
        ['low', 'critical'],
        [undefined, 'low'],
      ]);
      expect(history.body.items[0].reasons[0].label).toBe(
        'Multi-factor authentication',
      );
    });

    it('answers 404 for the risk history of a service that does not exist', async () => {
      const { server } = await start();
      const response = await as(
        request(server).get(`${api}/services/nothing-here/risk-history`),
      );
      expect(response.status).toBe(404);
    });
  });

  describe('access reviews', () => {
    it('records an attestation, removes the admins marked remove and lists it', async () => {
      const { server } = await start();
      const service = await withAdmins(server);
      const response = await as(
        request(server).post(`${api}/services/brand-instagram/access-reviews`),
      ).send({
        version: service.version,
        decisions: [
          { account: 'marketing-lead', decision: 'keep' },
          { account: 'campaign-manager', decision: 'remove' },
        ],
        note: 'Campaign over',
      });
      expect(response.status).toBe(201);
      expect(response.body.review).toMatchObject({
        reviewer: 'user:default/marketing-lead',
        note: 'Campaign over',
      });
      expect(response.body.service.admins.map((a: any) => a.account)).toEqual([
        'marketing-lead',
      ]);
      expect(response.body.service.accessReview).toMatchObject({
        status: 'current',
        lastReviewedAt: response.body.review.at,
      });
      const listed = await as(
        request(server).get(`${api}/services/brand-instagram/access-reviews`),
      );
      expect(listed.body.items).toHaveLength(1);
    });

    it.each<[string, object, number, string]>([
      [
        'no decision for an admin',
        { decisions: [{ account: 'marketing-lead', decision: 'keep' }] },
        400,
        'Decide keep or remove for every admin; missing: campaign-manager',
      ],
      [
        'a decision that is neither keep nor remove',
        {
          decisions: [
            { account: 'marketing-lead', decision: 'keep' },
            { account: 'campaign-manager', decision: 'maybe' },
          ],
        },
        400,
        'Invalid access review: decisions.1.decision: must be one of keep, remove',
      ],
      [
        'a stale version',
        {
          version: 1,
          decisions: [
            { account: 'marketing-lead', decision: 'keep' },
            { account: 'campaign-manager', decision: 'keep' },
          ],
        },
        409,
        'changed since version 1',
      ],
    ])('refuses %s and changes nothing', async (_, body, status, message) => {
      const { server } = await start();
      const service = await withAdmins(server);
      const response = await as(
        request(server).post(`${api}/services/brand-instagram/access-reviews`),
      ).send({ version: service.version, ...body });
      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(message);
      const after = await as(
        request(server).get(`${api}/services/brand-instagram`),
      );
      expect(after.body.version).toBe(service.version);
      expect(after.body.admins).toHaveLength(2);
    });

    it('refuses an attestation without the review permission and changes nothing', async () => {
      const { server } = await start({
        deny: ['social-media.service.review'],
      });
      await createBrand(server);
      const response = await as(
        request(server).post(`${api}/services/brand-instagram/access-reviews`),
      ).send({ version: 1, decisions: [] });
      expect(response.status).toBe(403);
      expect(
        (
          await as(
            request(server).get(
              `${api}/services/brand-instagram/access-reviews`,
            ),
          )
        ).body,
      ).toEqual({ items: [] });
      expect(response.body.error.message).toBe(
        'You are not allowed to review access to this social media service; its service owner or owning group does that',
      );
    });

    it('lists reviews by status and says which statuses exist', async () => {
      const { server } = await start();
      await withAdmins(server);
      // Nobody has attested the admin list yet: the first review is due, not current.
      const current = await as(
        request(server).get(`${api}/access-reviews?status=current`),
      );
      expect(current.status).toBe(200);
      expect(current.body).toEqual({ items: [], totalCount: 0 });
      const dueOrOverdue = await as(
        request(server).get(`${api}/access-reviews`),
      );
      expect(
        dueOrOverdue.body.items.map((i: any) => [i.serviceId, i.review.status]),
      ).toEqual([['brand-instagram', 'due']]);
      const bad = await as(
        request(server).get(`${api}/access-reviews?status=late`),
      );
      expect(bad.status).toBe(400);
    });
  });

  describe('risk sign-off', () => {
    it("signs off the current rating in the caller's name, and shows the same sign-off wherever the service is read", async () => {
      const { server } = await start();
      const brand = await createBrand(server);
      const signed = await as(
        request(server).post(`${api}/services/brand-instagram/sign-offs`),
      ).send({ rating: brand.riskRating, note: 'Keys and vault in place' });
      expect(signed.status).toBe(201);
      expect(signed.body.signOff).toMatchObject({
        signedBy: 'user:default/marketing-lead',
        rating: brand.riskRating,
        note: 'Keys and vault in place',
        stale: false,
      });
      // One truth: the page, the trail and the answer name the same act.
      const read = await as(
        request(server).get(`${api}/services/brand-instagram`),
      );
      expect(read.body.signOff).toEqual(signed.body.signOff);
      const history = await as(
        request(server).get(`${api}/services/brand-instagram/history`),
      );
      expect(history.body.items[0]).toMatchObject({
        action: 'sign-off',
        actor: 'user:default/marketing-lead',
        at: signed.body.signOff.signedAt,
      });
    });

    it('refuses a sign-off with a date, without a note, or of another rating, and records nothing', async () => {
      const { server } = await start();
      const brand = await createBrand(server);
      const other = brand.riskRating === 'low' ? 'high' : 'low';
      for (const [body, status, message] of [
        [
          { rating: brand.riskRating, note: 'Fine', signedAt: '2025-01-01' },
          400,
          'signedAt',
        ],
        [{ rating: brand.riskRating }, 400, 'note'],
        [
          { rating: other, note: 'Fine' },
          409,
          `The rating of this service is now ${brand.riskRating}`,
        ],
      ] as const) {
        const res = await as(
          request(server).post(`${api}/services/brand-instagram/sign-offs`),
        ).send(body);
        expect([res.status, res.body.error.message]).toEqual([
          status,
          expect.stringContaining(message),
        ]);
      }
      const read = await as(
        request(server).get(`${api}/services/brand-instagram`),
      );
      expect(read.body.signOff).toBeUndefined();
    });

    it('refuses someone without the sign-off permission', async () => {
      const { server } = await start({
        deny: ['social-media.service.sign-off'],
      });
      const brand = await createBrand(server);
      const res = await as(
        request(server).post(`${api}/services/brand-instagram/sign-offs`),
      ).send({ rating: brand.riskRating, note: 'Accepted' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to sign off the risk of this social media service; its service owner or the security office does that',
      );
    });
  });

  describe('leaver detection', () => {
    it('flags an admin whose User was removed from the catalog and raises the rating', async () => {
      const { server } = await start();
      await withAdmins(server);
      await catalog.removeEntityByUid('User-campaign-manager');

      const sweep = await as(request(server).post(`${api}/guardianship/sweep`));
      expect(sweep.status).toBe(200);
      expect(sweep.body).toMatchObject({
        servicesChecked: 1,
        leaversFlagged: 1,
        leaversCleared: 0,
        ratingsChanged: 1,
        // Its changes all went through the catalogue, each with its audit entry.
        recordsChangedOutside: 0,
      });
      const service = await as(
        request(server).get(`${api}/services/brand-instagram`),
      );
      expect(service.body.leavers).toEqual([
        {
          role: 'admin',
          userRef: 'user:default/campaign-manager',
          account: 'campaign-manager',
        },
      ]);
      expect(service.body.riskRating).toBe('high');
      expect(
        service.body.risk.factors.find((f: any) => f.id === 'leavers'),
      ).toMatchObject({ value: '1 person', contribution: 3 });
      const withLeavers = await as(
        request(server).get(`${api}/services?hasLeavers=true`),
      );
      expect(withLeavers.body.totalCount).toBe(1);
      // The dashboard's links: a stage and rating, services not rated yet, a review status.
      const filtered = async (query: string) =>
        (await as(request(server).get(`${api}/services?${query}`))).body;
      expect(
        (await filtered('lifecycleStage=strategy&riskRating=high')).totalCount,
      ).toBe(1);
      expect((await filtered('riskRating=unrated')).totalCount).toBe(0);
      expect(
        (await filtered('accessReview=due&accessReview=overdue')).totalCount,
      ).toBe(
        (await as(request(server).get(`${api}/access-reviews`))).body
          .totalCount,
      );
      expect((await filtered('accessReview=late')).error.message).toBe(
        'Invalid query: accessReview: must be one of current, due, overdue',
      );
      const history = await as(
        request(server).get(`${api}/services/brand-instagram/history`),
      );
      expect(history.body.items[0]).toMatchObject({
        action: 'leaver-detection',
        actor: 'user:default/marketing-lead',
      });
    });

    it('keeps a person who left only with a reason, which the review history shows', async () => {
      const { server } = await start();
      await withAdmins(server);
      await catalog.removeEntityByUid('User-campaign-manager');
      await as(request(server).post(`${api}/guardianship/sweep`));
      const { version } = (
        await as(request(server).get(`${api}/services/brand-instagram`))
      ).body;
      const submit = (reason?: string) =>
        as(
          request(server).post(
            `${api}/services/brand-instagram/access-reviews`,
          ),
        ).send({
          version,
          decisions: [
            { account: 'marketing-lead', decision: 'keep' },
            { account: 'campaign-manager', decision: 'keep', reason },
          ],
        });

      const refused = await submit();
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        name: 'InputError',
        message:
          'Give a reason to keep campaign-manager: they have left the organisation',
        fields: [
          {
            field: 'decisions.1.reason',
            message:
              'Give a reason to keep campaign-manager: they have left the organisation',
          },
        ],
      });
      expect(
        (
          await as(
            request(server).get(
              `${api}/services/brand-instagram/access-reviews`,
            ),
          )
        ).body.items,
      ).toEqual([]);

      const recorded = await submit('Hands over to the new campaign manager');
      expect(recorded.status).toBe(201);
      const history = await as(
        request(server).get(`${api}/services/brand-instagram/access-reviews`),
      );
      expect(history.body.items[0].decisions[1]).toEqual({
        account: 'campaign-manager',
        userRef: 'user:default/campaign-manager',
        decision: 'keep',
        reason: 'Hands over to the new campaign manager',
        leftOrganisation: true,
      });
    });

    it('leaves the flags alone when the catalog knows none of the people yet', async () => {
      const { server, logger } = await start();
      await withAdmins(server);
      await catalog.removeEntityByUid('User-campaign-manager');
      await catalog.removeEntityByUid('User-marketing-lead');
      const sweep = await as(request(server).post(`${api}/guardianship/sweep`));
      expect(sweep.body.leaversFlagged).toBe(0);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('Leaver detection skipped'),
      );
    });

    it('refuses the sweep without its permission', async () => {
      const { server } = await start({
        deny: ['social-media.guardianship.sweep'],
      });
      const response = await as(
        request(server).post(`${api}/guardianship/sweep`),
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'You are not allowed to run leaver detection and risk recomputation',
      );
    });

    it('rejects a hasLeavers filter that is not true or false', async () => {
      const { server } = await start();
      const response = await as(
        request(server).get(`${api}/services?hasLeavers=maybe`),
      );
      expect(response.status).toBe(400);
    });
  });

  describe('dashboard', () => {
    it('shows the portfolio by stage and rating, and refuses a trend window out of range', async () => {
      const { server } = await start();
      await createBrand(server);
      const dashboard = await as(
        request(server).get(`${api}/dashboard?days=7`),
      );
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.totalServices).toBe(1);
      expect(
        dashboard.body.byStageAndRisk.find((c: any) => c.stage === 'strategy'),
      ).toMatchObject({ low: 1 });
      expect(dashboard.body.riskTrend).toHaveLength(7);
      expect(dashboard.body.riskTrend[6]).toMatchObject({ low: 1 });
      for (const days of ['0', '366', 'week']) {
        const bad = await as(
          request(server).get(`${api}/dashboard?days=${days}`),
        );
        expect(bad.status).toBe(400);
      }
    });

    it('needs the read permission', async () => {
      const { server } = await start({
        deny: ['social-media.service.read'],
      });
      expect((await as(request(server).get(`${api}/dashboard`))).status).toBe(
        403,
      );
      for (const path of [
        '/access-reviews',
        '/services/brand-instagram/risk-history',
        '/services/brand-instagram/access-reviews',
        '/services/brand-instagram/incidents',
        '/itsm/status',
      ]) {
        const denied = await as(request(server).get(`${api}${path}`));
        expect([path, denied.status]).toEqual([path, 403]);
        expect(denied.body.error.message).toBe(
          'You are not allowed to read the social media service catalogue',
        );
      }
    });
  });

  describe('risk model configuration', () => {
    it('weights from app-config change the rating', async () => {
      const { server } = await start({
        config: {
          socialMedia: {
            risk: { likelihood: { unverified: 4 } },
            guardianship: { accessReviewIntervalDays: 30 },
          },
        },
      });
      const created = await createBrand(server, {
        ...BRAND,
        controls: { ...BRAND.controls, verified: false },
      });
      expect(created.riskRating).toBe('critical');
      expect(created.accessReview.intervalDays).toBe(30);
    });

    it('refuses to start with a weight that does not fit, naming it', async () => {
      await expect(
        start({
          config: {
            socialMedia: { risk: { likelihood: { levels: [5, 2, 9] } } },
          },
        }),
      ).rejects.toThrow(
        'Invalid risk model configuration: socialMedia.risk.likelihood.levels must be three rising numbers',
      );
    });

    it('refuses to start with an impact floor that is not a level, naming it', async () => {
      await expect(
        start({
          config: {
            socialMedia: { risk: { impact: { companyVoiceLevel: 5 } } },
          },
        }),
      ).rejects.toThrow(
        'Invalid risk model configuration: socialMedia.risk.impact.companyVoiceLevel must be 1 (no floor) to 4',
      );
    });

    it('refuses to start with a full sync interval that does not fit, naming it', async () => {
      await expect(
        start({
          config: { socialMedia: { itsm: { fullSyncIntervalHours: 0 } } },
        }),
      ).rejects.toThrow(
        'socialMedia.itsm.fullSyncIntervalHours must be between 1 and 2160 hours, got 0',
      );
    });
  });
});
