export { SocialMediaPage, NfsSocialMediaPage } from './SocialMediaPage';
