import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  PLATFORM_TITLES,
  SOCIAL_MEDIA_ANNOTATIONS,
  SOCIAL_MEDIA_COMPONENT_TYPE,
  SocialService,
  toCsdmLifecycle,
} from '@internal/plugin-social-media-common';

/**
 * Projects one social media service into the catalog as a Component. The plugin's own
 * database stays the source of truth; this is a read-only view of it.
 */
export function serviceToEntity(
  service: SocialService,
  locationKey: string,
): Entity {
  const location = `${locationKey}:${service.id}`;
  const csdm = toCsdmLifecycle(service.lifecycleStage);
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [SOCIAL_MEDIA_ANNOTATIONS.serviceId]: service.id,
    [SOCIAL_MEDIA_ANNOTATIONS.platform]: service.platform,
    [SOCIAL_MEDIA_ANNOTATIONS.handle]: service.handle,
    [SOCIAL_MEDIA_ANNOTATIONS.csdmLifecycle]: `${csdm.stage}/${csdm.status}`,
  };
  if (service.riskRating) {
    annotations[SOCIAL_MEDIA_ANNOTATIONS.riskRating] = service.riskRating;
  }
  if (service.itsm) {
    annotations[
      SOCIAL_MEDIA_ANNOTATIONS.itsm
    ] = `${service.itsm.system}:${service.itsm.reference}`;
  }
  const tags = [
    ...new Set(['social-media', service.platform, ...service.tags]),
  ].filter(t => /^[a-z0-9:+#-]{1,63}$/.test(t));
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service.id,
      title: service.name,
      description: service.purpose
        ? `${service.purpose} (${PLATFORM_TITLES[service.platform]} ${
            service.handle
          })`
        : `${PLATFORM_TITLES[service.platform]} account ${service.handle}`,
      tags,
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
