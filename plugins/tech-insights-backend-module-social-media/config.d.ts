import { HumanDuration } from '@backstage/types';

export interface Config {
  techInsights?: {
    /** Fact retrievers that Tech Insights schedules; it runs only those configured here. */
    factRetrievers?: {
      /**
       * The social media guardianship facts. Without this entry Tech Insights never runs the
       * retriever and the module logs a warning at start-up.
       */
      socialMediaGuardianshipFactRetriever?: {
        /** Cron expression of the runs; '0 * * * *' (hourly) is recommended. */
        cadence: string;
        /** How long to keep the facts, e.g. `{ maxItems: 48 }` or `{ timeToLive: { days: 2 } }`. */
        lifecycle?: { maxItems: number } | { timeToLive: HumanDuration };
        /** How long one run may take; Tech Insights defaults to 5 minutes. */
        timeout?: HumanDuration | string;
        /** Delay of the first run after start-up; Tech Insights defaults to 5 seconds. */
        initialDelay?: HumanDuration | string;
      };
    };
    /** How the social media module keeps its facts current between scheduled runs. */
    socialMedia?: {
      /**
       * Read the facts again shortly after social media services change (create, update,
       * delete, import, sync). Defaults to true; false leaves it to the cadence.
       */
      refreshOnChange?: boolean;
      /**
       * How long after a change to read the facts again; the changes of this window start one
       * run. Defaults to 1 minute.
       */
      refreshDelay?: HumanDuration | string;
    };
  };
}
