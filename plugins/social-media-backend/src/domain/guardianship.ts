import {
  AccessReviewStatus,
  evaluateStageCompliance,
  GateSubject,
  RiskInput,
  SocialService,
} from '@internal/plugin-social-media-common';

/**
 * How often access reviews and app reviews are due, and how far back incidents count. Set under
 * `socialMedia.guardianship` in app-config.
 */
export interface GuardianshipPolicy {
  /** Days between access reviews of the admin list. Quarterly by default. */
  accessReviewIntervalDays: number;
  /** A review counts as due this many days before its due date. */
  accessReviewDueSoonDays: number;
  /** A connected app not reviewed within this many days counts as unreviewed. */
  thirdPartyAppReviewDays: number;
  /** Security incidents opened within this many days raise the likelihood. */
  securityIncidentWindowDays: number;
}

export const DEFAULT_GUARDIANSHIP_POLICY: GuardianshipPolicy = {
  accessReviewIntervalDays: 90,
  accessReviewDueSoonDays: 14,
  thirdPartyAppReviewDays: 180,
  securityIncidentWindowDays: 90,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the next access review is due: one interval after the last review, or after the service
 * was catalogued when it was never reviewed.
 */
export function accessReviewDueAt(
  service: Pick<SocialService, 'createdAt' | 'controls'>,
  policy: GuardianshipPolicy,
): string {
  const base = Date.parse(
    service.controls.lastAccessReviewAt ?? service.createdAt,
  );
  return new Date(
    base + policy.accessReviewIntervalDays * DAY_MS,
  ).toISOString();
}

/** Where a service stands with its access review at `now`. */
export function accessReviewStatus(
  service: Pick<SocialService, 'createdAt' | 'controls'>,
  now: Date,
  policy: GuardianshipPolicy,
): AccessReviewStatus {
  const dueAt = accessReviewDueAt(service, policy);
  const untilDue = Date.parse(dueAt) - now.getTime();
  const overdueDays = untilDue < 0 ? Math.ceil(-untilDue / DAY_MS) : 0;
  let status: AccessReviewStatus['status'] = 'current';
  if (untilDue < 0) status = 'overdue';
  else if (
    // Nobody has attested who holds access yet: that is never current.
    !service.controls.lastAccessReviewAt ||
    untilDue <= policy.accessReviewDueSoonDays * DAY_MS
  ) {
    status = 'due';
  }
  return {
    status,
    ...(service.controls.lastAccessReviewAt
      ? { lastReviewedAt: service.controls.lastAccessReviewAt }
      : {}),
    dueAt,
    overdueDays,
    intervalDays: policy.accessReviewIntervalDays,
  };
}

/** Connected apps never reviewed, or not within the app review period. */
export function countUnreviewedApps(
  controls: SocialService['controls'],
  now: Date,
  policy: GuardianshipPolicy,
): number {
  const cutoff = now.getTime() - policy.thirdPartyAppReviewDays * DAY_MS;
  return controls.thirdPartyApps.filter(
    app => !app.lastReviewedAt || Date.parse(app.lastReviewedAt) < cutoff,
  ).length;
}

/** The facts about a service that live outside its own record. */
export interface RiskFacts {
  leaverCount: number;
  recentSecurityIncidents: number;
  now: Date;
}

/** What of a service its rating looks at. */
export type RatedService = GateSubject &
  Pick<
    SocialService,
    | 'platform'
    | 'controls'
    | 'adminCount'
    | 'audienceSize'
    | 'createdAt'
    | 'lifecycleStage'
    | 'recordProblems'
  >;

/** Gathers the risk model's input from a service and the facts around it. */
export function riskInputFor(
  service: RatedService,
  facts: RiskFacts,
  policy: GuardianshipPolicy,
): RiskInput {
  const { controls } = service;
  // A retired account has nobody left to review.
  const review =
    service.lifecycleStage === 'retired'
      ? { overdueDays: 0 }
      : accessReviewStatus(service, facts.now, policy);
  // The rating weighs every requirement of the stage except the one the rating itself meets.
  const compliance = evaluateStageCompliance(
    { ...service, leaverCount: facts.leaverCount },
    { ignoreRating: true },
  );
  return {
    platform: service.platform,
    mfaEnabled: controls.mfaEnabled,
    mfaMethod: controls.mfaMethod,
    credentialsInVault: Boolean(controls.credentialVaultRef),
    sharedLogin: controls.sharedLogin,
    adminCount: service.adminCount,
    leaversWithAccess: facts.leaverCount,
    unreviewedThirdPartyApps: countUnreviewedApps(controls, facts.now, policy),
    accessReviewOverdueDays: review.overdueDays,
    recentSecurityIncidents: facts.recentSecurityIncidents,
    verified: controls.verified,
    recoveryOwnedByCompany: controls.recoveryOwnedByCompany,
    audienceSize: service.audienceSize,
    regulatedContent: controls.regulatedContent,
    brandLevel: controls.brandLevel,
    stageGaps: { stage: compliance.stage, missing: compliance.missing },
  };
}

const SECURITY_WORDS =
  /\b(security|account takeover|takeover|hijack|hacked|compromis\w*|phishing|impersonat\w*|credential\w*|unauthori[sz]ed)\b/i;

/**
 * Whether an ITSM incident is a security incident of the account (takeover, phishing,
 * impersonation, compromised credentials), judged by its category or, failing that, its title.
 */
export function isSecurityIncident(incident: {
  category: string | null;
  title: string;
}): boolean {
  return (
    SECURITY_WORDS.test(incident.category ?? '') ||
    SECURITY_WORDS.test(incident.title)
  );
}

/**
 * Whether an incident is still open: not resolved, and not in a resolved, closed or cancelled
 * state (ITSM tools name their states differently; these words are common to them).
 */
export function isOpenIncident(incident: {
  state: string;
  resolvedAt?: string;
}): boolean {
  return (
    !incident.resolvedAt &&
    !/\b(resolved|closed|cancell?ed|canceled)\b/i.test(incident.state)
  );
}
