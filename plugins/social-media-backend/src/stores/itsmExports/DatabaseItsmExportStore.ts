import { DatabaseService } from '@backstage/backend-plugin-api';
import { ItsmExportState } from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import { CHUNK, openDatabase, TABLES } from '../database';
import { ItsmExportStore } from './ItsmExportStore';

const EXPORTS = TABLES.itsmExports;

interface ExportRow {
  connector_id: string;
  service_id: string;
  external_id: string;
  external_version: string;
  exported_at: string;
}

/** {@link ItsmExportStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseItsmExportStore implements ItsmExportStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseItsmExportStore> {
    return new DatabaseItsmExportStore(await openDatabase(options.database));
  }

  constructor(private readonly db: Knex) {}

  async listStates(connectorId: string): Promise<ItsmExportState[]> {
    const rows: ExportRow[] = await this.db(EXPORTS)
      .where({ connector_id: connectorId })
      .select()
      .orderBy('service_id');
    return rows.map(row => ({
      serviceId: row.service_id,
      externalId: row.external_id,
      version: row.external_version,
    }));
  }

  async saveStates(
    connectorId: string,
    states: ItsmExportState[],
    at: string,
  ): Promise<void> {
    if (states.length === 0) return;
    // One row per service: the last state given for it wins.
    const rows = [
      ...new Map(
        states.map(state => [
          state.serviceId,
          {
            connector_id: connectorId,
            service_id: state.serviceId,
            external_id: state.externalId,
            external_version: state.version,
            exported_at: at,
          } satisfies ExportRow,
        ]),
      ).values(),
    ];
    await this.db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx(EXPORTS)
          .insert(rows.slice(i, i + CHUNK))
          .onConflict(['connector_id', 'service_id'])
          .merge(['external_id', 'external_version', 'exported_at']);
      }
    });
  }
}
