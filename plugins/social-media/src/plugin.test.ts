import { socialMediaPlugin, SocialMediaPage } from './plugin';
import { SocialMediaClient, socialMediaApiRef } from './api';
import { mockApis, MockFetchApi } from '@backstage/test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';

describe('socialMediaPlugin (legacy frontend system)', () => {
  it('is the social-media plugin with a routable page', () => {
    expect(socialMediaPlugin.getId()).toBe('social-media');
    expect(socialMediaPlugin.routes.root).toBeDefined();
    expect(SocialMediaPage).toBeDefined();
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
});
