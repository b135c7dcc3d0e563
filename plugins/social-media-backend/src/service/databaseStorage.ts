import type { DatabaseStorage } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import path from 'node:path';

/**
 * Where the catalogue's data is kept, asked of the database itself rather than read from the
 * configuration: a portal may hand the plugin any database service, and SQLite can be in memory
 * whatever the configuration looks like (`:memory:`, an empty file name, a connection loader).
 *
 * - PostgreSQL and MySQL: on a database server.
 * - SQLite: the file of its main database (`PRAGMA database_list`), by its base name only (the
 *   directory is the backend's configuration, not something to show in a browser); none when the
 *   database lives in memory (or is a temporary one, deleted when closed), so it is lost when
 *   the backend stops.
 * - Anything else, or a SQLite that cannot be asked: unknown, never a guess.
 */
export async function describeDatabaseStorage(
  db: Knex,
): Promise<DatabaseStorage> {
  const client = String(db.client.config.client).toLowerCase();
  if (client.includes('sqlite')) {
    try {
      const rows: Array<{ name: string; file: string | null }> = await db.raw(
        'PRAGMA database_list',
      );
      const main = rows.find(row => row.name === 'main');
      if (!main) return { kind: 'unknown' };
      return main.file
        ? { kind: 'file', file: path.basename(main.file) }
        : { kind: 'memory' };
    } catch {
      return { kind: 'unknown' };
    }
  }
  if (
    client === 'pg' ||
    client.includes('postgres') ||
    client.includes('mysql')
  ) {
    return { kind: 'server' };
  }
  return { kind: 'unknown' };
}
