import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { RiskModelConfig } from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import { ServiceChangeAnnouncer } from './changes/ServiceChangeAnnouncer';
import { ServiceWritePath } from './changes/ServiceWritePath';
import { Clock } from './domain/clock';
import { AuditTrailExports } from './service/AuditTrailExports';
import { RiskSignOffs } from './service/RiskSignOffs';
import { OwnershipHistory } from './service/OwnershipHistory';
import { DatabaseOwnershipStore } from './stores/ownership/DatabaseOwnershipStore';
import { ServiceEvidenceReports } from './service/ServiceEvidenceReports';
import { ServiceHandovers } from './service/ServiceHandovers';
import { ServiceRequests } from './service/ServiceRequests';
import { RequestNotifier, silentNotifier } from './service/RequestNotifier';
import { DatabaseHandoverStore } from './stores/handovers/DatabaseHandoverStore';
import {
  ApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
} from './domain/serviceRequests';
import { DatabaseRequestStore } from './stores/requests/DatabaseRequestStore';
import { GuardianshipPolicy } from './domain/guardianship';
import { describeConnectors } from './domain/itsmConnectors';
import { EntityDirectory } from './service/EntityDirectory';
import { Guardianship } from './service/Guardianship';
import { IncidentReporter } from './service/IncidentReporter';
import { ItsmSync } from './service/ItsmSync';
import { SocialServiceCatalogue } from './service/SocialServiceCatalogue';
import { DatabaseAuditLog } from './stores/audit/DatabaseAuditLog';
import { DatabaseAuditStore } from './stores/audit/DatabaseAuditStore';
import { DatabaseAuditCheckpointStore } from './stores/audit/DatabaseAuditCheckpointStore';
import { AuditCheckpoints } from './service/AuditCheckpoints';
import { DatabaseGuardianshipStore } from './stores/guardianship/DatabaseGuardianshipStore';
import { DatabaseIncidentStore } from './stores/incidents/DatabaseIncidentStore';
import { openDatabase } from './stores/database';
import { describeDatabaseStorage } from './service/databaseStorage';
import { DatabaseServiceStore } from './stores/services/DatabaseServiceStore';
import { ServicePermissionResources } from './service/ServicePermissionResources';
import { DatabaseItsmExportStore } from './stores/itsmExports/DatabaseItsmExportStore';
import { CmdbExport } from './service/CmdbExport';
import { GuardianshipFacts } from './service/GuardianshipFacts';
import { OffThreadIncidentWriter } from './service/OffThreadIncidentWriter';

/** What the plugin is built from; tests pass their own clock, catalog and connectors. */
export interface SocialMediaDependencies {
  database: DatabaseService;
  clock: Clock;
  riskModel: RiskModelConfig;
  policy: GuardianshipPolicy;
  /** Who exists in the Backstage catalog. */
  directory: EntityDirectory;
  events?: EventsService;
  logger: LoggerService;
  connectors: () => ItsmConnector[];
  /** Who approves service requests; IT service management and the security office by default. */
  approvals?: ApprovalPolicy;
  /** Tells approvers and requesters about requests; silent when not given. */
  notifier?: RequestNotifier;
  fullSyncIntervalMs?: number;
  /** `socialMedia.audit.checkpoint.key`: signs the audit trail's checkpoints; none without it. */
  auditCheckpointKey?: string;
}

/**
 * Builds the plugin's stores, its write path and its use cases on one database and one clock.
 * The plugin wires the result to Backstage (routes, permissions, schedules); tests use it to
 * exercise the same objects without HTTP.
 */
export async function composeSocialMedia(deps: SocialMediaDependencies) {
  const { database, clock, riskModel, policy, directory, logger } = deps;
  const [services, audit, guardianshipStore, incidents, requests] =
    await Promise.all([
      DatabaseServiceStore.create({ database }),
      DatabaseAuditStore.create({ database }),
      DatabaseGuardianshipStore.create({ database, clock, policy }),
      DatabaseIncidentStore.create({ database }),
      DatabaseRequestStore.create({ database, riskModel }),
    ]);
  const handovers = new DatabaseHandoverStore(await openDatabase(database));
  const itsmExports = await DatabaseItsmExportStore.create({ database });
  const ownershipStore = await DatabaseOwnershipStore.create({ database });
  const auditLog = new DatabaseAuditLog(await openDatabase(database));
  const db = await openDatabase(database);
  const announcer = new ServiceChangeAnnouncer({ events: deps.events, logger });
  const writes = await ServiceWritePath.create({
    database,
    clock,
    announcer,
    riskModel,
    policy,
  });
  // On a SQLite file, the ITSM sync's large pages are stored on a thread of their own.
  const incidentPageWriter = await OffThreadIncidentWriter.forDatabase(db, {
    settings: { riskModel, policy },
    logger,
  });
  const catalogue = new SocialServiceCatalogue({
    services,
    writes,
    directory,
    clock,
    policy,
    connectors: deps.connectors,
    audit,
  });
  return {
    stores: {
      services,
      audit,
      guardianship: guardianshipStore,
      incidents,
      requests,
      handovers,
      auditLog,
      itsmExports,
    },
    writes,
    announcer,
    auditExports: new AuditTrailExports({ auditLog, writes, clock }),
    auditCheckpoints: new AuditCheckpoints({
      audit,
      store: new DatabaseAuditCheckpointStore(await openDatabase(database)),
      key: deps.auditCheckpointKey,
      clock,
      logger,
    }),
    catalogue,
    /** Who owns each service, for permission rules: as its audit trail recorded it. */
    permissionResources: new ServicePermissionResources({ services, audit }),
    /** Where the data is kept, asked of the database itself (`GET /status`). */
    databaseStorage: () => describeDatabaseStorage(db),
    /** The installed ITSM connectors, as `GET /itsm/connectors` lists them. */
    itsmConnectors: () => describeConnectors(deps.connectors()),
    evidence: new ServiceEvidenceReports({
      catalogue,
      audit,
      guardianship: guardianshipStore,
      incidents,
      handovers,
      ownership: ownershipStore,
      clock,
    }),
    guardianship: new Guardianship({
      services,
      writes,
      directory,
      clock,
      logger,
    }),
    itsmSync: new ItsmSync({
      services,
      incidents,
      writes,
      connectors: deps.connectors,
      logger,
      announce: async ids => announcer.announceIds(ids),
      clock,
      fullSyncIntervalMs: deps.fullSyncIntervalMs,
      pageWriter: incidentPageWriter,
    }),
    /** Stops what runs beside the backend's thread (the backend shuts down). */
    close: async () => {
      await incidentPageWriter?.close();
    },
    signOffs: new RiskSignOffs({ writes }),
    ownership: new OwnershipHistory({ store: ownershipStore, clock }),
    serviceRequests: new ServiceRequests({
      requests,
      services,
      writes,
      directory,
      clock,
      riskModel,
      approvals: deps.approvals ?? DEFAULT_APPROVAL_POLICY,
      notifier: deps.notifier,
    }),
    serviceHandovers: new ServiceHandovers({
      handovers,
      writes,
      directory,
      approvals: deps.approvals ?? DEFAULT_APPROVAL_POLICY,
      notifier: deps.notifier ?? silentNotifier,
    }),
    /** Services exported to an ITSM's CMDB, through connectors that can. */
    cmdbExport: new CmdbExport({
      services,
      exports: itsmExports,
      writes,
      connectors: deps.connectors,
      clock,
    }),
    /** Every service's guardianship facts, a page at a time, for scorecards. */
    guardianshipFacts: new GuardianshipFacts({ services, incidents }),
    incidentReporter: new IncidentReporter({
      services,
      writes,
      connectors: deps.connectors,
    }),
  };
}

/** The plugin's parts, as {@link composeSocialMedia} builds them. */
export type SocialMedia = Awaited<ReturnType<typeof composeSocialMedia>>;
