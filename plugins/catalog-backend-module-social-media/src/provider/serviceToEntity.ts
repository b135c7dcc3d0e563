import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { SocialService } from '@internal/plugin-social-media-common';

/** Annotations the catalogue puts on every projected entity. */
export const SOCIAL_MEDIA_ANNOTATIONS = {
  serviceId: 'social-media.backstage.io/service-id',
  platform: 'social-media.backstage.io/platform',
  handle: 'social-media.backstage.io/handle',
  riskRating: 'social-media.backstage.io/risk-rating',
} as const;

/** `spec.type` of the Components that stand for social media services. */
export const SOCIAL_MEDIA_COMPONENT_TYPE = 'social-media';

const PLATFORM_TITLES: Record<SocialService['platform'], string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  blog: 'Blog',
  other: 'Other',
};

/**
 * Projects one social media service into the catalog as a Component. The plugin's own
 * database stays the source of truth; this is a read-only view of it.
 */
export function serviceToEntity(
  service: SocialService,
  locationKey: string,
): Entity {
  const location = `${locationKey}:${service.id}`;
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: service.id,
    [SOCIAL_MEDIA_ANNOTATIONS.platform]: service.platform,
    [SOCIAL_MEDIA_ANNOTATIONS.handle]: service.handle,
  };
  if (service.riskRating) {
    annotations[SOCIAL_MEDIA_ANNOTATIONS.riskRating] = service.riskRating;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.id,
      title: service.name,
      description: `${PLATFORM_TITLES[service.platform]} account ${
        service.handle
      }`,
      tags: ['social-media', service.platform],
      annotations,
      ...(service.profileUrl
        ? {
            links: [
              {
                url: service.profileUrl,
                title: `${PLATFORM_TITLES[service.platform]} profile`,
              },
            ],
          }
        : {}),
    },
    spec: {
      type: SOCIAL_MEDIA_COMPONENT_TYPE,
      lifecycle: service.lifecycleStage,
      owner: service.ownerGroup,
    },
  };
}
