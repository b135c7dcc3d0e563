import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import type { SocialMediaStatus } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import socialMediaPlugin from './alpha';
import { SocialMediaApi, socialMediaApiRef } from './api';

const status: SocialMediaStatus = {
  status: 'ready',
  database: { client: 'pg', latestMigration: '20261120000000_init.js' },
  services: {
    total: 2,
    byStage: {
      strategy: 0,
      design: 0,
      transition: 0,
      operation: 2,
      improvement: 0,
      retired: 0,
    },
  },
  connectors: [],
};

const api: SocialMediaApi = { getStatus: async () => status };

describe('social-media frontend plugin', () => {
  it('provides the page extension, rendering the catalogue overview', async () => {
    const page = socialMediaPlugin.getExtension('page:social-media');
    const tester = createExtensionTester(page);

    renderInTestApp(tester.reactElement(), {
      apis: [[socialMediaApiRef, api]],
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Social media service catalogue',
      }),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Operation')).toHaveTextContent('2');
  });

  it('mounts the page at /social-media with a sidebar item and a header', async () => {
    renderTestApp({
      features: [socialMediaPlugin],
      initialRouteEntries: ['/social-media'],
      apis: [[socialMediaApiRef, api]],
    });

    expect(await screen.findByLabelText('Database')).toHaveTextContent(
      'PostgreSQL',
    );
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'Social media' },
      ),
    ).toHaveAttribute('href', '/social-media');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Social media' }),
    ).toBeInTheDocument();
  });
});
