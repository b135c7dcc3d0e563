import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  DemoItsmIncident,
  Handover,
  HandoverDecision,
  ImportReport,
  IncidentReport,
  CmdbExportReport,
  CmdbExportRequest,
  ItsmConnectorInfo,
  ItsmSyncStatus,
  ImportRequest,
  GuardianshipSweepResult,
  LinkedIncident,
  PortfolioDashboard,
  RequestDecision,
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
import type {
  HandoverInput,
  ServiceRequestPreview,
  ServiceRequestScope,
  SocialMediaApi,
} from './SocialMediaApi';

/** Turns a list query into the query string `GET /services` expects. */
export function toSearchParams(query: ServiceListQuery = {}): URLSearchParams {
  const params = new URLSearchParams();
  const repeat = (name: string, values?: readonly string[]) =>
    values?.forEach(value => params.append(name, value));
  repeat('platform', query.platform);
  repeat('ownerGroup', query.ownerGroup);
  repeat('serviceOwner', query.serviceOwner);
  repeat('lifecycleStage', query.lifecycleStage);
  repeat('riskRating', query.riskRating);
  repeat('accessReview', query.accessReview);
  if (query.hasOpenIncidents !== undefined) {
    params.set('hasOpenIncidents', String(query.hasOpenIncidents));
  }
  if (query.hasLeavers !== undefined) {
    params.set('hasLeavers', String(query.hasLeavers));
  }
  if (query.compliant !== undefined) {
    params.set('compliant', String(query.compliant));
  }
  if (query.changedOutside !== undefined) {
    params.set('changedOutside', String(query.changedOutside));
  }
  if (query.search?.trim()) {
    params.set('search', query.search.trim());
  }
  if (query.sort) params.set('sort', query.sort);
  if (query.order) params.set('order', query.order);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  return params;
}

/** A request number in a path; anything else is sent escaped, for the backend to refuse. */
function requestPath(id: number): string {
  return encodeURIComponent(String(id));
}

function isImportReport(value: unknown): value is ImportReport {
  const report = value as Partial<ImportReport> | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    typeof report.rows === 'number' &&
    Array.isArray(report.problems) &&
    Array.isArray(report.created)
  );
}

/** The query string of an audit log filter. */
function auditQuery(filter: AuditLogFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ['serviceId', 'group', 'actor', 'from', 'to'] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  for (const action of filter.actions ?? []) query.append('action', action);
  return query;
}

/**
 * Default {@link SocialMediaApi} implementation, talking to the
 * `social-media` backend plugin over HTTP.
 *
 * @public
 */
export class SocialMediaClient implements SocialMediaApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getStatus(): Promise<SocialMediaStatus> {
    return this.request<SocialMediaStatus>('/status');
  }

  async listServices(query?: ServiceListQuery): Promise<SocialServiceList> {
    // URLSearchParams writes a space as "+", which the backend's OpenAPI validation reads as a
    // reserved character; "%20" is the same space, percent-encoded.
    const params = toSearchParams(query).toString().replace(/\+/g, '%20');
    return this.request<SocialServiceList>(
      `/services${params ? `?${params}` : ''}`,
    );
  }

  async getService(id: string): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>(
      `/services/${encodeURIComponent(id)}`,
    );
  }

  async createService(
    input: SocialServiceInput,
  ): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>('/services', {
      method: 'POST',
      body: input,
    });
  }

  async updateService(
    id: string,
    update: SocialServiceUpdate,
  ): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>(
      `/services/${encodeURIComponent(id)}`,
      { method: 'PUT', body: update },
    );
  }

  async deleteService(id: string, version: number): Promise<void> {
    const params = new URLSearchParams({ version: String(version) });
    await this.request<void>(`/services/${encodeURIComponent(id)}?${params}`, {
      method: 'DELETE',
    });
  }

  async transitionService(
    id: string,
    input: TransitionInput,
  ): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>(
      `/services/${encodeURIComponent(id)}/transitions`,
      { method: 'POST', body: input },
    );
  }

  async replaceAdmins(
    id: string,
    input: AdminsInput,
  ): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>(
      `/services/${encodeURIComponent(id)}/admins`,
      { method: 'PUT', body: input },
    );
  }

  async getServiceHistory(id: string): Promise<{ items: AuditEntry[] }> {
    return this.request<{ items: AuditEntry[] }>(
      `/services/${encodeURIComponent(id)}/history`,
    );
  }

  async verifyAuditTrail(): Promise<AuditVerification> {
    return this.request<AuditVerification>('/audit/verify');
  }

  async listAuditEntries(
    filter: AuditLogFilter,
    page: { before?: number; limit?: number } = {},
  ): Promise<AuditLogPage> {
    const query = auditQuery(filter);
    if (page.before !== undefined) query.set('before', String(page.before));
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    return this.request<AuditLogPage>(`/audit/entries?${query}`);
  }

  async downloadAuditExport(
    format: 'csv' | 'json',
    filter: AuditLogFilter,
  ): Promise<{ blob: Blob; fileName: string }> {
    const query = auditQuery(filter);
    query.set('format', format);
    const baseUrl = await this.#discoveryApi.getBaseUrl('social-media');
    const response = await this.#fetchApi.fetch(
      `${baseUrl}/audit/export?${query}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // The backend names the file, but a browser on another origin only sees that header when
    // the portal's CORS settings expose it: otherwise the same name is made here.
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filtered = [...query.keys()].some(key => key !== 'format');
    const fileName =
      /filename="([^"]+)"/.exec(disposition)?.[1] ??
      `social-media-audit-${filtered ? 'filtered-' : ''}${new Date()
        .toISOString()
        .replace(/[:.]/g, '-')}.${format}`;
    return { blob: await response.blob(), fileName };
  }

  async getServiceOwnership(
    id: string,
    at?: string,
  ): Promise<ServiceOwnership> {
    const query = at ? `?at=${encodeURIComponent(at)}` : '';
    return this.request<ServiceOwnership>(
      `/services/${encodeURIComponent(id)}/ownership${query}`,
    );
  }

  async getOwnershipReport(
    query: ({ group: string } | { person: string }) & {
      from: string;
      to: string;
    },
  ): Promise<OwnershipReport> {
    const params = new URLSearchParams();
    if ('group' in query) params.set('group', query.group);
    else params.set('person', query.person);
    params.set('from', query.from);
    params.set('to', query.to);
    return this.request<OwnershipReport>(`/ownership?${params}`);
  }

  async importServices(request: ImportRequest): Promise<ImportReport> {
    return this.request<ImportReport>('/import', {
      method: 'POST',
      body: request,
      // A file with problems comes back as 400 carrying the report itself.
      acceptError: (status, body) =>
        status === 400 && isImportReport(body) ? body : undefined,
    });
  }

  async getRiskHistory(id: string): Promise<{ items: RiskHistoryEntry[] }> {
    return this.request<{ items: RiskHistoryEntry[] }>(
      `/services/${encodeURIComponent(id)}/risk-history`,
    );
  }

  async signOff(
    id: string,
    input: RiskSignOffInput,
  ): Promise<SocialServiceDetails> {
    return this.request<SocialServiceDetails>(
      `/services/${encodeURIComponent(id)}/sign-offs`,
      { method: 'POST', body: input },
    );
  }

  async getAccessReviews(id: string): Promise<{ items: AccessReview[] }> {
    return this.request<{ items: AccessReview[] }>(
      `/services/${encodeURIComponent(id)}/access-reviews`,
    );
  }

  async submitAccessReview(
    id: string,
    input: AccessReviewInput,
  ): Promise<{ review: AccessReview; service: SocialServiceDetails }> {
    return this.request<{
      review: AccessReview;
      service: SocialServiceDetails;
    }>(`/services/${encodeURIComponent(id)}/access-reviews`, {
      method: 'POST',
      body: input,
    });
  }

  async listAccessReviews(
    query: {
      status?: Array<'current' | 'due' | 'overdue'>;
      limit?: number;
      offset?: number;
    } = {},
  ): Promise<{ items: AccessReviewListItem[]; totalCount: number }> {
    const params = new URLSearchParams();
    query.status?.forEach(status => params.append('status', status));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    const search = params.toString();
    return this.request<{ items: AccessReviewListItem[]; totalCount: number }>(
      `/access-reviews${search ? `?${search}` : ''}`,
    );
  }

  async getDashboard(
    options: { days?: number } = {},
  ): Promise<PortfolioDashboard> {
    const search =
      options.days !== undefined ? `?days=${Number(options.days)}` : '';
    return this.request<PortfolioDashboard>(`/dashboard${search}`);
  }

  async runGuardianshipSweep(): Promise<GuardianshipSweepResult> {
    return this.request<GuardianshipSweepResult>('/guardianship/sweep', {
      method: 'POST',
    });
  }

  async listIncidents(
    id: string,
    options: { includeResolved?: boolean } = {},
  ): Promise<{ items: LinkedIncident[] }> {
    const search = options.includeResolved ? '?includeResolved=true' : '';
    return this.request<{ items: LinkedIncident[] }>(
      `/services/${encodeURIComponent(id)}/incidents${search}`,
    );
  }

  async reportIncident(
    id: string,
    report: IncidentReport,
  ): Promise<LinkedIncident> {
    return this.request<LinkedIncident>(
      `/services/${encodeURIComponent(id)}/incidents`,
      { method: 'POST', body: report },
    );
  }

  async listItsmConnectors(): Promise<{ items: ItsmConnectorInfo[] }> {
    return this.request<{ items: ItsmConnectorInfo[] }>('/itsm/connectors');
  }

  async getItsmStatus(): Promise<{ items: ItsmSyncStatus[] }> {
    return this.request<{ items: ItsmSyncStatus[] }>('/itsm/status');
  }

  async runItsmSync(): Promise<{ items: ItsmSyncStatus[] }> {
    return this.request<{ items: ItsmSyncStatus[] }>('/itsm/sync', {
      method: 'POST',
    });
  }

  async runItsmConnectorSync(connectorId: string): Promise<ItsmSyncStatus> {
    return this.request<ItsmSyncStatus>(
      `/itsm/connectors/${encodeURIComponent(connectorId)}/sync`,
      { method: 'POST' },
    );
  }

  async runCmdbExport(
    connectorId: string,
    request: CmdbExportRequest,
  ): Promise<CmdbExportReport> {
    return this.request<CmdbExportReport>(
      `/itsm/connectors/${encodeURIComponent(connectorId)}/cmdb-export`,
      { method: 'POST', body: request },
    );
  }

  async listDemoItsmIncidents(): Promise<{ items: DemoItsmIncident[] }> {
    return this.request<{ items: DemoItsmIncident[] }>('/demo-itsm/incidents');
  }

  async getDemoItsmIncident(number: string): Promise<DemoItsmIncident> {
    return this.request<DemoItsmIncident>(
      `/demo-itsm/incidents/${encodeURIComponent(number)}`,
    );
  }

  async previewServiceRequest(
    input: ServiceRequestInput,
  ): Promise<ServiceRequestPreview> {
    return this.request<ServiceRequestPreview>('/requests/preview', {
      method: 'POST',
      body: input,
    });
  }

  async createServiceRequest(
    input: ServiceRequestInput,
    options: { submit?: boolean } = {},
  ): Promise<ServiceRequest> {
    return this.request<ServiceRequest>('/requests', {
      method: 'POST',
      body: options.submit ? { ...input, submit: true } : input,
    });
  }

  async listServiceRequests(query: {
    scope: ServiceRequestScope;
    limit?: number;
    offset?: number;
  }): Promise<{ items: ServiceRequest[]; totalCount: number }> {
    const params = new URLSearchParams({ scope: query.scope });
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    return this.request<{ items: ServiceRequest[]; totalCount: number }>(
      `/requests?${params}`,
    );
  }

  async getServiceRequest(id: number): Promise<ServiceRequest> {
    return this.request<ServiceRequest>(`/requests/${requestPath(id)}`);
  }

  async updateServiceRequest(
    id: number,
    input: ServiceRequestInput & { version: number },
  ): Promise<ServiceRequest> {
    return this.request<ServiceRequest>(`/requests/${requestPath(id)}`, {
      method: 'PUT',
      body: input,
    });
  }

  async submitServiceRequest(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<ServiceRequest> {
    return this.request<ServiceRequest>(`/requests/${requestPath(id)}/submit`, {
      method: 'POST',
      body: step,
    });
  }

  async withdrawServiceRequest(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<ServiceRequest> {
    return this.request<ServiceRequest>(
      `/requests/${requestPath(id)}/withdraw`,
      { method: 'POST', body: step },
    );
  }

  async decideServiceRequest(
    id: number,
    decision: { decision: RequestDecision; comment: string; version: number },
  ): Promise<ServiceRequest> {
    return this.request<ServiceRequest>(
      `/requests/${requestPath(id)}/decisions`,
      { method: 'POST', body: decision },
    );
  }

  async getServiceEvidence(
    id: string,
    period: { from?: string; to?: string } = {},
  ): Promise<ServiceEvidence> {
    const params = new URLSearchParams();
    if (period.from) params.set('from', period.from);
    if (period.to) params.set('to', period.to);
    const query = params.toString() ? `?${params}` : '';
    return this.request<ServiceEvidence>(
      `/services/${encodeURIComponent(id)}/evidence${query}`,
    );
  }

  async fileHandover(
    serviceId: string,
    input: HandoverInput,
  ): Promise<Handover> {
    return this.request<Handover>(
      `/services/${encodeURIComponent(serviceId)}/handovers`,
      { method: 'POST', body: input },
    );
  }

  async listServiceHandovers(
    serviceId: string,
  ): Promise<{ items: Handover[]; totalCount: number }> {
    return this.request(`/services/${encodeURIComponent(serviceId)}/handovers`);
  }

  async listHandovers(query: {
    scope: 'mine' | 'inbox';
    limit?: number;
    offset?: number;
  }): Promise<{ items: Handover[]; totalCount: number }> {
    const params = new URLSearchParams({ scope: query.scope });
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    return this.request(`/handovers?${params}`);
  }

  async getHandover(id: number): Promise<Handover> {
    return this.request<Handover>(`/handovers/${requestPath(id)}`);
  }

  async decideHandover(
    id: number,
    decision: {
      decision: HandoverDecision;
      comment?: string;
      checklist?: ChecklistAnswers;
      version: number;
    },
  ): Promise<Handover> {
    return this.request<Handover>(`/handovers/${requestPath(id)}/decisions`, {
      method: 'POST',
      body: decision,
    });
  }

  async withdrawHandover(
    id: number,
    step: { version: number; comment?: string },
  ): Promise<Handover> {
    return this.request<Handover>(`/handovers/${requestPath(id)}/withdraw`, {
      method: 'POST',
      body: step,
    });
  }

  /**
   * The one place that talks HTTP: resolves the base URL, sends JSON, and
   * turns answers outside 2xx into a `ResponseError`.
   */
  private async request<T>(
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
      body?: unknown;
      /** Turns some error answers into a result instead of an error. */
      acceptError?: (status: number, body: unknown) => T | undefined;
    } = {},
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('social-media');
    const headers = new Headers({ Accept: 'application/json' });
    if (options.body !== undefined) {
      headers.set('Content-Type', 'application/json');
    }
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (!response.ok) {
      if (options.acceptError) {
        const accepted = await response
          .clone()
          .json()
          .then(
            body => options.acceptError!(response.status, body),
            () => undefined,
          );
        if (accepted !== undefined) {
          return accepted;
        }
      }
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
