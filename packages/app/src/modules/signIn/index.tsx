import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page: the guest (the auth backend's guest provider,
 * `auth.providers.guest`) and, in the local portal only, one of the demo
 * organisation's people (the backend's `demoPeople` provider). Replace or
 * extend it when the portal gets its organisation's identity provider.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { PortalSignInPage } = await import('./PortalSignInPage');
      return PortalSignInPage;
    },
  },
});

/** Adds the portal's sign-in page to the app. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
