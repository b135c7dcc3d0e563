import { coreApis } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  type TestAppRenderResult,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { SWRConfig } from 'swr';
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
 * the given API, starting at `url`. The permission policy allows everything
 * unless `denied` names permissions it refuses. The person signed in is
 * `user:default/test` unless `identity` names someone else (and their
 * groups).
 */
export function renderPlugin(
  url: string,
  api: SocialMediaApi,
  options: {
    denied?: string[];
    identity?: { userEntityRef: string; ownershipEntityRefs?: string[] };
  } = {},
): TestAppRenderResult & {
  currentUrl: () => string;
  currentParams: () => URLSearchParams;
} {
  // A permission decision of one test must not linger in the next:
  // usePermission caches decisions with SWR.
  const result = renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <SocialMediaRouter />
    </SWRConfig>,
    {
      mountPath: '/social-media',
      initialRouteEntries: [url],
      mountedRoutes,
      apis: [
        [socialMediaApiRef, api],
        mockApis.identity({
          userEntityRef: options.identity?.userEntityRef,
          ownershipEntityRefs: options.identity
            ? options.identity.ownershipEntityRefs ?? [
                options.identity.userEntityRef,
              ]
            : undefined,
        }),
        mockApis.permission({
          authorize: request =>
            options.denied?.includes(request.permission.name)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        }),
      ],
    },
  );
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
