/**
 * The platforms a social media service can run on.
 *
 * @public
 */
export const SOCIAL_PLATFORMS = [
  'x',
  'facebook',
  'instagram',
  'linkedin',
  'youtube',
  'tiktok',
  'mastodon',
  'blog',
  'other',
] as const;

/** @public */
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

/**
 * ITIL service lifecycle stages a social media service moves through.
 *
 * @public
 */
export const LIFECYCLE_STAGES = [
  'strategy',
  'design',
  'transition',
  'operation',
  'improvement',
  'retired',
] as const;

/** @public */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** @public */
export const RISK_RATINGS = ['low', 'medium', 'high', 'critical'] as const;

/** @public */
export type RiskRating = (typeof RISK_RATINGS)[number];

/**
 * A social media presence run as a catalogued business service.
 *
 * @public
 */
export interface SocialService {
  id: string;
  name: string;
  platform: SocialPlatform;
  handle: string;
  profileUrl?: string;
  /** Entity ref of the owning catalog Group, e.g. `group:default/marketing`. */
  ownerGroup: string;
  lifecycleStage: LifecycleStage;
  riskRating?: RiskRating;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; used for optimistic concurrency. */
  version: number;
}

/**
 * The portfolio status the backend reports at `GET /api/social-media/status`.
 *
 * @public
 */
export interface SocialMediaStatus {
  status: 'ready';
  database: {
    /** Knex client in use, e.g. `better-sqlite3` or `pg`. */
    client: string;
    /** Name of the newest migration applied to the plugin's database. */
    latestMigration: string;
  };
  services: {
    total: number;
    byStage: Record<LifecycleStage, number>;
  };
  /** Ids of the ITSM connectors installed as backend modules, e.g. `servicenow`. */
  connectors: string[];
}
