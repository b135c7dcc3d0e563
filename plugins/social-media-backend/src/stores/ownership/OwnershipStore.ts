import {
  OwnershipChange,
  OwnershipPeriod,
} from '@internal/plugin-social-media-common';
import { OwnershipState } from '../../domain/ownership';

/** A service as an ownership report names it: as it is now, or that it was deleted. */
export interface ServiceNow {
  id: string;
  name: string;
  lifecycleStage: string;
  ownerGroup: string;
  serviceOwner?: string;
}

/** Reads of the ownership timeline. */
export interface OwnershipStore {
  /** Every period of a service, oldest first (none for an id never catalogued). */
  getTimeline(serviceId: string): Promise<OwnershipPeriod[]>;
  /**
   * The whole timelines of the services that `owner` held (as owner group, or as service
   * owner) at some time in [from, to], oldest period first per service.
   */
  listTimelinesOwnedBy(
    owner: { group: string } | { person: string },
    range: { from: string; to: string },
  ): Promise<Map<string, OwnershipPeriod[]>>;
  /** The services among `ids` that are still catalogued, as they are now. */
  listServicesNow(ids: string[]): Promise<Map<string, ServiceNow>>;
}

/** A change of ownership to record, inside the unit of work. */
export interface OwnershipUpdate {
  serviceId: string;
  serviceName: string;
  /** The new state; absent when the service was deleted. */
  state?: OwnershipState;
  change: OwnershipChange;
}

/** Keeps the timeline in step with the services, in the transaction of each change. */
export interface OwnershipWrites {
  /** The open period of each of the services that has one. */
  openPeriods(
    ids: string[],
  ): Promise<Map<string, OwnershipState & { serviceName: string }>>;
  /** Closes the open period of each service (when its state changed) and opens the new one. */
  apply(updates: OwnershipUpdate[]): Promise<void>;
  /** Keeps the name of a service's open period in step with the service. */
  rename(serviceId: string, name: string): Promise<void>;
}
