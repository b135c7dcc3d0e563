import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the plugin's "Social media" page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'social-media' });
