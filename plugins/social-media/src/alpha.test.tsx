import type { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { SOCIAL_MEDIA_ANNOTATIONS } from '@internal/plugin-social-media-common';
import { fetchApiRef } from '@backstage/frontend-plugin-api';
import { screen, within } from '@testing-library/react';
import {
  aService,
  aServiceDetails,
  mockSocialMediaApi,
} from './__testUtils__/fixtures';
import { mountedRoutes } from './__testUtils__/renderPlugin';
import socialMediaPlugin from './alpha';
import { socialMediaApiRef } from './api';

const socialMediaEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'corporate-x',
    annotations: { [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: 'corporate-x' },
  },
  spec: {
    type: 'social-media',
    lifecycle: 'transition',
    owner: 'group:default/corporate-communications',
  },
};

const websiteEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website' },
  spec: { type: 'website', lifecycle: 'production', owner: 'web' },
};

function api() {
  return mockSocialMediaApi({
    listServices: async () => ({
      items: [aService()],
      totalCount: 1,
      limit: 25,
      offset: 0,
    }),
    getService: async () => aServiceDetails(),
  });
}

describe('social-media frontend plugin', () => {
  it('provides the page extension, rendering the catalogue', async () => {
    const page = socialMediaPlugin.getExtension('page:social-media');
    const tester = createExtensionTester(page);

    renderInTestApp(tester.reactElement(), {
      mountPath: '/social-media',
      initialRouteEntries: ['/social-media'],
      mountedRoutes,
      apis: [[socialMediaApiRef, api()]],
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Social media service catalogue',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Corporate X account' }),
    ).toBeInTheDocument();
  });

  it('mounts the catalogue at /social-media with a sidebar item and a header', async () => {
    renderTestApp({
      features: [socialMediaPlugin],
      initialRouteEntries: ['/social-media?lifecycleStage=transition'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          mountedRoutes['/catalog/:namespace/:kind/:name'],
      },
      apis: [[socialMediaApiRef, api()]],
    });

    expect(
      await screen.findByRole('link', { name: 'Corporate X account' }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'Social media' },
      ),
    ).toHaveAttribute('href', '/social-media');
    expect(
      screen.getByRole('heading', { level: 1, name: 'Social media' }),
    ).toBeInTheDocument();
    // The status is asked for once the list is on the page.
    expect(await screen.findByLabelText('Database')).toHaveTextContent(
      'SQLite',
    );
  });

  it('mounts the service page below the catalogue', async () => {
    renderTestApp({
      features: [socialMediaPlugin],
      initialRouteEntries: ['/social-media/services/corporate-x'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          mountedRoutes['/catalog/:namespace/:kind/:name'],
      },
      apis: [[socialMediaApiRef, api()]],
    });
    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: 'Corporate X account',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Social media catalogue' }),
    ).toHaveAttribute('href', '/social-media');
  });

  describe('entity card', () => {
    const card = socialMediaPlugin.getExtension(
      'entity-card:social-media/social-media',
    );

    it('shows on social media components', async () => {
      renderTestApp({
        extensions: [createTestEntityPage({ entity: socialMediaEntity }), card],
        mountedRoutes,
        apis: [[socialMediaApiRef, api()]],
      });
      expect(
        await screen.findByText('Social media service'),
      ).toBeInTheDocument();
      expect(await screen.findByLabelText('Handle')).toHaveTextContent('@acme');
    });

    it('stays away from other entities', async () => {
      renderTestApp({
        extensions: [createTestEntityPage({ entity: websiteEntity }), card],
        mountedRoutes,
        apis: [[socialMediaApiRef, api()]],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
    });
  });

  describe('entity content', () => {
    const content = socialMediaPlugin.getExtension(
      'entity-content:social-media/social-media',
    );

    it('shows the service page body on social media components', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: socialMediaEntity }),
          content,
        ],
        mountedRoutes,
        apis: [[socialMediaApiRef, api()]],
      });
      expect(
        await screen.findByRole('region', { name: 'Lifecycle' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Move to Design' }),
      ).toBeEnabled();
    });

    it('stays away from other entities', async () => {
      renderTestApp({
        extensions: [createTestEntityPage({ entity: websiteEntity }), content],
        mountedRoutes,
        apis: [[socialMediaApiRef, api()]],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
    });
  });

  describe('scorecard card', () => {
    const scorecard = socialMediaPlugin.getExtension(
      'entity-card:social-media/scorecard',
    );
    const techInsights = {
      fetch: async () =>
        new Response(
          JSON.stringify([
            {
              result: true,
              check: { id: 'mfa', name: 'MFA on', description: 'MFA.' },
            },
          ]),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
    };

    it('is off until the portal enables it (it needs Tech Insights)', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: socialMediaEntity }),
          scorecard,
        ],
        mountedRoutes,
        apis: [[fetchApiRef, techInsights]],
      });
      expect(
        await screen.findByTestId('empty-entity-page'),
      ).toBeInTheDocument();
    });

    it('shows the checks on social media components once enabled', async () => {
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: socialMediaEntity }),
          scorecard,
        ],
        config: {
          app: { extensions: ['entity-card:social-media/scorecard'] },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        mountedRoutes,
        apis: [[fetchApiRef, techInsights]],
      });
      const card = await screen.findByRole('region', { name: 'Scorecard' });
      expect(
        await within(card).findByText('1 of 1 checks passed'),
      ).toBeVisible();
    });
  });
});
