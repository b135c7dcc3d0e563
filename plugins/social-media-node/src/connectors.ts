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
  /**
   * A number the ITSM raises with every change of the record (ServiceNow's `sys_mod_count`),
   * when it has one: it orders two changes stamped within the same timestamp unit.
   */
  version?: number;
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
  /**
   * The incidents, one copy per catalogue service mapped to the record an incident is filed
   * against: several services may map to the same ITSM record, and each gets its incidents. A
   * page that lists an incident holds every copy of it (all its services), so that a service no
   * longer among them loses it at once.
   */
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
 * What a mapping reference looks like in one ITSM tool: the record a service's incidents are
 * filed against, as people type it in the service form and in an inventory.
 *
 * @public
 */
export interface ItsmReferenceDescription {
  /** What the reference is called in the tool, e.g. `Business service or CI`. */
  label: string;
  /** One or two sentences for people: what to type and where to find it in the tool. */
  help: string;
  /** A reference as people would type it, e.g. `Corporate X account`. */
  example: string;
  /**
   * A regular expression (JavaScript syntax, no flags) the whole reference must match; a
   * service mapped to the connector with a reference that does not match is refused with a 400.
   * Leave it out when the tool accepts free text (e.g. a record's name).
   */
  pattern?: string;
}

/**
 * How a connector describes itself to the catalogue and to people: the portal lists the
 * installed connectors (`GET /itsm/connectors`), the service form offers them with these words,
 * and mappings are checked against them.
 *
 * @public
 */
export interface ItsmConnectorDescription {
  /** The tool's name as people know it, e.g. `ServiceNow`. */
  displayName: string;
  /** What a mapping reference looks like in the tool. */
  reference: ItsmReferenceDescription;
  /**
   * How an incident is linked to a service in the tool, as a sentence for people (e.g. "Set the
   * incident's business service to the mapped one.").
   */
  incidentLinking: string;
}

/**
 * Connects the catalogue to one ITSM tool. Implementations live in backend modules
 * (`plugin-social-media-backend-module-<itsm>` in this scope) and are added through
 * {@link socialMediaItsmConnectorsExtensionPoint}.
 *
 * @public
 */
export interface ItsmConnector {
  /** Stable id, e.g. `servicenow`; used in status reports and stored with each incident. */
  readonly id: string;
  /** What the connector is called, and how services are mapped to its ITSM. */
  readonly description: ItsmConnectorDescription;
  /**
   * Lists incidents of the mapped services that changed after `cursor` (undefined for a first
   * full sync), oldest change first, one page at a time.
   *
   * On the first page of each run (`runStart`), a connector reads again an overlap before the
   * cursor: changes stamped in the cursor's own timestamp unit after it was read, and changes
   * committed late with an earlier stamp, arrive then. The overlap is in the ITSM's own
   * timestamps, so the portal's clock does not matter. What the store already holds at that
   * version is dropped, so reading it again costs a comparison, not a write.
   */
  listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
    /** True for the first page of a run: start the configured overlap before the cursor. */
    runStart?: boolean;
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
