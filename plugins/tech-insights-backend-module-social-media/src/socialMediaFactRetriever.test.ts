import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  insertServices,
  NOW,
  socialMediaTestDatabases,
} from './__testUtils__/socialMediaBackend';
import { startWithTechInsights } from './__testUtils__/techInsightsBackend';
import {
  createSocialMediaFactRetriever,
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaFactRetriever,
} from './socialMediaFactRetriever';

jest.setTimeout(60_000);

const databases = socialMediaTestDatabases();

// Run by the real Tech Insights backend, which stores what the retriever returns and serves it.
describe.each(databases.eachSupportedId())(
  'the social media fact retriever on %s',
  databaseId => {
    const start = (options: Parameters<typeof startWithTechInsights>[2] = {}) =>
      startWithTechInsights(databases, databaseId, {
        retriever: createSocialMediaFactRetriever({ now: () => NOW }),
        ...options,
      });

    it('gives each social media Component its guardianship facts', async () => {
      const { knex, collectFacts, latestFacts } = await start();
      await insertServices(knex);

      await collectFacts();
      expect({
        guarded: await latestFacts('guarded'),
        exposed: await latestFacts('exposed'),
        fresh: await latestFacts('fresh'),
      }).toEqual({
        guarded: {
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
        exposed: {
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
        fresh: {
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
      const { knex, techInsightsKnex, collectFacts } = await start();
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
      // A service deleted after its page was read takes no other with it: the pages follow
      // each other by cursor (an offset would skip the first service of the next page).
      const realFetch = global.fetch;
      const asked: string[] = [];
      const spy = jest
        .spyOn(global, 'fetch')
        .mockImplementation(async (...args) => {
          const response = await realFetch(...args);
          if (String(args[0]).includes('/guardianship/facts?')) {
            asked.push(String(args[0]));
            if (asked.length === 1) {
              await knex('social_services').where({ id: 'svc-000' }).delete();
            }
          }
          return response;
        });
      try {
        await collectFacts();
      } finally {
        spy.mockRestore();
      }
      expect(asked).toHaveLength(3);
      expect(asked.slice(1).every(url => url.includes('after='))).toBe(true);
      const [{ entities }] = await techInsightsKnex('facts')
        .where({ id: SOCIAL_MEDIA_FACT_RETRIEVER_ID })
        .countDistinct({ entities: 'entity' });
      expect(Number(entities)).toBe(450);
    });

    it('fails with a clear error, and no token, when the backend refuses', async () => {
      const logger = mockServices.logger.mock();
      const { collectFacts } = await start({
        permission: AuthorizeResult.DENY,
        logger,
      });
      await collectFacts();
      const failure = logger.error.mock.calls.find(
        ([message]) =>
          message ===
          `Failed to retrieve facts for retriever ${SOCIAL_MEDIA_FACT_RETRIEVER_ID}`,
      );
      const error = failure?.[1] as unknown as Error | undefined;
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
  it('is for social media Components only and describes every fact it publishes', () => {
    expect(socialMediaFactRetriever.entityFilter).toEqual({
      kind: 'component',
      'spec.type': 'social-media',
    });
    for (const [name, fact] of Object.entries(
      socialMediaFactRetriever.schema,
    )) {
      expect([name, fact.description.length > 20]).toEqual([name, true]);
    }
  });
});
