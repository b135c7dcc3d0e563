/*
 * A service row changed in the database outside the catalogue, with values the API never writes:
 * the catalogue, the dashboard, the guardianship facts and the service's own page still answer,
 * the damaged record says which field holds what and what is shown instead, it is out of
 * compliance, and no lifecycle move starts from a stage the catalogue did not write. Before, one
 * such row answered every list of the catalogue with a 500.
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/social-media';
const RATINGS = ['low', 'medium', 'high', 'critical'];
const RECORD_AS_WRITTEN =
  'a stored record the catalogue wrote (values were changed outside it)';

/** A column of `social_services`, the value written into it by hand, and what the API shows. */
interface Damage {
  column: string;
  value: string | number;
  field: string;
  shown: (service: Record<string, any>) => unknown;
  expected: unknown;
  /** Every field the record names, when more than `field`. */
  fields?: string[];
  /** Read on the service page alone: lists leave the column out. */
  pageOnly?: true;
}

const DAMAGE: Array<[string, Damage]> = [
  [
    'tags that are not JSON',
    {
      column: 'tags',
      value: 'not json',
      field: 'tags',
      shown: s => s.tags,
      expected: [],
    },
  ],
  [
    'controls that are not a JSON object',
    {
      column: 'controls',
      value: '[1,2]',
      field: 'controls',
      shown: s => s.controls.mfaEnabled,
      expected: false,
    },
  ],
  [
    'a control of the wrong kind',
    {
      column: 'controls',
      value: '{"mfaEnabled":"yes","thirdPartyApps":{"name":"x"}}',
      field: 'controls.mfaEnabled',
      fields: ['controls.mfaEnabled', 'controls.thirdPartyApps'],
      shown: s => [s.controls.mfaEnabled, s.controls.thirdPartyApps],
      expected: [false, []],
    },
  ],
  [
    'an unknown platform',
    {
      column: 'platform',
      value: 'myspace',
      field: 'platform',
      shown: s => s.platform,
      expected: 'other',
    },
  ],
  [
    'an unknown lifecycle stage',
    {
      column: 'lifecycle_stage',
      value: 'bogus',
      field: 'lifecycleStage',
      shown: s => s.lifecycleStage,
      expected: 'strategy',
    },
  ],
  [
    'an explained rating that is not JSON',
    {
      column: 'risk_json',
      value: 'x',
      field: 'risk',
      shown: s => s.risk,
      expected: undefined,
      pageOnly: true,
    },
  ],
  [
    'an unknown risk rating',
    {
      column: 'risk_rating',
      value: 'catastrophic',
      field: 'riskRating',
      shown: s => s.riskRating,
      expected: undefined,
    },
  ],
  [
    'a negative count of open incidents',
    {
      column: 'open_incident_count',
      value: -3,
      field: 'openIncidentCount',
      shown: s => s.openIncidentCount,
      expected: 0,
    },
  ],
  [
    'a time of the last access review that is no time',
    {
      column: 'access_reviewed_at',
      value: '2026-13-45',
      field: 'controls.lastAccessReviewAt',
      shown: s => s.controls.lastAccessReviewAt,
      expected: undefined,
    },
  ],
  [
    'a review due date that is no date',
    {
      column: 'access_review_due_at',
      value: 'not a date',
      field: 'accessReviewDueAt',
      shown: s => s.accessReviewDueAt,
      expected: undefined,
    },
  ],
];

describe.each(ids)(
  'a service row damaged in the database on %s',
  databaseId => {
    const api = apiTestBackend(databases, databaseId);

    async function setUp(damage: Damage) {
      const { server } = await api.start({ permission: AuthorizeResult.ALLOW });
      const sound = await api.create(server);
      const damaged = await api.create(server, {
        ...VALID,
        name: 'Careers Instagram',
        handle: 'examplecareers',
        profileUrl: 'https://www.instagram.com/examplecareers',
      });
      expect([sound.status, damaged.status]).toEqual([201, 201]);
      await api
        .knex('social_services')
        .where({ id: damaged.body.id })
        .update({ [damage.column]: damage.value });
      return { server, soundId: sound.body.id, damagedId: damaged.body.id };
    }

    it.each(DAMAGE)(
      '%s: every read still answers, and the record says what it holds',
      async (_what, damage) => {
        const { server, soundId, damagedId } = await setUp(damage);
        const get = (path: string) =>
          api.asUser(request(server).get(`${BASE}${path}`));

        const list = await get('/services?limit=50');
        expect(list.status).toBe(200);
        const byId = new Map<string, any>(
          list.body.items.map((s: { id: string }) => [s.id, s]),
        );
        expect(byId.get(soundId).recordProblems).toBeUndefined();
        // The list reads no explanation of the rating: a damaged one shows on the page alone.
        const listed = byId.get(damagedId);
        expect(
          (listed.recordProblems ?? []).map((p: { field: string }) => p.field),
        ).toEqual(damage.pageOnly ? [] : damage.fields ?? [damage.field]);
        expect(listed.compliance.missing.includes(RECORD_AS_WRITTEN)).toBe(
          !damage.pageOnly,
        );

        const page = await get(`/services/${damagedId}`);
        expect(page.status).toBe(200);
        expect(damage.shown(page.body)).toEqual(damage.expected);
        expect(page.body.recordProblems.map((p: any) => p.field)).toContain(
          damage.field,
        );
        expect(page.body.compliance.compliant).toBe(false);
        expect(page.body.compliance.missing).toContain(RECORD_AS_WRITTEN);

        // The dashboard counts every service of the catalogue, the damaged one where its page
        // shows it, and no cell of its own.
        const dashboard = await get('/dashboard?days=30');
        expect(dashboard.status).toBe(200);
        expect(dashboard.body.totalServices).toBe(2);
        for (const cell of dashboard.body.byStageAndRisk) {
          expect(Object.keys(cell).sort()).toEqual([
            'critical',
            'high',
            'low',
            'medium',
            'stage',
            'unrated',
          ]);
        }
        for (const path of [
          '/guardianship/facts?limit=200',
          `/services/${damagedId}/evidence`,
          '/access-reviews?status=overdue',
        ]) {
          const res = await get(path);
          expect([path, res.status]).toEqual([path, 200]);
        }
      },
    );

    it('counts as out of compliance on the dashboard and in the filter once the guardianship sweep has rated it', async () => {
      const { server, soundId, damagedId } = await setUp(DAMAGE[0][1]);
      const as = (req: request.Test) => api.asUser(req);
      const swept = await as(
        request(server).post(`${BASE}/guardianship/sweep`),
      );
      expect(swept.status).toBe(200);
      const dashboard = await as(
        request(server).get(`${BASE}/dashboard?days=30`),
      );
      const lacking = await as(
        request(server).get(`${BASE}/services?compliant=false`),
      );
      const lackingIds = lacking.body.items.map((s: { id: string }) => s.id);
      expect(lackingIds).toContain(damagedId);
      expect(lackingIds).not.toContain(soundId);
      expect(dashboard.body.outOfCompliance).toBe(lackingIds.length);
      const changed = await as(
        request(server).get(`${BASE}/services?changedOutside=true`),
      );
      expect(changed.body.items.map((s: { id: string }) => s.id)).toEqual([
        damagedId,
      ]);
      expect(dashboard.body.changedOutside).toBe(1);
      const sound = await as(
        request(server).get(`${BASE}/services?changedOutside=false`),
      );
      expect(sound.body.items.map((s: { id: string }) => s.id)).toEqual([
        soundId,
      ]);
    });

    it('offers no move from a stage the catalogue did not write, and refuses one with a 409', async () => {
      const { server, damagedId } = await setUp(DAMAGE[4][1]);
      const page = await api.asUser(
        request(server).get(`${BASE}/services/${damagedId}`),
      );
      expect(page.body.nextTransitions).toEqual([]);
      const moved = await api
        .asUser(
          request(server).post(`${BASE}/services/${damagedId}/transitions`),
        )
        .send({
          to: 'design',
          reason: 'next stage',
          version: page.body.version,
        });
      expect(moved.status).toBe(409);
      expect(moved.body.error.message).toMatch(
        /changed in the database outside the catalogue/,
      );
      const [row] = await api
        .knex('social_services')
        .where({ id: damagedId })
        .select('lifecycle_stage');
      expect(row.lifecycle_stage).toBe('bogus');
    });

    it('is put right by an edit through the API: the problems go with the damaged values', async () => {
      const { server, damagedId } = await setUp(DAMAGE[0][1]);
      const page = await api.asUser(
        request(server).get(`${BASE}/services/${damagedId}`),
      );
      const edited = await api
        .asUser(request(server).put(`${BASE}/services/${damagedId}`))
        .send({
          ...VALID,
          name: 'Careers Instagram',
          handle: 'examplecareers',
          profileUrl: 'https://www.instagram.com/examplecareers',
          tags: ['careers'],
          version: page.body.version,
        });
      expect(edited.status).toBe(200);
      expect(edited.body.tags).toEqual(['careers']);
      expect(edited.body.recordProblems).toBeUndefined();
    });

    it('names a valid value changed by hand that no entry of the audit trail set, and moves nothing from a stage set that way', async () => {
      const { server } = await api.start({ permission: AuthorizeResult.ALLOW });
      const created = await api.create(server);
      const id = created.body.id;
      const page = () =>
        api.asUser(request(server).get(`${BASE}/services/${id}`));
      // Changes through the API: the record and its trail agree.
      const moved = await api
        .asUser(request(server).post(`${BASE}/services/${id}/transitions`))
        .send({ to: 'design', reason: 'Planned', version: 1 });
      expect(moved.status).toBe(200);
      const edited = await api
        .asUser(request(server).put(`${BASE}/services/${id}`))
        .send({ ...VALID, profileUrl: undefined, version: 2 });
      expect(edited.status).toBe(200);
      expect((await page()).body.recordProblems).toBeUndefined();

      // The owner group handed to another team, the gates of transition and operation walked
      // around, and MFA switched on (which lowers the rating), in the database alone.
      const [{ controls }] = await api
        .knex('social_services')
        .where({ id })
        .select('controls');
      await api
        .knex('social_services')
        .where({ id })
        .update({
          owner_group: 'group:default/hr',
          lifecycle_stage: 'operation',
          controls: JSON.stringify({
            ...JSON.parse(controls),
            mfaEnabled: true,
          }),
        });
      const shown = await page();
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        ownerGroup: 'group:default/hr',
        lifecycleStage: 'operation',
        nextTransitions: [],
      });
      expect(shown.body.recordProblems).toEqual([
        {
          field: 'ownerGroup',
          stored: 'group:default/hr',
          shownAs: `stored (the audit trail's last change set "${created.body.ownerGroup}")`,
        },
        {
          field: 'lifecycleStage',
          stored: 'operation',
          shownAs: `stored (the audit trail's last change set "design")`,
        },
        {
          field: 'controls.mfaEnabled',
          stored: 'true',
          shownAs: `stored (the audit trail's last change set false)`,
        },
      ]);
      expect(shown.body.compliance.missing).toContain(RECORD_AS_WRITTEN);
      const next = await api
        .asUser(request(server).post(`${BASE}/services/${id}/transitions`))
        .send({ to: 'retired', reason: 'Closing', version: 3 });
      expect(next.status).toBe(409);
      expect(next.body.error.message).toMatch(
        /changed in the database outside the catalogue/,
      );
    });

    it('is marked in the list and counted on the dashboard from the next guardianship sweep, until an edit puts it right', async () => {
      const { server } = await api.start({ permission: AuthorizeResult.ALLOW });
      const created = await api.create(server);
      const sound = await api.create(server, {
        ...VALID,
        name: 'Careers Instagram',
        handle: 'examplecareers',
        profileUrl: undefined,
      });
      const id = created.body.id;
      const get = (path: string) =>
        api.asUser(request(server).get(`${BASE}${path}`));
      const listed = async () => {
        const list = await get('/services?limit=200');
        expect(list.status).toBe(200);
        return new Map<string, any>(list.body.items.map((s: any) => [s.id, s]));
      };
      const sweep = async () => {
        const swept = await api.asUser(
          request(server).post(`${BASE}/guardianship/sweep`),
        );
        expect(swept.status).toBe(200);
        return swept.body;
      };
      expect((await sweep()).recordsChangedOutside).toBe(0);

      // The owner group handed to another team in the database alone.
      await api
        .knex('social_services')
        .where({ id })
        .update({ owner_group: 'group:default/hr' });
      expect((await listed()).get(id).recordProblems).toBeUndefined();

      expect((await sweep()).recordsChangedOutside).toBe(1);
      const problem = {
        field: 'ownerGroup',
        stored: 'group:default/hr',
        shownAs: `stored (the audit trail's last change set "${created.body.ownerGroup}")`,
      };
      const items = await listed();
      expect(items.get(id)).toMatchObject({
        ownerGroup: 'group:default/hr',
        recordProblems: [problem],
        compliance: { compliant: false },
      });
      expect(items.get(id).compliance.missing).toContain(RECORD_AS_WRITTEN);
      expect(items.get(sound.body.id).recordProblems).toBeUndefined();
      // The page, which checks the trail itself, names the field once.
      expect((await get(`/services/${id}`)).body.recordProblems).toEqual([
        problem,
      ]);
      const lacking = await get('/services?compliant=false');
      expect(lacking.body.items.map((s: any) => s.id)).toEqual([id]);
      const changed = await get('/services?changedOutside=true');
      expect(changed.body.items.map((s: any) => s.id)).toEqual([id]);
      expect((await get('/dashboard?days=30')).body).toMatchObject({
        outOfCompliance: 1,
        changedOutside: 1,
      });

      // An edit through the API writes the owner group again, with its audit entry.
      const edited = await api
        .asUser(request(server).put(`${BASE}/services/${id}`))
        .send({ ...VALID, version: created.body.version });
      expect(edited.status).toBe(200);
      expect(edited.body.recordProblems).toBeUndefined();
      expect((await listed()).get(id).recordProblems).toBeUndefined();
      // The edit rated it again at once: no longer counted or found as changed.
      expect((await get('/dashboard?days=30')).body).toMatchObject({
        outOfCompliance: 0,
        changedOutside: 0,
      });
      expect((await get('/services?changedOutside=true')).body.items).toEqual(
        [],
      );
      expect((await sweep()).recordsChangedOutside).toBe(0);
      expect((await get('/services?compliant=false')).body.items).toEqual([]);
    });

    it('is never rated lower for controls changed in the database: the sweep weighs what the trail set too', async () => {
      const { server } = await api.start({ permission: AuthorizeResult.ALLOW });
      // No MFA, a shared login, credentials outside a vault: a risky account.
      const created = await api.create(server, {
        ...VALID,
        controls: { mfaEnabled: false, sharedLogin: true },
      });
      const id = created.body.id;
      const before = created.body.riskRating;
      const get = (path: string) =>
        api.asUser(request(server).get(`${BASE}${path}`));
      const sweep = async () => {
        const swept = await api.asUser(
          request(server).post(`${BASE}/guardianship/sweep`),
        );
        expect(swept.status).toBe(200);
        return swept.body;
      };
      const stored = async () =>
        JSON.parse(
          (await api.knex('social_services').where({ id }).first()).controls,
        );
      const historyLength = async () =>
        (await get(`/services/${id}/risk-history`)).body.items.length;
      const entries = await historyLength();
      const original = await stored();

      // Strong controls written into the record by hand: rated from them alone, the account
      // would drop a rating or more.
      const strong = {
        ...original,
        mfaEnabled: true,
        mfaMethod: 'security-key',
        sharedLogin: false,
        credentialVaultRef: 'vault://forged',
        recoveryOwnedByCompany: true,
        verified: true,
      };
      const strongService = await api.create(server, {
        ...VALID,
        name: 'Careers Instagram',
        handle: 'examplecareers',
        controls: strong,
      });
      expect(RATINGS.indexOf(strongService.body.riskRating)).toBeLessThan(
        RATINGS.indexOf(before),
      );
      await api
        .knex('social_services')
        .where({ id })
        .update({ controls: JSON.stringify(strong) });

      expect((await sweep()).recordsChangedOutside).toBe(1);
      const page = (await get(`/services/${id}`)).body;
      expect(page.controls.mfaEnabled).toBe(true);
      expect(page.recordProblems.map((p: any) => p.field)).toEqual(
        expect.arrayContaining(['controls.mfaEnabled', 'controls.sharedLogin']),
      );
      // The rating stands where the catalogue's own values put it, with no new history entry.
      expect(page.riskRating).toBe(before);
      expect(await historyLength()).toBe(entries);

      // Weaker controls than the trail's (MFA switched off by hand on the strong account) do
      // raise the rating: the riskier of the two stands.
      const strongId = strongService.body.id;
      await api
        .knex('social_services')
        .where({ id: strongId })
        .update({
          controls: JSON.stringify({
            ...strong,
            mfaEnabled: false,
            sharedLogin: true,
            credentialVaultRef: undefined,
          }),
        });
      expect((await sweep()).recordsChangedOutside).toBe(2);
      const weakened = (await get(`/services/${strongId}`)).body;
      expect(RATINGS.indexOf(weakened.riskRating)).toBeGreaterThan(
        RATINGS.indexOf(strongService.body.riskRating),
      );

      // Put back by hand, the first is rated from its record alone again: as before.
      await api
        .knex('social_services')
        .where({ id })
        .update({ controls: JSON.stringify(original) });
      expect((await sweep()).recordsChangedOutside).toBe(1);
      expect(
        (await get(`/services/${id}`)).body.recordProblems,
      ).toBeUndefined();
      expect((await get(`/services/${id}`)).body).toMatchObject({
        riskRating: before,
      });
    });

    it('lists its risk history, access reviews and ownership when a row of them was changed outside the catalogue, saying so', async () => {
      const { server } = await api.start({ permission: AuthorizeResult.ALLOW });
      const created = await api.create(server);
      const id = created.body.id;
      const knex = api.knex;
      await knex('social_service_risk_history')
        .where({ service_id: id })
        .update({ rating: 'catastrophic', reasons_json: '{"x":1}' });
      await knex('social_service_access_reviews').insert([
        {
          service_id: id,
          reviewer: 'user:default/someone',
          at: '2026-11-20T10:00:00.000Z',
          decisions_json: 'not json',
        },
        {
          service_id: id,
          reviewer: 'user:default/someone',
          at: '2026-11-21T10:00:00.000Z',
          decisions_json: JSON.stringify([
            { account: 'ada@example.com', decision: 'keep' },
            { account: 'bob@example.com', decision: 'maybe' },
          ]),
        },
      ]);
      await knex('social_service_ownership_periods')
        .where({ service_id: id })
        .update({
          request_id: 1,
          request_kind: 'request',
          approved_by_json: '{"by":"nobody"}',
        });
      const get = (path: string) =>
        api.asUser(request(server).get(`${BASE}${path}`));

      const history = await get(`/services/${id}/risk-history`);
      expect(history.status).toBe(200);
      expect(history.body.items[0]).toMatchObject({
        rating: 'critical',
        reasons: [],
        recordProblems: [
          { field: 'rating', stored: 'catastrophic', shownAs: 'critical' },
          { field: 'reasons', stored: '{"x":1}', shownAs: 'none' },
        ],
      });

      const reviews = await get(`/services/${id}/access-reviews`);
      expect(reviews.status).toBe(200);
      expect(
        reviews.body.items.map((r: any) => [r.decisions, r.recordProblems]),
      ).toEqual([
        [
          [{ account: 'ada@example.com', decision: 'keep' }],
          [
            {
              field: 'decisions[1]',
              stored: '{"account":"bob@example.com","decision":"maybe"}',
              shownAs: 'left out',
            },
          ],
        ],
        [[], [{ field: 'decisions', stored: 'not json', shownAs: 'none' }]],
      ]);

      const ownership = await get(`/services/${id}/ownership`);
      expect(ownership.status).toBe(200);
      expect(ownership.body.owner.setBy).toMatchObject({
        request: { id: 1, approvedBy: [] },
        recordProblems: [
          { field: 'approvedBy', stored: '{"by":"nobody"}', shownAs: 'none' },
        ],
      });
      const report = await get(
        `/ownership?from=2000-01-01&to=2100-01-01&group=${encodeURIComponent(
          created.body.ownerGroup,
        )}`,
      );
      expect(report.status).toBe(200);
      expect(report.body.items[0].periods[0].setBy.recordProblems).toEqual(
        ownership.body.owner.setBy.recordProblems,
      );
      expect((await get(`/services/${id}/evidence`)).status).toBe(200);
    });
  },
);
