import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { socialMediaPermissions } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import { DatabaseSocialMediaStore } from './database/DatabaseSocialMediaStore';
import { createRouter } from './service/router';

/**
 * The social media service catalogue backend plugin.
 *
 * @public
 */
export const socialMediaPlugin = createBackendPlugin({
  pluginId: 'social-media',
  register(env) {
    const connectors = new Map<string, ItsmConnector>();
    env.registerExtensionPoint(socialMediaItsmConnectorsExtensionPoint, {
      addConnector(...added) {
        for (const connector of added.flat()) {
          if (connectors.has(connector.id)) {
            throw new Error(
              `An ITSM connector with id '${connector.id}' is already installed`,
            );
          }
          connectors.set(connector.id, connector);
        }
      },
    });

    env.registerInit({
      deps: {
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(socialMediaPermissions);
        const store = await DatabaseSocialMediaStore.create({ database });
        httpRouter.use(
          await createRouter({
            store,
            httpAuth,
            permissions,
            logger,
            connectorIds: () => [...connectors.keys()].sort(),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/readiness',
          allow: 'unauthenticated',
        });
        if (connectors.size > 0) {
          logger.info(
            `ITSM connectors installed: ${[...connectors.keys()].join(', ')}`,
          );
        }
      },
    });
  },
});
