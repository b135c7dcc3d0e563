import { hasFilters, readView, toListQuery, writeView } from './catalogueView';

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
});
