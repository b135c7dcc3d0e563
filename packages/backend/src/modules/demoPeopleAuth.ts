/*
 * Sign-in as one of the demo organisation's people, for the local portal only.
 *
 * The local portal (app-config.yaml) lets a person try every side of the flow: sign in as the
 * marketing lead, an IT service manager, a security analyst or the auditor of Larkmoor Group
 * (examples/org.yaml). The person is looked up in the catalog, so the token carries their groups
 * and the portal's permission policy treats them as it would in production.
 *
 * It is on only where the configuration has `auth.providers.demoPeople` under
 * `auth.environment: development`. Without the block the auth backend answers 404 ("No auth
 * provider registered"); with the block under any other environment every sign-in is refused
 * with 403. A real portal configures its organisation's own sign-in provider instead.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthResolverContext,
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** The provider's id: its config block is `auth.providers.demoPeople`, its routes `/api/auth/demoPeople`. */
export const DEMO_PEOPLE_PROVIDER_ID = 'demoPeople';

/** The request header that names the person to sign in as: a User's name, e.g. `marketing-lead`. */
export const DEMO_PERSON_HEADER = 'x-demo-person';

/** What the authenticator hands on: the User the request asked for. */
export type DemoPersonResult = { userEntityRef: string };

/** Catalog entity names: letters, digits and `-_.`, at most 63 characters. */
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_.]{0,62}$/;

/** Reads and checks the person a sign-in asks for; a name, or a `user:` entity ref. */
export function requestedPerson(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) {
    throw new InputError(
      `Choose a person of the demo organisation: send the name of a User of the catalog in the ${DEMO_PERSON_HEADER} header, e.g. "marketing-lead".`,
    );
  }
  let ref;
  try {
    ref = parseEntityRef(raw, {
      defaultKind: 'user',
      defaultNamespace: DEFAULT_NAMESPACE,
    });
  } catch {
    throw new InputError(
      `"${raw}" is not the name of a User: use a name such as "marketing-lead".`,
    );
  }
  if (ref.kind.toLowerCase() !== 'user' || !USER_NAME.test(ref.name)) {
    throw new InputError(
      `"${raw}" is not the name of a User: use a name such as "marketing-lead".`,
    );
  }
  return stringifyEntityRef(ref);
}

/**
 * Takes the person from the request; refuses every request when the portal is not running its
 * local configuration.
 */
export function createDemoPeopleAuthenticator(options: {
  environment: string | undefined;
}) {
  const { environment } = options;
  return createProxyAuthenticator<boolean, DemoPersonResult, undefined>({
    initialize: () => environment === 'development',
    async authenticate({ req }, enabled) {
      if (!enabled) {
        throw new NotAllowedError(
          `Signing in as a person of the demo organisation works only in the local configuration (auth.environment: development); this portal runs with auth.environment: ${
            environment ?? 'unset'
          }. Sign in with your organisation's sign-in provider.`,
        );
      }
      return {
        result: { userEntityRef: requestedPerson(req.get(DEMO_PERSON_HEADER)) },
      };
    },
    // The profile the portal shows (settings, sidebar) is the person's catalog profile.
    async defaultProfileTransform(result, ctx) {
      const { entity } = await findPerson(result.userEntityRef, ctx);
      const profile = (entity as UserEntity).spec?.profile ?? {};
      return {
        profile: {
          displayName:
            profile.displayName ??
            entity.metadata.title ??
            entity.metadata.name,
          ...(profile.email ? { email: profile.email } : {}),
          ...(profile.picture ? { picture: profile.picture } : {}),
        },
      };
    },
  });
}

/** Turns the catalog's bare "User not found" into a message that says what to choose. */
async function asPerson<T>(
  userEntityRef: string,
  lookup: () => Promise<T>,
): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(
        `There is no User "${
          parseEntityRef(userEntityRef).name
        }" in the catalog: choose one of the demo organisation's people (examples/org.yaml), e.g. "marketing-lead".`,
      );
    }
    throw error;
  }
}

/** The User from the catalog, or a 404 that says what to choose instead. */
function findPerson(userEntityRef: string, ctx: AuthResolverContext) {
  return asPerson(userEntityRef, () =>
    ctx.findCatalogUser({ entityRef: userEntityRef }),
  );
}

/**
 * Signs in as the catalog User, with the ownership the catalog resolves (the User and their
 * groups), exactly as a production sign-in resolver that matches catalog Users would.
 */
export const signInAsDemoPerson: SignInResolver<DemoPersonResult> = async (
  { result },
  ctx,
) =>
  asPerson(result.userEntityRef, () =>
    ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
  );

/**
 * The auth backend module: registers the `demoPeople` provider. The auth backend binds its routes
 * only when `auth.providers.demoPeople` is configured.
 */
export const authModuleDemoPeopleProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-people-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const environment = config.getOptionalString('auth.environment');
        if (
          config.has(`auth.providers.${DEMO_PEOPLE_PROVIDER_ID}`) &&
          environment !== 'development'
        ) {
          logger.info(
            `Signing in as a person of the demo organisation is refused: auth.environment is ${
              environment ?? 'unset'
            }, not development`,
          );
        }
        providers.registerProvider({
          providerId: DEMO_PEOPLE_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoPeopleAuthenticator({ environment }),
            signInResolver: signInAsDemoPerson,
          }),
        });
      },
    });
  },
});
