import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AccessReview,
  AccessReviewInput,
  AccessReviewListItem,
  AdminsInput,
  AuditEntry,
  AuditLogFilter,
  AuditLogPage,
  AuditVerification,
  ChecklistAnswers,
  CmdbExportReport,
  CmdbExportRequest,
  DemoItsmIncident,
  HandleDisposition,
  Handover,
  HandoverDecision,
  ImportReport,
  IncidentReport,
  ItsmConnectorInfo,
  ItsmSyncStatus,
  ImportRequest,
  GuardianshipSweepResult,
  LinkedIncident,
  PortfolioDashboard,
  RequestDecision,
  RequestPrediction,
  RequiredApproval,
  RiskHistoryEntry,
  RiskSignOffInput,
  ServiceListQuery,
  ServiceRequest,
  ServiceEvidence,
  ServiceOwnership,
  OwnershipReport,
  ServiceRequestInput,
  SocialMediaStatus,
  SocialServiceDetails,
  SocialServiceInput,
  SocialServiceList,
  SocialServiceUpdate,
  TransitionInput,
} from '@internal/plugin-social-media-common';

/**
 * What a request for a new social service would lead to, before it is filed
 * (`POST /requests/preview`): the rating the risk model predicts, what the
 * service will need before operation, and whose approvals it needs.
 *
 * @public
 */
export interface ServiceRequestPreview {
  prediction: RequestPrediction;
  approvals: RequiredApproval[];
}

/**
 * Which requests to list: `mine` (the caller's and their teams'), `inbox`
 * (submitted requests waiting for an approval the caller may give) or `all`
 * (needs `social-media.request.read-all`).
 *
 * @public
 */
export type ServiceRequestScope = 'mine' | 'inbox' | 'all';

/**
 * Client for the social media service catalogue backend
 * (`/api/social-media`).
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend answers outside 2xx (e.g. 400 with a message saying what to
 * change, 403 when the permission policy says no, 404 for an unknown service,
 * 409 when the service changed since the `version` sent). The backend's
 * message is in `error.body.error.message` (also `error.cause.message`).
 *
 * @public
 */
export interface SocialMediaApi {
  /**
   * Reads the state of the catalogue: how many services it holds per ITIL
   * lifecycle stage, which store backs it and which ITSM connectors are
   * installed.
   */
  getStatus(): Promise<SocialMediaStatus>;

  /** One page of the catalogue, filtered and sorted (`GET /services`). */
  listServices(query?: ServiceListQuery): Promise<SocialServiceList>;

  /** One service with its admins, lifecycle history and next transitions. */
  getService(id: string): Promise<SocialServiceDetails>;

  /** Catalogues a new service. */
  createService(input: SocialServiceInput): Promise<SocialServiceDetails>;

  /** Changes a service; `update.version` must be the version edited. */
  updateService(
    id: string,
    update: SocialServiceUpdate,
  ): Promise<SocialServiceDetails>;

  /** Removes a service from the catalogue; its audit trail stays. */
  deleteService(id: string, version: number): Promise<void>;

  /** Moves a service to another lifecycle stage, when its gates are met. */
  transitionService(
    id: string,
    input: TransitionInput,
  ): Promise<SocialServiceDetails>;

  /** Replaces the list of people who hold access to the account. */
  replaceAdmins(id: string, input: AdminsInput): Promise<SocialServiceDetails>;

  /** Every recorded change of one service, newest first. */
  getServiceHistory(id: string): Promise<{ items: AuditEntry[] }>;

  /** Recomputes the audit trail's hash chain. */
  verifyAuditTrail(): Promise<AuditVerification>;

  /** A page of the whole audit trail, newest first; `before` is the cursor. */
  listAuditEntries(
    filter: AuditLogFilter,
    page?: { before?: number; limit?: number },
  ): Promise<AuditLogPage>;

  /**
   * The trail, or the part the filter selects, as an export file the offline
   * command checks; the download is recorded in the trail.
   */
  downloadAuditExport(
    format: 'csv' | 'json',
    filter: AuditLogFilter,
  ): Promise<{ blob: Blob; fileName: string }>;

  /**
   * Who owned a service at a moment (now when `at` is not given), with the
   * change and approvals behind it, and its whole ownership timeline.
   */
  getServiceOwnership(id: string, at?: string): Promise<ServiceOwnership>;

  /**
   * Every service a group (as owner group) or a person (as service owner)
   * owned in a period, also those since transferred, retired or deleted.
   */
  getOwnershipReport(
    query: ({ group: string } | { person: string }) & {
      from: string;
      to: string;
    },
  ): Promise<OwnershipReport>;

  /**
   * Bulk import (or, with `dryRun`, a check) of an inventory. Resolves with
   * the report also when the file has problems (the backend answers 400 with
   * the report then): look at `report.valid`.
   */
  importServices(request: ImportRequest): Promise<ImportReport>;

  /** Every change of the service's risk rating with its reasons, newest first. */
  getRiskHistory(id: string): Promise<{ items: RiskHistoryEntry[] }>;

  /**
   * Signs off the service's current risk rating in the caller's name, at the
   * time of the call (`POST /services/{id}/sign-offs`). `input.rating` is the
   * rating the signer saw: the backend refuses with 409 when the rating is
   * another one by now. Resolves with the service and its new sign-off.
   */
  signOff(id: string, input: RiskSignOffInput): Promise<SocialServiceDetails>;

  /** The access reviews of a service, newest first. */
  getAccessReviews(id: string): Promise<{ items: AccessReview[] }>;

  /**
   * Attests the admin list: one keep-or-remove decision for every admin.
   * Removed admins leave the list; the next review becomes due one interval
   * later.
   */
  submitAccessReview(
    id: string,
    input: AccessReviewInput,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }>;

  /** Services whose access review is due or overdue (default both), most overdue first. */
  listAccessReviews(query?: {
    status?: Array<'current' | 'due' | 'overdue'>;
    limit?: number;
    offset?: number;
  }): Promise<{ items: AccessReviewListItem[]; totalCount: number }>;

  /** Portfolio dashboard: services by stage and risk, the risk trend and review status. */
  getDashboard(options?: { days?: number }): Promise<PortfolioDashboard>;

  /** Runs leaver detection and risk recomputation now (administrators). */
  runGuardianshipSweep(): Promise<GuardianshipSweepResult>;

  /**
   * The incidents linked to a service from the ITSM tool, open first and
   * newest first; resolved ones only with `includeResolved`.
   */
  listIncidents(
    id: string,
    options?: { includeResolved?: boolean },
  ): Promise<{ items: LinkedIncident[] }>;

  /**
   * Raises an incident on a service in the ITSM tool it is mapped to and
   * returns it with the number the tool gave it.
   */
  reportIncident(id: string, report: IncidentReport): Promise<LinkedIncident>;

  /**
   * The installed ITSM connectors, each as it describes itself: the tool's
   * name, what a mapping reference looks like there and how incidents are
   * linked to a service in it. Services can be mapped to these only.
   */
  listItsmConnectors(): Promise<{ items: ItsmConnectorInfo[] }>;

  /** Where the incident sync of each installed ITSM connector stands. */
  getItsmStatus(): Promise<{ items: ItsmSyncStatus[] }>;

  /** Runs the incident sync of every installed connector now (administrators). */
  runItsmSync(): Promise<{ items: ItsmSyncStatus[] }>;

  /** Runs the incident sync of one installed connector now, and none of the others (administrators). */
  runItsmConnectorSync(connectorId: string): Promise<ItsmSyncStatus>;

  /**
   * Exports every service to the CMDB of an ITSM tool through a connector
   * that can (`cmdbExport` in {@link SocialMediaApi.listItsmConnectors}; needs
   * `social-media.itsm.sync`). A dry run lists what would be created,
   * changed or is in conflict, writing nothing; a real run writes, skipping
   * conflicts but those named in `overwrite`. Rejects with 409 while an
   * export through the connector runs, 503 when the tool cannot be reached.
   */
  runCmdbExport(
    connectorId: string,
    request: CmdbExportRequest,
  ): Promise<CmdbExportReport>;

  /**
   * The demo ITSM's incidents as they stand, newest first. Only with the demo
   * data (`socialMedia.demoData`): without it the backend answers 404.
   */
  listDemoItsmIncidents(): Promise<{ items: DemoItsmIncident[] }>;

  /**
   * One incident of the demo ITSM with its work notes, by its number (e.g.
   * `DEMO-1011`); rejects with 404 for a number the demo ITSM does not know.
   */
  getDemoItsmIncident(number: string): Promise<DemoItsmIncident>;

  /**
   * The predicted rating, requirements and approvals of a request for a new
   * social service, without filing it. Rejects with 400 while the input does
   * not pass the shared rules.
   */
  previewServiceRequest(
    input: ServiceRequestInput,
  ): Promise<ServiceRequestPreview>;

  /**
   * Files a request for a new social service in the caller's name: a draft,
   * or sent to the approvers at once with `submit`.
   */
  createServiceRequest(
    input: ServiceRequestInput,
    options?: { submit?: boolean },
  ): Promise<ServiceRequest>;

  /** One page of requests, newest first. */
  listServiceRequests(query: {
    scope: ServiceRequestScope;
    limit?: number;
    offset?: number;
  }): Promise<{ items: ServiceRequest[]; totalCount: number }>;

  /** One request with its approvals and timeline. */
  getServiceRequest(id: number): Promise<ServiceRequest>;

  /** Edits a draft or a request sent back for changes, based on `version`. */
  updateServiceRequest(
    id: number,
    input: ServiceRequestInput & { version: number },
  ): Promise<ServiceRequest>;

  /** Sends a draft or a changed request to its approvers. */
  submitServiceRequest(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<ServiceRequest>;

  /** The requester side takes a request back. */
  withdrawServiceRequest(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<ServiceRequest>;

  /**
   * An approver's decision, with a comment, based on `version`. Rejects with
   * 403 when the backend's separation of duties refuses the caller, and 409
   * when someone else decided first (the message names the outcome).
   */
  decideServiceRequest(
    id: number,
    decision: { decision: RequestDecision; comment: string; version: number },
  ): Promise<ServiceRequest>;

  /**
   * Everything an auditor needs about one service over a period (dates or
   * date-times; the last twelve months by default).
   */
  getServiceEvidence(
    id: string,
    period?: { from?: string; to?: string },
  ): Promise<ServiceEvidence>;

  /**
   * Files a transfer of a service to another group, or its retirement, based
   * on the service version seen.
   */
  fileHandover(serviceId: string, input: HandoverInput): Promise<Handover>;

  /** Every transfer and retirement of a service, newest first. */
  listServiceHandovers(
    serviceId: string,
  ): Promise<{ items: Handover[]; totalCount: number }>;

  /**
   * Transfers and retirements the caller filed (`mine`) or that wait for the
   * caller's decision (`inbox`).
   */
  listHandovers(query: {
    scope: 'mine' | 'inbox';
    limit?: number;
    offset?: number;
  }): Promise<{ items: Handover[]; totalCount: number }>;

  /** One transfer or retirement with its checklist and timeline. */
  getHandover(id: number): Promise<Handover>;

  /**
   * Accepts (with the transfer checklist) or declines a transfer, or
   * approves or declines a retirement, based on `version`.
   */
  decideHandover(
    id: number,
    decision: {
      decision: HandoverDecision;
      comment?: string;
      checklist?: ChecklistAnswers;
      version: number;
    },
  ): Promise<Handover>;

  /** The person who filed it takes a waiting transfer or retirement back. */
  withdrawHandover(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<Handover>;
}

/**
 * What files a transfer or a retirement (`POST /services/{id}/handovers`).
 *
 * @public
 */
export type HandoverInput =
  | {
      kind: 'transfer';
      toOwnerGroup: string;
      toServiceOwner: string;
      reason: string;
      version: number;
    }
  | {
      kind: 'retirement';
      reason: string;
      handle: HandleDisposition;
      checklist: ChecklistAnswers;
      version: number;
    };

/**
 * API reference of the {@link SocialMediaApi}, usable from both the new and
 * the legacy frontend system.
 *
 * @public
 */
export const socialMediaApiRef = createApiRef<SocialMediaApi>().with({
  id: 'plugin.social-media.service',
  pluginId: 'social-media',
});
