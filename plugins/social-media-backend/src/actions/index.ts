import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerAccessReviewsDueAction } from './accessReviewsDue';
import { registerExplainRatingAction } from './explainRating';
import { registerFileServiceRequestAction } from './fileServiceRequest';
import { registerFindServicesAction } from './findServices';
import { ActionGuard, PortalLinks, SocialMediaActionDeps } from './guard';
import { registerOwnerOnDateAction } from './ownerOnDate';
import { registerReportIncidentAction } from './reportIncident';

/** What the catalogue's actions are built from. */
export interface SocialMediaActionsOptions {
  actionsRegistry: ActionsRegistryService;
  socialMedia: SocialMediaActionDeps['socialMedia'];
  permissions: PermissionsService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  /** `app.baseUrl`, for absolute links to the portal's pages; paths alone without it. */
  appBaseUrl?: string;
}

/**
 * Registers the catalogue's actions with Backstage's actions registry, for assistants (the MCP
 * actions backend serves them as tools) and other callers of the actions service. Each one calls
 * the use case of its HTTP route with the caller's credentials and the same permission.
 *
 * Reads: `find-services`, `explain-service-rating`, `who-owned-service`,
 * `list-access-reviews-due`. Changes, in the caller's name: `file-service-request`,
 * `report-incident`.
 */
export function registerSocialMediaActions(options: SocialMediaActionsOptions) {
  const deps: SocialMediaActionDeps = {
    actionsRegistry: options.actionsRegistry,
    socialMedia: options.socialMedia,
    guard: new ActionGuard(options),
    links: new PortalLinks(options.appBaseUrl),
  };
  registerFindServicesAction(deps);
  registerExplainRatingAction(deps);
  registerOwnerOnDateAction(deps);
  registerAccessReviewsDueAction(deps);
  registerFileServiceRequestAction(deps);
  registerReportIncidentAction(deps);
}
