/**
 * The CMDB export as the API answers it (`POST /itsm/connectors/{connectorId}/cmdb-export`):
 * the catalogue's services written to the ITSM tool's CMDB (ServiceNow: a CSDM business service
 * offering per service) through a connector that can (`ItsmConnectorInfo.cmdbExport`).
 */

/**
 * What an export run is asked to do.
 *
 * @public
 */
export interface CmdbExportRequest {
  /** True to list what the export would do without writing anything. */
  dryRun: boolean;
  /** Services whose conflicting records a real run writes all the same. */
  overwrite?: string[];
}

/**
 * One field of a record that the export sets: the tool's field name, what the record holds now
 * (absent when empty or new) and what the export writes.
 *
 * @public
 */
export interface CmdbExportFieldChange {
  field: string;
  from?: string;
  to: string;
}

/**
 * A record the export creates or changes, with the fields it writes.
 *
 * @public
 */
export interface CmdbExportChange {
  serviceId: string;
  /** The service's name in the catalogue. */
  name: string;
  /** The record's id in the tool; absent for a record still to create. */
  externalId?: string;
  version?: string;
  fields: CmdbExportFieldChange[];
}

/**
 * A record the export leaves alone because it changed in the tool since the last export (or is
 * gone from it), unless the run names it to be overwritten.
 *
 * @public
 */
export interface CmdbExportConflict extends CmdbExportChange {
  /** Why the record is not written, for people. */
  reason: string;
  /** The version stored at the last export. */
  storedVersion?: string;
}

/**
 * An owner or owning group the tool has no match for; the record is written without it.
 *
 * @public
 */
export interface CmdbExportUnmatched {
  serviceId: string;
  field: 'serviceOwner' | 'ownerGroup';
  /** The entity ref that found no match. */
  ref: string;
  message: string;
}

/**
 * What became of a service's ITSM mapping after its record was created: set to the record, or
 * kept because it maps elsewhere.
 *
 * @public
 */
export interface CmdbExportMapping {
  serviceId: string;
  result: 'set' | 'kept';
  reference: string;
  message: string;
}

/**
 * What an export run did, or would do for a dry run.
 *
 * @public
 */
export interface CmdbExportReport {
  connectorId: string;
  dryRun: boolean;
  /** Records to create (dry run) or created (real run, with their new id). */
  creates: CmdbExportChange[];
  /** Records to change (dry run) or changed (real run), with the fields written. */
  updates: CmdbExportChange[];
  /** Records changed in the tool since the last export: not written unless overwritten. */
  conflicts: CmdbExportConflict[];
  /** Conflicting records written all the same because the run named them. */
  overwritten: CmdbExportChange[];
  /** Owners and groups the tool has no match for; those fields are left out. */
  unmatched: CmdbExportUnmatched[];
  /** How many records already hold what the catalogue would write. */
  unchanged: number;
  /** Mappings set (or kept) after creations; real runs only. */
  mappings: CmdbExportMapping[];
}
