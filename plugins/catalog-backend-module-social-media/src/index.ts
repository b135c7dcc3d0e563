/**
 * Catalog entity provider for the social media service catalogue.
 *
 * @packageDocumentation
 */
export { catalogModuleSocialMedia as default } from './module';
