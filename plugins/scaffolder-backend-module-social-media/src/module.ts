import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createServiceRequestAction } from './actions/createServiceRequest';

/**
 * Adds the social media service catalogue's actions to the scaffolder:
 * `social-media:request:create`.
 *
 * @public
 */
export const scaffolderModuleSocialMedia = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'social-media',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        scaffolder.addActions(createServiceRequestAction({ auth, discovery }));
      },
    });
  },
});
