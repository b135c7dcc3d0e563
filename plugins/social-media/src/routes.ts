import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the plugin's "Social media" page: the catalogue.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'social-media' });

/**
 * The page of one service: `/services/:id` under the catalogue.
 *
 * @public
 */
export const serviceRouteRef = createSubRouteRef({
  id: 'social-media/service',
  parent: rootRouteRef,
  path: '/services/:id',
});

/**
 * The form that edits one service: `/services/:id/edit` under the catalogue.
 *
 * @public
 */
export const editServiceRouteRef = createSubRouteRef({
  id: 'social-media/edit-service',
  parent: rootRouteRef,
  path: '/services/:id/edit',
});

/**
 * The form that catalogues a new service: `/new` under the catalogue.
 *
 * @public
 */
export const createServiceRouteRef = createSubRouteRef({
  id: 'social-media/create-service',
  parent: rootRouteRef,
  path: '/new',
});

/**
 * The bulk import page: `/import` under the catalogue.
 *
 * @public
 */
export const importRouteRef = createSubRouteRef({
  id: 'social-media/import',
  parent: rootRouteRef,
  path: '/import',
});

/**
 * The portfolio dashboard: `/dashboard` under the catalogue.
 *
 * @public
 */
export const dashboardRouteRef = createSubRouteRef({
  id: 'social-media/dashboard',
  parent: rootRouteRef,
  path: '/dashboard',
});
