import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of a social media service, for conditional permission rules.
 *
 * @public
 */
export const SOCIAL_SERVICE_RESOURCE_TYPE = 'social-media-service';

/**
 * Read services, their history and the portfolio status.
 *
 * @public
 */
export const socialServiceReadPermission = createPermission({
  name: 'social-media.service.read',
  attributes: { action: 'read' },
});

/**
 * Register a new service in the catalogue.
 *
 * @public
 */
export const socialServiceCreatePermission = createPermission({
  name: 'social-media.service.create',
  attributes: { action: 'create' },
});

/**
 * Change a service's details.
 *
 * @public
 */
export const socialServiceUpdatePermission = createPermission({
  name: 'social-media.service.update',
  attributes: { action: 'update' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Move a service through its lifecycle.
 *
 * @public
 */
export const socialServiceTransitionPermission = createPermission({
  name: 'social-media.service.transition',
  attributes: { action: 'update' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Remove a service from the catalogue altogether (retiring it is the usual way out).
 *
 * @public
 */
export const socialServiceDeletePermission = createPermission({
  name: 'social-media.service.delete',
  attributes: { action: 'delete' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Hand a service over to another owning group. Changing the owner group in an update needs this
 * on top of `social-media.service.update`, so that an owning team cannot give its service away
 * (or take another's) on its own.
 *
 * @public
 */
export const socialServiceTransferPermission = createPermission({
  name: 'social-media.service.transfer',
  attributes: { action: 'update' },
});

/**
 * Attest a service's admin list in an access review (keep or remove each admin).
 *
 * @public
 */
export const socialServiceReviewPermission = createPermission({
  name: 'social-media.service.review',
  attributes: { action: 'update' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Sign off a service's current risk assessment: its service owner or the security office
 * accepts the rating, with a note, in their own name.
 *
 * @public
 */
export const socialServiceSignOffPermission = createPermission({
  name: 'social-media.service.sign-off',
  attributes: { action: 'update' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Run the guardianship sweep (leaver detection and risk recomputation) now instead of waiting
 * for its schedule.
 *
 * @public
 */
export const guardianshipSweepPermission = createPermission({
  name: 'social-media.guardianship.sweep',
  attributes: { action: 'update' },
});

/**
 * Run the incident sync of the ITSM connectors now instead of waiting for its schedule.
 *
 * @public
 */
export const itsmSyncPermission = createPermission({
  name: 'social-media.itsm.sync',
  attributes: { action: 'update' },
});

/**
 * Report an incident on a service to the ITSM tool (e.g. a suspected account takeover).
 *
 * @public
 */
export const socialServiceIncidentReportPermission = createPermission({
  name: 'social-media.service.incident.report',
  attributes: { action: 'create' },
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * See how the catalogue runs: its database, migrations and ITSM connectors
 * (`GET /status`). Meant for portal administrators.
 *
 * @public
 */
export const socialMediaStatusReadPermission = createPermission({
  name: 'social-media.status.read',
  attributes: { action: 'read' },
});

/**
 * File a request for a new social service (everyone signed in, by default).
 *
 * @public
 */
export const serviceRequestCreatePermission = createPermission({
  name: 'social-media.request.create',
  attributes: { action: 'create' },
});

/**
 * Decide on service requests. Who may approve which request is the plugin's configuration
 * (`socialMedia.requests.approvers`), with separation of duties; this permission lets a portal
 * take the right away from someone altogether.
 *
 * @public
 */
export const serviceRequestDecidePermission = createPermission({
  name: 'social-media.request.decide',
  attributes: { action: 'update' },
});

/**
 * Read every service request, not only one's own, one's team's and those waiting for one's
 * approval (auditors, administrators).
 *
 * @public
 */
export const serviceRequestReadAllPermission = createPermission({
  name: 'social-media.request.read-all',
  attributes: { action: 'read' },
});

/**
 * Every permission of the social media service catalogue.
 *
 * @public
 */
export const socialMediaPermissions = [
  socialServiceReadPermission,
  socialServiceCreatePermission,
  socialServiceUpdatePermission,
  socialServiceTransitionPermission,
  socialServiceDeletePermission,
  socialServiceTransferPermission,
  socialServiceReviewPermission,
  socialServiceSignOffPermission,
  guardianshipSweepPermission,
  itsmSyncPermission,
  socialServiceIncidentReportPermission,
  socialMediaStatusReadPermission,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  serviceRequestReadAllPermission,
];
