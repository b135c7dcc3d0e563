/**
 * The social media service catalogue's permission policy for Backstage's permission backend:
 * installed as a module (the default export), or called from a portal's own policy
 * (`createSocialMediaPolicy`).
 *
 * @packageDocumentation
 */
export { permissionModuleSocialMediaPolicy as default } from './module';
export {
  createSocialMediaPolicy,
  isSocialMediaPermission,
  readSocialMediaPolicyOptions,
  SocialMediaPermissionPolicy,
  type SocialMediaPolicyOptions,
} from './policy';
