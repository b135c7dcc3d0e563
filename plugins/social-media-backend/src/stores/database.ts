import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-social-media-backend',
  'migrations',
);

/** The plugin's tables; each store owns the ones of its concern. */
export const TABLES = {
  migrations: 'knex_migrations',
  services: 'social_services',
  admins: 'social_service_admins',
  transitions: 'social_service_transitions',
  audit: 'social_media_audit_log',
  auditHead: 'social_media_audit_head',
  auditCheckpoints: 'social_media_audit_checkpoints',
  riskHistory: 'social_service_risk_history',
  reviews: 'social_service_access_reviews',
  signOffs: 'social_service_sign_offs',
  requests: 'social_service_requests',
  requestSteps: 'social_service_request_steps',
  handovers: 'social_service_handovers',
  handoverSteps: 'social_service_handover_steps',
  ownershipPeriods: 'social_service_ownership_periods',
  incidents: 'social_service_incidents',
  itsmSync: 'social_media_itsm_sync',
} as const;

/** Rows per statement when working through many services at once. */
export const CHUNK = 500;

// One migration run per database client, however many stores are created on it: the stores
// share one schema, and concurrent runs would fight over knex's migration lock.
const migrated = new WeakMap<Knex, Promise<void>>();

/**
 * The plugin's database client, migrated to the latest schema unless the database service
 * says migrations are skipped (as Backstage's own stores do).
 */
export async function openDatabase(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    if (!migrated.has(client)) {
      migrated.set(
        client,
        client.migrate
          .latest({ directory: migrationsDir, tableName: TABLES.migrations })
          .then(() => undefined),
      );
    }
    await migrated.get(client);
  }
  return client;
}

/** Whether the client is PostgreSQL (row locks) rather than SQLite (whole-database writes). */
export function isPostgres(db: Knex): boolean {
  return String(db.client.config.client).includes('pg');
}

/** Runs `fn` over `items` in slices of {@link CHUNK}, in order. */
export async function inChunks<T>(
  items: T[],
  fn: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    await fn(items.slice(i, i + CHUNK));
  }
}

/** A count as knex returns it (a string on PostgreSQL, a number on SQLite). */
export function countOf(rows: Array<{ count: string | number }>): number {
  return Number(rows[0]?.count ?? 0);
}
