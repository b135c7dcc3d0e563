/**
 * Catalog entity provider for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { catalogModuleSocialMedia as default } from './module';
export {
  SOCIAL_MEDIA_ANNOTATIONS,
  SOCIAL_MEDIA_COMPONENT_TYPE,
} from './provider/serviceToEntity';
