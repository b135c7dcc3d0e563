import { socialMediaChecks } from './checks';
import {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  socialMediaFactSchema,
} from './socialMediaFactRetriever';

const TYPE_OF_VALUE: Record<string, string> = {
  boolean: 'boolean',
  integer: 'number',
  string: 'string',
};

describe('socialMediaChecks', () => {
  it('have unique ids and are json-rules-engine checks of the social media facts', () => {
    const ids = socialMediaChecks.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of socialMediaChecks) {
      expect([check.id, check.type, check.factIds]).toEqual([
        check.id,
        'json-rules-engine',
        [SOCIAL_MEDIA_FACT_RETRIEVER_ID],
      ]);
    }
  });

  it('name only facts the retriever publishes, compared with values of their type', () => {
    for (const check of socialMediaChecks) {
      for (const condition of check.rule.conditions.all) {
        const fact = socialMediaFactSchema[condition.fact];
        expect([check.id, condition.fact, fact?.type]).toEqual([
          check.id,
          condition.fact,
          expect.any(String),
        ]);
        const values = Array.isArray(condition.value)
          ? condition.value
          : [condition.value];
        for (const value of values) {
          expect([check.id, typeof value]).toEqual([
            check.id,
            TYPE_OF_VALUE[fact.type],
          ]);
        }
      }
    }
  });

  it('cover every guardianship fact the issue asks for', () => {
    expect(
      socialMediaChecks.flatMap(c => c.rule.conditions.all.map(a => a.fact)),
    ).toEqual([
      'mfaEnabled',
      'credentialsInVault',
      'sharedLogin',
      'daysSinceAccessReview',
      'leaversWithAccess',
      'openSecurityIncidents',
      'stageCompliant',
      'riskRating',
    ]);
  });
});
