import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { socialMediaPermissions } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
  socialServicePermissionRules,
  socialServiceResourceRef,
} from '@internal/plugin-social-media-node';
import { DatabaseSocialMediaStore } from './database/DatabaseSocialMediaStore';
import { seedDemoData } from './demo/seedDemoData';
import { CatalogEntityDirectory } from './service/EntityDirectory';
import { createRouter } from './service/router';
import { SocialServiceCatalogue } from './service/SocialServiceCatalogue';

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
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        auditor,
        auth,
        catalog,
        config,
        database,
        events,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
      }) {
        const store = await DatabaseSocialMediaStore.create({ database });

        permissionsRegistry.addPermissions(socialMediaPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: socialServiceResourceRef,
          permissions: socialMediaPermissions,
          rules: Object.values(socialServicePermissionRules),
          getResources: async ids => {
            const found = await store.getServicesByIds(ids);
            const byId = new Map(found.map(s => [s.id, s]));
            return ids.map(id => byId.get(id));
          },
        });

        if (config.getOptionalBoolean('socialMedia.demoData.enabled')) {
          await seedDemoData({ store, logger });
        }

        const catalogue = new SocialServiceCatalogue({
          store,
          directory: new CatalogEntityDirectory(catalog, auth),
          events,
          logger,
        });
        httpRouter.use(
          await createRouter({
            store,
            catalogue,
            httpAuth,
            permissions,
            auditor,
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
