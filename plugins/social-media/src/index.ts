/**
 * Frontend of the social media service catalogue: every social media presence
 * as a catalogued business service.
 *
 * This entry point serves the legacy frontend system; the new frontend system
 * plugin is the default export of `@internal/plugin-social-media/alpha`.
 *
 * @packageDocumentation
 */
export { socialMediaPlugin, SocialMediaPage } from './plugin';
export { rootRouteRef as socialMediaRootRouteRef } from './routes';
export { socialMediaApiRef, SocialMediaClient } from './api';
export type { SocialMediaApi } from './api';
export type {
  SocialMediaStatus,
  LifecycleStage,
} from '@internal/plugin-social-media-common';
