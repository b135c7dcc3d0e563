import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every store test runs on: SQLite, and the PostgreSQL named by
 * `SOCIAL_MEDIA_TEST_POSTGRES` (e.g. `POSTGRES_15`, set by `scripts/test-all.mjs` together with
 * Backstage's `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING`).
 *
 * PostgreSQL is not optional: when it is not configured the tests fail instead of quietly
 * running on SQLite alone. Set `SOCIAL_MEDIA_TEST_SQLITE_ONLY=1` to opt out knowingly.
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const postgresId = (process.env.SOCIAL_MEDIA_TEST_POSTGRES ??
    'POSTGRES_15') as TestDatabaseId;
  const sqliteOnly = process.env.SOCIAL_MEDIA_TEST_SQLITE_ONLY === '1';
  const wanted: TestDatabaseId[] = sqliteOnly
    ? ['SQLITE_3']
    : ['SQLITE_3', postgresId];
  const databases = TestDatabases.create({ ids: wanted });
  const supported = databases.eachSupportedId().map(([id]) => id);
  const missing = wanted.filter(id => !supported.includes(id));
  if (missing.length > 0) {
    const variable = `BACKSTAGE_TEST_DATABASE_${postgresId.replace(
      '_',
      '',
    )}_CONNECTION_STRING`;
    throw new Error(
      `Store tests need ${missing.join(', ')}. Set ${variable} ` +
        '(npm test does this for the local PostgreSQL), ' +
        'or SOCIAL_MEDIA_TEST_SQLITE_ONLY=1 to run on SQLite alone.',
    );
  }
  return { databases, ids: wanted };
}
