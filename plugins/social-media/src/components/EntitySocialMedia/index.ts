export { EntitySocialMediaCard } from './EntitySocialMediaCard';
export { EntitySocialMediaContent } from './EntitySocialMediaContent';
export {
  isSocialMediaService,
  socialMediaServiceFilter,
} from './isSocialMediaService';
