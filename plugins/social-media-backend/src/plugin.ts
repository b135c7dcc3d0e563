import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { socialMediaPermissions } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  socialMediaItsmConnectorsExtensionPoint,
  socialServicePermissionRules,
  socialServiceResourceRef,
} from '@internal/plugin-social-media-node';
import { registerSocialMediaActions } from './actions';
import { composeSocialMedia } from './compose';
import { auditTrailMemory, DemoItsmConnector } from './demo/DemoItsmConnector';
import { createDemoItsmRouter } from './demo/demoItsmRoutes';
import { seedDemoData } from './demo/seedDemoData';
import { systemClock } from './domain/clock';
import { checkConnectorDescription } from './domain/itsmConnectors';
import {
  ApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
} from './domain/serviceRequests';
import { BackstageRequestNotifier } from './service/BackstageRequestNotifier';
import { CatalogEntityDirectory } from './service/EntityDirectory';
import { readGuardianshipConfig } from './service/guardianshipConfig';
import { createRouter } from './service/router';

/** Who the audit trail names for the scheduled guardianship sweep. */
const SWEEP_ACTOR = 'plugin:social-media/guardianship-sweep';

/**
 * Hourly, starting a few minutes after start-up so that the catalog has read the organisation
 * before leavers are looked for.
 */
const DEFAULT_SWEEP_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 3 },
};

/** Every 15 minutes; a checkpoint is written only when the audit trail moved. */
const DEFAULT_CHECKPOINT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 5 },
};

/** Every five minutes; a run resumes where the last one stopped. */
const DEFAULT_SYNC_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 30 },
};

/** `socialMedia.itsm.fullSyncIntervalHours`, checked: a wrong value stops the backend. */
/** Who approves service requests (`socialMedia.requests.approvers`), with the defaults. */
function readApprovalPolicy(config: Config): ApprovalPolicy {
  const approvers = config.getOptionalConfig('socialMedia.requests.approvers');
  return {
    serviceManagement:
      approvers?.getOptionalStringArray('serviceManagement') ??
      DEFAULT_APPROVAL_POLICY.serviceManagement,
    securityOffice:
      approvers?.getOptionalStringArray('securityOffice') ??
      DEFAULT_APPROVAL_POLICY.securityOffice,
  };
}

function readFullSyncInterval(config: Config): number | undefined {
  const hours = config.getOptionalNumber(
    'socialMedia.itsm.fullSyncIntervalHours',
  );
  if (hours === undefined) return undefined;
  if (!Number.isFinite(hours) || hours < 1 || hours > 24 * 90) {
    throw new Error(
      `socialMedia.itsm.fullSyncIntervalHours must be between 1 and 2160 hours, got ${hours}`,
    );
  }
  return hours * 60 * 60 * 1000;
}

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
          checkConnectorDescription(connector);
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
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        actionsRegistry: actionsRegistryServiceRef,
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
        lifecycle,
        logger,
        notifications,
        permissions,
        permissionsRegistry,
        scheduler,
        userInfo,
        actionsRegistry,
      }) {
        const { riskModel, policy } = readGuardianshipConfig(config);
        const clock = systemClock;
        const socialMedia = await composeSocialMedia({
          database,
          clock,
          riskModel,
          policy,
          directory: new CatalogEntityDirectory(catalog, auth),
          events,
          logger,
          connectors: () => [...connectors.values()],
          fullSyncIntervalMs: readFullSyncInterval(config),
          auditCheckpointKey: config.getOptionalString(
            'socialMedia.audit.checkpoint.key',
          ),
          approvals: readApprovalPolicy(config),
          // Without the notifications backend installed, a notice fails and is logged; the
          // steps themselves work as before.
          notifier: new BackstageRequestNotifier({ notifications, logger }),
        });
        const { stores, guardianship, itsmSync, announcer } = socialMedia;

        // The demo's own ITSM, only with the demo data (socialMedia.demoData, local use): a
        // connector like the others, so that its incidents reach the demo services through the
        // sync, their open counts and their ratings. Production configuration has none of it.
        // Its incident links lead to the portal's demo ITSM pages, behind the portal's sign-in.
        const demoData =
          config.getOptionalBoolean('socialMedia.demoData.enabled') ?? false;
        const demoItsmOn =
          demoData &&
          (config.getOptionalBoolean('socialMedia.demoData.itsm') ?? true);
        const appBaseUrl = demoItsmOn
          ? config.getString('app.baseUrl')
          : undefined;
        const demoItsm = appBaseUrl
          ? new DemoItsmConnector({
              clock,
              memory: auditTrailMemory(stores.auditLog, stores.incidents),
              appBaseUrl,
            })
          : undefined;
        if (demoItsm) {
          if (connectors.has(demoItsm.id)) {
            throw new Error(
              `An ITSM connector with id '${demoItsm.id}' is already installed; the demo ITSM needs that id`,
            );
          }
          connectors.set(demoItsm.id, demoItsm);
        }
        // Changes committed just before a shutdown still reach the catalog.
        lifecycle.addShutdownHook(() => announcer.settled());
        lifecycle.addShutdownHook(() => socialMedia.close());

        permissionsRegistry.addPermissions(socialMediaPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: socialServiceResourceRef,
          permissions: socialMediaPermissions,
          rules: Object.values(socialServicePermissionRules),
          getResources: ids => socialMedia.permissionResources.list(ids),
        });

        if (demoData) {
          await seedDemoData({
            connectors: [...connectors.values()],
            demoItsm: appBaseUrl ? { appBaseUrl } : undefined,
            database,
            riskModel,
            policy,
            logger,
            now: clock.now(),
            announce: services =>
              announcer.announce({
                created: services,
                updated: [],
                deleted: [],
              }),
          });
        }
        if (demoItsm) {
          // At once rather than after the schedule's first delay, so that the portal opens with
          // the demo's incidents as they stand today.
          await itsmSync.run(demoItsm).catch(() => undefined);
          logger.info(
            `The demo ITSM (socialMedia.demoData) is installed: the demo services' incidents, readable at ${demoItsm.incidentsUrl()}; not an ITSM tool`,
          );
        }

        // Leaver detection and risk recomputation (reviews fall due with time), once per
        // interval across all backend instances.
        const sweepSchedule: SchedulerServiceTaskScheduleDefinition =
          config.has('socialMedia.guardianship.schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('socialMedia.guardianship.schedule'),
              )
            : DEFAULT_SWEEP_SCHEDULE;
        await scheduler.scheduleTask({
          id: 'social-media-guardianship-sweep',
          ...sweepSchedule,
          fn: async () => {
            await guardianship.sweep(SWEEP_ACTOR);
          },
        });

        // Keyed checkpoints of the audit trail's end: one right away when there is none (so that
        // from now on verification can tell their deletion), then on the schedule.
        const { auditCheckpoints } = socialMedia;
        if (auditCheckpoints.configured) {
          await auditCheckpoints
            .checkpoint()
            .catch((error: Error) =>
              logger.warn(
                `Could not checkpoint the audit trail: ${error.message}`,
              ),
            );
          await scheduler.scheduleTask({
            id: 'social-media-audit-checkpoint',
            ...(config.has('socialMedia.audit.checkpoint.schedule')
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  config.getConfig('socialMedia.audit.checkpoint.schedule'),
                )
              : DEFAULT_CHECKPOINT_SCHEDULE),
            // Once per interval across all backend instances.
            scope: 'global',
            fn: async () => {
              await auditCheckpoints.checkpoint();
            },
          });
        } else {
          logger.info(
            'Audit trail checkpoints are not configured (socialMedia.audit.checkpoint.key): verification checks the hash chain only',
          );
        }

        // Each connector syncs once per interval across all backend instances.
        const syncSchedule: SchedulerServiceTaskScheduleDefinition = config.has(
          'socialMedia.itsm.schedule',
        )
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('socialMedia.itsm.schedule'),
            )
          : DEFAULT_SYNC_SCHEDULE;
        for (const connector of connectors.values()) {
          await scheduler.scheduleTask({
            id: `social-media-itsm-sync-${connector.id}`,
            ...syncSchedule,
            // Never once per instance, whatever the config says: runs would overlap.
            scope: 'global',
            fn: async signal => {
              await itsmSync.run(connector, signal).catch(() => undefined);
            },
          });
        }

        if (demoItsm) {
          // What the portal's demo ITSM pages show, for signed-in people who may read the
          // catalogue; without the demo ITSM these routes do not exist (404).
          httpRouter.use(
            createDemoItsmRouter({
              connector: demoItsm,
              services: stores.services,
              httpAuth,
              permissions,
              logger,
            }),
          );
        }
        httpRouter.use(
          await createRouter({
            ...socialMedia,
            httpAuth,
            permissions,
            auditor,
            logger,
            userInfo,
            connectorIds: () => [...connectors.keys()].sort(),
          }),
        );
        // The same use cases as actions, for assistants (served over MCP by the MCP actions
        // backend) and other callers of Backstage's actions service.
        registerSocialMediaActions({
          actionsRegistry,
          socialMedia,
          permissions,
          userInfo,
          auditor,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });
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
