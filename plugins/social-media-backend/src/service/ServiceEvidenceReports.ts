import type { ServiceEvidence } from '@internal/plugin-social-media-common';
import { Clock } from '../domain/clock';
import { originalRequest, parseEvidencePeriod } from '../domain/evidence';
import { AuditStore } from '../stores/audit/AuditStore';
import { GuardianshipStore } from '../stores/guardianship/GuardianshipStore';
import { HandoverStore } from '../stores/handovers/HandoverStore';
import { IncidentStore } from '../stores/incidents/IncidentStore';
import { OwnershipStore } from '../stores/ownership/OwnershipStore';
import { SocialServiceCatalogue } from './SocialServiceCatalogue';

const within = (at: string, period: { from: string; to: string }) =>
  at >= period.from && at <= period.to;

/**
 * The evidence about one service over a period, put together from the records the catalogue
 * keeps: its audit trail, lifecycle moves, access reviews, ratings, incidents and requests.
 */
export class ServiceEvidenceReports {
  constructor(
    private readonly options: {
      catalogue: SocialServiceCatalogue;
      audit: AuditStore;
      guardianship: GuardianshipStore;
      incidents: IncidentStore;
      handovers: HandoverStore;
      ownership: OwnershipStore;
      clock: Clock;
    },
  ) {}

  /** Checks the query's period; a bad date is a 400 naming the field. */
  period(query: { from?: unknown; to?: unknown }) {
    return parseEvidencePeriod(query, this.options.clock.now());
  }

  async collect(
    id: string,
    period: { from: string; to: string },
    generatedBy: string,
  ): Promise<ServiceEvidence> {
    const { catalogue, audit, guardianship, incidents, handovers, ownership } =
      this.options;
    const service = await catalogue.getService(id);
    const [history, reviews, ratings, linked, filed, timeline] =
      await Promise.all([
        audit.getServiceHistory(id),
        guardianship.getAccessReviews(id),
        guardianship.getRiskHistory(id),
        incidents.listIncidents(id, { includeResolved: true }),
        handovers.listHandovers({ serviceId: id, limit: 1000, offset: 0 }),
        ownership.getTimeline(id),
      ]);
    const trail = [...history].sort((a, b) => a.seq - b.seq);
    const byTime = <T extends { at: string }>(items: T[]) =>
      items
        .filter(item => within(item.at, period))
        .sort((a, b) => a.at.localeCompare(b.at));
    const request = originalRequest(trail);
    return {
      service: {
        id: service.id,
        name: service.name,
        platform: service.platform,
        handle: service.handle,
        lifecycleStage: service.lifecycleStage,
        ownerGroup: service.ownerGroup,
        ...(service.serviceOwner ? { serviceOwner: service.serviceOwner } : {}),
        ...(service.riskRating ? { riskRating: service.riskRating } : {}),
      },
      period,
      generatedAt: this.options.clock.now().toISOString(),
      generatedBy,
      // The ownership periods that overlap the period asked about.
      owners: timeline.filter(
        o => o.from <= period.to && (o.to === undefined || o.to >= period.from),
      ),
      ...(request ? { request } : {}),
      handovers: filed.items
        .filter(h => within(h.createdAt, period))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      moves: byTime(service.transitions),
      accessReviews: byTime(reviews),
      riskHistory: byTime(ratings),
      incidents: linked
        .filter(i => within(i.openedAt, period))
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
      auditEntries: byTime(trail),
    };
  }
}
