import { NotFoundError } from '@backstage/errors';
import {
  normalizeEntityRef,
  OwnershipReport,
  OwnershipReportItem,
  ServiceOwnership,
} from '@internal/plugin-social-media-common';
import { Clock } from '../domain/clock';
import {
  mergeOwnership,
  ownerAt,
  parseOwnershipAt,
  parseOwnershipReportQuery,
} from '../domain/ownership';
import { OwnershipStore } from '../stores/ownership/OwnershipStore';

/**
 * Who owned a service when, and what a group or a person owned over a period, read from the
 * ownership timeline the write path keeps.
 */
export class OwnershipHistory {
  constructor(
    private readonly options: { store: OwnershipStore; clock: Clock },
  ) {}

  /**
   * The owner of a service at `query.at` (now when not given) and its whole timeline. A
   * service deleted since is still answered for; an id never catalogued is not found.
   */
  async forService(
    id: string,
    query: Record<string, unknown>,
  ): Promise<ServiceOwnership> {
    const at = parseOwnershipAt(query, this.options.clock.now());
    const timeline = await this.options.store.getTimeline(id);
    if (timeline.length === 0) {
      throw new NotFoundError(`No social media service with id '${id}'`);
    }
    const last = timeline[timeline.length - 1];
    return {
      service: {
        id,
        name: last.serviceName,
        cataloguedAt: timeline[0].from,
        ...(last.to && last.endedBy?.action === 'delete'
          ? { deletedAt: last.to }
          : {}),
      },
      at,
      owner: ownerAt(timeline, at),
      timeline,
    };
  }

  /** Every service the group (as owner group) or person (as service owner) owned in a period. */
  async report(query: Record<string, unknown>): Promise<OwnershipReport> {
    const { group, person, from, to } = parseOwnershipReportQuery(
      query,
      normalizeEntityRef,
    );
    const { store } = this.options;
    const timelines = await store.listTimelinesOwnedBy(
      group ? { group } : { person: person! },
      { from, to },
    );
    const now = await store.listServicesNow([...timelines.keys()]);
    const items: OwnershipReportItem[] = [];
    for (const [serviceId, timeline] of timelines) {
      const periods = mergeOwnership(
        timeline,
        period =>
          group ? period.ownerGroup === group : period.serviceOwner === person,
        { from, to },
      );
      if (periods.length === 0) continue;
      const service = now.get(serviceId);
      const last = timeline[timeline.length - 1];
      items.push({
        serviceId,
        serviceName: service?.name ?? last.serviceName,
        ...(service
          ? { lifecycleStage: service.lifecycleStage }
          : { deletedAt: last.to ?? last.from }),
        ...(service && group && service.ownerGroup.toLowerCase() !== group
          ? { ownerGroupNow: service.ownerGroup }
          : {}),
        ...(service &&
        person &&
        (service.serviceOwner ?? '').toLowerCase() !== person
          ? {
              ownerGroupNow: service.ownerGroup,
              ...(service.serviceOwner
                ? { serviceOwnerNow: service.serviceOwner }
                : {}),
            }
          : {}),
        periods,
      });
    }
    items.sort(
      (a, b) =>
        a.serviceName.localeCompare(b.serviceName) ||
        a.serviceId.localeCompare(b.serviceId),
    );
    return {
      ...(group ? { group } : { person }),
      from,
      to,
      items,
    };
  }
}
