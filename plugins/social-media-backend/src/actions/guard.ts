import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  RequestActor,
  socialServiceReadPermission,
} from '@internal/plugin-social-media-common';
import { SocialMedia } from '../compose';
// The refusals, in the words of the matching HTTP routes.
import { DENIED } from '../service/refusals';

/** What each action of the catalogue is registered with. */
export interface SocialMediaActionDeps {
  actionsRegistry: ActionsRegistryService;
  /** The plugin's use cases, the same objects the HTTP routes call. */
  socialMedia: Pick<
    SocialMedia,
    | 'catalogue'
    | 'stores'
    | 'ownership'
    | 'serviceRequests'
    | 'incidentReporter'
  >;
  guard: ActionGuard;
  links: PortalLinks;
}

type Principal = { type: string; userEntityRef?: string; subject?: string };

/**
 * The permission checks and audit events of the catalogue's actions: the same permissions, the
 * same refusals and the same auditor events as the HTTP routes, for the credentials the actions
 * registry hands each call (the person behind the MCP client, or the calling service).
 */
export class ActionGuard {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      userInfo: UserInfoService;
      auditor: AuditorService;
    },
  ) {}

  /**
   * Reads are open to people and to services, as on the HTTP API; the permission policy decides
   * for people (Backstage allows a service every permission without asking the policy).
   */
  async read(credentials: BackstageCredentials): Promise<void> {
    const { type } = credentials.principal as Principal;
    if (type !== 'user' && type !== 'service') {
      throw new NotAllowedError(DENIED[socialServiceReadPermission.name]);
    }
    await this.authorize(credentials, socialServiceReadPermission);
  }

  /**
   * Changes are made by people only, whom the portal's permission policy decides for: a service
   * or a static token would be allowed everything without the policy being asked.
   */
  async write(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'social-media-service'>,
    resourceRef?: string,
  ): Promise<void> {
    if ((credentials.principal as Principal).type !== 'user') {
      throw new NotAllowedError(
        `${
          DENIED[permission.name]
        }: this action changes the catalogue in a person's name, so it needs a signed-in person's token, not a service's or a static one`,
      );
    }
    await this.authorize(credentials, permission, resourceRef);
  }

  private async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission<'social-media-service'>,
    resourceRef?: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(DENIED[permission.name]);
    }
  }

  /** Who made a change, for the audit trail: the user, or the calling service. */
  actor(credentials: BackstageCredentials): string {
    const principal = credentials.principal as Principal;
    return principal.userEntityRef ?? principal.subject ?? principal.type;
  }

  /** The caller as a service request sees them: their User ref and their groups. */
  async requestActor(credentials: BackstageCredentials): Promise<RequestActor> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      userRef: this.actor(credentials),
      claims: info.ownershipEntityRefs,
    };
  }

  /**
   * Runs a change as the auditor event its HTTP route reports (`service-mutate` with the same
   * `queryType` and meta), success or failure with the error, which is rethrown. An action has
   * no HTTP request for the auditor to read the caller from, so the event names the actor.
   */
  async audited<T>(
    credentials: BackstageCredentials,
    queryType: string,
    meta: Record<string, string>,
    change: () => Promise<T>,
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId: 'service-mutate',
      severityLevel: 'medium',
      meta: { queryType, ...meta, actor: this.actor(credentials) },
    });
    try {
      const result = await change();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

/** Where the portal shows things: absolute under `app.baseUrl` when it is known. */
export class PortalLinks {
  constructor(private readonly appBaseUrl?: string) {}

  private link(path: string): string {
    return this.appBaseUrl
      ? `${this.appBaseUrl.replace(/\/+$/, '')}${path}`
      : path;
  }

  service(id: string): string {
    return this.link(`/social-media/services/${encodeURIComponent(id)}`);
  }

  request(id: number): string {
    return this.link(`/social-media/requests/${id}`);
  }
}
