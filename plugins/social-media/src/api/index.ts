export { socialMediaApiRef } from './SocialMediaApi';
export type {
  HandoverInput,
  ServiceRequestPreview,
  ServiceRequestScope,
  SocialMediaApi,
} from './SocialMediaApi';
export { SocialMediaClient } from './SocialMediaClient';
