import { createApiRef } from '@backstage/frontend-plugin-api';
import type { SocialMediaStatus } from '@internal/plugin-social-media-common';

/**
 * Client for the social media service catalogue backend
 * (`/api/social-media`).
 *
 * @public
 */
export interface SocialMediaApi {
  /**
   * Reads the state of the catalogue: how many services it holds per ITIL
   * lifecycle stage, which store backs it and which ITSM connectors are
   * installed.
   *
   * Rejects with a `ResponseError` from `@backstage/errors` when the backend
   * answers with a non-2xx status, e.g. 403 when the user may not read the
   * catalogue.
   */
  getStatus(): Promise<SocialMediaStatus>;
}

/**
 * API reference of the {@link SocialMediaApi}, usable from both the new and
 * the legacy frontend system.
 *
 * @public
 */
export const socialMediaApiRef = createApiRef<SocialMediaApi>().with({
  id: 'plugin.social-media.service',
  pluginId: 'social-media',
});
