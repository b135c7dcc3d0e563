import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Clock } from '../domain/clock';
import { openDatabase } from '../stores/database';
import { Actor } from '../stores/services/ServiceStore';
import { ServiceChangeAnnouncer } from './ServiceChangeAnnouncer';
import { RatingSettings, runUnitOfWork, UnitOfWork } from './UnitOfWork';

/**
 * The one write path for services. Every change (a person's edit, a lifecycle move, an access
 * review, an import, leaver detection, incidents from the ITSM) runs as a {@link UnitOfWork}:
 * in one transaction, it locks the rows, applies the change, rates again what changed and
 * appends the audit entries; after the commit, it announces the change to the catalog
 * projection. A new mutation gets all of that by being written as a unit of work.
 */
export class ServiceWritePath {
  static async create(
    options: {
      database: DatabaseService;
      clock: Clock;
      announcer: ServiceChangeAnnouncer;
    } & RatingSettings,
  ): Promise<ServiceWritePath> {
    return new ServiceWritePath(
      await openDatabase(options.database),
      options.clock,
      options.announcer,
      { riskModel: options.riskModel, policy: options.policy },
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly announcer: ServiceChangeAnnouncer,
    private readonly settings: RatingSettings,
  ) {}

  /**
   * Runs `work` as one unit of work by `actor` and returns what it returns. When `work` throws,
   * or leaves a written service without an audit entry, nothing is written. With
   * `announce: false` the caller announces the changes itself (the ITSM sync coalesces them).
   */
  async run<T>(
    actor: Actor,
    work: (unit: UnitOfWork) => Promise<T>,
    options: { announce?: boolean } = {},
  ): Promise<T> {
    const { result, unit } = await runUnitOfWork(
      this.db,
      actor,
      this.clock.now(),
      this.settings,
      work,
    );
    if (options.announce !== false) {
      this.announcer.announce(unit.committedChanges());
    }
    return result;
  }
}
