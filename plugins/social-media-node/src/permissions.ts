import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  SOCIAL_SERVICE_RESOURCE_TYPE,
  SocialService,
} from '@internal/plugin-social-media-common';
import { z } from 'zod';

/**
 * Query form of the social service permission rules (used to filter lists in the store).
 *
 * @public
 */
export type SocialServicePermissionQuery =
  | { ownerGroups: string[] }
  | { serviceOwners: string[] };

/**
 * What permission rules see of a social media service: who owns it. Kept this small so that
 * the checks that run on every change read three columns, not the whole record.
 *
 * @public
 */
export type SocialServicePermissionResource = Pick<
  SocialService,
  'id' | 'ownerGroup' | 'serviceOwner'
>;

/**
 * Permission resource of a social media service, for conditional decisions.
 *
 * @public
 */
export const socialServiceResourceRef = createPermissionResourceRef<
  SocialServicePermissionResource,
  SocialServicePermissionQuery
>().with({
  pluginId: 'social-media',
  resourceType: SOCIAL_SERVICE_RESOURCE_TYPE,
});

/**
 * Allows when the service's owning group is one of the caller's ownership claims, i.e. the
 * caller is a member of the group that owns the service.
 *
 * @public
 */
export const isOwnerGroupMemberRule = createPermissionRule({
  name: 'IS_OWNER_GROUP_MEMBER',
  description:
    'Allow when the social media service is owned by one of the given groups (pass the user ownership claims)',
  resourceRef: socialServiceResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs the user owns through, usually their ownershipEntityRefs',
      ),
  }),
  apply: (service, { claims }) =>
    claims.map(c => c.toLowerCase()).includes(service.ownerGroup.toLowerCase()),
  toQuery: ({ claims }) => ({ ownerGroups: claims }),
});

/**
 * Allows when the caller is the service's named service owner.
 *
 * @public
 */
export const isServiceOwnerRule = createPermissionRule({
  name: 'IS_SERVICE_OWNER',
  description:
    'Allow when the given user is the named service owner of the social media service',
  resourceRef: socialServiceResourceRef,
  paramsSchema: z.object({
    userRef: z
      .string()
      .describe('Entity ref of the user, e.g. user:default/it-service-owner'),
  }),
  apply: (service, { userRef }) =>
    Boolean(service.serviceOwner) &&
    service.serviceOwner!.toLowerCase() === userRef.toLowerCase(),
  toQuery: ({ userRef }) => ({ serviceOwners: [userRef] }),
});

/**
 * The permission rules of social media services.
 *
 * @public
 */
export const socialServicePermissionRules = {
  isOwnerGroupMember: isOwnerGroupMemberRule,
  isServiceOwner: isServiceOwnerRule,
};

const conditionExports = createConditionExports({
  resourceRef: socialServiceResourceRef,
  rules: socialServicePermissionRules,
});

/**
 * Conditions a permission policy can use for social media services, e.g.
 * `socialServiceConditions.isOwnerGroupMember({ claims: user.identity.ownershipEntityRefs })`.
 *
 * @public
 */
export const socialServiceConditions = conditionExports.conditions;

/**
 * Builds a conditional decision for a social media service permission.
 *
 * @public
 */
export const createSocialServiceConditionalDecision =
  conditionExports.createConditionalDecision;
