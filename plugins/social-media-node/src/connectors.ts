import { LifecycleStage } from '@internal/plugin-social-media-common';

/**
 * Where a social media service's incidents are filed in the ITSM tool.
 *
 * @public
 */
export interface ItsmServiceMapping {
  /** Id of the social media service in the catalogue. */
  serviceId: string;
  /**
   * The ITSM record incidents are filed against, in the connector's own terms: a ServiceNow
   * business service or CI sys_id or name, a Jira Service Management project/component, a
   * PagerDuty service id.
   */
  itsmReference: string;
  /** Lifecycle stage of the service, so that connectors can keep the ITSM in step. */
  lifecycleStage: LifecycleStage;
}

/**
 * An incident as the catalogue stores it, whatever ITSM it comes from.
 *
 * @public
 */
export interface ItsmIncident {
  /** The ITSM's stable id of the record (e.g. a ServiceNow sys_id). */
  externalId: string;
  /** The human-readable number (e.g. INC0010023). */
  number: string;
  title: string;
  priority: string;
  state: string;
  category?: string;
  /** ISO 8601 timestamps. */
  openedAt: string;
  resolvedAt?: string;
  updatedAt: string;
  /** Link back to the ITSM record. */
  url: string;
  /** The catalogue service the incident is linked to. */
  serviceId: string;
}

/**
 * One page of incidents changed since a cursor.
 *
 * @public
 */
export interface ItsmIncidentPage {
  incidents: ItsmIncident[];
  /** Pass back to continue after this page; resumable across restarts. */
  nextCursor: string;
  /** True when no more changes are waiting after this page. */
  done: boolean;
}

/**
 * What the portal sends to raise an incident (e.g. a suspected account takeover).
 *
 * @public
 */
export interface NewItsmIncident {
  mapping: ItsmServiceMapping;
  title: string;
  description: string;
  category?: string;
  /** Entity ref of the user who reported it. */
  reportedBy: string;
}

/**
 * Connects the catalogue to one ITSM tool. Implementations live in backend modules
 * (`@internal/plugin-social-media-backend-module-<itsm>`) and are added through
 * {@link socialMediaItsmConnectorsExtensionPoint}.
 *
 * @public
 */
export interface ItsmConnector {
  /** Stable id, e.g. `servicenow`; used in status reports and stored with each incident. */
  readonly id: string;
  /**
   * Lists incidents of the mapped services that changed after `cursor` (undefined for a first
   * full sync), oldest change first, one page at a time.
   */
  listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
  }): Promise<ItsmIncidentPage>;
  /**
   * Fetches one incident by its external id; undefined when the ITSM does not know it. The
   * mappings link it to a catalogue service (`serviceId` is empty when none matches).
   */
  getIncident(
    externalId: string,
    options: { mappings: ItsmServiceMapping[]; signal?: AbortSignal },
  ): Promise<ItsmIncident | undefined>;
  /** Creates an incident in the ITSM and returns it as stored there. */
  createIncident(incident: NewItsmIncident): Promise<ItsmIncident>;
}
