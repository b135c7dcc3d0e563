export { socialMediaApiRef } from './SocialMediaApi';
export type { SocialMediaApi } from './SocialMediaApi';
export { SocialMediaClient } from './SocialMediaClient';
