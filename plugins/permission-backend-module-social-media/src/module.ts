import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SocialMediaPermissionPolicy } from './policy';

/**
 * Installs {@link SocialMediaPermissionPolicy} as the permission backend's policy, with the
 * roles of `socialMedia.permissions`. It is the portal's whole policy: other plugins'
 * permissions are allowed. A portal can have one policy module only; one with a policy of its own
 * calls `createSocialMediaPolicy` from it instead of installing this module.
 *
 * @public
 */
export const permissionModuleSocialMediaPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'social-media-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(SocialMediaPermissionPolicy.fromConfig(config));
      },
    });
  },
});
