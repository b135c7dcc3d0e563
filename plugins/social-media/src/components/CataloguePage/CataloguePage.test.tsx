import type { SocialServiceList } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aService,
  aStatus,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

function list(
  items = [
    aService(),
    aService({
      id: 'careers-linkedin',
      name: 'Careers LinkedIn page',
      platform: 'linkedin',
      handle: 'acme-careers',
      ownerGroup: 'group:default/hr',
      lifecycleStage: 'operation',
      riskRating: undefined,
      openIncidentCount: 0,
    }),
  ],
  totalCount = items.length,
): SocialServiceList {
  return { items, totalCount, limit: 25, offset: 0 };
}

describe('CataloguePage', () => {
  it('shows services with platform, link, owner, stage, risk and incidents', async () => {
    const api = mockSocialMediaApi({ listServices: async () => list() });
    renderPlugin('/social-media', api);

    const table = await screen.findByRole('table', {
      name: 'Social media services',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const x = within(rows[1]);
    expect(x.getByText('X')).toBeInTheDocument();
    expect(
      x.getByRole('link', { name: 'Corporate X account' }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
    expect(x.getByText('@acme')).toBeInTheDocument();
    expect(
      x.getByRole('link', { name: /corporate-communications/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/corporate-communications',
    );
    expect(x.getByText('Transition')).toBeInTheDocument();
    // the rating's chip says what it is on hover
    expect(x.getByTitle('Risk rating: High')).toHaveTextContent('High');
    expect(x.getByText('2')).toBeInTheDocument();

    const linkedin = within(rows[2]);
    expect(linkedin.getByText('LinkedIn')).toBeInTheDocument();
    expect(linkedin.getByTitle('Risk rating: not rated yet')).toHaveTextContent(
      'Not rated',
    );
    expect(linkedin.getByText('Operation')).toBeInTheDocument();

    expect(screen.getByRole('status')).toHaveTextContent(
      '2 services in the catalogue',
    );
    // how the catalogue runs, for those allowed to see it: store and connectors
    const status = within(
      await screen.findByRole('region', { name: 'Catalogue status' }),
    );
    expect(status.getByLabelText('Database')).toHaveTextContent('SQLite');
    expect(status.getByText('ServiceNow')).toBeInTheDocument();

    expect(api.listServices).toHaveBeenCalledWith({
      sort: 'name',
      order: 'asc',
      limit: 25,
      offset: 0,
    });
    expect(screen.getByRole('link', { name: 'New service' })).toHaveAttribute(
      'href',
      '/social-media/new',
    );
    expect(screen.getByRole('link', { name: 'Import' })).toHaveAttribute(
      'href',
      '/social-media/import',
    );
  });

  describe('the catalogue status', () => {
    it('is for administrators: without the permission it is neither shown nor asked for', async () => {
      const api = mockSocialMediaApi({ listServices: async () => list() });
      renderPlugin('/social-media', api, {
        denied: ['social-media.status.read'],
      });
      await screen.findByRole('table', { name: 'Social media services' });
      expect(screen.getByRole('status')).toHaveTextContent(
        '2 services in the catalogue',
      );
      expect(
        screen.queryByRole('region', { name: 'Catalogue status' }),
      ).not.toBeInTheDocument();
      expect(screen.queryByText(/SQLite|migration/)).not.toBeInTheDocument();
      expect(api.getStatus).not.toHaveBeenCalled();
    });

    it('shows an administrator the store, the newest migration and the connectors', async () => {
      const api = mockSocialMediaApi({ listServices: async () => list() });
      renderPlugin('/social-media', api);
      const status = within(
        await screen.findByRole('region', { name: 'Catalogue status' }),
      );
      expect(status.getByLabelText('Database')).toHaveTextContent('SQLite');
      expect(status.getByLabelText('Data kept')).toHaveTextContent(
        "A file on the backend's disk (social-media.sqlite)",
      );
      expect(status.getByLabelText('Newest migration')).toHaveTextContent(
        '20261125140000_catalogue.js',
      );
      expect(
        status.getByRole('list', { name: 'Installed ITSM connectors' }),
      ).toHaveTextContent('ServiceNow');
    });

    it('says a database in memory is lost on restart, not that it is a file on disk', async () => {
      const api = mockSocialMediaApi({
        listServices: async () => list(),
        getStatus: async () => ({
          ...aStatus,
          database: {
            ...aStatus.database,
            inMemory: true,
            storage: { kind: 'memory' },
          },
        }),
      });
      renderPlugin('/social-media', api);
      const status = within(
        await screen.findByRole('region', { name: 'Catalogue status' }),
      );
      expect(status.getByLabelText('Data kept')).toHaveTextContent(
        'In memory: lost when the backend restarts',
      );
      expect(status.queryByText(/file|disk/)).not.toBeInTheDocument();
      expect(
        status.getByText(/give SQLite a directory .* to keep the data/),
      ).toBeInTheDocument();
    });

    it.each([
      [
        'PostgreSQL',
        { client: 'pg', inMemory: false, storage: { kind: 'server' } },
        'PostgreSQL',
        'On the database server',
        'Production store, shared by every backend instance.',
      ],
      [
        'a SQLite the backend could not ask',
        {
          client: 'better-sqlite3',
          inMemory: false,
          storage: { kind: 'unknown' },
        },
        'SQLite',
        'Not known: the database did not say',
        '',
      ],
      [
        'an older backend that reports only that it is not in memory',
        { client: 'better-sqlite3', inMemory: false, storage: undefined },
        'SQLite',
        'Not known: the database did not say',
        '',
      ],
      [
        'an older backend that reports it is in memory',
        { client: 'better-sqlite3', inMemory: true, storage: undefined },
        'SQLite',
        'In memory: lost when the backend restarts',
        'Fine to try the catalogue: give SQLite a directory (backend.database.connection.directory) to keep the data across restarts, and use PostgreSQL in production.',
      ],
    ] as const)(
      'tells the truth for %s',
      async (_name, database, kind, kept, note) => {
        const api = mockSocialMediaApi({
          listServices: async () => list(),
          getStatus: async () => ({
            ...aStatus,
            database: { ...aStatus.database, ...(database as any) },
          }),
        });
        renderPlugin('/social-media', api);
        const region = await screen.findByRole('region', {
          name: 'Catalogue status',
        });
        const status = within(region);
        expect(status.getByLabelText('Database')).toHaveTextContent(kind);
        expect(status.getByLabelText('Data kept')).toHaveTextContent(kept);
        expect(region).not.toHaveTextContent(/file on|disk/);
        // The note under the facts: the advice for this store, or none.
        expect(
          region.textContent?.split(
            status.getByLabelText('ITSM connectors').textContent ?? '',
          )[1],
        ).toBe(note);
      },
    );
  });

  it('reads filters, sort and page from the URL', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => list([aService()], 60),
    });
    renderPlugin(
      '/social-media?platform=x&platform=facebook&ownerGroup=group:default/hr' +
        '&lifecycleStage=operation&riskRating=critical&hasOpenIncidents=true' +
        '&search=brand&sort=riskRating&order=desc&page=2',
      api,
    );

    await screen.findByRole('table', { name: 'Social media services' });
    expect(api.listServices).toHaveBeenCalledWith({
      platform: ['x', 'facebook'],
      ownerGroup: ['group:default/hr'],
      lifecycleStage: ['operation'],
      riskRating: ['critical'],
      hasOpenIncidents: true,
      search: 'brand',
      sort: 'riskRating',
      order: 'desc',
      limit: 25,
      offset: 25,
    });
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue(
      'brand',
    );
    const filters = within(
      screen.getByRole('search', { name: 'Filter services' }),
    );
    expect(filters.getByRole('button', { name: 'X' })).toBeInTheDocument();
    expect(
      filters.getByRole('button', { name: 'Facebook' }),
    ).toBeInTheDocument();
    expect(
      filters.getByRole('button', { name: 'group:default/hr' }),
    ).toBeInTheDocument();
    expect(
      filters.getByRole('button', { name: 'Operation' }),
    ).toBeInTheDocument();
    expect(
      filters.getByRole('button', { name: 'Critical' }),
    ).toBeInTheDocument();
    expect(
      filters.getByRole('switch', { name: 'Has open incidents' }),
    ).toBeChecked();
    expect(screen.getByRole('columnheader', { name: 'Risk' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(screen.getByText('26–50 of 60')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      '60 services match the filters',
    );
  });

  async function renderWithRows(url: string) {
    const api = mockSocialMediaApi({
      listServices: async () => list([aService()], 60),
    });
    const rendered = renderPlugin(url, api);
    await screen.findByRole('table', { name: 'Social media services' });
    return { api, ...rendered };
  }

  it('writes multi-select filters to the URL and goes back to page 1', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media?page=2');

    await user.click(screen.getByRole('combobox', { name: 'Platform' }));
    await user.click(await screen.findByRole('option', { name: 'X' }));
    await user.click(screen.getByRole('option', { name: 'YouTube' }));
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(currentParams().getAll('platform')).toEqual(['x', 'youtube']),
    );
    expect(currentParams().get('page')).toBeNull();

    await user.click(screen.getByRole('combobox', { name: 'Lifecycle stage' }));
    await user.click(await screen.findByRole('option', { name: 'Operation' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Risk rating' }));
    await user.click(await screen.findByRole('option', { name: 'Critical' }));
    await user.keyboard('{Escape}');

    await waitFor(() =>
      expect(currentParams().toString()).toBe(
        'platform=x&platform=youtube&lifecycleStage=operation&riskRating=critical',
      ),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith({
        platform: ['x', 'youtube'],
        lifecycleStage: ['operation'],
        riskRating: ['critical'],
        sort: 'name',
        order: 'asc',
        limit: 25,
        offset: 0,
      }),
    );
  });

  it('writes the owner group, open incidents and search to the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const { currentParams } = await renderWithRows('/social-media');

    await user.type(
      screen.getByRole('combobox', { name: 'Owner group' }),
      'marketing{Enter}',
    );
    await user.click(
      screen.getByRole('switch', { name: 'Has open incidents' }),
    );
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'brand');
    await waitFor(() =>
      expect(currentParams().toString()).toBe(
        'ownerGroup=group%3Adefault%2Fmarketing&hasOpenIncidents=true&search=brand',
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().toString()).toBe(''));
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  });

  it("shows the person's own teams' services in one switch, and all again when turned off", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      listServices: async () => list([aService()], 60),
    });
    const { currentParams } = renderPlugin('/social-media', api, {
      identity: {
        userEntityRef: 'user:default/marketing-lead',
        ownershipEntityRefs: [
          'user:default/marketing-lead',
          'group:default/marketing',
          'group:default/region-emea',
        ],
      },
    });
    await screen.findByRole('table', { name: 'Social media services' });
    const mine = await screen.findByRole('switch', {
      name: 'Owned by my teams',
    });
    await user.click(mine);
    await waitFor(() =>
      expect(currentParams().getAll('ownerGroup')).toEqual([
        'group:default/marketing',
        'group:default/region-emea',
      ]),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({
          ownerGroup: ['group:default/marketing', 'group:default/region-emea'],
        }),
      ),
    );
    expect(mine).toBeChecked();
    // Another group added by hand: no longer only the person's teams.
    await user.type(
      screen.getByRole('combobox', { name: 'Owner group' }),
      'hr{Enter}',
    );
    await waitFor(() => expect(mine).not.toBeChecked());
    await user.click(mine);
    await waitFor(() =>
      expect(currentParams().getAll('ownerGroup')).toEqual([
        'group:default/marketing',
        'group:default/region-emea',
      ]),
    );
    await user.click(mine);
    await waitFor(() => expect(currentParams().toString()).toBe(''));
  });

  it('writes the filter of records changed outside the catalogue to the URL, asks the backend for it and clears it', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media');
    const changed = screen.getByRole('switch', {
      name: 'Changed outside the catalogue',
    });
    await user.click(changed);
    await waitFor(() =>
      expect(currentParams().toString()).toBe('changedOutside=true'),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ changedOutside: true }),
      ),
    );
    expect(changed).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().toString()).toBe(''));
    expect(changed).not.toBeChecked();
  });

  it('writes the leavers filter to the URL and asks the backend for it', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media');
    await user.click(
      screen.getByRole('switch', { name: 'People who left still hold access' }),
    );
    await waitFor(() =>
      expect(currentParams().toString()).toBe('hasLeavers=true'),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ hasLeavers: true }),
      ),
    );
    expect(
      screen.getByRole('switch', { name: 'People who left still hold access' }),
    ).toBeChecked();
    // a service where someone who left still holds access says so
    expect(screen.getAllByText('1 leaver with access').length).toBeGreaterThan(
      0,
    );
  });

  it('marks a record changed in the database outside the catalogue, and only that one', async () => {
    const api = mockSocialMediaApi({
      listServices: async () =>
        list([
          aService(),
          aService({
            id: 'brand-tiktok',
            name: 'Brand TikTok',
            platform: 'tiktok',
            handle: '@acme.brand',
            recordProblems: [
              { field: 'tags', stored: 'not json', shownAs: 'no tags' },
            ],
          }),
        ]),
    });
    renderPlugin('/social-media', api);
    const table = await screen.findByRole('table', {
      name: 'Social media services',
    });
    const [, sound, damaged] = within(table).getAllByRole('row');
    expect(
      within(sound).queryByText('Record changed outside the catalogue'),
    ).toBeNull();
    expect(
      within(damaged).getByText('Record changed outside the catalogue'),
    ).toHaveAttribute(
      'title',
      'Stored values the catalogue never writes: tags',
    );
  });

  it('marks a service out of compliance with its stage and says what it lacks', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      listServices: async () =>
        list([
          aService(),
          aService({
            id: 'brand-tiktok',
            name: 'Brand TikTok',
            platform: 'tiktok',
            handle: '@acme.brand',
            lifecycleStage: 'operation',
            compliance: {
              stage: 'operation',
              compliant: false,
              missing: ['MFA enabled', 'credentials in a vault'],
            },
          }),
        ]),
    });
    renderPlugin('/social-media', api);
    const table = await screen.findByRole('table', {
      name: 'Social media services',
    });
    const [, meets, lacks] = within(table).getAllByRole('row');
    // a service that meets its stage has no badge
    expect(within(meets).queryByText('Out of compliance')).toBeNull();
    // the chip around its label
    const badge = within(lacks).getByText('Out of compliance')
      .parentElement as HTMLElement;
    expect(badge).toHaveAccessibleDescription(
      'Operation requires MFA enabled and credentials in a vault',
    );
    await user.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Operation requires MFA enabled and credentials in a vault',
    );
  });

  it('filters by stage compliance, in the URL and in the query to the backend', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media');
    const select = screen.getByRole('combobox', { name: 'Stage compliance' });
    expect(select).toHaveDisplayValue('Any');

    await user.selectOptions(select, 'Out of compliance');
    await waitFor(() =>
      expect(currentParams().toString()).toBe('compliant=false'),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ compliant: false }),
      ),
    );

    await user.selectOptions(select, 'Meets its stage');
    await waitFor(() =>
      expect(currentParams().toString()).toBe('compliant=true'),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ compliant: true }),
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().toString()).toBe(''));
    expect(select).toHaveDisplayValue('Any');
    expect(api.listServices.mock.lastCall?.[0]?.compliant).toBeUndefined();
  });

  it('reads the stage compliance filter from a link', async () => {
    const { api } = await renderWithRows('/social-media?compliant=false');
    expect(
      screen.getByRole('combobox', { name: 'Stage compliance' }),
    ).toHaveDisplayValue('Out of compliance');
    expect(api.listServices).toHaveBeenCalledWith(
      expect.objectContaining({ compliant: false }),
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      '60 services match the filters',
    );
  });

  it('filters by access review status and finds services not rated yet', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media');

    await user.click(screen.getByRole('combobox', { name: 'Access review' }));
    await user.click(await screen.findByRole('option', { name: 'Overdue' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Risk rating' }));
    await user.click(await screen.findByRole('option', { name: 'Not rated' }));
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(currentParams().toString()).toBe(
        'riskRating=unrated&accessReview=overdue',
      ),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith(
        expect.objectContaining({
          riskRating: ['unrated'],
          accessReview: ['overdue'],
        }),
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentParams().toString()).toBe(''));
  });

  it('writes sort and page to the URL', async () => {
    const user = userEvent.setup({ delay: null });
    const { api, currentParams } = await renderWithRows('/social-media');

    await user.click(screen.getByRole('button', { name: 'Risk' }));
    await waitFor(() =>
      expect(currentParams().toString()).toBe('sort=riskRating&order=asc'),
    );
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() =>
      expect(currentParams().toString()).toBe(
        'sort=riskRating&order=asc&page=2',
      ),
    );
    await waitFor(() =>
      expect(api.listServices).toHaveBeenLastCalledWith({
        sort: 'riskRating',
        order: 'asc',
        limit: 25,
        offset: 25,
      }),
    );
    // sorting again by the same column turns the order round, from page 1
    await user.click(screen.getByRole('button', { name: 'Risk' }));
    await waitFor(() =>
      expect(currentParams().toString()).toBe('sort=riskRating&order=desc'),
    );
  });

  it('explains an empty catalogue and an empty filter result', async () => {
    const api = mockSocialMediaApi({ listServices: async () => list([]) });
    renderPlugin('/social-media', api);
    expect(
      await screen.findByText(/The catalogue is empty/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Import an inventory' }),
    ).toHaveAttribute('href', '/social-media/import');
  });

  it('offers to clear filters when nothing matches', async () => {
    const api = mockSocialMediaApi({ listServices: async () => list([]) });
    const { currentParams } = renderPlugin(
      '/social-media?platform=tiktok',
      api,
    );
    expect(
      await screen.findByText('No services match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all services' }),
    );
    await waitFor(() => expect(currentParams().toString()).toBe(''));
  });

  describe('the list first', () => {
    it('asks for the inbox count and the status only once the list is on the page', async () => {
      let answer: (value: SocialServiceList) => void = () => {};
      const api = mockSocialMediaApi({
        listServices: jest.fn(
          () =>
            new Promise<SocialServiceList>(resolve => {
              answer = resolve;
            }),
        ),
        listServiceRequests: jest.fn(async () => ({
          items: [],
          totalCount: 3,
        })),
      });
      renderPlugin('/social-media', api);
      expect(
        await screen.findByRole('progressbar', { name: 'Loading services' }),
      ).toBeInTheDocument();
      // The page is up and waits for its list: nothing else is asked for yet.
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(api.listServices).toHaveBeenCalledTimes(1);
      expect(api.listServiceRequests).not.toHaveBeenCalled();
      expect(api.listHandovers).not.toHaveBeenCalled();
      expect(api.getStatus).not.toHaveBeenCalled();
      expect(screen.getByRole('link', { name: 'Requests' })).toBeVisible();

      answer(list());
      expect(
        await screen.findByRole('link', { name: 'Corporate X account' }),
      ).toBeInTheDocument();
      // Then the rest: the count on the requests link and the status.
      expect(
        await screen.findByRole('link', { name: 'Requests (3 to approve)' }),
      ).toHaveAttribute('href', '/social-media/requests?tab=inbox');
      expect(
        await screen.findByRole('region', { name: 'Catalogue status' }),
      ).toBeInTheDocument();
      expect(api.listServices).toHaveBeenCalledTimes(1);
    });

    it('does not keep the rest of the page waiting for a list that does not answer', async () => {
      const api = mockSocialMediaApi({
        listServices: jest.fn(() => new Promise<SocialServiceList>(() => {})),
        listServiceRequests: jest.fn(async () => ({
          items: [],
          totalCount: 1,
        })),
      });
      renderPlugin('/social-media', api);
      expect(
        await screen.findByRole(
          'link',
          { name: 'Requests (1 to approve)' },
          { timeout: 6_000 },
        ),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('region', { name: 'Catalogue status' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('progressbar', { name: 'Loading services' }),
      ).toBeInTheDocument();
    });
  });

  it('says why the list cannot be shown and lets the user try again', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => {
        throw await aResponseError(403, 'NotAllowedError', 'Unauthorized');
      },
    });
    renderPlugin('/social-media', api);
    expect(
      await screen.findByText(
        /You do not have permission to read the social media service catalogue/,
      ),
    ).toBeInTheDocument();

    api.listServices.mockResolvedValue(list());
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('link', { name: 'Corporate X account' }),
    ).toBeInTheDocument();
  });
});
