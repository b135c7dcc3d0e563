/*
 * Configuration the portal's own frontend reads.
 */
export interface Config {
  auth?: {
    providers?: {
      /**
       * Local use only: sign in as one of the demo organisation's people (the backend's
       * `demoPeople` provider, packages/backend/src/modules/demoPeopleAuth.ts). The sign-in page
       * offers it only under `auth.environment: development`, and the backend refuses it under
       * any other environment.
       */
      demoPeople?: {
        /**
         * The people the sign-in page offers, in this order. Each is a User of the catalog.
         * @visibility frontend
         */
        people?: Array<{
          /**
           * The User's name in the catalog (namespace default), e.g. `marketing-lead`.
           * @visibility frontend
           */
          user: string;
          /**
           * Their role, as the sign-in page shows it, e.g. `Marketing lead`.
           * @visibility frontend
           */
          role: string;
          /**
           * Their team, shown after the role, e.g. `marketing`.
           * @visibility frontend
           */
          team?: string;
        }>;
      };
    };
  };
}
