import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entity } from './apiTestBackend';

/** Who belongs to which groups: User names to Group names, e.g. `{ 'marketing-lead': ['marketing'] }`. */
export type Organisation = Record<string, string[]>;

/** A User ref from a name, e.g. `user:default/marketing-lead`. */
export const userRef = (name: string) => `user:default/${name}`;

/**
 * The organisation as the plugin sees it: its Groups and Users in the catalog, and each
 * person's groups as the user info service gives them (read at each call, so a test may add a
 * person to a group for a while).
 */
export function organisationFactories(people: Organisation) {
  const groups = [...new Set(Object.values(people).flat())];
  return [
    catalogServiceMock.factory({
      entities: [
        ...groups.map(g => entity('Group', g)),
        ...Object.keys(people).map(p => entity('User', p)),
      ],
    }),
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        async getUserInfo(credentials: any) {
          const userEntityRef = credentials.principal.userEntityRef as string;
          const name = userEntityRef.split('/')[1];
          return {
            userEntityRef,
            ownershipEntityRefs: [
              userEntityRef,
              ...(people[name] ?? []).map(g => `group:default/${g}`),
            ],
          };
        },
      }),
    }),
  ];
}
