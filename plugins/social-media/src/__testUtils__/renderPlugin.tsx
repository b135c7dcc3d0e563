import { coreApis } from '@backstage/frontend-plugin-api';
import {
  renderInTestApp,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { SocialMediaApi } from '../api';
import { socialMediaApiRef } from '../api';
import { SocialMediaRouter } from '../components/SocialMediaPage';
import { rootRouteRef } from '../routes';

export const mountedRoutes = {
  '/social-media': rootRouteRef,
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

/**
 * Renders the plugin's pages as the app mounts them, at `/social-media`, with
 * the given API, starting at `url`.
 */
export function renderPlugin(
  url: string,
  api: SocialMediaApi,
): TestAppRenderResult & {
  currentUrl: () => string;
  currentParams: () => URLSearchParams;
} {
  const result = renderInTestApp(<SocialMediaRouter />, {
    mountPath: '/social-media',
    initialRouteEntries: [url],
    mountedRoutes,
    apis: [[socialMediaApiRef, api]],
  });
  const history = result.apis.get(coreApis.appHistory)!;
  return {
    ...result,
    /** The current URL's path and query, e.g. `/social-media?platform=x`. */
    currentUrl: () => {
      const { pathname, search } = history.getSnapshot().location;
      return `${pathname}${search}`;
    },
    /** The current URL's query parameters. */
    currentParams: () =>
      new URLSearchParams(history.getSnapshot().location.search),
  };
}
