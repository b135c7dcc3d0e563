import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  guardianshipSweepPermission,
  ImportRequest,
  importRequestSchema,
  itsmSyncPermission,
  socialServiceIncidentReportPermission,
  SocialMediaStatus,
  socialMediaStatusReadPermission,
  socialServiceReviewPermission,
  socialServiceSignOffPermission,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  serviceRequestReadAllPermission,
  socialServiceCreatePermission,
  socialServiceDeletePermission,
  socialServiceReadPermission,
  socialServiceTransferPermission,
  socialServiceTransitionPermission,
  socialServiceUpdatePermission,
  normalizeEntityRef,
} from '@internal/plugin-social-media-common';
import express, { Request } from 'express';
import { SocialMedia } from '../compose';
import { InvalidInputError } from '../domain/InvalidInputError';
import {
  parseAccessReviewQuery,
  parseListQuery,
  parseOffsetPage,
  parsePageQuery,
  parseTrendDays,
} from '../domain/listQuery';
import { spec } from '../schema/openapi.generated';
import {
  describeFilter,
  parseAuditLogFilter,
  parseAuditLogPage,
} from '../domain/auditLogQuery';
import { hideInternalErrors } from './databaseErrors';
import { parseCmdbExportRequest } from './CmdbExport';
import { createValidatedRouter } from './openApiRouter';
import { parseInput } from './parseInput';
import { DENIED } from './refusals';

export interface RouterOptions extends SocialMedia {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Ids of the installed ITSM connectors. */
  connectorIds: () => string[];
}

/** Who made a change, for the audit trail: the user, or the calling service. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    stores,
    catalogue,
    guardianship,
    httpAuth,
    permissions,
    auditor,
    logger,
    connectorIds,
    itsmSync,
    incidentReporter,
    signOffs,
    serviceRequests,
    serviceHandovers,
    evidence,
    ownership,
    auditExports,
    userInfo,
    databaseStorage,
    guardianshipFacts,
    permissionResources,
  } = options;
  // Requests are validated against the OpenAPI spec before they reach a handler; the handlers
  // use the domain types, which are richer than the spec's generated ones. Inventories for bulk
  // import run to several megabytes (the spec allows 5 MB of content).
  const router = createValidatedRouter(spec, { jsonLimit: '8mb' });

  /**
   * Who owns the service, read before the permission check: an unknown service is a 404 before
   * it can be a 403, and conditional permission rules need no more than this.
   */
  const existing = (id: string) =>
    stores.services.requirePermissionResource(id);

  /** Checks the caller's credentials and permission; throws 401/403 otherwise. */
  async function authorize(
    req: Request,
    permission: BasicPermission | ResourcePermission<'social-media-service'>,
    resourceRef?: string,
  ): Promise<BackstageCredentials> {
    // Backstage's permissions service allows a service principal every permission without
    // asking the policy. Services (the catalog module) read the catalogue; everything else is
    // for people, whom the portal's policy decides for.
    const credentials = await httpAuth.credentials(req, {
      allow:
        permission.name === socialServiceReadPermission.name
          ? ['user', 'service']
          : ['user'],
    });
    const [decision] = await permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(DENIED[permission.name]);
    }
    return credentials;
  }

  /** Runs a change as an auditor event: success, or failure with the error, which is rethrown. */
  async function audited<T>(
    req: Request,
    queryType: string,
    meta: Record<string, unknown>,
    change: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId: 'service-mutate',
      severityLevel: queryType === 'delete' ? 'high' : 'medium',
      request: req,
      meta: { queryType, ...meta },
    });
    try {
      const result = await change();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  // Liveness: the process answers. Open to probes, reveals nothing.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness: the plugin's migrated database answers. Open to probes, reveals nothing.
  router.get('/readiness', async (_req, res) => {
    try {
      await stores.services.ping();
      res.json({ status: 'ready' });
    } catch (error) {
      logger.warn(`Readiness check failed: ${error}`);
      res.status(503).json({
        status: 'unavailable',
        message: 'The social media catalogue database is not reachable',
      });
    }
  });

  // How the catalogue runs (database, migrations, connectors) is for administrators.
  router.get('/status', async (req, res) => {
    await authorize(req, socialMediaStatusReadPermission);
    const [status, storage] = await Promise.all([
      stores.services.getStatus(),
      databaseStorage(),
    ]);
    const total = Object.values(status.servicesByStage).reduce(
      (sum, n) => sum + n,
      0,
    );
    const body: SocialMediaStatus = {
      status: 'ready',
      database: {
        client: status.client,
        latestMigration: status.latestMigration,
        inMemory: storage.kind === 'memory',
        storage,
      },
      services: { total, byStage: status.servicesByStage },
      connectors: connectorIds(),
    };
    res.json(body);
  });

  router.get('/services', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const query = parseListQuery(
      req.query as Record<string, string | string[]>,
    );
    res.json(await catalogue.listServices(query));
  });

  router.post('/services', async (req, res) => {
    const credentials = await authorize(req, socialServiceCreatePermission);
    const created = await audited(req, 'create', {}, () =>
      catalogue.create(req.body, actorOf(credentials)),
    );
    res.status(201).json(created);
  });

  router.get('/services/:id', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json(await catalogue.getService(req.params.id));
  });

  router.put('/services/:id', async (req, res) => {
    const { id } = req.params;
    // The owner group the catalogue recorded: handing the service to another group takes the
    // transfer permission, also when the stored one was changed in the database.
    const current = await permissionResources.require(id);
    const credentials = await authorize(req, socialServiceUpdatePermission, id);
    const newOwner =
      typeof req.body?.ownerGroup === 'string'
        ? normalizeEntityRef(req.body.ownerGroup, 'group')
        : undefined;
    if (newOwner && newOwner !== current.ownerGroup.toLowerCase()) {
      await authorize(req, socialServiceTransferPermission);
    }
    const updated = await audited(req, 'update', { serviceId: id }, () =>
      catalogue.update(id, req.body, actorOf(credentials)),
    );
    res.json(updated);
  });

  router.delete('/services/:id', async (req, res) => {
    const { id } = req.params;
    const version = Number(req.query.version);
    if (!Number.isInteger(version) || version < 1) {
      throw InvalidInputError.of('query', [
        {
          field: 'version',
          message: 'must be the version of the service you saw',
        },
      ]);
    }
    await existing(id);
    const credentials = await authorize(req, socialServiceDeletePermission, id);
    await audited(req, 'delete', { serviceId: id }, () =>
      catalogue.delete(id, version, actorOf(credentials)),
    );
    res.status(204).end();
  });

  router.post('/services/:id/transitions', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const credentials = await authorize(
      req,
      socialServiceTransitionPermission,
      id,
    );
    const moved = await audited(
      req,
      'transition',
      { serviceId: id, to: req.body?.to },
      () => catalogue.transition(id, req.body, actorOf(credentials)),
    );
    res.json(moved);
  });

  router.put('/services/:id/admins', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const credentials = await authorize(req, socialServiceUpdatePermission, id);
    const updated = await audited(req, 'update-admins', { serviceId: id }, () =>
      catalogue.updateAdmins(id, req.body, actorOf(credentials)),
    );
    res.json(updated);
  });

  router.get('/services/:id/history', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const items = await stores.audit.getServiceHistory(req.params.id);
    // The trail outlives a deleted service; only an id it never saw is unknown.
    if (items.length === 0) await existing(req.params.id);
    res.json({ items });
  });

  // Everything an auditor needs about one service over a period, in one document.
  router.get('/services/:id/evidence', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    const { id } = await existing(req.params.id);
    const period = evidence.period(req.query as Record<string, unknown>);
    const event = await auditor.createEvent({
      eventId: 'service-evidence',
      severityLevel: 'medium',
      request: req,
      meta: { serviceId: id, ...period },
    });
    const document = await evidence.collect(id, period, actorOf(credentials));
    await event.success();
    res.json(document);
  });

  // Who owned a service at a moment, and its whole ownership timeline; a deleted service is
  // still answered for, from the timeline that outlives it.
  router.get('/services/:id/ownership', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json(
      await ownership.forService(
        req.params.id,
        req.query as Record<string, unknown>,
      ),
    );
  });

  // Every service a group or a person owned over a period, transferred or deleted ones too.
  router.get('/ownership', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json(await ownership.report(req.query as Record<string, unknown>));
  });

  router.get('/services/:id/risk-history', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const { id } = await existing(req.params.id);
    res.json({ items: await stores.guardianship.getRiskHistory(id) });
  });

  router.get('/services/:id/access-reviews', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const { id } = await existing(req.params.id);
    res.json({ items: await stores.guardianship.getAccessReviews(id) });
  });

  router.post('/services/:id/access-reviews', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const credentials = await authorize(req, socialServiceReviewPermission, id);
    const result = await audited(req, 'access-review', { serviceId: id }, () =>
      guardianship.submitAccessReview(id, req.body, actorOf(credentials)),
    );
    res.status(201).json(result);
  });

  router.post('/services/:id/sign-offs', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const credentials = await authorize(
      req,
      socialServiceSignOffPermission,
      id,
    );
    const service = await audited(req, 'risk-sign-off', { serviceId: id }, () =>
      signOffs.signOff(id, req.body, actorOf(credentials)),
    );
    res.status(201).json(service);
  });

  /** The caller as a request sees them: their User ref and the groups they belong to. */
  async function requestActor(credentials: BackstageCredentials) {
    const userRef = actorOf(credentials);
    const { type } = credentials.principal as { type: string };
    if (type !== 'user') return { userRef, claims: [] as string[] };
    const info = await userInfo.getUserInfo(credentials);
    return { userRef, claims: info.ownershipEntityRefs };
  }

  /** Whether the caller reads every request, asked without failing. */
  async function readsAllRequests(credentials: BackstageCredentials) {
    // A service would be allowed without the policy being asked (see authorize).
    if ((credentials.principal as { type: string }).type !== 'user') {
      return false;
    }
    const [decision] = await permissions.authorize(
      [{ permission: serviceRequestReadAllPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  const requestId = (value: string) => {
    const id = Number(value);
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new InvalidInputError(`${value} is not a request number`, [
        { field: 'id', message: 'A request number is a whole number from 1' },
      ]);
    }
    return id;
  };

  router.post('/requests/preview', async (req, res) => {
    await authorize(req, serviceRequestCreatePermission);
    res.json(serviceRequests.preview(req.body));
  });

  router.post('/requests', async (req, res) => {
    const credentials = await authorize(req, serviceRequestCreatePermission);
    const { submit, ...body } = (req.body ?? {}) as Record<string, unknown>;
    const request = await audited(req, 'service-request', {}, async () =>
      serviceRequests.create(body, await requestActor(credentials), {
        submit: submit === true,
      }),
    );
    res.status(201).json(request);
  });

  router.get('/requests', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    const scope = (req.query.scope as string | undefined) ?? 'mine';
    if (scope !== 'mine' && scope !== 'inbox' && scope !== 'all') {
      throw new InvalidInputError('scope must be mine, inbox or all', [
        { field: 'scope', message: 'scope must be mine, inbox or all' },
      ]);
    }
    const { limit, offset } = parseOffsetPage(
      req.query as Record<string, string>,
    );
    res.json(
      await serviceRequests.list(
        scope,
        await requestActor(credentials),
        await readsAllRequests(credentials),
        { limit, offset },
      ),
    );
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    res.json(
      await serviceRequests.get(
        requestId(req.params.id),
        await requestActor(credentials),
        await readsAllRequests(credentials),
      ),
    );
  });

  router.put('/requests/:id', async (req, res) => {
    const credentials = await authorize(req, serviceRequestCreatePermission);
    const id = requestId(req.params.id);
    res.json(
      await audited(req, 'service-request-update', {}, async () =>
        serviceRequests.update(id, req.body, await requestActor(credentials)),
      ),
    );
  });

  for (const move of ['submit', 'withdraw'] as const) {
    router.post(`/requests/:id/${move}`, async (req, res) => {
      const credentials = await authorize(req, serviceRequestCreatePermission);
      const id = requestId(req.params.id);
      res.json(
        await audited(req, `service-request-${move}`, {}, async () =>
          serviceRequests[move](id, req.body, await requestActor(credentials)),
        ),
      );
    });
  }

  router.post('/requests/:id/decisions', async (req, res) => {
    const credentials = await authorize(req, serviceRequestDecidePermission);
    const id = requestId(req.params.id);
    res.json(
      await audited(req, 'service-request-decision', {}, async () =>
        serviceRequests.decide(id, req.body, await requestActor(credentials)),
      ),
    );
  });

  // Transfers to another group and retirements: the owning side files them, the receiving
  // group (transfer) or IT service management (retirement) decides.
  router.post('/services/:id/handovers', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const input = serviceHandovers.parse(req.body);
    const credentials = await authorize(
      req,
      input.kind === 'transfer'
        ? socialServiceUpdatePermission
        : socialServiceTransitionPermission,
      id,
    );
    const handover = await audited(
      req,
      `service-${input.kind}`,
      { serviceId: id },
      async () =>
        serviceHandovers.file(id, input, await requestActor(credentials)),
    );
    res.status(201).json(handover);
  });

  router.get('/services/:id/handovers', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    const { id } = await existing(req.params.id);
    res.json(
      await serviceHandovers.list(
        { scope: 'service', serviceId: id },
        await requestActor(credentials),
        { limit: 200, offset: 0 },
      ),
    );
  });

  router.get('/handovers', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    const scope = (req.query.scope as string | undefined) ?? 'mine';
    if (scope !== 'mine' && scope !== 'inbox') {
      throw new InvalidInputError('scope must be mine or inbox', [
        { field: 'scope', message: 'scope must be mine or inbox' },
      ]);
    }
    const { limit, offset } = parseOffsetPage(
      req.query as Record<string, string>,
    );
    res.json(
      await serviceHandovers.list({ scope }, await requestActor(credentials), {
        limit,
        offset,
      }),
    );
  });

  router.get('/handovers/:id', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json(await serviceHandovers.get(requestId(req.params.id)));
  });

  router.post('/handovers/:id/decisions', async (req, res) => {
    const credentials = await authorize(req, serviceRequestDecidePermission);
    const id = requestId(req.params.id);
    res.json(
      await audited(req, 'service-handover-decision', {}, async () =>
        serviceHandovers.decide(id, req.body, await requestActor(credentials)),
      ),
    );
  });

  router.post('/handovers/:id/withdraw', async (req, res) => {
    const credentials = await authorize(req, serviceRequestCreatePermission);
    const id = requestId(req.params.id);
    res.json(
      await audited(req, 'service-handover-withdraw', {}, async () =>
        serviceHandovers.withdraw(
          id,
          req.body,
          await requestActor(credentials),
        ),
      ),
    );
  });

  router.get('/access-reviews', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const query = parseAccessReviewQuery(
      req.query as Record<string, string | string[]>,
    );
    res.json(await stores.guardianship.listAccessReviews(query));
  });

  router.get('/dashboard', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const days = parseTrendDays(req.query as Record<string, string>);
    res.json(await stores.guardianship.getDashboard(days));
  });

  // Scorecards (the Tech Insights fact retriever) read every service's guardianship facts here,
  // a page at a time; readable by whoever may read the catalogue, as the list is.
  router.get('/guardianship/facts', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const page = parsePageQuery(req.query as Record<string, string>);
    res.json(await guardianshipFacts.list(page));
  });

  router.post('/guardianship/sweep', async (req, res) => {
    const credentials = await authorize(req, guardianshipSweepPermission);
    const result = await audited(req, 'guardianship-sweep', {}, () =>
      guardianship.sweep(actorOf(credentials)),
    );
    res.json(result);
  });

  router.get('/services/:id/incidents', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const includeResolved = req.query.includeResolved;
    if (
      includeResolved !== undefined &&
      includeResolved !== 'true' &&
      includeResolved !== 'false'
    ) {
      throw InvalidInputError.of('query', [
        { field: 'includeResolved', message: 'must be true or false' },
      ]);
    }
    const { id } = await existing(req.params.id);
    res.json({
      items: await stores.incidents.listIncidents(id, {
        includeResolved: includeResolved === 'true',
      }),
    });
  });

  router.post('/services/:id/incidents', async (req, res) => {
    const { id } = req.params;
    await existing(id);
    const credentials = await authorize(
      req,
      socialServiceIncidentReportPermission,
      id,
    );
    const incident = await audited(
      req,
      'incident-report',
      { serviceId: id },
      () => incidentReporter.report(id, req.body, actorOf(credentials)),
    );
    res.status(201).json(incident);
  });

  // The installed connectors describe themselves: the service form offers these, in their words.
  router.get('/itsm/connectors', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json({ items: options.itsmConnectors() });
  });

  router.get('/itsm/status', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json({ items: await itsmSync.statuses(connectorIds()) });
  });

  router.post('/itsm/sync', async (req, res) => {
    await authorize(req, itsmSyncPermission);
    const items = await audited(req, 'itsm-sync', {}, () => itsmSync.runAll());
    res.json({ items });
  });

  router.post('/itsm/connectors/:connectorId/sync', async (req, res) => {
    await authorize(req, itsmSyncPermission);
    const { connectorId } = req.params;
    res.json(
      await audited(req, 'itsm-sync', { connectorId }, () =>
        itsmSync.runOne(connectorId),
      ),
    );
  });

  // Services to the ITSM's CMDB (e.g. ServiceNow CSDM offerings): a dry run reads only; both
  // kinds of run are for whoever may run the ITSM sync, and both are on the audit trail.
  router.post('/itsm/connectors/:connectorId/cmdb-export', async (req, res) => {
    const credentials = await authorize(req, itsmSyncPermission).catch(
      error => {
        throw error instanceof NotAllowedError
          ? new NotAllowedError(
              'You are not allowed to export services to the ITSM tool; it takes the ITSM sync permission (social-media.itsm.sync)',
            )
          : error;
      },
    );
    const { connectorId } = req.params;
    const body = parseCmdbExportRequest(req.body);
    const report = await audited(
      req,
      'itsm-cmdb-export',
      { connectorId, dryRun: body.dryRun },
      () => options.cmdbExport.run(connectorId, body, actorOf(credentials)),
    );
    res.json(report);
  });

  router.get('/audit/verify', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    res.json(await options.auditCheckpoints.verify());
  });

  // The whole trail for people: filtered, newest first, by keyset on seq.
  router.get('/audit/entries', async (req, res) => {
    await authorize(req, socialServiceReadPermission);
    const raw = req.query as Record<string, string | string[]>;
    const filter = parseAuditLogFilter(raw);
    res.json(await stores.auditLog.list(filter, parseAuditLogPage(raw)));
  });

  // The trail, or the part a filter selects, as a file the offline command can check. Taking
  // an export is itself recorded in the trail and reported as an auditor event.
  router.get('/audit/export', async (req, res) => {
    const credentials = await authorize(req, socialServiceReadPermission);
    const raw = req.query as Record<string, string | string[]>;
    const filter = parseAuditLogFilter(raw);
    const format = raw.format === 'json' ? 'json' : 'csv';
    const event = await auditor.createEvent({
      eventId: 'audit-export',
      severityLevel: 'medium',
      request: req,
      meta: { format, filter: describeFilter(filter) },
    });
    let started = false;
    try {
      const { header, fileName } = await auditExports.begin(
        filter,
        format,
        actorOf(credentials),
      );
      res.status(200);
      res.setHeader(
        'Content-Type',
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/json; charset=utf-8',
      );
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${fileName}"`,
      );
      started = true;
      await auditExports.write(res, filter, format, header);
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      // Once the file has begun, the client can only be told by a cut-short download.
      if (started) {
        logger.error(`Audit export failed part-way: ${error}`);
        res.destroy();
        return;
      }
      throw error;
    }
  });

  router.post('/import', async (req, res) => {
    const credentials = await authorize(req, socialServiceCreatePermission);
    const request: ImportRequest = parseInput(
      importRequestSchema,
      req.body,
      'import',
    );
    const report = await audited(
      req,
      'import',
      { format: request.format, dryRun: request.dryRun === true },
      () => catalogue.import(request, actorOf(credentials)),
    );
    res.status(report.valid ? 200 : 400).json(report);
  });

  // Last: whatever went wrong unexpectedly reaches the client without database text.
  router.use(hideInternalErrors(logger));

  return router;
}
