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
 * A catalogue service as it is exported to an ITSM's CMDB: the facts a connector turns into
 * the tool's own record (its name, owners and lifecycle stage).
 *
 * @public
 */
export interface ItsmExportService {
  /** Id of the service in the catalogue; the connector stores it on the record to find it again. */
  serviceId: string;
  name: string;
  /** What the business uses the account for. */
  purpose: string;
  businessUnit: string;
  platform: string;
  lifecycleStage: LifecycleStage;
  /** Entity ref of the owning catalog Group, e.g. `group:default/marketing`. */
  ownerGroup: string;
  /** Entity ref of the named service owner, a catalog User, when the service has one. */
  serviceOwner?: string;
}

/**
 * What the catalogue stored about the record a service was exported to, at the last export:
 * the record's id in the tool and its version then, in the connector's own opaque terms.
 *
 * @public
 */
export interface ItsmExportState {
  serviceId: string;
  /** The tool's stable id of the exported record (e.g. a ServiceNow sys_id). */
  externalId: string;
  /**
   * The record's version as the tool stamped it after the export (opaque to the catalogue; e.g.
   * a change count and a change time). A record whose version differs at the next export was
   * changed in the tool since.
   */
  version: string;
}

/**
 * One field of an exported record that an export sets: the tool's field name, what the record
 * holds now (absent for a new record or an empty field) and what the export writes.
 *
 * @public
 */
export interface ItsmExportFieldChange {
  field: string;
  from?: string;
  to: string;
}

/**
 * A record an export creates or changes in the tool, with the fields it writes.
 *
 * @public
 */
export interface ItsmExportChange {
  serviceId: string;
  /** The service's name in the catalogue, for people reading the plan. */
  name: string;
  /** The record to change; absent for a record to create. */
  externalId?: string;
  /** The record's version as the plan read it; absent for a record to create. */
  version?: string;
  fields: ItsmExportFieldChange[];
}

/**
 * A record the export does not write because it changed in the tool since the last export, or
 * is gone from it: a person decides (and may overwrite it by naming the service).
 *
 * @public
 */
export interface ItsmExportConflict extends ItsmExportChange {
  /** Why the record is not written, for people. */
  reason: string;
  /** The version stored at the last export. */
  storedVersion?: string;
}

/**
 * A service's owner or owning group for whom the tool has no matching person or group: the
 * record is exported without that field, and the plan says so.
 *
 * @public
 */
export interface ItsmExportUnmatched {
  serviceId: string;
  field: 'serviceOwner' | 'ownerGroup';
  /** The entity ref that found no match. */
  ref: string;
  message: string;
}

/**
 * What an export would do, read from the tool without writing anything.
 *
 * @public
 */
export interface ItsmExportPlan {
  creates: ItsmExportChange[];
  updates: ItsmExportChange[];
  conflicts: ItsmExportConflict[];
  /** Records that already hold what the catalogue would write, with their current version. */
  unchanged: ItsmExportState[];
  unmatched: ItsmExportUnmatched[];
}

/**
 * What a real export wrote. It stops at the first write the tool refuses; what was written
 * before that is listed, so that the catalogue records it, and `failure` says what stopped it.
 *
 * @public
 */
export interface ItsmExportOutcome {
  /** Records created, with their new id and version. */
  created: ItsmExportState[];
  /** Records changed (conflicts named to be overwritten among them), with their new version. */
  updated: ItsmExportState[];
  /** The write that failed, when one did; the writes after it were not tried. */
  failure?: { serviceId: string; message: string };
}

/**
 * The optional capability of a connector to keep the ITSM tool's CMDB in step with the
 * catalogue: each service becomes (or updates) a record there. A connector without it cannot
 * export. Messages and errors never hold credentials.
 *
 * @public
 */
export interface ItsmCmdbExport {
  /**
   * Reads the tool and says what an export of `services` would create, change or leave alone,
   * and which records changed in the tool since the last export (`states`). Writes nothing.
   */
  planExport(options: {
    services: ItsmExportService[];
    states: ItsmExportState[];
    signal?: AbortSignal;
  }): Promise<ItsmExportPlan>;
  /**
   * Carries out a plan made just before: creates and changes the records. Conflicts are skipped,
   * but for the services named in `overwrite`, whose records are written all the same (a record
   * gone from the tool is created again). A failed write ends the run and is reported in the
   * outcome (`failure`) together with what was written before it, so that the catalogue records
   * that; a run cancelled through `signal` throws.
   */
  applyExport(options: {
    plan: ItsmExportPlan;
    overwrite?: string[];
    signal?: AbortSignal;
  }): Promise<ItsmExportOutcome>;
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
  /**
   * Exports services to the tool's CMDB, when the connector can (and is configured to); absent
   * otherwise.
   */
  readonly cmdbExport?: ItsmCmdbExport;
}
