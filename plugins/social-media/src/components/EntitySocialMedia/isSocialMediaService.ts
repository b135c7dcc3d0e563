import type { Entity } from '@backstage/catalog-model';
import {
  SOCIAL_MEDIA_ANNOTATIONS,
  SOCIAL_MEDIA_COMPONENT_TYPE,
} from '@internal/plugin-social-media-common';

/**
 * True for the catalog entities that stand for social media services: a
 * Component of type `social-media` with the service id annotation. Use it to
 * show the card and the tab only on those entities (legacy entity pages).
 *
 * @public
 */
export function isSocialMediaService(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.spec as { type?: unknown } | undefined)?.type ===
      SOCIAL_MEDIA_COMPONENT_TYPE &&
    Boolean(entity.metadata.annotations?.[SOCIAL_MEDIA_ANNOTATIONS.serviceId])
  );
}

/** The service id an entity stands for, if any. */
export function serviceIdOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[SOCIAL_MEDIA_ANNOTATIONS.serviceId];
}

/**
 * The same test as {@link isSocialMediaService}, as a filter predicate for
 * the new frontend system's entity cards and contents (config can override).
 */
export const socialMediaServiceFilter = {
  kind: 'component',
  'spec.type': 'social-media',
  // SOCIAL_MEDIA_ANNOTATIONS.serviceId
  'metadata.annotations.social-media.backstage.io/service-id': {
    $exists: true,
  },
};
