export interface Config {
  socialMedia?: {
    demoData?: {
      /**
       * Seeds a fictional organisation's social media services (about 30, across platforms,
       * regions and every lifecycle stage) the first time the plugin starts with an empty
       * database. Meant for the embedded SQLite default of a local portal; leave it off in
       * production. Default: false.
       */
      enabled?: boolean;
    };
    permissions?: {
      /**
       * Users or groups (entity refs) who may create, change, move and delete every service,
       * used by the portal's permission policy. Members of a service's owning group may always
       * change and move their own services.
       */
      administrators?: string[];
    };
  };
}
