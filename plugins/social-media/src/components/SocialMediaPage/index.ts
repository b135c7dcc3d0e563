export {
  SocialMediaPage,
  NfsSocialMediaPage,
  SocialMediaRouter,
} from './SocialMediaPage';
