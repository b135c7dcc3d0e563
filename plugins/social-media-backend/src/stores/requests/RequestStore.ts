import {
  ServiceRequest,
  ServiceRequestStatus,
  ServiceRequestStep,
} from '@internal/plugin-social-media-common';

/** Which requests a list shows. */
export interface RequestQuery {
  /** Only these statuses; all when left out. */
  status?: ServiceRequestStatus[];
  /** Only requests filed by this person or by one of these teams. */
  requesterSide?: { userRef: string; teams: string[] };
  /**
   * With `requesterSide`: also the requests past their draft that name the same person or one of
   * the same teams to own the service.
   */
  namedToOwn?: boolean;
  limit: number;
  offset: number;
}

/** Reads of service requests. */
export interface RequestStore {
  /** One request with its timeline; undefined when there is none. */
  getRequest(id: number): Promise<ServiceRequest | undefined>;
  /** Requests, newest first, with their timelines. */
  listRequests(
    query: RequestQuery,
  ): Promise<{ items: ServiceRequest[]; totalCount: number }>;
  /** The number of a pending request (draft, submitted, changes requested) for this account. */
  findPendingRequestFor(
    platform: string,
    handle: string,
    exceptId?: number,
  ): Promise<number | undefined>;
}

/** A request as it is written; the timeline is appended step by step. */
export type RequestRecord = Omit<ServiceRequest, 'id' | 'steps'>;

/** Writes of service requests, only inside a unit of work. */
export interface RequestWrites extends RequestStore {
  /** Reads a request locked for the rest of the transaction. */
  lockRequest(id: number): Promise<ServiceRequest | undefined>;
  insertRequest(request: RequestRecord): Promise<number>;
  updateRequest(id: number, request: RequestRecord): Promise<void>;
  addStep(id: number, step: ServiceRequestStep): Promise<void>;
}
