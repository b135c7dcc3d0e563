import type { ConfigApi, IdentityApi } from '@backstage/core-plugin-api';

/** The backend's provider that signs in as a person of the demo organisation. */
export const DEMO_PEOPLE_PROVIDER = 'demoPeople';

/** The header that names the person (packages/backend/src/modules/demoPeopleAuth.ts). */
export const DEMO_PERSON_HEADER = 'x-demo-person';

/** A person of the demo organisation the sign-in page offers. */
export type DemoPerson = {
  /** Their User name in the catalog, e.g. `marketing-lead`. */
  user: string;
  /** Their role, e.g. `Marketing lead`. */
  role: string;
  /** Their team, e.g. `marketing`. */
  team?: string;
};

/**
 * The people to offer, from `auth.providers.demoPeople.people`; none unless the portal runs its
 * local configuration (`auth.environment: development`), where the backend accepts them.
 */
export function demoPeopleFromConfig(config: ConfigApi): DemoPerson[] {
  if (config.getOptionalString('auth.environment') !== 'development') {
    return [];
  }
  return (
    config.getOptionalConfigArray('auth.providers.demoPeople.people') ?? []
  ).map(person => ({
    user: person.getString('user'),
    role: person.getString('role'),
    team: person.getOptionalString('team'),
  }));
}

/** How a person is named on the page: their role, and their team in brackets. */
export function describePerson(person: DemoPerson): string {
  return person.team ? `${person.role} (${person.team})` : person.role;
}

/** How the portal was last signed in to, so that a reload keeps the session. */
export type SignInChoice =
  | { provider: 'guest' }
  | { provider: typeof DEMO_PEOPLE_PROVIDER; user: string };

const STORAGE_KEY = 'portal:sign-in';

export function rememberedChoice(): SignInChoice | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (value?.provider === 'guest') return { provider: 'guest' };
    if (
      value?.provider === DEMO_PEOPLE_PROVIDER &&
      typeof value.user === 'string'
    ) {
      return { provider: DEMO_PEOPLE_PROVIDER, user: value.user };
    }
  } catch {
    // an unreadable value is as good as none
  }
  return undefined;
}

export function rememberChoice(choice: SignInChoice) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
}

export function forgetChoice() {
  localStorage.removeItem(STORAGE_KEY);
}

type LegacyIdentity = {
  getUserId?(): string;
  getIdToken?(): Promise<string | undefined>;
  getProfile?(): unknown;
};

/** The identity as signed in, which forgets the choice when the person signs out. */
export function forgettingOnSignOut(
  identity: IdentityApi & LegacyIdentity,
): IdentityApi & LegacyIdentity {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    ...(identity.getUserId && { getUserId: () => identity.getUserId!() }),
    ...(identity.getIdToken && { getIdToken: () => identity.getIdToken!() }),
    ...(identity.getProfile && { getProfile: () => identity.getProfile!() }),
    signOut: async () => {
      forgetChoice();
      await identity.signOut();
    },
  };
}
