export { socialMediaApiRef } from './SocialMediaApi';
export type {
  ServiceRequestPreview,
  ServiceRequestScope,
  SocialMediaApi,
} from './SocialMediaApi';
export { SocialMediaClient } from './SocialMediaClient';
