import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
      /**
       * With the demo data on: installs the demo ITSM, a connector (id `demo-itsm`) that serves
       * the demo portfolio's incidents to the catalogue's ITSM sync, maps the demo services to it
       * and answers signed-in people's reads of its incidents under `/api/social-media/demo-itsm`
       * (its incident links lead to the portal's pages, under `app.baseUrl`). Set it to false to map
       * the demo services to ServiceNow instead (when its connector is configured), as the
       * end-to-end tests do. Ignored without the demo data. Default: true.
       */
      itsm?: boolean;
    };
    /**
     * Weights and thresholds of the risk model; anything left out keeps its default (see the
     * README's "Risk model" section). Likelihood and impact factors add points; the points give
     * a level from 1 to 4 on each axis (at `levels`), and likelihood level x impact level gives
     * the rating (medium, high and critical at `ratingThresholds`).
     */
    risk?: {
      likelihood?: {
        /** Points when MFA is off. Default 4. */
        noMfa?: number;
        /** Points when MFA is done by text message. Default 1. */
        weakMfa?: number;
        /** Points when no vault reference is recorded. Default 2. */
        noVault?: number;
        /** Points for a shared login. Default 3. */
        sharedLogin?: number;
        /** Points per admin above `adminThreshold`. Default 1. */
        perExcessAdmin?: number;
        /** Admins allowed before each extra one adds points. Default 5. */
        adminThreshold?: number;
        /** Points per person who left but still holds access. Default 3. */
        perLeaverWithAccess?: number;
        /** Points per connected app not reviewed in time. Default 1. */
        perUnreviewedApp?: number;
        /** Points when the access review is overdue. Default 2. */
        accessReviewOverdue?: number;
        /** Points per recent security incident. Default 3. */
        perRecentSecurityIncident?: number;
        /** Points when the platform has not verified the account. Default 1. */
        unverified?: number;
        /** Points when recovery e-mail or phone belong to a person. Default 2. */
        recoveryNotCompanyOwned?: number;
        /** Points when the service does not meet the requirements of its lifecycle stage. Default 2. */
        outOfCompliance?: number;
        /** Likelihood points at which the level becomes 2, 3 and 4. Default [2, 4, 7]. */
        levels?: number[];
      };
      impact?: {
        /** Followers at which the audience adds 1, 2 and 3 points. Default [10000, 100000, 1000000]. */
        audienceTiers?: number[];
        /** Platforms whose posts travel furthest. Default x, facebook, instagram, threads, tiktok, youtube. */
        highReachPlatforms?: string[];
        /** Points for a high-reach platform. Default 1. */
        highReachPlatform?: number;
        /** Points for regulated content. Default 2. */
        regulatedContent?: number;
        /** Points for a brand-level account. Default 1. */
        brandLevel?: number;
        /** Impact points at which the level becomes 2, 3 and 4. Default [2, 3, 5]. */
        levels?: number[];
        /**
         * Lowest impact level (1 to 4) of an account that speaks for the company: brand-level,
         * regulated content or verified, whatever its audience. Default 2; 1 for no floor.
         */
        companyVoiceLevel?: number;
      };
      /** Likelihood level x impact level at which the rating becomes medium, high, critical. Default [5, 8, 12]. */
      ratingThresholds?: number[];
    };
    /** Access reviews, app reviews, incident window and the guardianship sweep's schedule. */
    guardianship?: {
      /** Days between access reviews of a service's admin list. Default 90 (quarterly). */
      accessReviewIntervalDays?: number;
      /** A review is listed as due this many days before its due date. Default 14. */
      accessReviewDueSoonDays?: number;
      /** A connected app not reviewed within this many days counts as unreviewed. Default 180. */
      thirdPartyAppReviewDays?: number;
      /** Security incidents opened within this many days raise the rating. Default 90. */
      securityIncidentWindowDays?: number;
      /**
       * When leaver detection and risk recomputation run. Default: every hour, first run three
       * minutes after start-up.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Incident sync from the ITSM tools; each connector module adds its own block here. */
    itsm?: {
      /**
       * How often each installed connector syncs. Default: every 5 minutes. A run happens once
       * per interval across all backend instances, whatever scope is given.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Hours between full syncs, which read every incident of the mapped services again and
       * remove the ones the ITSM no longer lists (deleted, or filed against another record).
       * Runs in between are incremental. Default 24.
       */
      fullSyncIntervalHours?: number;
    };
    /** The audit trail. */
    audit?: {
      /**
       * Keyed checkpoints of the end of the hash chain. Without a key, none are written and
       * verification checks the chain alone.
       */
      checkpoint?: {
        /**
         * Secret key of the checkpoints' HMAC-SHA256. Keep it out of the database and out of
         * reach of those who can write to it; set it from an environment variable in production.
         * Changing it makes every existing checkpoint fail verification.
         *
         * @visibility secret
         */
        key?: string;
        /**
         * When the end of the chain is checkpointed (only when it moved since the last
         * checkpoint). Default: every 15 minutes. Runs once per interval across all backend
         * instances.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    permissions?: {
      /**
       * Users or groups (entity refs) who may create, change, move and delete every service,
       * used by the portal's permission policy. Members of a service's owning group may always
       * change and move their own services.
       */
      administrators?: string[];
      /**
       * Users or groups (entity refs) of the security office, who may sign off the risk
       * assessment of any service; a service's own service owner may sign off its own. Used by
       * the portal's permission policy; administrators do not sign off by virtue of being
       * administrators.
       */
      securityOffice?: string[];
      /** Users or groups (entity refs) who read every service request. */
      auditors?: string[];
    };
    /** Requests for new social services. */
    requests?: {
      /**
       * Who approves: a member of `serviceManagement` every request, a member of
       * `securityOffice` as well when the predicted rating is high or critical or the content is
       * regulated. Nobody approves their own request or one of a group they belong to, and one
       * person gives at most one of a request's approvals. Group (or user) entity refs.
       */
      approvers?: {
        serviceManagement?: string[];
        securityOffice?: string[];
      };
    };
  };
}
