/**
 * Backend of the social media service catalogue.
 *
 * @packageDocumentation
 */
export { socialMediaPlugin as default } from './plugin';
