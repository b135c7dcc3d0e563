/*
 * The portal's permission roles under its two configuration files: the local file makes the guest
 * an administrator and the security office so that the portal can be tried out; production (the
 * local file, then app-config.production.yaml, as the README starts it) gives the guest no role.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { Permission } from '@backstage/plugin-permission-common';
import socialMediaPolicyModule from '@internal/plugin-permission-backend-module-social-media';
import {
  serviceRequestReadAllPermission,
  socialMediaStatusReadPermission,
  socialServiceCreatePermission,
  socialServiceReadPermission,
} from '@internal/plugin-social-media-common';
import request from 'supertest';
import {
  LOCAL_CONFIG as LOCAL,
  portalConfig,
  PRODUCTION_CONFIG as PRODUCTION,
  useProductionEnvironment,
} from './__testUtils__/portalConfig';

jest.setTimeout(60_000);

const GUEST = 'user:development/guest';
const ADMINISTRATOR = 'user:default/portal-admin';

const PERMISSIONS: Permission[] = [
  socialServiceReadPermission,
  socialServiceCreatePermission,
  socialMediaStatusReadPermission,
  serviceRequestReadAllPermission,
];

async function decisionsUnder(configFiles: string[]) {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      socialMediaPolicyModule,
      portalConfig(configFiles),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          const groups =
            ref === ADMINISTRATOR
              ? ['group:default/it-service-management']
              : [];
          return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] };
        },
      }).factory,
    ],
  });
  return async (user: string) => {
    const res = await request(server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
      .send({
        items: PERMISSIONS.map((permission, i) => ({
          id: String(i),
          permission,
        })),
      });
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body.items as Array<{ id: string; result: string }>).map(item => [
        PERMISSIONS[Number(item.id)].name,
        item.result,
      ]),
    );
  };
}

describe('the portal’s permission roles', () => {
  useProductionEnvironment();

  it('make the guest an administrator locally, to try the portal out', async () => {
    const decide = await decisionsUnder([LOCAL]);
    expect(await decide(GUEST)).toEqual({
      'social-media.service.read': 'ALLOW',
      'social-media.service.create': 'ALLOW',
      'social-media.status.read': 'ALLOW',
      'social-media.request.read-all': 'ALLOW',
    });
  });

  it('give the guest no role in production, and the named groups theirs', async () => {
    const decide = await decisionsUnder([LOCAL, PRODUCTION]);
    expect(await decide(GUEST)).toEqual({
      'social-media.service.read': 'ALLOW',
      'social-media.service.create': 'DENY',
      'social-media.status.read': 'DENY',
      'social-media.request.read-all': 'DENY',
    });
    expect(await decide(ADMINISTRATOR)).toEqual({
      'social-media.service.read': 'ALLOW',
      'social-media.service.create': 'ALLOW',
      'social-media.status.read': 'ALLOW',
      'social-media.request.read-all': 'ALLOW',
    });
  });
});
