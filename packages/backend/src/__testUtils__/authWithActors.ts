import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service of backend-test-utils 1.11 issues on-behalf-of tokens without the
 * calling plugin as actor, which backend-defaults 0.19 refuses on the apply-conditions endpoint
 * (a real backend sets it). This auth service sets the actor the way a real backend does, so
 * that the permission backend can evaluate conditional decisions through the plugin.
 */
export const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const original = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      if (auth.isPrincipal(options.onBehalfOf, 'user')) {
        return {
          token: mockCredentials.user.token(
            options.onBehalfOf.principal.userEntityRef,
            { actor: { subject: `plugin:${plugin.getId()}` } },
          ),
        };
      }
      return original(options);
    };
    return auth;
  },
});
