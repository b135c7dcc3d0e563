export interface Config {
  socialMedia?: {
    itsm?: {
      /**
       * The PagerDuty connector. Without this block the connector is not installed.
       */
      pagerduty?: {
        /**
         * The REST API address. Defaults to https://api.pagerduty.com; accounts in the EU
         * service region use https://api.eu.pagerduty.com. Must use https; http is accepted for
         * localhost only.
         */
        baseUrl?: string;
        /**
         * A PagerDuty REST API key, sent as `Authorization: Token token=<key>`: a general access
         * key (read-only is enough to sync, not to raise incidents) or a user API key.
         * @visibility secret
         */
        apiToken: string;
        /**
         * Email address of the PagerDuty user incidents are raised as (the `From` header).
         * Without it, syncing works but raising incidents fails with a message saying so.
         */
        fromEmail?: string;
        /** Records read per request (limit), 1 to 100. Defaults to 100. */
        pageSize?: number;
        /**
         * How far before the end of the previous pass the first log pass of each run reads
         * again, in milliseconds (log entries are stamped to the second, status changes come in
         * bursts, and an entry can be listed after a later one; a pass's end is fixed by the
         * backend's clock, so this also absorbs clock skew). Never less than the minute every
         * pass reads again. What the store already has is dropped. 0 to 86400000. Defaults to
         * 300000 (five minutes).
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
