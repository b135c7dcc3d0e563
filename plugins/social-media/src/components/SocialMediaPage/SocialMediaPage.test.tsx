import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  TestApiProvider,
  renderInTestApp as renderInLegacyTestApp,
} from '@backstage/test-utils';
import type { SocialMediaStatus } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SocialMediaApi, socialMediaApiRef } from '../../api';
import { NfsSocialMediaPage, SocialMediaPage } from './SocialMediaPage';

const status: SocialMediaStatus = {
  status: 'ready',
  database: {
    client: 'better-sqlite3',
    latestMigration: '20261120000000_init.js',
  },
  services: {
    total: 7,
    byStage: {
      strategy: 1,
      design: 2,
      transition: 0,
      operation: 3,
      improvement: 1,
      retired: 0,
    },
  },
  connectors: ['servicenow', 'acme-itsm'],
};

const emptyStatus: SocialMediaStatus = {
  status: 'ready',
  database: { client: 'pg', latestMigration: '20261120000000_init.js' },
  services: {
    total: 0,
    byStage: {
      strategy: 0,
      design: 0,
      transition: 0,
      operation: 0,
      improvement: 0,
      retired: 0,
    },
  },
  connectors: [],
};

async function responseError(statusCode: number, statusText: string) {
  const body = JSON.stringify({
    error: { name: 'NotAllowedError', message: 'Unauthorized' },
    request: { method: 'GET', url: '/api/social-media/status' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: statusCode,
    statusText,
    redirected: false,
    type: 'basic',
    url: 'http://localhost:7007/api/social-media/status',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  });
}

function mockApi(
  getStatus: SocialMediaApi['getStatus'],
): jest.Mocked<SocialMediaApi> {
  return { getStatus: jest.fn(getStatus) };
}

describe('NfsSocialMediaPage', () => {
  it('shows the state of the catalogue', async () => {
    const api = mockApi(async () => status);
    renderInTestApp(<NfsSocialMediaPage />, {
      apis: [[socialMediaApiRef, api]],
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Social media service catalogue',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/owner, a risk rating/)).toBeInTheDocument();

    expect(await screen.findByLabelText('Services in total')).toHaveTextContent(
      '7',
    );
    const stages = within(
      screen.getByRole('group', {
        name: 'Services per ITIL lifecycle stage',
      }),
    );
    expect(stages.getAllByRole('term').map(term => term.textContent)).toEqual([
      'Strategy',
      'Design',
      'Transition',
      'Operation',
      'Continual improvement',
      'Retired',
    ]);
    expect(screen.getByLabelText('Strategy')).toHaveTextContent('1');
    expect(screen.getByLabelText('Design')).toHaveTextContent('2');
    expect(screen.getByLabelText('Transition')).toHaveTextContent('0');
    expect(screen.getByLabelText('Operation')).toHaveTextContent('3');
    expect(screen.getByLabelText('Continual improvement')).toHaveTextContent(
      '1',
    );
    expect(screen.getByLabelText('Retired')).toHaveTextContent('0');

    expect(screen.getByRole('heading', { name: 'Store' })).toBeInTheDocument();
    expect(screen.getByLabelText('Database')).toHaveTextContent('SQLite');
    expect(screen.getByLabelText('Newest migration')).toHaveTextContent(
      '20261120000000_init.js',
    );

    const connectors = within(
      screen.getByRole('list', { name: 'Installed ITSM connectors' }),
    );
    expect(connectors.getByText('ServiceNow')).toBeInTheDocument();
    expect(connectors.getByText('acme-itsm')).toBeInTheDocument();
    expect(api.getStatus).toHaveBeenCalledTimes(1);
  });

  it('shows zeros for every stage of an empty catalogue on PostgreSQL', async () => {
    renderInTestApp(<NfsSocialMediaPage />, {
      apis: [[socialMediaApiRef, mockApi(async () => emptyStatus)]],
    });

    expect(await screen.findByLabelText('Services in total')).toHaveTextContent(
      '0',
    );
    for (const stage of [
      'Strategy',
      'Design',
      'Transition',
      'Operation',
      'Continual improvement',
      'Retired',
    ]) {
      expect(screen.getByLabelText(stage)).toHaveTextContent('0');
    }
    expect(screen.getByText(/The catalogue is empty/)).toBeInTheDocument();
    expect(screen.getByLabelText('Database')).toHaveTextContent('PostgreSQL');
    expect(
      screen.getByText('No ITSM connector installed yet'),
    ).toBeInTheDocument();
  });

  it('tells a user without the read permission why the catalogue is hidden', async () => {
    const error = await responseError(403, 'Forbidden');
    renderInTestApp(<NfsSocialMediaPage />, {
      apis: [[socialMediaApiRef, mockApi(() => Promise.reject(error))]],
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You do not have permission to read the social media service catalogue',
    );
    expect(alert).toHaveTextContent('social-media.service.read');
    expect(
      screen.queryByLabelText('Services in total'),
    ).not.toBeInTheDocument();
  });

  it('shows other failures and lets the user try again', async () => {
    const api = mockApi(() => Promise.reject(new Error('Network down')));
    renderInTestApp(<NfsSocialMediaPage />, {
      apis: [[socialMediaApiRef, api]],
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the social media service catalogue: Network down',
    );

    api.getStatus.mockResolvedValue(status);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Operation')).toHaveTextContent('3');
  });

  it('shows progress while loading', async () => {
    renderInTestApp(<NfsSocialMediaPage />, {
      apis: [[socialMediaApiRef, mockApi(() => new Promise(() => {}))]],
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});

describe('SocialMediaPage (legacy frontend system)', () => {
  it('renders the catalogue inside its own page header', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider
        apis={[[socialMediaApiRef, mockApi(async () => status)]]}
      >
        <SocialMediaPage />
      </TestApiProvider>,
    );

    expect(
      screen.getByRole('heading', { level: 1, name: 'Social media' }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Operation')).toHaveTextContent('3');
  });
});
