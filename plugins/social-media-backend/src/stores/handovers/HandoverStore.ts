import {
  Handover,
  HandoverKind,
  HandoverStatus,
  HandoverStep,
} from '@internal/plugin-social-media-common';

/** Which transfers and retirements a list shows. */
export interface HandoverQuery {
  /** Only those of this service. */
  serviceId?: string;
  kind?: HandoverKind;
  status?: HandoverStatus[];
  /** Only those filed by this person. */
  requester?: string;
  /** Only those these groups decide (any of them). */
  deciders?: string[];
  limit: number;
  offset: number;
}

/** Reads of transfers and retirements. */
export interface HandoverStore {
  /** One with its timeline; undefined when there is none. */
  getHandover(id: number): Promise<Handover | undefined>;
  /** Newest first, with their timelines. */
  listHandovers(
    query: HandoverQuery,
  ): Promise<{ items: Handover[]; totalCount: number }>;
}

/** A transfer or retirement as it is written; the timeline is appended step by step. */
export type HandoverRecord = Omit<Handover, 'id' | 'steps'>;

/** Writes of transfers and retirements, only inside a unit of work. */
export interface HandoverWrites extends HandoverStore {
  /** Reads one locked for the rest of the transaction. */
  lockHandover(id: number): Promise<Handover | undefined>;
  /** The one still waiting for a decision on this service, if any. */
  findOpenHandover(serviceId: string): Promise<Handover | undefined>;
  insertHandover(handover: HandoverRecord): Promise<number>;
  updateHandover(id: number, handover: HandoverRecord): Promise<void>;
  addStep(id: number, step: HandoverStep): Promise<void>;
}
