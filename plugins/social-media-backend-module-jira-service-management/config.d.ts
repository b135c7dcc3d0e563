export interface Config {
  socialMedia?: {
    itsm?: {
      /**
       * The Jira Service Management connector. Without this block the connector is not
       * installed.
       */
      jiraServiceManagement?: {
        /**
         * The Jira site, e.g. https://your-site.atlassian.net (Jira Cloud) or the Data Center
         * base URL. Must use https; http is accepted for localhost only.
         */
        baseUrl: string;
        /**
         * How the connector signs in: either email and apiToken (Jira Cloud basic auth with an
         * account's API token), or token (a Data Center personal access token, sent as a bearer
         * token). Set exactly one. The choice also picks the API: Jira Cloud's REST API v3, or
         * Data Center's REST API v2.
         */
        auth: {
          /** Email address of the Jira Cloud integration account. */
          email?: string;
          /**
           * API token of the Jira Cloud integration account.
           * @visibility secret
           */
          apiToken?: string;
          /**
           * Personal access token of the Data Center integration account.
           * @visibility secret
           */
          token?: string;
        };
        /**
         * How issues are linked to services: `component` (references written as
         * `PROJECTKEY/Component name`) or a custom field id such as `customfield_10050` (a
         * select list, multi-select list or text field holding the reference). Defaults to
         * `component`.
         */
        mappingField?: string;
        /**
         * Project keys. Required with a custom field mapping: searches are limited to these
         * projects and incidents are raised in the first. Not used with component mappings.
         */
        projects?: string[];
        /**
         * Issue types that count as incidents; the first is used to raise one. Defaults to
         * [Incident].
         */
        issueTypes?: string[];
        /** Issues read per search request (maxResults), 1 to 100. Defaults to 50. */
        pageSize?: number;
        /**
         * The time zone of the integration account, which Jira reads JQL date-times in, e.g.
         * UTC. By default the connector asks Jira (GET /myself).
         */
        timeZone?: string;
        /**
         * How far before its cursor each incremental run reads again, in milliseconds of Jira's
         * own `updated` times (JQL date-times have minute precision, the search index lists a
         * change a little after it was made, and changes come in bursts within one minute).
         * What the store already has is dropped. 0 to 86400000. Defaults to 300000 (five
         * minutes).
         */
        overlapMs?: number;
        /** Timeout of one request attempt, body included, in milliseconds. Defaults to 30000. */
        timeoutMs?: number;
        /**
         * Retries after a failed attempt (429, 5xx, timeouts, network errors, cut-off
         * bodies), 0 to 10. Defaults to 4.
         */
        maxRetries?: number;
      };
    };
  };
}
