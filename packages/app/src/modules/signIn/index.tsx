import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page: guest sign-in, backed by the auth backend's guest
 * provider (`auth.providers.guest` in app-config). Replace or extend the
 * providers here when the portal gets a real identity provider.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { SignInPage } = await import('@backstage/core-components');
      return props => (
        <SignInPage
          {...props}
          title="Select a sign-in method"
          providers={['guest']}
        />
      );
    },
  },
});

/** Adds the portal's sign-in page to the app. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});
