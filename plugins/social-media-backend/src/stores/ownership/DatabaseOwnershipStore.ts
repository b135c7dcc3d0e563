import { DatabaseService } from '@backstage/backend-plugin-api';
import { OwnershipPeriod } from '@internal/plugin-social-media-common';
import { Knex } from 'knex';
import {
  changeColumns,
  OwnershipPeriodRow,
  OwnershipState,
  rowToPeriod,
} from '../../domain/ownership';
import { inChunks, openDatabase, TABLES } from '../database';
import {
  OwnershipStore,
  OwnershipUpdate,
  OwnershipWrites,
  ServiceNow,
} from './OwnershipStore';

const { ownershipPeriods: PERIODS, services: SERVICES } = TABLES;

const lower = (ref?: string | null) => (ref ? ref.toLowerCase() : null);

/** Knex implementation of {@link OwnershipStore} and {@link OwnershipWrites}. */
export class DatabaseOwnershipStore implements OwnershipStore, OwnershipWrites {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseOwnershipStore> {
    return new DatabaseOwnershipStore(await openDatabase(options.database));
  }

  /** @param db the database, or a transaction of the unit of work */
  constructor(private readonly db: Knex) {}

  async getTimeline(serviceId: string): Promise<OwnershipPeriod[]> {
    const rows = (await this.db<OwnershipPeriodRow>(PERIODS)
      .where({ service_id: serviceId })
      .orderBy([
        { column: 'from_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])) as OwnershipPeriodRow[];
    return rows.map(rowToPeriod);
  }

  async listTimelinesOwnedBy(
    owner: { group: string } | { person: string },
    range: { from: string; to: string },
  ): Promise<Map<string, OwnershipPeriod[]>> {
    // The indexes on (owner_group, from_at) and (service_owner, from_at) find the owner's
    // periods; the services' whole timelines then come by service id.
    const column = 'group' in owner ? 'owner_group' : 'service_owner';
    const ref = ('group' in owner ? owner.group : owner.person).toLowerCase();
    const owned = await this.db(PERIODS)
      .distinct('service_id')
      .where(column, ref)
      .andWhere('from_at', '<=', range.to)
      .andWhere(q => q.whereNull('to_at').orWhere('to_at', '>', range.from));
    const ids = owned.map(r => String(r.service_id)).sort();
    const timelines = new Map<string, OwnershipPeriod[]>();
    await inChunks(ids, async chunk => {
      const rows = (await this.db<OwnershipPeriodRow>(PERIODS)
        .whereIn('service_id', chunk)
        .orderBy([
          { column: 'service_id', order: 'asc' },
          { column: 'from_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])) as OwnershipPeriodRow[];
      for (const row of rows) {
        const list = timelines.get(row.service_id) ?? [];
        list.push(rowToPeriod(row));
        timelines.set(row.service_id, list);
      }
    });
    return timelines;
  }

  async listServicesNow(ids: string[]): Promise<Map<string, ServiceNow>> {
    const found = new Map<string, ServiceNow>();
    await inChunks(ids, async chunk => {
      const rows = await this.db(SERVICES)
        .whereIn('id', chunk)
        .select(
          'id',
          'name',
          'lifecycle_stage',
          'owner_group',
          'service_owner',
        );
      for (const row of rows) {
        found.set(row.id, {
          id: row.id,
          name: row.name,
          lifecycleStage: row.lifecycle_stage,
          ownerGroup: row.owner_group,
          ...(row.service_owner ? { serviceOwner: row.service_owner } : {}),
        });
      }
    });
    return found;
  }

  async openPeriods(
    ids: string[],
  ): Promise<Map<string, OwnershipState & { serviceName: string }>> {
    const open = new Map<string, OwnershipState & { serviceName: string }>();
    await inChunks(ids, async chunk => {
      const rows = (await this.db<OwnershipPeriodRow>(PERIODS)
        .whereIn('service_id', chunk)
        .whereNull('to_at')) as OwnershipPeriodRow[];
      for (const row of rows) {
        open.set(row.service_id, {
          ownerGroup: row.owner_group,
          serviceOwner: row.service_owner,
          serviceOwnerInOrganisation: Boolean(row.owner_in_organisation),
          serviceName: row.service_name,
        });
      }
    });
    return open;
  }

  async apply(updates: OwnershipUpdate[]): Promise<void> {
    for (const { serviceId, serviceName, state, change } of updates) {
      await this.db(PERIODS)
        .where({ service_id: serviceId })
        .whereNull('to_at')
        .update({
          to_at: change.at,
          ended_by_action: change.action,
          ended_by_actor: change.actor ?? null,
          service_name: serviceName,
        });
      if (!state) continue;
      await this.db(PERIODS).insert({
        service_id: serviceId,
        service_name: serviceName,
        owner_group: lower(state.ownerGroup),
        service_owner: lower(state.serviceOwner),
        owner_in_organisation: state.serviceOwnerInOrganisation,
        from_at: change.at,
        to_at: null,
        ...changeColumns(change),
        ended_by_action: null,
        ended_by_actor: null,
      });
    }
  }

  async rename(serviceId: string, name: string): Promise<void> {
    await this.db(PERIODS)
      .where({ service_id: serviceId })
      .whereNull('to_at')
      .update({ service_name: name });
  }
}
