import {
  catalogueLink,
  hasFilters,
  readView,
  toListQuery,
  writeView,
} from './catalogueView';

describe('catalogue view in the URL', () => {
  it('reads filters, sort and page from the query string', () => {
    const view = readView(
      new URLSearchParams(
        'platform=x&platform=facebook&ownerGroup=marketing&lifecycleStage=operation' +
          '&riskRating=critical&hasOpenIncidents=true&search=brand&sort=riskRating' +
          '&order=desc&page=3&pageSize=50',
      ),
    );
    expect(view).toEqual({
      platform: ['x', 'facebook'],
      ownerGroup: ['group:default/marketing'],
      lifecycleStage: ['operation'],
      riskRating: ['critical'],
      accessReview: [],
      hasOpenIncidents: true,
      search: 'brand',
      sort: 'riskRating',
      order: 'desc',
      page: 3,
      pageSize: 50,
    });
    expect(toListQuery(view)).toEqual({
      platform: ['x', 'facebook'],
      ownerGroup: ['group:default/marketing'],
      lifecycleStage: ['operation'],
      riskRating: ['critical'],
      hasOpenIncidents: true,
      search: 'brand',
      sort: 'riskRating',
      order: 'desc',
      limit: 50,
      offset: 100,
    });
  });

  it('ignores values it does not know and falls back to defaults', () => {
    const view = readView(
      new URLSearchParams(
        'platform=myspace&lifecycleStage=limbo&sort=colour&order=up&page=-1&pageSize=7&hasOpenIncidents=maybe',
      ),
    );
    expect(view).toEqual({
      platform: [],
      ownerGroup: [],
      lifecycleStage: [],
      riskRating: [],
      accessReview: [],
      hasOpenIncidents: undefined,
      search: '',
      sort: 'name',
      order: 'asc',
      page: 1,
      pageSize: 25,
    });
    expect(hasFilters(view)).toBe(false);
    expect(writeView(view).toString()).toBe('');
  });

  it('writes a view back in a stable, shareable form', () => {
    const query =
      'platform=x&lifecycleStage=operation&hasOpenIncidents=false&sort=name&order=desc&page=2';
    expect(writeView(readView(new URLSearchParams(query))).toString()).toBe(
      query,
    );
  });

  it('keeps the leavers filter in the URL and sends it to the backend', () => {
    const view = readView(new URLSearchParams('hasLeavers=true'));
    expect(view.hasLeavers).toBe(true);
    expect(hasFilters(view)).toBe(true);
    expect(toListQuery(view).hasLeavers).toBe(true);
    expect(writeView(view).toString()).toBe('hasLeavers=true');
    expect(readView(new URLSearchParams('hasLeavers=no')).hasLeavers).toBe(
      undefined,
    );
  });

  it('keeps the filter of records changed outside the catalogue in the URL and sends it to the backend', () => {
    const view = readView(new URLSearchParams('changedOutside=true'));
    expect(view.changedOutside).toBe(true);
    expect(hasFilters(view)).toBe(true);
    expect(toListQuery(view).changedOutside).toBe(true);
    expect(writeView(view).toString()).toBe('changedOutside=true');
    expect(
      readView(new URLSearchParams('changedOutside=1')).changedOutside,
    ).toBe(undefined);
  });

  it('keeps the stage compliance filter in the URL and sends it to the backend', () => {
    const out = readView(new URLSearchParams('compliant=false'));
    expect(out.compliant).toBe(false);
    expect(hasFilters(out)).toBe(true);
    expect(toListQuery(out).compliant).toBe(false);
    expect(writeView(out).toString()).toBe('compliant=false');
    const meets = readView(new URLSearchParams('compliant=true'));
    expect(toListQuery(meets).compliant).toBe(true);
    expect(writeView(meets).toString()).toBe('compliant=true');
    const any = readView(new URLSearchParams('compliant=perhaps'));
    expect(any.compliant).toBeUndefined();
    expect(hasFilters(any)).toBe(false);
    expect(catalogueLink('/social-media', { compliant: false })).toBe(
      '/social-media?compliant=false',
    );
  });

  it('keeps the access review and "not rated" filters in the URL and sends them to the backend', () => {
    const view = readView(
      new URLSearchParams(
        'accessReview=overdue&accessReview=due&accessReview=late&riskRating=unrated',
      ),
    );
    expect(view.accessReview).toEqual(['due', 'overdue']);
    expect(view.riskRating).toEqual(['unrated']);
    expect(hasFilters(view)).toBe(true);
    expect(toListQuery(view)).toMatchObject({
      accessReview: ['due', 'overdue'],
      riskRating: ['unrated'],
    });
    expect(writeView(view).toString()).toBe(
      'riskRating=unrated&accessReview=due&accessReview=overdue',
    );
  });

  it('links to the catalogue with exactly one filter', () => {
    expect(catalogueLink('/social-media', {})).toBe('/social-media');
    expect(
      catalogueLink('/social-media', {
        lifecycleStage: ['operation'],
        riskRating: ['high'],
      }),
    ).toBe('/social-media?lifecycleStage=operation&riskRating=high');
    expect(catalogueLink('/portal/social', { hasLeavers: true })).toBe(
      '/portal/social?hasLeavers=true',
    );
  });
});
