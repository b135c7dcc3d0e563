import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import {
  incidentReportSchema,
  LinkedIncident,
} from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { unusableIncidentFields } from '../domain/incidentSync';
import { Actor, ServiceStore } from '../stores/services/ServiceStore';
import { linkIncidents, toIncidentRecord } from './ItsmSync';
import { parseInput } from './parseInput';

/**
 * Raises an incident on a service in the ITSM tool the service is mapped to (e.g. a suspected
 * account takeover), and keeps it linked at once, with an audit entry, rather than waiting for
 * the next sync to bring it.
 */
export class IncidentReporter {
  constructor(
    private readonly options: {
      services: ServiceStore;
      writes: ServiceWritePath;
      connectors: () => ItsmConnector[];
    },
  ) {}

  async report(
    serviceId: string,
    body: unknown,
    actor: Actor,
  ): Promise<LinkedIncident> {
    const report = parseInput(incidentReportSchema, body, 'incident report');
    const service = await this.options.services.getService(serviceId);
    if (!service.itsm) {
      throw new ConflictError(
        `${service.name} is not mapped to an ITSM record yet; set its ITSM system and reference on the service first`,
      );
    }
    const connector = this.options
      .connectors()
      .find(c => c.id === service.itsm!.system);
    if (!connector) {
      throw new ServiceUnavailableError(
        `${service.name} is mapped to ${service.itsm.system}, but no ${service.itsm.system} connector is installed in this portal; ask a portal administrator to configure it`,
      );
    }
    let created;
    try {
      created = await connector.createIncident({
        mapping: {
          serviceId,
          itsmReference: service.itsm.reference,
          lifecycleStage: service.lifecycleStage,
        },
        title: report.title,
        description: report.description,
        category: report.category,
        reportedBy: actor,
      });
    } catch (error) {
      // Connectors keep credentials out of their messages.
      const message = error instanceof Error ? error.message : String(error);
      throw new ServiceUnavailableError(
        `The incident could not be raised in ${connector.id}: ${message}`,
      );
    }
    const unusable = unusableIncidentFields(created);
    if (unusable.length > 0) {
      throw new ServiceUnavailableError(
        `${connector.id} raised the incident${
          created?.externalId ? ` ${created.externalId}` : ''
        } but answered without a usable ${unusable.join(
          ', ',
        )}; it is linked to the service when the next ITSM sync brings it`,
      );
    }
    const record = toIncidentRecord({ ...created, serviceId });
    // Linked at once, with its audit entry, rather than when the next sync brings it.
    return this.options.writes.run(actor, async unit => {
      await unit.lock(serviceId);
      // The reporting service's copy; other services mapped to the same record keep theirs, and
      // get the incident from the next sync.
      await linkIncidents(unit, connector.id, [record], { everyCopy: false });
      unit.record({
        serviceId,
        action: 'incident-reported',
        before: null,
        after: {
          connectorId: connector.id,
          externalId: record.externalId,
          number: record.number,
          title: record.title,
          category: record.category ?? null,
          url: record.url,
        },
      });
      return unit.incidents.getIncident(
        connector.id,
        record.externalId,
        serviceId,
      );
    });
  }
}
