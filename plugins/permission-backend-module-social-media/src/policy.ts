import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
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
 * Who holds the catalogue's special roles, as users or groups (entity refs, any case):
 * `socialMedia.permissions` in app-config.
 *
 * @public
 */
export interface SocialMediaPolicyOptions {
  /** Who may do everything but sign off risk. */
  administrators?: string[];
  /** Who may sign off the risk of any service and read every request. */
  securityOffice?: string[];
  /** Who read everything and change nothing, whatever other groups they belong to. */
  auditors?: string[];
}

/**
 * Reads {@link SocialMediaPolicyOptions} from `socialMedia.permissions`; a list that is not
 * configured is empty.
 *
 * @public
 */
export function readSocialMediaPolicyOptions(
  config: Config,
): Required<SocialMediaPolicyOptions> {
  return {
    administrators:
      config.getOptionalStringArray('socialMedia.permissions.administrators') ??
      [],
    securityOffice:
      config.getOptionalStringArray('socialMedia.permissions.securityOffice') ??
      [],
    auditors:
      config.getOptionalStringArray('socialMedia.permissions.auditors') ?? [],
  };
}

/**
 * Whether a permission is one of the social media service catalogue's (`social-media.*`), the
 * ones {@link SocialMediaPermissionPolicy.decide} decides.
 *
 * @public
 */
export function isSocialMediaPermission(permission: Permission): boolean {
  return permission.name.startsWith('social-media.');
}

/**
 * The permission rules of the social media service catalogue:
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
 * As a portal's whole policy ({@link SocialMediaPermissionPolicy.handle}) it allows the
 * permissions of other plugins, as Backstage's allow-all policy would. A portal with a policy of
 * its own calls {@link SocialMediaPermissionPolicy.decide} from it instead.
 *
 * @public
 */
export class SocialMediaPermissionPolicy implements PermissionPolicy {
  private readonly administrators: Set<string>;
  private readonly securityOffice: Set<string>;
  private readonly auditors: Set<string>;

  /** The rules with the roles of `socialMedia.permissions` in `config`. */
  static fromConfig(config: Config): SocialMediaPermissionPolicy {
    return new SocialMediaPermissionPolicy(
      readSocialMediaPolicyOptions(config),
    );
  }

  constructor(options: SocialMediaPolicyOptions = {}) {
    const lower = (refs: string[] = []) =>
      new Set(refs.map(a => a.toLowerCase()));
    this.administrators = lower(options.administrators);
    this.securityOffice = lower(options.securityOffice);
    this.auditors = lower(options.auditors);
  }

  private isAuditor(user: PolicyQueryUser): boolean {
    const refs = [
      user.info.userEntityRef,
      ...(user.info.ownershipEntityRefs ?? []),
    ];
    return refs.some(ref => this.auditors.has(ref.toLowerCase()));
  }

  /**
   * The decision on a social media permission; `undefined` for any other plugin's permission,
   * which is the calling policy's to decide.
   */
  async decide(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision | undefined> {
    const { permission } = request;
    if (!isSocialMediaPermission(permission)) return undefined;
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

  /**
   * The decision on any permission: the social media rules for the catalogue's permissions,
   * allow for every other plugin's.
   */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      (await this.decide(request, user)) ?? { result: AuthorizeResult.ALLOW }
    );
  }
}

/**
 * The social media rules for a portal that keeps a permission policy of its own: call
 * `decide(request, user)` at the start of its `handle` and return the decision when there is
 * one (a social media permission); decide every other permission as before.
 *
 * ```ts
 * const socialMedia = createSocialMediaPolicy({ config });
 * // in your PermissionPolicy:
 * async handle(request: PolicyQuery, user?: PolicyQueryUser) {
 *   const decision = await socialMedia.decide(request, user);
 *   if (decision) return decision;
 *   // ... your own rules
 * }
 * ```
 *
 * @param options - `config`: the root config, read at `socialMedia.permissions`; or the roles
 *   themselves.
 * @public
 */
export function createSocialMediaPolicy(
  options: { config: Config } | SocialMediaPolicyOptions,
): SocialMediaPermissionPolicy {
  return 'config' in options
    ? SocialMediaPermissionPolicy.fromConfig(options.config)
    : new SocialMediaPermissionPolicy(options);
}
