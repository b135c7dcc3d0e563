import { InputError } from '@backstage/errors';
import { InvalidInputError } from './InvalidInputError';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseListQuery } from './listQuery';

type RawQuery = Parameters<typeof parseListQuery>[0];

function errorOf(raw: RawQuery): Error {
  try {
    parseListQuery(raw);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`Expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseListQuery', () => {
  it('pages by 50 from the start and filters nothing by default', () => {
    expect(DEFAULT_PAGE_SIZE).toBe(50);
    expect(parseListQuery({})).toEqual({ limit: 50, offset: 0 });
  });

  it.each<[string, RawQuery, Record<string, unknown>]>([
    ['one platform', { platform: 'x' }, { platform: ['x'] }],
    [
      'repeated platforms',
      { platform: ['x', 'linkedin'] },
      { platform: ['x', 'linkedin'] },
    ],
    [
      'comma-separated platforms',
      { platform: 'x, linkedin,,blog' },
      { platform: ['x', 'linkedin', 'blog'] },
    ],
    [
      'repeated and comma-separated stages',
      { lifecycleStage: ['strategy,design', 'retired'] },
      { lifecycleStage: ['strategy', 'design', 'retired'] },
    ],
    [
      'risk ratings',
      { riskRating: 'high,critical' },
      { riskRating: ['high', 'critical'] },
    ],
    [
      'services not rated yet',
      { riskRating: ['unrated', 'low'] },
      { riskRating: ['unrated', 'low'] },
    ],
    [
      'access review statuses',
      { accessReview: 'due,overdue' },
      { accessReview: ['due', 'overdue'] },
    ],
    ['an empty filter', { platform: '' }, { platform: undefined }],
    [
      'sort and order',
      { sort: 'audienceSize', order: 'desc' },
      { sort: 'audienceSize', order: 'desc' },
    ],
    ['the first of several sorts', { sort: 'name,platform' }, { sort: 'name' }],
    ['a limit', { limit: '200' }, { limit: 200 }],
    ['the smallest limit', { limit: '1' }, { limit: 1 }],
    ['the first of repeated limits', { limit: ['10', '20'] }, { limit: 10 }],
    ['an offset', { offset: '150' }, { offset: 150 }],
    ['offset 0', { offset: '0' }, { offset: 0 }],
    [
      'open incidents only',
      { hasOpenIncidents: 'true' },
      { hasOpenIncidents: true },
    ],
    [
      'no open incidents',
      { hasOpenIncidents: 'false' },
      { hasOpenIncidents: false },
    ],
    [
      'a trimmed search',
      { search: '  corporate x  ' },
      { search: 'corporate x' },
    ],
    ['a blank search', { search: '   ' }, { search: undefined }],
    ['an empty search', { search: '' }, { search: undefined }],
  ])('reads %s', (_, raw, expected) => {
    expect(parseListQuery(raw)).toEqual(
      expect.objectContaining({ limit: 50, offset: 0, ...expected }),
    );
  });

  it.each<[RawQuery, string[]]>([
    [{ ownerGroup: 'marketing' }, ['group:default/marketing']],
    [
      { ownerGroup: 'group:marketing,group:default/hr' },
      ['group:default/marketing', 'group:default/hr'],
    ],
    [
      { ownerGroup: ['Marketing', 'emea/sales'] },
      ['group:default/marketing', 'group:emea/sales'],
    ],
  ])('normalises owner groups %j', (raw, ownerGroup) => {
    expect(parseListQuery(raw).ownerGroup).toEqual(ownerGroup);
  });

  it.each<[RawQuery, string[]]>([
    [{ serviceOwner: 'marketing-lead' }, ['user:default/marketing-lead']],
    [
      { serviceOwner: ['user:default/IT-Service-Owner', 'emea/sales-lead'] },
      ['user:default/it-service-owner', 'user:emea/sales-lead'],
    ],
  ])('normalises named service owners %j', (raw, serviceOwner) => {
    expect(parseListQuery(raw).serviceOwner).toEqual(serviceOwner);
  });

  it('refuses a named service owner that is not a User reference, naming the field', () => {
    expect(() =>
      parseListQuery({ serviceOwner: 'group:default/marketing' }),
    ).toThrow(/serviceOwner/);
  });

  it.each<[RawQuery, string, string]>([
    [
      { platform: 'myspace' },
      'platform',
      'unknown myspace; must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog, other',
    ],
    [
      { platform: 'x,myspace,orkut' },
      'platform',
      'unknown myspace, orkut; must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog, other',
    ],
    [
      { lifecycleStage: 'production' },
      'lifecycleStage',
      'unknown production; must be one of strategy, design, transition, operation, improvement, retired',
    ],
    [
      { riskRating: 'severe' },
      'riskRating',
      'unknown severe; must be one of low, medium, high, critical, unrated',
    ],
    [
      { accessReview: 'late' },
      'accessReview',
      'unknown late; must be one of current, due, overdue',
    ],
    [
      { sort: 'followers' },
      'sort',
      'unknown followers; must be one of name, platform, ownerGroup, lifecycleStage, riskRating, openIncidentCount, audienceSize, updatedAt',
    ],
    [{ order: 'up' }, 'order', 'unknown up; must be one of asc, desc'],
    [{ limit: '0' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ limit: '201' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ limit: 'abc' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ limit: '1.5' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ limit: '-1' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ limit: '' }, 'limit', 'must be a whole number from 1 to 200'],
    [{ offset: '-10' }, 'offset', 'must be a whole number from 0 to 10000000'],
    [
      { offset: '10000001' },
      'offset',
      'must be a whole number from 0 to 10000000',
    ],
    [{ hasOpenIncidents: 'yes' }, 'hasOpenIncidents', 'must be true or false'],
    [{ hasOpenIncidents: '' }, 'hasOpenIncidents', 'must be true or false'],
    [
      { ownerGroup: 'user:default/service-owner' },
      'ownerGroup',
      'user:default/service-owner is not a Group reference such as group:default/marketing',
    ],
    [
      { ownerGroup: 'marketing,sales team' },
      'ownerGroup',
      'sales team is not a Group reference such as group:default/marketing',
    ],
  ])('rejects %j naming the parameter %s', (raw, field, message) => {
    const error = errorOf(raw) as InvalidInputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(`Invalid query: ${field}: ${message}`);
    expect(error.fields).toEqual([{ field, message }]);
  });

  it('uses the largest page size in its message', () => {
    expect(MAX_PAGE_SIZE).toBe(200);
    expect(errorOf({ limit: String(MAX_PAGE_SIZE + 1) }).message).toContain(
      `from 1 to ${MAX_PAGE_SIZE}`,
    );
  });
});
