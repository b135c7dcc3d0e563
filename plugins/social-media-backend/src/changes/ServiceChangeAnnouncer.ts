import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  SERVICE_CHANGED_TOPIC,
  ServiceChangedEvent,
  SocialService,
} from '@internal/plugin-social-media-common';

/**
 * Up to this many services travel in an event; a larger batch is announced by id, and the
 * catalog projection reads the catalogue itself (it refreshes in full above its own limit).
 */
const MAX_SERVICES_IN_EVENT = 50;

/** What one unit of work changed, for the catalog projection. */
export interface CommittedChanges {
  created: SocialService[];
  /** Changed services, with their new state when the unit of work holds it. */
  updated: Array<SocialService | string>;
  deleted: string[];
}

/**
 * Tells the catalog projection (and anyone else listening on the service-changed topic) which
 * services changed, after the change is committed.
 *
 * Announcements are queued rather than awaited: the events service runs local subscribers before
 * it returns, and a person's change should not wait for the catalog to re-read 10,000 services
 * after an import. The queue keeps them in the order of the commits, so that the projection never
 * applies an older state of a service after a newer one.
 */
export class ServiceChangeAnnouncer {
  #pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      events?: EventsService;
      logger: LoggerService;
    },
  ) {}

  /** Queues the announcement of one unit of work's changes. */
  announce(changes: CommittedChanges): void {
    const updated = changes.updated.filter(
      (s): s is SocialService => typeof s !== 'string',
    );
    this.enqueue(
      'create',
      changes.created.map(s => s.id),
      changes.created,
    );
    this.enqueue(
      'update',
      changes.updated.map(s => (typeof s === 'string' ? s : s.id)),
      updated.length === changes.updated.length ? updated : undefined,
    );
    this.enqueue('delete', changes.deleted);
  }

  /** Queues services changed by id only (derived changes, coalesced by the ITSM sync). */
  announceIds(serviceIds: string[]): void {
    this.enqueue('update', serviceIds);
  }

  /** Resolves once everything queued so far is published (for shutdown, and tests). */
  settled(): Promise<void> {
    return this.#pending;
  }

  private enqueue(
    action: ServiceChangedEvent['action'],
    serviceIds: string[],
    services?: SocialService[],
  ) {
    const events = this.options.events;
    if (!events || serviceIds.length === 0) return;
    const eventPayload: ServiceChangedEvent = {
      serviceIds,
      action,
      ...(services && services.length <= MAX_SERVICES_IN_EVENT
        ? { services }
        : {}),
    };
    this.#pending = this.#pending.then(async () => {
      try {
        await events.publish({ topic: SERVICE_CHANGED_TOPIC, eventPayload });
      } catch (error) {
        // The change is stored; the catalog catches up on its next scheduled refresh.
        this.options.logger.warn(
          `Could not announce the change of ${serviceIds.length} service(s): ${error}`,
        );
      }
    });
  }
}
