/*
 * Signing in as one of the demo organisation's people, through Backstage's auth backend with the
 * portal's real configuration files: on under the local configuration, refused under production.
 */
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  LOCAL_CONFIG as LOCAL,
  portalConfig,
  PRODUCTION_CONFIG as PRODUCTION,
  useProductionEnvironment,
} from '../__testUtils__/portalConfig';
import {
  authModuleDemoPeopleProvider,
  DEMO_PERSON_HEADER,
} from './demoPeopleAuth';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A User of the catalog as the catalog serves it: with its memberOf relations resolved. */
const person = (name: string, displayName: string, groups: string[]) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default', title: displayName },
    spec: {
      profile: { displayName, email: `${name}@larkmoor.com` },
      memberOf: groups,
    },
    relations: groups.map(group => ({
      type: 'memberOf',
      targetRef: `group:default/${group}`,
    })),
  } as Entity);

const group = (name: string) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'department', children: [] },
  } as Entity);

const CATALOG = [
  person('marketing-lead', 'Marketing lead', ['marketing']),
  person('security-analyst', 'Security analyst', ['security-office']),
  group('marketing'),
  group('security-office'),
];

/**
 * Starts Backstage's auth backend with the module, reading the given config files as the portal
 * does; its database is a fresh in-memory one whatever the files say.
 */
async function startWith(...configFiles: string[]) {
  const knex = await databases.init('SQLITE_3');
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoPeopleProvider,
      portalConfig(configFiles),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: CATALOG }),
    ],
  });
  return server;
}

const signIn = (server: Parameters<typeof request>[0], who?: string) => {
  const req = request(server)
    .get('/api/auth/demoPeople/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  return who === undefined ? req : req.set(DEMO_PERSON_HEADER, who);
};

/** The claims of a Backstage token. */
function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('signing in as a person of the demo organisation', () => {
  useProductionEnvironment();

  describe('under the local configuration (app-config.yaml)', () => {
    it('signs in as the marketing lead of the catalog, who owns what their group owns', async () => {
      const server = await startWith(LOCAL);

      const res = await signIn(server, 'marketing-lead');

      expect(res.status).toBe(200);
      expect(res.body.profile).toEqual({
        displayName: 'Marketing lead',
        email: 'marketing-lead@larkmoor.com',
      });
      expect(res.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/marketing-lead',
        ownershipEntityRefs: [
          'user:default/marketing-lead',
          'group:default/marketing',
        ],
      });
      // A normal Backstage token for that User (the auth backend keeps their groups in its user
      // info, which is where the permission policy reads them).
      expect(claimsOf(res.body.backstageIdentity.token).sub).toBe(
        'user:default/marketing-lead',
      );

      const analyst = await signIn(server, 'user:default/security-analyst');
      expect(analyst.status).toBe(200);
      expect(
        analyst.body.backstageIdentity.identity.ownershipEntityRefs,
      ).toEqual([
        'user:default/security-analyst',
        'group:default/security-office',
      ]);
    });

    it('refuses a name that is no User of the catalog, and says what to choose', async () => {
      const server = await startWith(LOCAL);

      const res = await signIn(server, 'chief-executive');

      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        `There is no User "chief-executive" in the catalog: choose one of the demo organisation's people (examples/org.yaml), e.g. "marketing-lead".`,
      );
      expect(res.body.backstageIdentity).toBeUndefined();
    });

    it('asks for a person when none is named, and refuses what is not a User', async () => {
      const server = await startWith(LOCAL);

      const none = await signIn(server);
      expect(none.status).toBe(400);
      expect(none.body.error.message).toMatch(
        /^Choose a person of the demo organisation: send the name of a User of the catalog in the x-demo-person header/,
      );

      const team = await signIn(server, 'group:default/marketing');
      expect(team.status).toBe(400);
      expect(team.body.error.message).toBe(
        '"group:default/marketing" is not the name of a User: use a name such as "marketing-lead".',
      );
    });
  });

  describe('under the production configuration', () => {
    it('refuses every person when production runs on top of the local file, as the README says to start it', async () => {
      const server = await startWith(LOCAL, PRODUCTION);

      const res = await signIn(server, 'marketing-lead');

      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        "Signing in as a person of the demo organisation works only in the local configuration (auth.environment: development); this portal runs with auth.environment: production. Sign in with your organisation's sign-in provider.",
      );
      expect(res.body.backstageIdentity).toBeUndefined();
    });

    it('has no such sign-in at all in app-config.production.yaml on its own', async () => {
      const server = await startWith(PRODUCTION);

      const res = await signIn(server, 'marketing-lead');

      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        "No auth provider registered for 'demoPeople'",
      );
    });
  });
});
