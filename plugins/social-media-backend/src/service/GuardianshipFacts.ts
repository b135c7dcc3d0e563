import {
  ServiceGuardianshipFacts,
  ServiceGuardianshipFactsList,
} from '@internal/plugin-social-media-common';
import { encodeIdCursor } from '../domain/listCursor';
import { IdPageQuery } from '../domain/listQuery';
import { rowToService, ServiceRow } from '../domain/serviceRecord';
import { riskProductOf } from '../domain/storedRecord';
import { IncidentStore } from '../stores/incidents/IncidentStore';
import { ServiceStore } from '../stores/services/ServiceStore';

/** The guardianship facts of one stored service, given its open security incidents. */
export function toGuardianshipFacts(
  row: ServiceRow,
  openSecurityIncidentCount: number,
): ServiceGuardianshipFacts {
  const service = rowToService(row);
  const { controls, compliance } = service;
  const product = riskProductOf(row.risk_json);
  return {
    serviceId: service.id,
    lifecycleStage: service.lifecycleStage,
    mfaEnabled: controls.mfaEnabled === true,
    credentialsInVault: Boolean(controls.credentialVaultRef?.trim()),
    sharedLogin: controls.sharedLogin === true,
    ...(controls.lastAccessReviewAt
      ? { lastAccessReviewAt: controls.lastAccessReviewAt }
      : {}),
    leaverCount: service.leaverCount,
    openIncidentCount: service.openIncidentCount,
    openSecurityIncidentCount,
    stageCompliant: compliance.compliant,
    stageMissing: compliance.missing,
    ...(service.riskRating ? { riskRating: service.riskRating } : {}),
    ...(service.riskRating && typeof product === 'number'
      ? { riskScore: product }
      : {}),
  };
}

/**
 * The guardianship facts of every service, a page at a time, for scorecards: the same figures
 * the catalogue's list and service page show, in one read per page.
 */
export class GuardianshipFacts {
  constructor(
    private readonly options: {
      services: ServiceStore;
      incidents: IncidentStore;
    },
  ) {}

  async list(page: IdPageQuery): Promise<ServiceGuardianshipFactsList> {
    const { rows, totalCount, more } =
      await this.options.services.listGuardianshipRows(page);
    const security = await this.options.incidents.countOpenSecurityIncidents(
      rows.map(r => r.id),
    );
    return {
      items: rows.map(row =>
        toGuardianshipFacts(row, security.get(row.id) ?? 0),
      ),
      totalCount,
      limit: page.limit,
      offset: page.afterId !== undefined ? 0 : page.offset,
      ...(more && rows.length > 0
        ? { nextAfter: encodeIdCursor(rows[rows.length - 1].id) }
        : {}),
    };
  }
}
