/**
 * Frontend of the social media service catalogue (legacy frontend system
 * entry; the new frontend system uses this package's `/alpha` entry point).
 *
 * @packageDocumentation
 */
export {
  socialMediaPlugin,
  SocialMediaPage,
  EntitySocialMediaCard,
  EntitySocialMediaContent,
  EntityScorecardCard,
} from './plugin';
export {
  rootRouteRef,
  serviceRouteRef,
  editServiceRouteRef,
  createServiceRouteRef,
  importRouteRef,
  dashboardRouteRef,
  requestsRouteRef,
  newRequestRouteRef,
  requestRouteRef,
  editRequestRouteRef,
} from './routes';
export { socialMediaApiRef, SocialMediaClient } from './api';
export type {
  ServiceRequestPreview,
  ServiceRequestScope,
  SocialMediaApi,
} from './api';
export {
  RiskBadge,
  RISK_RATING_COLOURS,
  RISK_RATING_TITLES,
} from './components/RiskBadge';
export type { RiskBadgeProps } from './components/RiskBadge';
export { PlatformIcon, PlatformLabel } from './components/PlatformIcon';
export { LifecycleStageChip } from './components/LifecycleStageChip';
export { isSocialMediaService } from './components/EntitySocialMedia/isSocialMediaService';
