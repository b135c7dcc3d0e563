export interface Config {
  socialMedia?: {
    itsm?: {
      /**
       * The ServiceNow connector. Without this block the connector is not installed.
       */
      servicenow?: {
        /**
         * The instance address, e.g. https://example.service-now.com. Must use https; http is
         * accepted for localhost only.
         */
        instanceUrl: string;
        /**
         * How the connector signs in: either username and password (basic auth of an
         * integration user), or clientId and clientSecret (OAuth client credentials grant
         * against /oauth_token.do). Set exactly one pair.
         */
        auth: {
          /** Integration user for basic auth. */
          username?: string;
          /**
           * Password of the integration user.
           * @visibility secret
           */
          password?: string;
          /** OAuth application client id (client credentials grant). */
          clientId?: string;
          /**
           * OAuth application client secret.
           * @visibility secret
           */
          clientSecret?: string;
        };
        /**
         * The incident field a service's ITSM reference is matched on: `business_service`
         * or `cmdb_ci`. Defaults to `business_service`.
         */
        mappingField?: 'business_service' | 'cmdb_ci';
        /** Incidents read per request (sysparm_limit), 1 to 10000. Defaults to 100. */
        pageSize?: number;
        /**
         * How far before its cursor each incremental run reads again, in milliseconds of the
         * instance's own clock (sys_updated_on is stamped to the second, updates come in
         * bursts, and a transaction can commit after a later one). What the store already has
         * is dropped. 0 to 86400000. Defaults to 300000 (five minutes).
         */
        overlapMs?: number;
        /**
         * Whether the sync reads the next groups of mapped references while it stores the
         * current one. Turn it off for an instance that allows the integration user one request
         * at a time. Defaults to true.
         */
        readAhead?: boolean;
        /**
         * With readAhead, the list requests in flight at most (the current group's and one per
         * group read ahead), 2 to 8. Defaults to 4.
         */
        requestsInFlight?: number;
        /** Timeout of one request attempt, body included, in milliseconds. Defaults to 30000. */
        timeoutMs?: number;
        /**
         * Retries after a failed attempt (429, 5xx, timeouts, network errors, cut-off
         * bodies), 0 to 10. Defaults to 4.
         */
        maxRetries?: number;
        /**
         * Export of the catalogue's services to the CMDB as CSDM business service offerings
         * (`POST /itsm/connectors/servicenow/cmdb-export`). Without this block the connector
         * cannot export.
         */
        csdm?: {
          /**
           * sys_id of the business service (cmdb_ci_service_business) each offering is placed
           * under as its parent.
           */
          parentBusinessService: string;
          /**
           * Catalog users and the ServiceNow user each is (a user_name or a sys_id), for
           * owned_by. Users not listed are looked up by their entity name as user_name.
           */
          users?: Array<{ entityRef: string; servicenow: string }>;
          /**
           * Catalog groups and the ServiceNow group each is (a group name or a sys_id), for
           * managed_by_group. Groups not listed are looked up by their entity name.
           */
          groups?: Array<{ entityRef: string; servicenow: string }>;
        };
      };
    };
  };
}
