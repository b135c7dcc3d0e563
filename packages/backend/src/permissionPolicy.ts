import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  SOCIAL_SERVICE_RESOURCE_TYPE,
  socialServiceIncidentReportPermission,
  socialServiceReadPermission,
  socialServiceReviewPermission,
  socialServiceTransitionPermission,
  socialServiceUpdatePermission,
} from '@internal/plugin-social-media-common';
import {
  createSocialServiceConditionalDecision,
  socialServiceConditions,
} from '@internal/plugin-social-media-node';

/**
 * The portal's permission policy for the social media service catalogue:
 *
 * - every signed-in user (guests included) reads the catalogue, its history and the audit trail;
 * - administrators (`socialMedia.permissions.administrators`: users or groups) may do everything;
 * - members of the group that owns a service, and its named service owner, may change it (its
 *   guardianship controls included), move it through its lifecycle and attest its access
 *   reviews;
 * - every signed-in user may report an incident on any service, as at a service desk;
 * - nobody else may write; handing a service to another group, creating, deleting and running
 *   the guardianship sweep are for administrators.
 *
 * Permissions of other plugins are allowed, as Backstage's allow-all policy would.
 */
export class SocialMediaPortalPolicy implements PermissionPolicy {
  private readonly administrators: Set<string>;

  constructor(administrators: string[]) {
    this.administrators = new Set(administrators.map(a => a.toLowerCase()));
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('social-media.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, socialServiceReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };
    // Like raising a ticket at the service desk: anyone signed in who notices a takeover or a
    // phishing campaign may report it.
    if (isPermission(permission, socialServiceIncidentReportPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }

    const claims = user.info.ownershipEntityRefs ?? [];
    const refs = [user.info.userEntityRef, ...claims].map(r => r.toLowerCase());
    if (refs.some(ref => this.administrators.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      isResourcePermission(permission, SOCIAL_SERVICE_RESOURCE_TYPE) &&
      (isPermission(permission, socialServiceUpdatePermission) ||
        isPermission(permission, socialServiceTransitionPermission) ||
        isPermission(permission, socialServiceReviewPermission))
    ) {
      return createSocialServiceConditionalDecision(permission, {
        anyOf: [
          socialServiceConditions.isOwnerGroupMember({ claims }),
          socialServiceConditions.isServiceOwner({
            userRef: user.info.userEntityRef,
          }),
        ],
      });
    }
    return { result: AuthorizeResult.DENY };
  }
}

/** Installs {@link SocialMediaPortalPolicy} as the permission backend's policy. */
export const socialMediaPortalPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'social-media-portal-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new SocialMediaPortalPolicy(
            config.getOptionalStringArray(
              'socialMedia.permissions.administrators',
            ) ?? [],
          ),
        );
      },
    });
  },
});
