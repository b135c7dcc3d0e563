import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aDashboard,
  aResponseError,
  aService,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

jest.setTimeout(20_000);

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

    const byStage = within(
      screen.getByRole('region', { name: 'Services by stage and risk' }),
    );
    expect(
      byStage.getByRole('img', { name: /Stacked bar chart of services/ }),
    ).toBeInTheDocument();
    const stageRows = within(
      byStage.getByRole('table', { name: 'Services by stage and risk' }),
    ).getAllByRole('row');
    expect(stageRows[0]).toHaveTextContent(
      'StageLowMediumHighCriticalNot rated',
    );
    expect(
      stageRows.find(row => row.textContent?.startsWith('Operation')),
    ).toHaveTextContent('Operation1011' + '0');

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

  it('runs leaver detection on demand, says what it found and reloads the figures', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      getDashboard: async () => aDashboard,
      runGuardianshipSweep: async () => ({
        servicesChecked: 7,
        leaversFlagged: 2,
        leaversCleared: 0,
        ratingsChanged: 1,
        at: '2026-11-25T09:00:00.000Z',
      }),
    });
    renderPlugin('/social-media/dashboard', api);
    await user.click(
      await screen.findByRole('button', { name: 'Run leaver detection' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Checked 7 services: 2 leaver(s) found, 0 cleared, 1 rating(s) changed.',
    );
    await waitFor(() => expect(api.getDashboard).toHaveBeenCalledTimes(2));
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
        'You are not allowed to make this change: You are not allowed to run leaver detection and risk recomputation',
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
          'You are not allowed to make this change: You are not allowed to run the ITSM incident sync',
        ),
      ).toBeInTheDocument();
      unmount();

      renderPlugin(
        '/social-media/dashboard',
        mockSocialMediaApi({ getDashboard: async () => aDashboard }),
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
