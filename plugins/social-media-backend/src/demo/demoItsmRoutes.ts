import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DemoItsmIncident,
  socialServiceReadPermission,
} from '@internal/plugin-social-media-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { hideInternalErrors } from '../service/databaseErrors';
import { ServiceStore } from '../stores/services/ServiceStore';
import {
  DEMO_ITSM_ID,
  DEMO_ITSM_PATH,
  DemoIncidentVersion,
  DemoItsmConnector,
  ReportedDemoIncident,
} from './DemoItsmConnector';

/** What the demo ITSM shows of an incident reported from the portal: it works on none. */
const REPORTED_STATE = 'New';
const REPORTED_PRIORITY = 'P3 - Moderate';

/**
 * The demo ITSM's incidents for the portal's demo ITSM pages, where the demo's incident links
 * lead: `GET /demo-itsm/incidents` (newest first) and `GET /demo-itsm/incidents/{number}`, each
 * incident as it stands with its work notes. Installed only while the demo ITSM is; like the rest
 * of the API they need a signed-in person allowed to read the catalogue
 * (`social-media.service.read`): 401 without sign-in, 403 without the permission, then 404 for a
 * number the demo ITSM does not know.
 */
export function createDemoItsmRouter(options: {
  connector: DemoItsmConnector;
  services: ServiceStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): express.Router {
  const { connector, services, httpAuth, permissions, logger } = options;
  const router = Router();

  /** A signed-in person allowed to read the catalogue; 401 or 403 otherwise. */
  async function authorize(req: Request): Promise<void> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
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

  /** Every incident the demo ITSM shows now, newest first, with the catalogue's services. */
  async function incidents(): Promise<DemoItsmIncident[]> {
    const { demo, reported } = await connector.incidentsNow();
    const mappings = await services.listItsmMappings(DEMO_ITSM_ID);
    const byReference = new Map(
      mappings.map(m => [m.itsmReference.trim().toLowerCase(), m]),
    );
    const byId = new Map(mappings.map(m => [m.serviceId, m]));
    const fromDemo = (v: DemoIncidentVersion): DemoItsmIncident => {
      const serviceId = byReference.get(
        v.incident.service.trim().toLowerCase(),
      )?.serviceId;
      return {
        number: v.incident.number,
        title: v.incident.title,
        service: v.incident.service,
        ...(serviceId ? { serviceId } : {}),
        state: v.state,
        priority: v.priority,
        category: v.incident.category,
        openedAt: v.openedAt.toISOString(),
        ...(v.resolvedAt ? { resolvedAt: v.resolvedAt.toISOString() } : {}),
        updatedAt: v.at.toISOString(),
        reportedFromPortal: false,
        description: v.incident.description,
        workNotes: v.notes.map(n => ({
          at: n.at.toISOString(),
          state: n.state,
          note: n.note,
        })),
      };
    };
    const fromPortal = (r: ReportedDemoIncident): DemoItsmIncident => {
      const mapped = byId.get(r.serviceId);
      return {
        number: r.number,
        title: r.title,
        service: mapped?.itsmReference ?? r.serviceId,
        ...(mapped ? { serviceId: r.serviceId } : {}),
        state: REPORTED_STATE,
        priority: REPORTED_PRIORITY,
        ...(r.category ? { category: r.category } : {}),
        openedAt: r.openedAt,
        updatedAt: r.openedAt,
        reportedFromPortal: true,
        ...(r.description ? { description: r.description } : {}),
        workNotes: [],
      };
    };
    return [...demo.map(fromDemo), ...reported.map(fromPortal)].sort(
      (a, b) =>
        b.openedAt.localeCompare(a.openedAt) ||
        b.number.localeCompare(a.number),
    );
  }

  router.get(`${DEMO_ITSM_PATH}/incidents`, async (req, res) => {
    await authorize(req);
    res.json({ items: await incidents() });
  });

  router.get(`${DEMO_ITSM_PATH}/incidents/:number`, async (req, res) => {
    await authorize(req);
    const number = String(req.params.number);
    const found = (await incidents()).find(i => i.number === number);
    if (!found) {
      throw new NotFoundError(
        `The demo ITSM knows no incident ${number}; its incidents are numbered like DEMO-1001`,
      );
    }
    res.json(found);
  });

  router.use(hideInternalErrors(logger));
  return router;
}
