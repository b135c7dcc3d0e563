import {
  guardianshipSweepPermission,
  itsmSyncPermission,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  serviceRequestReadAllPermission,
  socialMediaStatusReadPermission,
  socialServiceCreatePermission,
  socialServiceDeletePermission,
  socialServiceIncidentReportPermission,
  socialServiceReadPermission,
  socialServiceReviewPermission,
  socialServiceSignOffPermission,
  socialServiceTransferPermission,
  socialServiceTransitionPermission,
  socialServiceUpdatePermission,
} from '@internal/plugin-social-media-common';

/**
 * What a person is told when the permission policy refuses them, by permission name: the HTTP
 * routes and the actions for AI assistants both answer in these words.
 */
export const DENIED: Readonly<Record<string, string>> = {
  [socialServiceReadPermission.name]:
    'You are not allowed to read the social media service catalogue',
  [socialServiceCreatePermission.name]:
    'You are not allowed to add services to the social media service catalogue',
  [socialServiceUpdatePermission.name]:
    'You are not allowed to change this social media service',
  [socialServiceTransitionPermission.name]:
    'You are not allowed to move this social media service through its lifecycle',
  [socialServiceDeletePermission.name]:
    'You are not allowed to delete this social media service',
  [socialServiceTransferPermission.name]:
    'You are not allowed to hand this social media service over to another owner group',
  [socialServiceReviewPermission.name]:
    'You are not allowed to review access to this social media service; its service owner or owning group does that',
  [socialServiceSignOffPermission.name]:
    'You are not allowed to sign off the risk of this social media service; its service owner or the security office does that',
  [serviceRequestCreatePermission.name]:
    'You are not allowed to request social media services',
  [serviceRequestDecidePermission.name]:
    'You are not allowed to decide on social media service requests',
  [serviceRequestReadAllPermission.name]:
    'You are not allowed to read every service request',
  [guardianshipSweepPermission.name]:
    'You are not allowed to run leaver detection and risk recomputation',
  [itsmSyncPermission.name]:
    'You are not allowed to run the ITSM incident sync',
  [socialMediaStatusReadPermission.name]:
    'You are not allowed to see how the social media catalogue runs; administrators do',
  [socialServiceIncidentReportPermission.name]:
    'You are not allowed to report incidents on this social media service',
};
