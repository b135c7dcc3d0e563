import {
  LifecycleStage,
  SocialService,
} from '@internal/plugin-social-media-common';

/** What the store reports about itself and the portfolio it holds. */
export interface StoreStatus {
  client: string;
  latestMigration: string;
  servicesByStage: Record<LifecycleStage, number>;
}

/** Persistence of the social media service catalogue. Routers and services depend on this. */
export interface SocialMediaStore {
  /** Runs a trivial query; throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Database client, newest applied migration and service counts per lifecycle stage. */
  getStatus(): Promise<StoreStatus>;
  /** Every service, ordered by name (case-insensitive, the same on every database). */
  listServices(): Promise<SocialService[]>;
}
