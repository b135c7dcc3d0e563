import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  MockFetchApi,
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SOCIAL_MEDIA_ANNOTATIONS } from '@internal/plugin-social-media-common';
import { screen } from '@testing-library/react';
import {
  aService,
  aServiceDetails,
  mockSocialMediaApi,
} from './__testUtils__/fixtures';
import { SocialMediaClient, socialMediaApiRef } from './api';
import {
  EntitySocialMediaCard,
  EntitySocialMediaContent,
  SocialMediaPage,
  isSocialMediaService,
  socialMediaPlugin,
} from './index';
import { rootRouteRef } from './routes';
import { SocialMediaPage as SocialMediaPageContent } from './components/SocialMediaPage';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'corporate-x',
    annotations: { [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: 'corporate-x' },
  },
  spec: { type: 'social-media', lifecycle: 'transition', owner: 'comms' },
};

const mountedRoutes = {
  '/social-media': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

describe('socialMediaPlugin (legacy frontend system)', () => {
  it('is the social-media plugin with its routes', () => {
    expect(socialMediaPlugin.getId()).toBe('social-media');
    expect(SocialMediaPage).toBeDefined();
    expect(Object.keys(socialMediaPlugin.routes)).toEqual([
      'root',
      'service',
      'editService',
      'createService',
      'import',
      'dashboard',
      'requests',
      'newRequest',
      'request',
      'editRequest',
    ]);
  });

  it('provides the api, built on discovery and fetch', () => {
    const [factory] = [...socialMediaPlugin.getApis()];
    expect(factory.api).toBe(socialMediaApiRef);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: new MockFetchApi(),
    });
    expect(client).toBeInstanceOf(SocialMediaClient);
  });

  it('renders the catalogue inside its own page header', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [aService()],
        totalCount: 1,
        limit: 25,
        offset: 0,
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [socialMediaApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <SocialMediaPageContent />
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(
      screen.getByRole('heading', { level: 1, name: 'Social media' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Corporate X account' }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
  });

  it('renders the entity card and content for a social media component', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
    });
    expect(isSocialMediaService(entity)).toBe(true);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [socialMediaApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntitySocialMediaCard />
          <EntitySocialMediaContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(await screen.findByText('Social media service')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', {
        name: 'Open in the social media catalogue',
      }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');
    expect(
      await screen.findByRole('region', { name: 'Lifecycle' }),
    ).toBeInTheDocument();
  });
});

describe('isSocialMediaService', () => {
  it('holds only for annotated social media components', () => {
    expect(isSocialMediaService(entity)).toBe(true);
    expect(isSocialMediaService({ ...entity, kind: 'component' })).toBe(true);
    expect(
      isSocialMediaService({
        ...entity,
        spec: { ...entity.spec, type: 'website' },
      }),
    ).toBe(false);
    expect(
      isSocialMediaService({ ...entity, metadata: { name: 'corporate-x' } }),
    ).toBe(false);
    expect(isSocialMediaService({ ...entity, kind: 'Resource' })).toBe(false);
  });
});
