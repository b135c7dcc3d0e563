import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SocialMediaClient, socialMediaApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The social media service catalogue plugin for the legacy frontend system.
 * For the new frontend system, use the default export of
 * `@internal/plugin-social-media/alpha`.
 *
 * @public
 */
export const socialMediaPlugin = createPlugin({
  id: 'social-media',
  routes: {
    root: rootRouteRef,
  },
  apis: [
    createApiFactory({
      api: socialMediaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SocialMediaClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The "Social media" page (legacy frontend system): the state of the social
 * media service catalogue. Mount it on a route, e.g.
 * `<Route path="/social-media" element={<SocialMediaPage />} />`.
 *
 * @public
 */
export const SocialMediaPage = socialMediaPlugin.provide(
  createRoutableExtension({
    name: 'SocialMediaPage',
    component: () =>
      import('./components/SocialMediaPage').then(m => m.SocialMediaPage),
    mountPoint: rootRouteRef,
  }),
);
