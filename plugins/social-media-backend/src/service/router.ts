import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SocialMediaStatus,
  socialServiceReadPermission,
} from '@internal/plugin-social-media-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { SocialMediaStore } from '../database/SocialMediaStore';

export interface RouterOptions {
  store: SocialMediaStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Ids of the installed ITSM connectors. */
  connectorIds: () => string[];
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, httpAuth, permissions, logger, connectorIds } = options;
  const router = Router();
  router.use(express.json());

  /** Throws NotAllowedError unless the caller may read the catalogue. */
  async function authorizeRead(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: socialServiceReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to read the social media service catalogue',
      );
    }
  }

  // Liveness: the process answers. Open to probes, reveals nothing.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: the plugin's migrated database answers. Open to probes, reveals nothing.
  router.get('/readiness', async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn(`Readiness check failed: ${error}`);
      res.status(503).json({
        status: 'unavailable',
        message: 'The social media catalogue database is not reachable',
      });
    }
  });

  router.get('/status', async (req, res) => {
    await authorizeRead(req);
    const status = await store.getStatus();
    const total = Object.values(status.servicesByStage).reduce(
      (sum, n) => sum + n,
      0,
    );
    const body: SocialMediaStatus = {
      status: 'ready',
      database: {
        client: status.client,
        latestMigration: status.latestMigration,
      },
      services: { total, byStage: status.servicesByStage },
      connectors: connectorIds(),
    };
    res.json(body);
  });

  router.get('/services', async (req, res) => {
    await authorizeRead(req);
    const items = await store.listServices();
    res.json({ items, totalCount: items.length });
  });

  return router;
}
