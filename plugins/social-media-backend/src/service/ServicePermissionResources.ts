import { SocialServicePermissionResource } from '@internal/plugin-social-media-node';
import { ownersAsTrailed, serviceAsTrailed } from '../domain/trailRecord';
import { AuditStore } from '../stores/audit/AuditStore';
import { ServiceStore } from '../stores/services/ServiceStore';

/**
 * What permission rules see of services: who owns each, as the catalogue recorded it. The
 * owners are read from the record, then checked against the service's audit trail (read after
 * the record, entries of versions written since left out): an owner group or service owner
 * changed in the database outside the catalogue gives its new holder no right over the service,
 * and the owners the trail set keep theirs until the record is put right.
 */
export class ServicePermissionResources {
  constructor(
    private readonly options: { services: ServiceStore; audit: AuditStore },
  ) {}

  /** The services with these ids, in their order; undefined for an unknown id. */
  async list(
    ids: string[],
  ): Promise<Array<SocialServicePermissionResource | undefined>> {
    const stored = await this.options.services.getPermissionResources(ids);
    const trails = await this.options.audit.getServiceHistories(
      stored.map(s => s.id),
    );
    const byId = new Map(
      stored.map(({ version, ...owners }) => [
        owners.id,
        ownersAsTrailed(
          owners,
          serviceAsTrailed(
            [...(trails.get(owners.id) ?? [])].reverse(),
            version,
          ),
        ),
      ]),
    );
    return ids.map(id => byId.get(id));
  }

  /** One service; `NotFoundError` when there is no such service. */
  async require(id: string): Promise<SocialServicePermissionResource> {
    const [found] = await this.list([id]);
    // The store's own answer for an unknown service (a 404).
    return found ?? this.options.services.requirePermissionResource(id);
  }
}
