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
  socialServiceSignOffPermission,
  serviceRequestCreatePermission,
  serviceRequestDecidePermission,
  serviceRequestReadAllPermission,
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
 * - everyone signed in may request a service; who approves which request is the plugin's
 *   approval configuration (`socialMedia.requests.approvers`), with separation of duties;
 *   administrators, auditors (`socialMedia.permissions.auditors`) and the security office read
 *   every request;
 * - a service's risk is signed off by its service owner or by the security office
 *   (`socialMedia.permissions.securityOffice`), never by an administrator as such;
 * - auditors read everything (every permission whose action is read) and change nothing, even
 *   when they also belong to a group that could;
 * - nobody else may write; handing a service to another group, creating, deleting and running
 *   the guardianship sweep are for administrators;
 * - seeing how the catalogue runs (`social-media.status.read`: its database, migrations and
 *   ITSM connectors) is for administrators too.
 *
 * Permissions of other plugins are allowed, as Backstage's allow-all policy would.
 */
export class SocialMediaPortalPolicy implements PermissionPolicy {
  private readonly administrators: Set<string>;
  private readonly securityOffice: Set<string>;
  private readonly auditors: Set<string>;

  /**
   * @param administrators users or groups who may do everything but sign off risk
   * @param securityOffice users or groups who may sign off the risk of any service
   * @param auditors users or groups who read every service request
   */
  constructor(
    administrators: string[],
    securityOffice: string[] = [],
    auditors: string[] = [],
  ) {
    this.administrators = new Set(administrators.map(a => a.toLowerCase()));
    this.securityOffice = new Set(securityOffice.map(a => a.toLowerCase()));
    this.auditors = new Set(auditors.map(a => a.toLowerCase()));
  }

  private isAuditor(user: PolicyQueryUser): boolean {
    const refs = [
      user.info.userEntityRef,
      ...(user.info.ownershipEntityRefs ?? []),
    ];
    return refs.some(ref => this.auditors.has(ref.toLowerCase()));
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
    // Auditors read everything and change nothing. Membership of an auditor group wins over
    // any other membership (administrators, owning groups, the security office): whoever
    // audits the catalogue must not be able to alter what they audit, so a person in both
    // kinds of group gets the auditor's reads only.
    if (this.isAuditor(user)) {
      return {
        result:
          permission.attributes.action === 'read'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    // Like raising a ticket at the service desk: anyone signed in who notices a takeover or a
    // phishing campaign may report it.
    if (isPermission(permission, socialServiceIncidentReportPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Anyone may ask for a service. Who decides which request is the plugin's approval
    // configuration, with its separation of duties; the permission is everyone's here.
    if (
      isPermission(permission, serviceRequestCreatePermission) ||
      isPermission(permission, serviceRequestDecidePermission)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    const claims = user.info.ownershipEntityRefs ?? [];
    const refs = [user.info.userEntityRef, ...claims].map(r => r.toLowerCase());
    // A sign-off is a person accepting a risk in their own name: the service's own owner or the
    // security office, not whoever administers the catalogue.
    if (isPermission(permission, socialServiceSignOffPermission)) {
      if (refs.some(ref => this.securityOffice.has(ref))) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createSocialServiceConditionalDecision(permission, {
        anyOf: [
          socialServiceConditions.isServiceOwner({
            userRef: user.info.userEntityRef,
          }),
        ],
      });
    }
    if (refs.some(ref => this.administrators.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Auditors and the security office read every request; others read their own, their
    // team's and those waiting for their approval.
    if (
      isPermission(permission, serviceRequestReadAllPermission) &&
      refs.some(ref => this.auditors.has(ref) || this.securityOffice.has(ref))
    ) {
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
            config.getOptionalStringArray(
              'socialMedia.permissions.securityOffice',
            ) ?? [],
            config.getOptionalStringArray('socialMedia.permissions.auditors') ??
              [],
          ),
        );
      },
    });
  },
});
