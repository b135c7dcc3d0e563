import { useEntity } from '@backstage/plugin-catalog-react';
import { SOCIAL_MEDIA_ANNOTATIONS } from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import { ServiceDetails } from '../ServicePage/ServiceDetails';
import { serviceIdOf } from './isSocialMediaService';

/**
 * Entity content ("Social media" tab): everything about the social media
 * service a catalog Component stands for, as on its page in the catalogue.
 *
 * @public
 */
export function EntitySocialMediaContent() {
  const { entity } = useEntity();
  const id = serviceIdOf(entity);
  if (!id) {
    return (
      <Alert severity="info">
        This entity has no {SOCIAL_MEDIA_ANNOTATIONS.serviceId} annotation, so
        it is not linked to a service in the social media catalogue.
      </Alert>
    );
  }
  return <ServiceDetails id={id} />;
}
