import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type { RequestActor } from '@internal/plugin-social-media-common';
import useAsync from 'react-use/esm/useAsync';

/** Who is signed in: their User ref and every ref they own through (their groups). */
export interface SignedInIdentity {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * The signed-in person, to tell whether they are on the requester side of a
 * request. Only decides what the page offers: the backend checks every step.
 */
export function useSignedInIdentity(): {
  loading: boolean;
  identity?: SignedInIdentity;
} {
  const identityApi = useApi(identityApiRef);
  const { loading, value } = useAsync(async () => {
    try {
      const { userEntityRef, ownershipEntityRefs } =
        await identityApi.getBackstageIdentity();
      return { userEntityRef, ownershipEntityRefs };
    } catch {
      return undefined;
    }
  }, [identityApi]);
  return { loading, identity: value };
}

/** The signed-in person as the rules of who is who on a request name them. */
export function actorOf(identity: SignedInIdentity): RequestActor {
  return {
    userRef: identity.userEntityRef,
    claims: identity.ownershipEntityRefs,
  };
}
