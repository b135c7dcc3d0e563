import type { GuardianshipSweepResult } from '@internal/plugin-social-media-common';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aDashboard,
  aResponseError,
  aService,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';
import { StageTick } from './DashboardPage';

describe('DashboardPage', () => {
  it('shows the totals, both charts with their data and the overdue reviews', async () => {
    const api = mockSocialMediaApi({ getDashboard: async () => aDashboard });
    renderPlugin('/social-media/dashboard', api);

    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Portfolio dashboard',
      }),
    ).toBeInTheDocument();
    expect(api.getDashboard).toHaveBeenCalledWith({ days: 90 });

    expect(await screen.findByLabelText('Services')).toHaveTextContent('7');
    expect(screen.getByLabelText('Access reviews current')).toHaveTextContent(
      '4',
    );
    expect(screen.getByLabelText('Access reviews due')).toHaveTextContent('1');
    expect(screen.getByLabelText('Access reviews overdue')).toHaveTextContent(
      '2',
    );
    expect(screen.getByLabelText('Services with leavers')).toHaveTextContent(
      '1',
    );
    expect(screen.getByLabelText('Out of compliance')).toHaveTextContent('2');
    expect(
      screen.getByLabelText('Changed outside the catalogue'),
    ).toHaveTextContent('1');

    const byStage = within(
      screen.getByRole('region', { name: 'Services by stage and risk' }),
    );
    expect(
      byStage.getByRole('figure', { name: /Stacked bar chart of services/ }),
    ).toBeInTheDocument();
    const stageRows = within(
      byStage.getByRole('table', { name: 'Services by stage and risk' }),
    ).getAllByRole('row');
    expect(stageRows[0]).toHaveTextContent(
      'StageLowMediumHighCriticalNot ratedTotal',
    );
    expect(
      stageRows.find(row => row.textContent?.startsWith('Operation')),
    ).toHaveTextContent('Operation1011' + '0' + '3');

    const trend = within(screen.getByRole('region', { name: 'Risk trend' }));
    const trendRows = within(
      trend.getByRole('table', { name: 'Risk trend' }),
    ).getAllByRole('row');
    expect(trendRows).toHaveLength(4);
    expect(trendRows[3]).toHaveTextContent('Nov 20, 2026' + '3111');

    const overdue = within(
      screen.getByRole('region', { name: 'Overdue access reviews' }),
    );
    const rows = within(
      overdue.getByRole('table', { name: 'Overdue access reviews' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1]).getByRole('link', { name: 'Corporate X account' }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
    expect(rows[1]).toHaveTextContent('Critical');
    expect(rows[1]).toHaveTextContent('111');
    expect(rows[1]).toHaveTextContent('Aug 1, 2026');
    expect(
      within(rows[2]).getByRole('link', { name: 'Careers LinkedIn page' }),
    ).toHaveAttribute('href', '/social-media/services/careers-linkedin');
    expect(rows[2]).toHaveTextContent('Never');
  });

  describe('leads to the services behind each figure', () => {
    const catalogueApi = () =>
      mockSocialMediaApi({
        getDashboard: async () => aDashboard,
        listServices: jest.fn(async () => ({
          items: [aService()],
          totalCount: 1,
          limit: 25,
          offset: 0,
        })),
      });

    it.each<[string, string, Record<string, unknown>]>([
      ['Services: 7', '/social-media', {}],
      [
        'Access reviews current: 4',
        '/social-media?accessReview=current',
        { accessReview: ['current'] },
      ],
      [
        'Access reviews due: 1',
        '/social-media?accessReview=due',
        { accessReview: ['due'] },
      ],
      [
        'Access reviews overdue: 2',
        '/social-media?accessReview=overdue',
        { accessReview: ['overdue'] },
      ],
      [
        'Services with leavers: 1',
        '/social-media?hasLeavers=true',
        { hasLeavers: true },
      ],
      [
        'Out of compliance: 2',
        '/social-media?compliant=false',
        { compliant: false },
      ],
      [
        'Changed outside the catalogue: 1',
        '/social-media?changedOutside=true',
        { changedOutside: true },
      ],
    ])('the tile %s opens the catalogue at %s', async (name, url, filter) => {
      const user = userEvent.setup({ delay: null });
      const api = catalogueApi();
      const { currentUrl } = renderPlugin('/social-media/dashboard', api);
      await user.click(await screen.findByRole('link', { name }));
      await waitFor(() => expect(currentUrl()).toBe(url));
      expect(
        await screen.findByRole('heading', {
          name: 'Social media service catalogue',
        }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(api.listServices).toHaveBeenLastCalledWith({
          accessReview: undefined,
          hasLeavers: undefined,
          compliant: undefined,
          ...filter,
          hasOpenIncidents: undefined,
          lifecycleStage: undefined,
          ownerGroup: undefined,
          platform: undefined,
          riskRating: undefined,
          search: undefined,
          sort: 'name',
          order: 'asc',
          limit: 25,
          offset: 0,
        }),
      );
    });

    it('a bar segment opens the catalogue filtered to its stage and rating', async () => {
      const user = userEvent.setup({ delay: null });
      const api = catalogueApi();
      const { currentUrl } = renderPlugin('/social-media/dashboard', api);
      const chart = within(
        await screen.findByRole('figure', {
          name: /Stacked bar chart of services/,
        }),
      );
      // One link per segment that holds services, named for screen readers.
      expect(
        chart.getAllByRole('link').map(link => link.getAttribute('aria-label')),
      ).toEqual([
        'Strategy, low risk: 1 service',
        'Design, low risk: 1 service',
        'Operation, low risk: 1 service',
        'Design, medium risk: 1 service',
        'Operation, high risk: 1 service',
        'Operation, critical risk: 1 service',
        'Continual improvement, not rated: 1 service',
      ]);
      expect(
        chart.getByRole('link', {
          name: 'Continual improvement, not rated: 1 service',
        }),
      ).toHaveAttribute(
        'href',
        '/social-media?lifecycleStage=improvement&riskRating=unrated',
      );

      await user.click(
        chart.getByRole('link', { name: 'Operation, high risk: 1 service' }),
      );
      await waitFor(() =>
        expect(currentUrl()).toBe(
          '/social-media?lifecycleStage=operation&riskRating=high',
        ),
      );
      await waitFor(() =>
        expect(api.listServices).toHaveBeenLastCalledWith(
          expect.objectContaining({
            lifecycleStage: ['operation'],
            riskRating: ['high'],
            offset: 0,
          }),
        ),
      );
      // The catalogue shows the filter it was opened with.
      const filters = within(
        await screen.findByRole('search', { name: 'Filter services' }),
      );
      expect(
        filters.getByRole('button', { name: 'Operation' }),
      ).toBeInTheDocument();
      expect(filters.getByRole('button', { name: 'High' })).toBeInTheDocument();
    });

    it('the overdue reviews lead to all of them in the catalogue', async () => {
      const api = catalogueApi();
      renderPlugin('/social-media/dashboard', api);
      expect(
        await screen.findByRole('link', { name: 'All 2 in the catalogue' }),
      ).toHaveAttribute('href', '/social-media?accessReview=overdue');
    });
  });

  describe('labels its charts', () => {
    it('names every stage under its bar, titles both axes and has a legend', async () => {
      renderPlugin(
        '/social-media/dashboard',
        mockSocialMediaApi({ getDashboard: async () => aDashboard }),
      );
      const figure = await screen.findByRole('figure', {
        name: /Stacked bar chart of services/,
      });
      const ticks = Array.from(
        figure.querySelectorAll(
          '.recharts-xAxis .recharts-cartesian-axis-tick',
        ),
      ).map(tick =>
        Array.from(tick.querySelectorAll('tspan'))
          .map(line => line.textContent)
          .join(' '),
      );
      expect(ticks).toEqual([
        'Strategy',
        'Design',
        'Transition',
        'Operation',
        'Continual improvement',
        'Retired',
      ]);
      // each stage's total on top of its bar
      expect(
        Array.from(figure.querySelectorAll('.recharts-label-list text')).map(
          label => label.textContent,
        ),
      ).toEqual(['1', '2', '0', '3', '1', '0']);
      expect(figure).toHaveTextContent('Lifecycle stage');
      expect(figure).toHaveTextContent('Services');
      const legend = figure.querySelector('.recharts-legend-wrapper');
      expect(legend).toHaveTextContent('LowMediumHighCriticalNot rated');

      const trend = screen.getByRole('img', { name: /Line chart of services/ });
      expect(trend).toHaveTextContent('Date');
      expect(trend).toHaveTextContent('Services');
      expect(trend.querySelector('.recharts-legend-wrapper')).toHaveTextContent(
        'LowMediumHighCritical',
      );
    });

    it('wraps a long stage name, and abbreviates it with its full name as title when even a word does not fit', () => {
      const { container, rerender } = render(
        <svg>
          <StageTick
            width={600}
            visibleTicksCount={6}
            payload={{ value: 'improvement' }}
          />
        </svg>,
      );
      expect(
        Array.from(container.querySelectorAll('tspan')).map(t => t.textContent),
      ).toEqual(['Continual', 'improvement']);
      expect(container.querySelector('title')).toBeNull();

      rerender(
        <svg>
          <StageTick
            width={240}
            visibleTicksCount={6}
            payload={{ value: 'improvement' }}
          />
        </svg>,
      );
      expect(container.querySelector('text')).toHaveTextContent('Impr.');
      expect(container.querySelector('title')).toHaveTextContent(
        'Continual improvement',
      );
      expect(
        screen.getByLabelText('Continual improvement'),
      ).toBeInTheDocument();
    });
  });

  it('reads the trend of another period', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({ getDashboard: async () => aDashboard });
    renderPlugin('/social-media/dashboard', api);
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Period' }),
      '30',
    );
    await waitFor(() =>
      expect(api.getDashboard).toHaveBeenLastCalledWith({ days: 30 }),
    );
  });

  it('says when nothing is overdue', async () => {
    const api = mockSocialMediaApi({
      getDashboard: async () => ({
        ...aDashboard,
        overdueReviews: [],
        riskTrend: [],
      }),
    });
    renderPlugin('/social-media/dashboard', api);
    expect(
      await screen.findByText('No access review is overdue.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No ratings recorded in this period yet.'),
    ).toBeInTheDocument();
  });

  it('says why the dashboard cannot be shown', async () => {
    const api = mockSocialMediaApi({
      getDashboard: async () => {
        throw await aResponseError(403, 'NotAllowedError', 'Unauthorized');
      },
    });
    renderPlugin('/social-media/dashboard', api);
    expect(
      await screen.findByText(
        /You do not have permission to read the portfolio dashboard/,
      ),
    ).toBeInTheDocument();
  });

  it('is linked from the catalogue', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [aService()],
        totalCount: 1,
        limit: 25,
        offset: 0,
      }),
      getDashboard: async () => aDashboard,
    });
    const { currentUrl } = renderPlugin('/social-media', api);
    const link = await screen.findByRole('link', { name: 'Dashboard' });
    expect(link).toHaveAttribute('href', '/social-media/dashboard');
    await user.click(link);
    await waitFor(() => expect(currentUrl()).toBe('/social-media/dashboard'));
    expect(
      await screen.findByRole('heading', { name: 'Portfolio dashboard' }),
    ).toBeInTheDocument();
  });

  /** Runs leaver detection from the dashboard, the sweep answering `found`; its status line. */
  async function runSweep(found: Partial<GuardianshipSweepResult>) {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getDashboard: async () => aDashboard,
      runGuardianshipSweep: async () => ({
        servicesChecked: 7,
        leaversFlagged: 0,
        leaversCleared: 0,
        ratingsChanged: 0,
        recordsChangedOutside: 0,
        at: '2026-11-25T09:00:00.000Z',
        ...found,
      }),
    });
    renderPlugin('/social-media/dashboard', api);
    await user.click(
      await screen.findByRole('button', { name: 'Run leaver detection' }),
    );
    return { api, status: await screen.findByRole('status') };
  }

  it('runs leaver detection on demand, says what it found and reloads the figures', async () => {
    const { api, status } = await runSweep({
      leaversFlagged: 2,
      ratingsChanged: 1,
    });
    expect(status).toHaveTextContent(
      /^Checked 7 services: 2 leaver\(s\) found, 0 cleared, 1 rating\(s\) changed\.$/,
    );
    expect(status.className).toMatch(/standardSuccess/);
    await waitFor(() => expect(api.getDashboard).toHaveBeenCalledTimes(2));
  });

  it('warns of records the sweep found changed outside the catalogue', async () => {
    const { status } = await runSweep({
      ratingsChanged: 2,
      recordsChangedOutside: 2,
    });
    expect(status).toHaveTextContent(
      '2 service(s) hold values their audit trail never set (changed in the database outside the catalogue)',
    );
    expect(status.className).toMatch(/standardWarning/);
  });

  it('shows why leaver detection was refused', async () => {
    const user = userEvent.setup({ delay: null });
    const refused = await aResponseError(
      403,
      'NotAllowedError',
      'You are not allowed to run leaver detection and risk recomputation',
    );
    const api = mockSocialMediaApi({
      getDashboard: async () => aDashboard,
      runGuardianshipSweep: async () => {
        throw refused;
      },
    });
    renderPlugin('/social-media/dashboard', api);
    await user.click(
      await screen.findByRole('button', { name: 'Run leaver detection' }),
    );
    expect(
      await screen.findByText(
        'You are not allowed to run leaver detection and risk recomputation',
      ),
    ).toBeInTheDocument();
  });

  describe('ITSM incident sync', () => {
    const before = [
      {
        connectorId: 'servicenow',
        lastRunAt: '2026-11-26T08:00:00.000Z',
        lastSuccessAt: '2026-11-26T07:55:00.000Z',
        lastErrorAt: '2026-11-26T08:00:00.000Z',
        lastError:
          'ServiceNow refused the credentials of the integration user (HTTP 401)',
        incidentsLastRun: 0,
        mappedServices: 12,
      },
    ];
    const after = [
      {
        ...before[0],
        lastRunAt: '2026-11-26T09:00:00.000Z',
        lastSuccessAt: '2026-11-26T09:00:01.000Z',
        lastFullSyncAt: '2026-11-26T09:00:01.000Z',
        incidentsLastRun: 4,
      },
    ];

    it('shows each connector, its last error, and syncs now on request', async () => {
      const user = userEvent.setup({ delay: null });
      const api = mockSocialMediaApi({
        getDashboard: async () => aDashboard,
        getItsmStatus: async () => ({ items: before }),
        runItsmSync: async () => ({ items: after }),
      });
      renderPlugin('/social-media/dashboard', api);
      const table = await screen.findByRole('table', {
        name: 'ITSM connectors',
      });
      const row = within(table).getAllByRole('row')[1];
      expect(row).toHaveTextContent('ServiceNow');
      expect(row).toHaveTextContent('12');
      // No full sync yet: the incidents the ITSM dropped are not reconciled.
      expect(within(row).getAllByRole('cell')[3]).toHaveTextContent('Never');
      expect(row).toHaveTextContent(
        'ServiceNow refused the credentials of the integration user (HTTP 401)',
      );

      await user.click(screen.getByRole('button', { name: 'Sync now' }));
      expect(
        await screen.findByText('Sync finished: 4 incident(s) stored.'),
      ).toBeInTheDocument();
      expect(api.runItsmSync).toHaveBeenCalledTimes(1);
      expect(
        within(
          screen.getByRole('table', { name: 'ITSM connectors' }),
        ).getAllByRole('row')[1],
      ).toHaveTextContent('4');
      expect(
        within(
          screen.getByRole('table', { name: 'ITSM connectors' }),
        ).getAllByRole('row')[1],
      ).not.toHaveTextContent('Never');
    });

    it('syncs one connector alone on request, for those who may run the sync', async () => {
      const user = userEvent.setup({ delay: null });
      const pagerduty = {
        connectorId: 'pagerduty',
        lastRunAt: '2026-11-26T08:00:00.000Z',
        lastSuccessAt: '2026-11-26T08:00:00.000Z',
        incidentsLastRun: 1,
        mappedServices: 3,
      };
      const api = mockSocialMediaApi({
        getDashboard: async () => aDashboard,
        getItsmStatus: async () => ({ items: [...before, pagerduty] }),
        runItsmConnectorSync: async () => after[0],
      });
      const { unmount } = renderPlugin('/social-media/dashboard', api);
      await user.click(
        await screen.findByRole('button', { name: 'Sync ServiceNow now' }),
      );
      expect(
        await screen.findByText(
          'ServiceNow sync finished: 4 incident(s) stored.',
        ),
      ).toBeInTheDocument();
      expect(api.runItsmConnectorSync).toHaveBeenCalledWith('servicenow');
      expect(api.runItsmSync).not.toHaveBeenCalled();
      const rows = within(
        screen.getByRole('table', { name: 'ITSM connectors' }),
      ).getAllByRole('row');
      // Its row follows the run; the other connector's stays as it was.
      expect(within(rows[1]).getAllByRole('cell')[3]).not.toHaveTextContent(
        'Never',
      );
      expect(within(rows[1]).getAllByRole('cell')[4]).toHaveTextContent('4');
      expect(rows[2]).toHaveTextContent(/pagerduty/i);
      expect(within(rows[2]).getAllByRole('cell')[4]).toHaveTextContent('1');
      unmount();

      renderPlugin('/social-media/dashboard', api, {
        denied: ['social-media.itsm.sync'],
      });
      expect(
        await screen.findByRole('table', { name: 'ITSM connectors' }),
      ).toHaveTextContent('ServiceNow');
      expect(
        screen.queryByRole('button', { name: 'Sync ServiceNow now' }),
      ).not.toBeInTheDocument();
    });

    it('says a sync is already running, and since when, when Sync now meets one', async () => {
      const user = userEvent.setup({ delay: null });
      const busy = await aResponseError(
        409,
        'ConflictError',
        'The servicenow incident sync is already running (since 2026-11-26T09:00:00.000Z); it stores what it finds when it ends',
      );
      let running = false;
      const api = mockSocialMediaApi({
        getDashboard: async () => aDashboard,
        getItsmStatus: async () => ({
          items: running
            ? [{ ...before[0], runningSince: '2026-11-26T09:00:00.000Z' }]
            : before,
        }),
        runItsmSync: async () => {
          running = true;
          throw busy;
        },
      });
      renderPlugin('/social-media/dashboard', api);
      const table = await screen.findByRole('table', {
        name: 'ITSM connectors',
      });
      expect(table).not.toHaveTextContent('Running since');
      await user.click(screen.getByRole('button', { name: 'Sync now' }));
      expect(
        await screen.findByText(/incident sync is already running/),
      ).toBeInTheDocument();
      const row = within(
        await screen.findByRole('table', { name: 'ITSM connectors' }),
      ).getAllByRole('row')[1];
      await waitFor(() => expect(row).toHaveTextContent(/Running since/));
    });

    it('says why a sync was refused, and what to do when no connector is installed', async () => {
      const user = userEvent.setup({ delay: null });
      const refused = await aResponseError(
        403,
        'NotAllowedError',
        'You are not allowed to run the ITSM incident sync',
      );
      const api = mockSocialMediaApi({
        getDashboard: async () => aDashboard,
        getItsmStatus: async () => ({ items: before }),
        runItsmSync: async () => {
          throw refused;
        },
      });
      const { unmount } = renderPlugin('/social-media/dashboard', api);
      await user.click(await screen.findByRole('button', { name: 'Sync now' }));
      expect(
        await screen.findByText(
          'You are not allowed to run the ITSM incident sync',
        ),
      ).toBeInTheDocument();
      unmount();

      renderPlugin(
        '/social-media/dashboard',
        mockSocialMediaApi({
          getDashboard: async () => aDashboard,
          getItsmStatus: async () => ({ items: [] }),
        }),
      );
      expect(
        await screen.findByText(/No ITSM connector is installed/),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Sync now' }),
      ).not.toBeInTheDocument();
    });
  });
});
