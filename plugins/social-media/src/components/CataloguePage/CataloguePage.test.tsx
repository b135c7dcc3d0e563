import type { SocialServiceList } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  aService,
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

jest.setTimeout(20_000);

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
    expect(x.getByText('High')).toBeInTheDocument();
    expect(x.getByText('2')).toBeInTheDocument();

    const linkedin = within(rows[2]);
    expect(linkedin.getByText('LinkedIn')).toBeInTheDocument();
    expect(linkedin.getByText('Not rated')).toBeInTheDocument();
    expect(linkedin.getByText('Operation')).toBeInTheDocument();

    expect(screen.getByRole('status')).toHaveTextContent(
      '2 services in the catalogue',
    );
    // the status summary: totals per stage, store and connectors
    expect(screen.getByLabelText('Services in total')).toHaveTextContent('7');
    expect(screen.getByLabelText('Operation')).toHaveTextContent('3');
    expect(screen.getByLabelText('Database')).toHaveTextContent('SQLite');
    expect(screen.getByText('ServiceNow')).toBeInTheDocument();

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
