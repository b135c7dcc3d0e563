import { InputError } from '@backstage/errors';
import { InvalidInputError } from './InvalidInputError';
import { decodeListCursor, encodeListCursor } from './listCursor';
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
      'records changed outside the catalogue',
      { changedOutside: 'true' },
      { changedOutside: true },
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
    [{ changedOutside: 'yes' }, 'changedOutside', 'must be true or false'],
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

  describe('after (a cursor)', () => {
    const cursor = (parts: unknown) =>
      Buffer.from(JSON.stringify(parts)).toString('base64url');
    const NOT_A_CURSOR =
      'is not a cursor this list answered; pass the nextAfter of the previous page';

    it('takes the cursor of a page read in the same sort and order', () => {
      const byName = encodeListCursor({
        sort: 'name',
        order: 'asc',
        value: 'corporate x',
        id: 'corp-x',
      });
      expect(parseListQuery({ after: byName })).toEqual({
        limit: 50,
        offset: 0,
        after: byName,
      });
      const byTime = encodeListCursor({
        sort: 'updatedAt',
        order: 'desc',
        value: Date.UTC(2026, 10, 30),
        id: 'corp-x',
      });
      expect(
        parseListQuery({ after: byTime, sort: 'updatedAt', order: 'desc' })
          .after,
      ).toBe(byTime);
      expect(decodeListCursor(byTime, 'updatedAt', 'desc')).toEqual({
        value: Date.UTC(2026, 10, 30),
        id: 'corp-x',
      });
    });

    it.each<[string, RawQuery, string]>([
      ['text that is not base64url', { after: 'abc$def' }, NOT_A_CURSOR],
      ['base64url that is not JSON', { after: 'bm90IGpzb24' }, NOT_A_CURSOR],
      ['JSON that is not a cursor', { after: cursor({ a: 1 }) }, NOT_A_CURSOR],
      [
        'a number where the name sorts',
        { after: cursor(['name', 'asc', 5, 'corp-x']) },
        NOT_A_CURSOR,
      ],
      [
        'text where the audience sorts',
        {
          after: cursor(['audienceSize', 'asc', "1' or '1'='1", 'corp-x']),
          sort: 'audienceSize',
        },
        NOT_A_CURSOR,
      ],
      [
        'a time beyond year 9999',
        {
          after: cursor(['updatedAt', 'asc', 8.64e15, 'corp-x']),
          sort: 'updatedAt',
        },
        NOT_A_CURSOR,
      ],
      [
        'an empty id',
        { after: cursor(['name', 'asc', 'x', '']) },
        NOT_A_CURSOR,
      ],
      [
        "another sort's cursor",
        { after: cursor(['platform', 'asc', 'x', 'corp-x']) },
        'was answered for the list sorted by platform (asc), not by name (asc); keep the sort and order while paging',
      ],
      [
        "another order's cursor",
        {
          after: cursor(['name', 'desc', 'x', 'corp-x']),
          order: 'asc',
        },
        'was answered for the list sorted by name (desc), not by name (asc); keep the sort and order while paging',
      ],
      [
        'a cursor with an offset',
        { after: cursor(['name', 'asc', 'x', 'corp-x']), offset: '50' },
        'cannot be combined with offset; page either by offset or by the nextAfter of the previous page',
      ],
      [
        'a cursor too long to be one',
        { after: 'a'.repeat(4001) },
        NOT_A_CURSOR,
      ],
    ])('refuses %s, naming after', (_what, raw, message) => {
      const error = errorOf(raw) as InvalidInputError;
      expect(error).toBeInstanceOf(InputError);
      expect(error.fields).toEqual([{ field: 'after', message }]);
    });
  });

  it('uses the largest page size in its message', () => {
    expect(MAX_PAGE_SIZE).toBe(200);
    expect(errorOf({ limit: String(MAX_PAGE_SIZE + 1) }).message).toContain(
      `from 1 to ${MAX_PAGE_SIZE}`,
    );
  });
});
