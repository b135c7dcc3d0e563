import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  LIFECYCLE_STAGES,
  LifecycleStage,
  SocialService,
} from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import { SocialMediaStore, StoreStatus } from './SocialMediaStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);

/** Name of the knex migrations bookkeeping table of this plugin. */
const MIGRATIONS_TABLE = 'knex_migrations';

type ServiceRow = {
  id: string;
  name: string;
  platform: string;
  handle: string;
  profile_url: string | null;
  owner_group: string;
  lifecycle_stage: string;
  risk_rating: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

// SQLite returns timestamps as strings or epoch numbers, PostgreSQL as Date objects.
function toIso(value: Date | string | number): string {
  return new Date(value).toISOString();
}

function rowToService(row: ServiceRow): SocialService {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform as SocialService['platform'],
    handle: row.handle,
    ...(row.profile_url ? { profileUrl: row.profile_url } : {}),
    ownerGroup: row.owner_group,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    ...(row.risk_rating
      ? { riskRating: row.risk_rating as SocialService['riskRating'] }
      : {}),
    version: Number(row.version),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Knex implementation of {@link SocialMediaStore} for SQLite and PostgreSQL. */
export class DatabaseSocialMediaStore implements SocialMediaStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSocialMediaStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new DatabaseSocialMediaStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async getStatus(): Promise<StoreStatus> {
    const [latest] = await this.db(MIGRATIONS_TABLE)
      .select('name')
      .orderBy('id', 'desc')
      .limit(1);
    const counts = await this.db<ServiceRow>('social_services')
      .select('lifecycle_stage')
      .count({ count: '*' })
      .groupBy('lifecycle_stage');
    const servicesByStage = Object.fromEntries(
      LIFECYCLE_STAGES.map(stage => [stage, 0]),
    ) as Record<LifecycleStage, number>;
    for (const row of counts) {
      servicesByStage[row.lifecycle_stage as LifecycleStage] = Number(
        row.count,
      );
    }
    return {
      client: String(this.db.client.config.client),
      latestMigration: latest?.name ?? 'none',
      servicesByStage,
    };
  }

  async listServices(): Promise<SocialService[]> {
    const rows = await this.db<ServiceRow>('social_services')
      .select('*')
      .orderByRaw('lower(name), id');
    return rows.map(rowToService);
  }
}
