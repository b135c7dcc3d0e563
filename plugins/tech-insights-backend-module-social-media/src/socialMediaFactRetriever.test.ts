import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The retriever is tested against the real social-media backend it reads from.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import { fakeTechInsightsPlugin } from './__testUtils__/fakeTechInsights';
import {
  CATALOG,
  insertServices,
  NOW,
  socialMediaTestDatabases,
} from './__testUtils__/socialMediaBackend';
import techInsightsModuleSocialMedia from '.';
import {
  createSocialMediaFactRetriever,
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
} from './socialMediaFactRetriever';

jest.setTimeout(60_000);

const databases = socialMediaTestDatabases();

describe.each(databases.eachSupportedId())(
  'the social media fact retriever on %s',
  databaseId => {
    async function start(
      permission:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    ) {
      const knex = await databases.init(databaseId);
      const techInsights = fakeTechInsightsPlugin();
      await startTestBackend({
        features: [
          techInsights.plugin,
          techInsightsModuleSocialMedia,
          socialMediaPlugin,
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.permissions.factory({ result: permission }),
          catalogServiceMock.factory({ entities: CATALOG }),
        ],
      });
      const context = techInsights.seen.context!;
      const retriever = createSocialMediaFactRetriever({ now: () => NOW });
      return { knex, run: () => retriever.handler(context) };
    }

    it('gives each social media Component its guardianship facts', async () => {
      const { knex, run } = await start();
      await insertServices(knex);

      const facts = await run();
      const byRef = Object.fromEntries(
        facts.map(f => [
          `${f.entity.kind}:${f.entity.namespace}/${f.entity.name}`,
          f.facts,
        ]),
      );
      expect(byRef).toEqual({
        'component:default/guarded': {
          mfaEnabled: true,
          credentialsInVault: true,
          sharedLogin: false,
          daysSinceAccessReview: 10,
          leaversWithAccess: 0,
          openSecurityIncidents: 0,
          openIncidents: 0,
          stageCompliant: true,
          riskRating: 'low',
          riskScore: 2,
        },
        'component:default/exposed': {
          mfaEnabled: false,
          credentialsInVault: false,
          sharedLogin: true,
          daysSinceAccessReview: 120,
          leaversWithAccess: 1,
          openSecurityIncidents: 1,
          openIncidents: 2,
          stageCompliant: false,
          riskRating: 'high',
          riskScore: 9,
        },
        'component:default/fresh': {
          mfaEnabled: false,
          credentialsInVault: false,
          sharedLogin: false,
          daysSinceAccessReview: null,
          leaversWithAccess: 0,
          openSecurityIncidents: 0,
          openIncidents: 0,
          stageCompliant: true,
          riskRating: 'unrated',
          riskScore: null,
        },
      });
    });

    it('reads a large catalogue a page at a time', async () => {
      const { knex, run } = await start();
      const rows = Array.from({ length: 450 }, (_, i) => {
        const id = `svc-${String(i).padStart(3, '0')}`;
        return {
          id,
          name: id,
          sort_name: id,
          platform: 'blog',
          handle: `${id}.example.com`,
          owner_group: 'group:default/marketing',
          lifecycle_stage: 'operation',
          version: 1,
          created_at: NOW,
          updated_at: NOW,
        };
      });
      for (let i = 0; i < rows.length; i += 100) {
        await knex('social_services').insert(rows.slice(i, i + 100));
      }
      const facts = await run();
      expect(new Set(facts.map(f => f.entity.name)).size).toBe(450);
    });

    it('fails with a clear error, and no token, when the backend refuses', async () => {
      const { run } = await start(AuthorizeResult.DENY);
      const error = await run().then(
        () => undefined,
        e => e as Error,
      );
      expect(error?.message).toMatch(
        /^Could not read the guardianship facts of the social media services \(GET \/guardianship\/facts\?limit=200&offset=0 of the social-media backend\): it answered 403 Forbidden, You are not allowed to read the social media service catalogue$/,
      );
      expect(
        JSON.stringify(error, Object.getOwnPropertyNames(error)),
      ).not.toMatch(/token|Bearer/i);
    });
  },
);

describe('the registered fact retriever', () => {
  it('describes every fact it publishes, for social media Components only', async () => {
    const { plugin, seen } = fakeTechInsightsPlugin();
    await startTestBackend({
      features: [plugin, techInsightsModuleSocialMedia],
    });
    const retriever = seen.retrievers[SOCIAL_MEDIA_FACT_RETRIEVER_ID];
    expect(retriever.entityFilter).toEqual({
      kind: 'component',
      'spec.type': 'social-media',
    });
    for (const [name, fact] of Object.entries(retriever.schema)) {
      expect([name, fact.description.length > 20]).toEqual([name, true]);
    }
  });
});
