/**
 * Scaffolder actions of the social media service catalogue: request a new social media service
 * from Backstage's Create page.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSocialMedia as default } from './module';
export {
  createServiceRequestAction,
  CREATE_SERVICE_REQUEST_ACTION_ID,
} from './actions/createServiceRequest';
