/*
 * The policy as a portal installs it: Backstage's permission backend with this module (or with
 * a portal's own policy that delegates to it), deciding over HTTP with the roles of
 * `socialMedia.permissions` in the portal's configuration.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  serviceRequestReadAllPermission,
  socialMediaStatusReadPermission,
  socialServiceCreatePermission,
  socialServiceReadPermission,
} from '@internal/plugin-social-media-common';
import request from 'supertest';
import permissionModuleSocialMediaPolicy, { createSocialMediaPolicy } from '.';

/** Who belongs to which group, as the catalog would resolve ownership. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/portal-admin': ['group:default/it-service-management'],
  'user:default/marketing-lead': ['group:default/marketing'],
  'user:default/auditor': [
    'group:default/internal-audit',
    'group:default/it-service-management',
  ],
  'user:default/security-analyst': ['group:default/security-office'],
};

const CONFIG = {
  permission: { enabled: true },
  socialMedia: {
    permissions: {
      administrators: ['group:default/it-service-management'],
      securityOffice: ['group:default/security-office'],
      auditors: ['group:default/internal-audit'],
    },
  },
};

const catalogEntityDelete: Permission = {
  type: 'basic',
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
};

/** A portal's own policy that leaves the social media permissions to the plugin's rules. */
const portalOwnPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-own-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const socialMedia = createSocialMediaPolicy({ config });
        const own: PermissionPolicy = {
          async handle(query: PolicyQuery, user?: PolicyQueryUser) {
            const decision = await socialMedia.decide(query, user);
            if (decision) return decision;
            // The portal's own rule: nobody deletes catalog entities.
            return {
              result:
                query.permission.name === catalogEntityDelete.name
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            };
          },
        };
        policy.setPolicy(own);
      },
    });
  },
});

async function start(policyModule: typeof portalOwnPolicy) {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      policyModule,
      mockServices.rootConfig.factory({ data: CONFIG }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
          };
        },
      }).factory,
    ],
  });
  /** What the permission backend answers `user` for each permission, in order. */
  return async (user: string, permissions: Permission[]) => {
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        items: permissions.map((permission, i) => ({
          id: String(i),
          permission,
        })),
      });
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string; result: string }>)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map(item => item.result);
  };
}

describe.each([
  ['installed as the portal policy module', permissionModuleSocialMediaPolicy],
  ["called from a portal's own policy", portalOwnPolicy],
])('the social media rules %s', (_how, policyModule) => {
  it('give the roles of socialMedia.permissions what the catalogue promises them', async () => {
    const decide = await start(policyModule);
    const permissions = [
      socialServiceReadPermission,
      socialServiceCreatePermission,
      socialMediaStatusReadPermission,
      serviceRequestReadAllPermission,
    ];
    // An administrator by group does everything.
    expect(await decide('user:default/portal-admin', permissions)).toEqual([
      'ALLOW',
      'ALLOW',
      'ALLOW',
      'ALLOW',
    ]);
    // A member of an owning group reads and creates nothing.
    expect(await decide('user:default/marketing-lead', permissions)).toEqual([
      'ALLOW',
      'DENY',
      'DENY',
      'DENY',
    ]);
    // An auditor who is also in the administrators' group reads and changes nothing.
    expect(await decide('user:default/auditor', permissions)).toEqual([
      'ALLOW',
      'DENY',
      'ALLOW',
      'ALLOW',
    ]);
    // The security office reads every request but does not administer.
    expect(await decide('user:default/security-analyst', permissions)).toEqual([
      'ALLOW',
      'DENY',
      'DENY',
      'ALLOW',
    ]);
  });
});

describe('other plugins’ permissions', () => {
  it('are allowed by the module, as the allow-all policy it replaces would', async () => {
    const decide = await start(permissionModuleSocialMediaPolicy);
    expect(
      await decide('user:default/marketing-lead', [catalogEntityDelete]),
    ).toEqual(['ALLOW']);
  });

  it("stay the portal's own policy's to decide when it delegates", async () => {
    const decide = await start(portalOwnPolicy);
    expect(
      await decide('user:default/portal-admin', [
        catalogEntityDelete,
        socialServiceCreatePermission,
      ]),
    ).toEqual(['DENY', 'ALLOW']);
  });
});
