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
 */
export class ServiceChangeAnnouncer {
  constructor(
    private readonly options: {
      events?: EventsService;
      logger: LoggerService;
    },
  ) {}

  async announce(changes: CommittedChanges): Promise<void> {
    const updated = changes.updated.filter(
      (s): s is SocialService => typeof s !== 'string',
    );
    await this.publish(
      'create',
      changes.created.map(s => s.id),
      changes.created,
    );
    await this.publish(
      'update',
      changes.updated.map(s => (typeof s === 'string' ? s : s.id)),
      updated.length === changes.updated.length ? updated : undefined,
    );
    await this.publish('delete', changes.deleted);
  }

  /** Announces services changed by id only (derived changes, coalesced by the ITSM sync). */
  async announceIds(serviceIds: string[]): Promise<void> {
    await this.publish('update', serviceIds);
  }

  private async publish(
    action: ServiceChangedEvent['action'],
    serviceIds: string[],
    services?: SocialService[],
  ) {
    if (!this.options.events || serviceIds.length === 0) return;
    const eventPayload: ServiceChangedEvent = {
      serviceIds,
      action,
      ...(services && services.length <= MAX_SERVICES_IN_EVENT
        ? { services }
        : {}),
    };
    try {
      await this.options.events.publish({
        topic: SERVICE_CHANGED_TOPIC,
        eventPayload,
      });
    } catch (error) {
      // The change is stored; the catalog catches up on its next scheduled refresh.
      this.options.logger.warn(
        `Could not announce the change of ${serviceIds.length} service(s): ${error}`,
      );
    }
  }
}
