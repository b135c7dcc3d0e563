import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SocialMediaClient, socialMediaApiRef } from './api';
import {
  createServiceRouteRef,
  dashboardRouteRef,
  editRequestRouteRef,
  editServiceRouteRef,
  importRouteRef,
  newRequestRouteRef,
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
  serviceRouteRef,
} from './routes';

/**
 * The social media service catalogue plugin for the legacy frontend system.
 * For the new frontend system, use the default export of this package's
 * `/alpha` entry point.
 *
 * @public
 */
export const socialMediaPlugin = createPlugin({
  id: 'social-media',
  routes: {
    root: rootRouteRef,
    service: serviceRouteRef,
    editService: editServiceRouteRef,
    createService: createServiceRouteRef,
    import: importRouteRef,
    dashboard: dashboardRouteRef,
    requests: requestsRouteRef,
    newRequest: newRequestRouteRef,
    request: requestRouteRef,
    editRequest: editRequestRouteRef,
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
 * The "Social media" page (legacy frontend system): the catalogue, the
 * service pages, the create and edit forms and the import. Mount it on a
 * route, e.g. `<Route path="/social-media" element={<SocialMediaPage />} />`.
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

/**
 * Entity card (legacy frontend system) for the overview of catalog entities
 * that stand for social media services; show it only where
 * `isSocialMediaService(entity)` holds.
 *
 * @public
 */
export const EntitySocialMediaCard = socialMediaPlugin.provide(
  createComponentExtension({
    name: 'EntitySocialMediaCard',
    component: {
      lazy: () =>
        import('./components/EntitySocialMedia').then(
          m => m.EntitySocialMediaCard,
        ),
    },
  }),
);

/**
 * Entity content (legacy frontend system): a "Social media" tab with the
 * whole service page; show it only where `isSocialMediaService(entity)` holds.
 *
 * @public
 */
export const EntitySocialMediaContent = socialMediaPlugin.provide(
  createComponentExtension({
    name: 'EntitySocialMediaContent',
    component: {
      lazy: () =>
        import('./components/EntitySocialMedia').then(
          m => m.EntitySocialMediaContent,
        ),
    },
  }),
);

/**
 * Entity card (legacy frontend system): the entity's Tech Insights scorecard, the social media
 * guardianship checks beside the portal's other checks. For portals that run the Tech Insights
 * backend; show it where `isSocialMediaService(entity)` holds (or on any entity).
 *
 * @public
 */
export const EntityScorecardCard = socialMediaPlugin.provide(
  createComponentExtension({
    name: 'EntityScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityScorecard').then(m => m.EntityScorecardCard),
    },
  }),
);
