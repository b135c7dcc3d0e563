import { ItsmExportState } from '@internal/plugin-social-media-node';

/**
 * What each ITSM connector exported of each service to its tool's CMDB at the last export: the
 * record's id there and its version then, which tell the next export which record is the
 * service's and whether it changed in the tool since.
 */
export interface ItsmExportStore {
  /** The stored states of one connector's exports, by service id order. */
  listStates(connectorId: string): Promise<ItsmExportState[]>;
  /**
   * Stores the states after an export (replacing what was stored for those services), all or
   * none.
   */
  saveStates(
    connectorId: string,
    states: ItsmExportState[],
    at: string,
  ): Promise<void>;
}
