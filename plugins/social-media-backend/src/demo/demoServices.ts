import {
  HandleDisposition,
  LifecycleStage,
  SocialServiceInput,
} from '@internal/plugin-social-media-common';

/**
 * The social media portfolio of Larkmoor Group, the fictional maker of home and kitchen
 * appliances whose teams and people are in examples/org.yaml (people are named by their roles):
 * corporate, brand, regional, careers and support channels, and what happened to each of them
 * over the year since IT service management imported the inventory it found.
 */

/** A person of examples/org.yaml, by the name of their User entity. */
export type DemoPerson =
  | 'it-service-owner'
  | 'it-service-manager'
  | 'portal-admin'
  | 'security-analyst'
  | 'marketing-lead'
  | 'social-media-manager'
  | 'communications-lead'
  | 'hr-business-partner'
  | 'support-team-lead'
  | 'emea-marketing-manager'
  | 'americas-marketing-manager'
  | 'apac-marketing-manager';

/** The entity ref of a person of the demo organisation. */
export const personRef = (person: string) => `user:default/${person}`;

/** The group each person of examples/org.yaml is a member of (`spec.memberOf`). */
export const DEMO_MEMBERSHIP: Record<DemoPerson, string> = {
  'it-service-owner': 'it-service-management',
  'it-service-manager': 'it-service-management',
  'portal-admin': 'it-service-management',
  'security-analyst': 'security-office',
  'marketing-lead': 'marketing',
  'social-media-manager': 'marketing',
  'communications-lead': 'communications',
  'hr-business-partner': 'hr',
  'support-team-lead': 'customer-support',
  'emea-marketing-manager': 'region-emea',
  'americas-marketing-manager': 'region-americas',
  'apac-marketing-manager': 'region-apac',
};

/**
 * The person's identity as the portal sees it once they sign in: their User and their group,
 * which is what decides whose inbox a transfer or a retirement is waiting in.
 */
export function personActor(person: DemoPerson): {
  userRef: string;
  claims: string[];
} {
  const userRef = personRef(person);
  return {
    userRef,
    claims: [userRef, `group:default/${DEMO_MEMBERSHIP[person]}`],
  };
}

/**
 * The guardianship controls an account has at a point of its story:
 *
 * - `shared-login`: one password passed around the team, no MFA, unverified, recovery on
 *   someone's own phone, connected apps nobody reviewed (as many accounts were found);
 * - `text-message-mfa`: personal logins with MFA by text message, nothing in a vault, recovery
 *   on a person's phone;
 * - `vaulted`: text-message MFA still, but the credentials in the vault and recovery on a
 *   company mailbox and phone: the least that operation asks for;
 * - `recovery-lost`: vaulted, but the recovery phone moved to a person's mobile;
 * - `hardened`: security keys, single sign-on, the vault, company-owned recovery, connected apps
 *   reviewed;
 * - `setting-up`: a new account being set up, authenticator-app MFA and company recovery, not
 *   verified or vaulted yet;
 * - `winding-down`: the owning side's retirement checklist done (connected apps revoked,
 *   credentials out of the vault, other admins removed), the account still open until IT service
 *   management approves the retirement;
 * - `closed`: as winding down, then archived with every admin's access revoked (what approving
 *   a retirement does).
 */
export type DemoControls =
  | 'shared-login'
  | 'text-message-mfa'
  | 'vaulted'
  | 'recovery-lost'
  | 'hardened'
  | 'setting-up'
  | 'winding-down'
  | 'closed';

/** An admin of an account: a person of the organisation, or an external login. */
export interface DemoAdmin {
  account: string;
  /** The User (examples/org.yaml, or a leaver of {@link DEMO_LEAVERS}); none for an agency. */
  person?: string;
  role: 'owner' | 'admin' | 'editor' | 'analyst';
}

/** Fields a service may be catalogued without, and gain later in its story. */
export type LaterField = 'profileUrl' | 'serviceOwner' | 'itsm';

/** One thing that happened to a service, on a day counted from the inventory import (day 0). */
export type DemoStep = { day: number; by?: DemoPerson } & (
  | { do: 'controls'; controls: DemoControls }
  /** Records fields the service was catalogued without (a profile URL, an owner, the ITSM). */
  | { do: 'complete'; fields: LaterField[] }
  | { do: 'admins'; admins: DemoAdmin[] }
  /** The service owner attests the admin list, removing these accounts. */
  | { do: 'review'; remove?: string[]; note?: string }
  /** A lifecycle move; a live service is retired by the two steps below instead. */
  | { do: 'move'; to: LifecycleStage; reason: string }
  /**
   * The owning side (`by`, the service owner by default) asks to retire the service, its
   * retirement checklist done, saying what becomes of the handle.
   */
  | { do: 'request-retirement'; reason: string; handle: HandleDisposition }
  /**
   * IT service management (`by`, {@link RETIREMENT_APPROVER} by default) approves the waiting
   * retirement: access revoked, the account archived or deleted, the service retired.
   */
  | { do: 'approve-retirement'; comment: string }
  /**
   * The owning side (`by`, the service owner by default) asks to hand the service to another
   * group of the organisation, which accepts it with its own checklist.
   */
  | {
      do: 'request-transfer';
      toOwnerGroup: string;
      toServiceOwner: DemoPerson;
      reason: string;
    }
  /**
   * A sign-off of the risk assessment as it stands that day, placed where one belongs (after a
   * hardening, before a move into operation).
   */
  | { do: 'sign-off'; note: string }
);

/** How a service came into the catalogue. */
export type DemoOrigin =
  /** In the inventory imported on day 0, as it was found. */
  | { imported: LifecycleStage; controls: DemoControls }
  /** Catalogued on `day` by `by`, in `stage`. */
  | {
      created: number;
      stage: LifecycleStage;
      controls: DemoControls;
      by: DemoPerson;
      /** Fields recorded only later in the story. */
      without?: LaterField[];
    };

/** A service of the demo portfolio, as it is today, and its story. */
export interface DemoService {
  name: string;
  platform: SocialServiceInput['platform'];
  handle: string;
  profileUrl?: string;
  ownerGroup: string;
  serviceOwner?: DemoPerson;
  businessRequester?: DemoPerson;
  businessUnit: string;
  purpose: string;
  audienceSize: number;
  tags: string[];
  /**
   * Mapped to the ITSM of the demo (the demo ITSM, or ServiceNow for the end-to-end tests), its
   * incidents filed against a record of the service's name.
   */
  itsm?: boolean;
  origin: DemoOrigin;
  story: DemoStep[];
}

/** People who held access to demo accounts and left the organisation on the given day. */
export const DEMO_LEAVERS: Array<{ person: string; leftOn: number }> = [
  { person: 'former-hr-coordinator', leftOn: 140 },
  { person: 'former-campaign-manager', leftOn: 200 },
];

/** Who imported the inventory, moves services through the lifecycle and hardens them. */
export const INVENTORY_IMPORTER: DemoPerson = 'portal-admin';
export const LIFECYCLE_MANAGER: DemoPerson = 'it-service-owner';
/** Who approves retirements for IT service management. */
export const RETIREMENT_APPROVER: DemoPerson = 'it-service-manager';

const quarterlyReviews = (days: number[], note?: string): DemoStep[] =>
  days.map(day => ({ day, do: 'review', ...(note ? { note } : {}) }));

export const DEMO_SERVICES: DemoService[] = [
  // --- Corporate Communications ----------------------------------------------------------
  {
    name: 'Corporate X account',
    platform: 'x',
    handle: '@larkmoor',
    profileUrl: 'https://x.com/larkmoor',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
    businessUnit: 'Corporate Communications',
    purpose: 'Corporate news, press statements and crisis communication',
    audienceSize: 412000,
    tags: ['corporate', 'press'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 8,
        do: 'admins',
        admins: [
          {
            account: 'comms-lead',
            person: 'communications-lead',
            role: 'owner',
          },
          {
            account: 'social-manager',
            person: 'social-media-manager',
            role: 'admin',
          },
          { account: 'press-agency', role: 'editor' },
        ],
      },
      ...quarterlyReviews([14, 100, 186, 272, 338]),
      { day: 30, do: 'controls', controls: 'hardened' },
      {
        day: 31,
        do: 'sign-off',
        by: 'security-analyst',
        note: 'Security keys and the vault in place; the rating is accepted',
      },
      // The publishing suite's access is approved again every six months.
      { day: 200, do: 'controls', controls: 'hardened' },
    ],
  },
  {
    name: 'Corporate LinkedIn page',
    platform: 'linkedin',
    handle: 'larkmoor-group',
    profileUrl: 'https://www.linkedin.com/company/larkmoor-group',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
    businessUnit: 'Corporate Communications',
    purpose: 'Corporate profile, results and leadership posts',
    audienceSize: 988000,
    tags: ['corporate'],
    itsm: true,
    origin: { imported: 'operation', controls: 'hardened' },
    story: [
      {
        day: 8,
        do: 'admins',
        admins: [
          {
            account: 'comms-lead',
            person: 'communications-lead',
            role: 'owner',
          },
          { account: 'executive-comms-agency', role: 'editor' },
        ],
      },
      ...quarterlyReviews([15, 101, 187, 273, 345]),
      { day: 140, do: 'controls', controls: 'hardened' },
    ],
  },
  {
    name: 'Corporate YouTube channel',
    platform: 'youtube',
    handle: '@larkmoor',
    profileUrl: 'https://www.youtube.com/@larkmoor',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
    businessUnit: 'Corporate Communications',
    purpose: 'Results broadcasts, product films and events',
    audienceSize: 156000,
    tags: ['corporate', 'video'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 10,
        do: 'admins',
        admins: [
          {
            account: 'comms-lead',
            person: 'communications-lead',
            role: 'owner',
          },
          { account: 'video-production-agency', role: 'editor' },
        ],
      },
      // Two reviews, then none: the review is overdue.
      ...quarterlyReviews([20, 150]),
      { day: 130, do: 'controls', controls: 'vaulted' },
    ],
  },
  {
    name: 'Corporate blog',
    platform: 'blog',
    handle: 'stories.larkmoor.com',
    profileUrl: 'https://stories.larkmoor.com',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
    businessUnit: 'Corporate Communications',
    purpose: 'Long-form stories and thought leadership',
    audienceSize: 64000,
    tags: ['corporate'],
    itsm: true,
    origin: { imported: 'operation', controls: 'hardened' },
    story: [
      {
        day: 9,
        do: 'admins',
        admins: [
          {
            account: 'comms-lead',
            person: 'communications-lead',
            role: 'owner',
          },
          { account: 'web-content-team', role: 'editor' },
        ],
      },
      ...quarterlyReviews([25, 111, 197, 283]),
      { day: 175, do: 'controls', controls: 'hardened' },
    ],
  },
  {
    name: 'Mastodon presence',
    platform: 'mastodon',
    handle: '@larkmoor@mastodon.social',
    profileUrl: 'https://mastodon.social/@larkmoor',
    ownerGroup: 'communications',
    businessUnit: 'Corporate Communications',
    purpose: 'Presence on the fediverse for press and developers',
    audienceSize: 0,
    tags: ['corporate'],
    origin: {
      created: 270,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'communications-lead',
    },
    story: [
      {
        day: 295,
        do: 'move',
        to: 'design',
        reason:
          'Press office wants a fediverse account before the results season',
      },
    ],
  },
  {
    name: 'Corporate Threads',
    platform: 'threads',
    handle: '@larkmoor',
    profileUrl: 'https://www.threads.com/@larkmoor',
    ownerGroup: 'communications',
    serviceOwner: 'communications-lead',
    businessUnit: 'Corporate Communications',
    purpose: 'Corporate news for the audience that follows the brand Instagram',
    audienceSize: 0,
    tags: ['corporate'],
    origin: {
      created: 300,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'communications-lead',
    },
    story: [
      {
        day: 330,
        do: 'move',
        to: 'design',
        reason: 'Newsroom posts there alongside the corporate X account',
      },
    ],
  },
  {
    name: 'Bluesky presence',
    platform: 'bluesky',
    handle: 'larkmoor.com',
    profileUrl: 'https://bsky.app/profile/larkmoor.com',
    ownerGroup: 'communications',
    businessUnit: 'Corporate Communications',
    purpose: 'Corporate news under the company domain as a verified handle',
    audienceSize: 0,
    tags: ['corporate'],
    origin: {
      created: 340,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'communications-lead',
    },
    story: [],
  },

  // --- Marketing ---------------------------------------------------------------------------
  {
    name: 'Brand Instagram',
    platform: 'instagram',
    handle: '@larkmoor',
    profileUrl: 'https://www.instagram.com/larkmoor',
    ownerGroup: 'marketing',
    serviceOwner: 'marketing-lead',
    businessUnit: 'Marketing',
    purpose: 'Brand storytelling and campaigns',
    audienceSize: 730000,
    tags: ['brand', 'campaigns'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 12,
        do: 'admins',
        by: 'marketing-lead',
        admins: [
          {
            account: 'marketing-lead',
            person: 'marketing-lead',
            role: 'owner',
          },
          {
            account: 'social-media-manager',
            person: 'social-media-manager',
            role: 'admin',
          },
          { account: 'creative-agency', role: 'editor' },
        ],
      },
      // Reviewed until the summer campaigns, then missed: overdue.
      ...quarterlyReviews([30, 120, 215]),
      { day: 90, do: 'controls', controls: 'vaulted' },
    ],
  },
  {
    name: 'Brand Facebook page',
    platform: 'facebook',
    handle: 'larkmoor',
    profileUrl: 'https://www.facebook.com/larkmoor',
    ownerGroup: 'marketing',
    serviceOwner: 'marketing-lead',
    businessUnit: 'Marketing',
    purpose: 'Brand community and paid campaigns',
    audienceSize: 1250000,
    tags: ['brand', 'paid-media'],
    itsm: true,
    // Found running on one shared password; it never reached what operation asks for.
    origin: { imported: 'operation', controls: 'shared-login' },
    story: [
      { day: 60, do: 'controls', controls: 'text-message-mfa' },
      {
        day: 60,
        do: 'admins',
        by: 'marketing-lead',
        admins: [
          {
            account: 'marketing-lead',
            person: 'marketing-lead',
            role: 'owner',
          },
          {
            account: 'former-campaign-manager',
            person: 'former-campaign-manager',
            role: 'admin',
          },
          { account: 'paid-media-agency', role: 'editor' },
        ],
      },
      {
        day: 65,
        do: 'review',
        note: 'Personal logins replace the shared password',
      },
      // The campaign manager leaves on day 200 and still holds access.
    ],
  },
  {
    name: 'Brand TikTok',
    platform: 'tiktok',
    handle: '@larkmoor',
    profileUrl: 'https://www.tiktok.com/@larkmoor',
    ownerGroup: 'marketing',
    serviceOwner: 'social-media-manager',
    businessUnit: 'Marketing',
    purpose: 'Short video for younger audiences',
    audienceSize: 210000,
    tags: ['brand', 'video'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 14,
        do: 'admins',
        by: 'social-media-manager',
        admins: [
          {
            account: 'social-media-manager',
            person: 'social-media-manager',
            role: 'owner',
          },
          { account: 'creator-studio', role: 'editor' },
        ],
      },
      ...quarterlyReviews([45, 130, 222, 310]),
      { day: 120, do: 'controls', controls: 'vaulted' },
      {
        day: 198,
        do: 'sign-off',
        by: 'security-analyst',
        note: 'Vaulted; text-message MFA accepted until the creator studio moves to the app',
      },
      {
        day: 200,
        do: 'move',
        to: 'improvement',
        reason: 'Creator-led content under the new brand guidelines',
      },
    ],
  },
  {
    name: 'Product launch X account',
    platform: 'x',
    handle: '@larkmoorlaunch',
    profileUrl: 'https://x.com/larkmoorlaunch',
    ownerGroup: 'marketing',
    serviceOwner: 'social-media-manager',
    businessRequester: 'marketing-lead',
    businessUnit: 'Marketing',
    purpose: 'Launch countdowns and live coverage for the spring launch',
    audienceSize: 18000,
    tags: ['campaigns'],
    itsm: true,
    origin: {
      created: 240,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'marketing-lead',
      without: ['profileUrl', 'itsm'],
    },
    story: [
      {
        day: 250,
        do: 'move',
        to: 'design',
        reason: 'Launch plan approved; one account for the launch season',
      },
      { day: 295, do: 'complete', fields: ['profileUrl', 'itsm'] },
      { day: 298, do: 'controls', controls: 'text-message-mfa' },
      {
        day: 300,
        do: 'move',
        to: 'transition',
        reason: 'Account registered; posts scheduled for the launch week',
      },
    ],
  },
  {
    name: 'Sustainability Instagram',
    platform: 'instagram',
    handle: '@larkmoor.sustainability',
    ownerGroup: 'marketing',
    businessUnit: 'Marketing',
    purpose: 'Sustainability report highlights and stories',
    audienceSize: 0,
    tags: ['brand', 'esg'],
    origin: {
      created: 350,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'marketing-lead',
    },
    story: [],
  },
  {
    name: 'Legacy events X account',
    platform: 'x',
    handle: '@larkmoorevents',
    profileUrl: 'https://x.com/larkmoorevents',
    ownerGroup: 'marketing',
    businessUnit: 'Marketing',
    purpose: 'Events account replaced by the corporate account',
    audienceSize: 7000,
    tags: ['events'],
    origin: { imported: 'operation', controls: 'shared-login' },
    story: [
      {
        day: 35,
        do: 'controls',
        by: 'marketing-lead',
        controls: 'winding-down',
      },
      {
        day: 35,
        do: 'request-retirement',
        by: 'marketing-lead',
        reason:
          'Events are announced from the corporate account; the shared password is gone and the apps are revoked',
        // Kept, archived, so that nobody else can post as the events account.
        handle: 'kept',
      },
      {
        day: 37,
        do: 'approve-retirement',
        comment:
          'Checklist confirmed; archive the account and revoke every login',
      },
    ],
  },

  // --- Human Resources ---------------------------------------------------------------------
  {
    name: 'Careers LinkedIn page',
    platform: 'linkedin',
    handle: 'larkmoor-careers',
    profileUrl: 'https://www.linkedin.com/company/larkmoor-careers',
    ownerGroup: 'hr',
    serviceOwner: 'hr-business-partner',
    businessUnit: 'Human Resources',
    purpose: 'Employer brand and job postings',
    audienceSize: 340000,
    tags: ['careers'],
    itsm: true,
    origin: { imported: 'operation', controls: 'hardened' },
    story: [
      {
        day: 12,
        do: 'admins',
        admins: [
          {
            account: 'hr-partner',
            person: 'hr-business-partner',
            role: 'owner',
          },
        ],
      },
      ...quarterlyReviews([20, 106, 192, 278, 352]),
      { day: 170, do: 'controls', controls: 'hardened' },
    ],
  },
  {
    name: 'Careers Instagram',
    platform: 'instagram',
    handle: '@lifeatlarkmoor',
    profileUrl: 'https://www.instagram.com/lifeatlarkmoor',
    ownerGroup: 'hr',
    serviceOwner: 'hr-business-partner',
    businessUnit: 'Human Resources',
    purpose: 'Life at Larkmoor, for candidates',
    audienceSize: 48000,
    tags: ['careers'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 12,
        do: 'admins',
        admins: [
          {
            account: 'hr-partner',
            person: 'hr-business-partner',
            role: 'owner',
          },
          {
            account: 'hr-coordinator',
            person: 'former-hr-coordinator',
            role: 'admin',
          },
          { account: 'employer-brand-agency', role: 'editor' },
        ],
      },
      { day: 22, do: 'review' },
      // The HR coordinator leaves on day 140; the next review removes the login.
      {
        day: 160,
        do: 'review',
        remove: ['hr-coordinator'],
        note: 'HR coordinator left in the spring; login removed',
      },
      { day: 165, do: 'controls', controls: 'vaulted' },
      { day: 262, do: 'review' },
    ],
  },
  {
    name: 'Graduate programme TikTok',
    platform: 'tiktok',
    handle: '@larkmoorgraduates',
    ownerGroup: 'hr',
    serviceOwner: 'hr-business-partner',
    businessRequester: 'hr-business-partner',
    businessUnit: 'Human Resources',
    purpose: 'Graduate recruitment campaign',
    audienceSize: 0,
    tags: ['careers', 'campaigns'],
    // Requested by HR and approved: catalogued straight into design.
    origin: {
      created: 335,
      stage: 'design',
      controls: 'setting-up',
      by: 'it-service-owner',
    },
    story: [],
  },
  {
    name: 'Internal communications YouTube',
    platform: 'youtube',
    handle: '@larkmoorinside',
    profileUrl: 'https://www.youtube.com/@larkmoorinside',
    ownerGroup: 'hr',
    serviceOwner: 'hr-business-partner',
    businessUnit: 'Human Resources',
    purpose: 'Town halls for employees, unlisted videos',
    audienceSize: 9000,
    tags: ['internal'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 95,
        do: 'controls',
        by: 'hr-business-partner',
        controls: 'winding-down',
      },
      {
        day: 95,
        do: 'request-retirement',
        reason:
          'Town halls moved to the intranet video platform; the unlisted videos are copied there',
        // Town hall recordings are for employees only: the channel is deleted.
        handle: 'released',
      },
      {
        day: 96,
        do: 'approve-retirement',
        comment: 'Recordings are on the intranet; delete the channel',
      },
    ],
  },

  // --- Customer Support --------------------------------------------------------------------
  {
    name: 'Customer support X account',
    platform: 'x',
    handle: '@larkmoorhelp',
    profileUrl: 'https://x.com/larkmoorhelp',
    ownerGroup: 'customer-support',
    serviceOwner: 'support-team-lead',
    businessUnit: 'Customer Support',
    purpose: 'Answers to customers, service status',
    audienceSize: 96000,
    tags: ['support'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 15,
        do: 'admins',
        admins: [
          {
            account: 'support-lead',
            person: 'support-team-lead',
            role: 'owner',
          },
          { account: 'support-shift-a', role: 'editor' },
          { account: 'support-shift-b', role: 'editor' },
        ],
      },
      ...quarterlyReviews([18, 104, 190, 276, 350]),
      { day: 50, do: 'controls', controls: 'hardened' },
      {
        day: 51,
        do: 'sign-off',
        by: 'security-analyst',
        note: 'Hardened with the corporate accounts; rating accepted',
      },
      { day: 220, do: 'controls', controls: 'hardened' },
    ],
  },
  {
    name: 'Support Facebook page',
    platform: 'facebook',
    handle: 'larkmoor.support',
    profileUrl: 'https://www.facebook.com/larkmoor.support',
    ownerGroup: 'customer-support',
    serviceOwner: 'support-team-lead',
    businessUnit: 'Customer Support',
    purpose: 'Customer questions through Messenger',
    audienceSize: 120000,
    tags: ['support'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 16,
        do: 'admins',
        admins: [
          {
            account: 'support-lead',
            person: 'support-team-lead',
            role: 'owner',
          },
          { account: 'messenger-inbox-team', role: 'editor' },
        ],
      },
      ...quarterlyReviews([40, 126, 212, 298]),
      { day: 75, do: 'controls', controls: 'vaulted' },
      // After a lock-out the recovery phone was moved to a team lead's mobile, and stayed there.
      { day: 285, do: 'controls', controls: 'recovery-lost' },
    ],
  },
  {
    name: 'Support YouTube how-to channel',
    platform: 'youtube',
    handle: '@larkmoorhowto',
    profileUrl: 'https://www.youtube.com/@larkmoorhowto',
    ownerGroup: 'customer-support',
    serviceOwner: 'support-team-lead',
    businessUnit: 'Customer Support',
    purpose: 'How-to videos that deflect support calls',
    audienceSize: 52000,
    tags: ['support', 'video'],
    itsm: true,
    origin: { imported: 'operation', controls: 'hardened' },
    story: [
      {
        day: 16,
        do: 'admins',
        admins: [
          {
            account: 'support-lead',
            person: 'support-team-lead',
            role: 'owner',
          },
          { account: 'video-production-agency', role: 'editor' },
        ],
      },
      ...quarterlyReviews([30, 116, 202, 290]),
      { day: 160, do: 'controls', controls: 'hardened' },
      {
        day: 220,
        do: 'move',
        to: 'improvement',
        reason:
          'Rework of the series around the ten most asked support questions',
      },
      // The rework put the videos in the help centre; retiring the channel waits for IT.
      {
        day: 355,
        do: 'controls',
        by: 'support-team-lead',
        controls: 'winding-down',
      },
      {
        day: 356,
        do: 'request-retirement',
        reason:
          'The how-to videos now play in the help centre, where customers watch them; the channel is no longer needed',
        handle: 'kept',
      },
    ],
  },
  {
    name: 'Community forum blog',
    platform: 'blog',
    handle: 'community.larkmoor.com',
    profileUrl: 'https://community.larkmoor.com',
    ownerGroup: 'customer-support',
    businessUnit: 'Customer Support',
    purpose: 'Announcements for the customer community',
    audienceSize: 0,
    tags: ['support'],
    origin: {
      created: 320,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'support-team-lead',
    },
    story: [],
  },

  // --- Region EMEA -------------------------------------------------------------------------
  {
    name: 'EMEA X account',
    platform: 'x',
    handle: '@larkmoor_emea',
    profileUrl: 'https://x.com/larkmoor_emea',
    ownerGroup: 'region-emea',
    serviceOwner: 'emea-marketing-manager',
    businessUnit: 'Marketing EMEA',
    purpose: 'Regional news and events in Europe, the Middle East and Africa',
    audienceSize: 38000,
    tags: ['region-emea'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 20,
        do: 'admins',
        admins: [
          {
            account: 'emea-marketing',
            person: 'emea-marketing-manager',
            role: 'owner',
          },
          { account: 'emea-pr-agency', role: 'editor' },
        ],
      },
      ...quarterlyReviews([50, 145, 240]),
      { day: 150, do: 'controls', controls: 'vaulted' },
      // Regional news moves to the corporate newsroom; Communications has yet to accept.
      {
        day: 352,
        do: 'request-transfer',
        toOwnerGroup: 'communications',
        toServiceOwner: 'communications-lead',
        reason:
          'Regional news now comes from the corporate newsroom, which posts for EMEA as well',
      },
    ],
  },
  {
    name: 'EMEA LinkedIn showcase page',
    platform: 'linkedin',
    handle: 'larkmoor-emea',
    profileUrl: 'https://www.linkedin.com/showcase/larkmoor-emea',
    ownerGroup: 'region-emea',
    serviceOwner: 'emea-marketing-manager',
    businessUnit: 'Marketing EMEA',
    purpose: 'B2B campaigns in EMEA',
    audienceSize: 61000,
    tags: ['region-emea'],
    itsm: true,
    // Through every stage in four months; nobody has recorded its admins or reviewed them since.
    origin: {
      created: 40,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'emea-marketing-manager',
      without: ['profileUrl', 'itsm'],
    },
    story: [
      {
        day: 55,
        do: 'move',
        to: 'design',
        reason: 'B2B campaign plan for EMEA approved by the marketing lead',
      },
      { day: 72, do: 'complete', fields: ['profileUrl', 'itsm'] },
      {
        day: 75,
        do: 'move',
        to: 'transition',
        reason: 'Showcase page created under the corporate page',
      },
      { day: 104, do: 'controls', controls: 'hardened' },
      {
        day: 106,
        do: 'sign-off',
        by: 'security-analyst',
        note: 'Ready for operation: MFA, vault, company-owned recovery',
      },
      {
        day: 110,
        do: 'move',
        to: 'operation',
        reason: 'Live for the autumn trade fairs',
      },
    ],
  },
  {
    name: 'France Instagram',
    platform: 'instagram',
    handle: '@larkmoor.fr',
    profileUrl: 'https://www.instagram.com/larkmoor.fr',
    ownerGroup: 'region-emea',
    serviceOwner: 'emea-marketing-manager',
    businessUnit: 'Marketing EMEA',
    purpose: 'French-language brand account',
    audienceSize: 22000,
    tags: ['region-emea'],
    itsm: true,
    origin: {
      created: 170,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'emea-marketing-manager',
      without: ['profileUrl', 'itsm'],
    },
    story: [
      {
        day: 190,
        do: 'move',
        to: 'design',
        reason: 'French market plan approved',
      },
      { day: 255, do: 'complete', fields: ['profileUrl', 'itsm'] },
      { day: 256, do: 'controls', controls: 'text-message-mfa' },
      {
        day: 260,
        do: 'move',
        to: 'transition',
        reason: 'Agency in Paris onboarded; first posts in review',
      },
    ],
  },
  {
    name: 'Germany Facebook page',
    platform: 'facebook',
    handle: 'larkmoor.deutschland',
    profileUrl: 'https://www.facebook.com/larkmoor.deutschland',
    ownerGroup: 'region-emea',
    businessUnit: 'Marketing EMEA',
    purpose: 'Former German community page, merged into the brand page',
    audienceSize: 15000,
    tags: ['region-emea'],
    origin: { imported: 'operation', controls: 'shared-login' },
    story: [
      {
        day: 235,
        do: 'controls',
        by: 'emea-marketing-manager',
        controls: 'winding-down',
      },
      {
        day: 236,
        do: 'request-retirement',
        by: 'emea-marketing-manager',
        reason:
          'Community merged into the brand page; followers were pointed there for a month',
        handle: 'kept',
      },
      {
        day: 240,
        do: 'approve-retirement',
        comment: 'Archive the page and revoke the shared logins',
      },
    ],
  },

  // --- Region Americas ---------------------------------------------------------------------
  {
    name: 'Americas X account',
    platform: 'x',
    handle: '@larkmoor_amer',
    profileUrl: 'https://x.com/larkmoor_amer',
    ownerGroup: 'region-americas',
    serviceOwner: 'americas-marketing-manager',
    businessUnit: 'Marketing Americas',
    purpose: 'Regional news and events in the Americas',
    audienceSize: 44000,
    tags: ['region-americas'],
    itsm: true,
    // As found in the inventory, and never fixed or reviewed since.
    origin: { imported: 'operation', controls: 'shared-login' },
    story: [],
  },
  {
    name: 'Brazil Instagram',
    platform: 'instagram',
    handle: '@larkmoorbrasil',
    profileUrl: 'https://www.instagram.com/larkmoorbrasil',
    ownerGroup: 'region-americas',
    serviceOwner: 'americas-marketing-manager',
    businessUnit: 'Marketing Americas',
    purpose: 'Portuguese-language brand account',
    audienceSize: 31000,
    tags: ['region-americas'],
    itsm: true,
    origin: {
      created: 20,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'americas-marketing-manager',
      without: ['profileUrl', 'serviceOwner', 'itsm'],
    },
    story: [
      {
        day: 35,
        do: 'move',
        to: 'design',
        reason: 'Brazil launch approved for the second half of the year',
      },
      {
        day: 55,
        do: 'complete',
        fields: ['profileUrl', 'serviceOwner', 'itsm'],
      },
      {
        day: 60,
        do: 'move',
        to: 'transition',
        reason: 'Handle secured; agency in São Paulo onboarded',
      },
      {
        day: 80,
        do: 'admins',
        by: 'americas-marketing-manager',
        admins: [
          {
            account: 'americas-marketing',
            person: 'americas-marketing-manager',
            role: 'owner',
          },
          { account: 'sao-paulo-agency', role: 'editor' },
        ],
      },
      { day: 85, do: 'controls', controls: 'hardened' },
      {
        day: 92,
        do: 'sign-off',
        by: 'security-analyst',
        note: 'Ready for operation: security keys, vault, company-owned recovery',
      },
      {
        day: 95,
        do: 'move',
        to: 'operation',
        reason: 'Live for the Brazil launch',
      },
      ...quarterlyReviews([150, 245, 330]),
      {
        day: 260,
        do: 'move',
        to: 'improvement',
        reason: 'Shift to creator partnerships after the launch year',
      },
    ],
  },
  {
    name: 'Americas TikTok',
    platform: 'tiktok',
    handle: '@larkmoor.americas',
    ownerGroup: 'region-americas',
    businessUnit: 'Marketing Americas',
    purpose: 'Short video for the Americas',
    audienceSize: 0,
    tags: ['region-americas', 'video'],
    // Opened by the regional team on one shared password before anyone asked IT.
    origin: {
      created: 300,
      stage: 'strategy',
      controls: 'shared-login',
      by: 'americas-marketing-manager',
    },
    story: [],
  },

  // --- Region APAC -------------------------------------------------------------------------
  {
    name: 'APAC LinkedIn page',
    platform: 'linkedin',
    handle: 'larkmoor-apac',
    profileUrl: 'https://www.linkedin.com/company/larkmoor-apac',
    ownerGroup: 'region-apac',
    serviceOwner: 'apac-marketing-manager',
    businessUnit: 'Marketing APAC',
    purpose: 'B2B campaigns in Asia Pacific',
    audienceSize: 27000,
    tags: ['region-apac'],
    itsm: true,
    origin: { imported: 'operation', controls: 'text-message-mfa' },
    story: [
      {
        day: 25,
        do: 'admins',
        admins: [
          {
            account: 'apac-marketing',
            person: 'apac-marketing-manager',
            role: 'owner',
          },
        ],
      },
      // The next review falls due within days.
      ...quarterlyReviews([70, 195, 285]),
      { day: 200, do: 'controls', controls: 'vaulted' },
    ],
  },
  {
    name: 'Japan X account',
    platform: 'x',
    handle: '@larkmoor_jp',
    profileUrl: 'https://x.com/larkmoor_jp',
    ownerGroup: 'region-apac',
    serviceOwner: 'apac-marketing-manager',
    businessUnit: 'Marketing APAC',
    purpose: 'Japanese-language news and campaigns',
    audienceSize: 19000,
    tags: ['region-apac'],
    itsm: true,
    origin: {
      created: 150,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'apac-marketing-manager',
      without: ['profileUrl', 'itsm'],
    },
    story: [
      {
        day: 170,
        do: 'move',
        to: 'design',
        reason: 'Japan distributor campaign approved',
      },
      { day: 225, do: 'complete', fields: ['profileUrl', 'itsm'] },
      {
        day: 230,
        do: 'move',
        to: 'transition',
        reason: 'Account registered; the Tokyo agency posts for review',
      },
      // The agency asked for one shared password "for the launch"; it is still shared.
      { day: 245, do: 'controls', controls: 'shared-login' },
    ],
  },
  {
    name: 'APAC YouTube channel',
    platform: 'youtube',
    handle: '@larkmoorapac',
    ownerGroup: 'region-apac',
    serviceOwner: 'apac-marketing-manager',
    businessUnit: 'Marketing APAC',
    purpose: 'Regional product films',
    audienceSize: 0,
    tags: ['region-apac', 'video'],
    origin: {
      created: 250,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'apac-marketing-manager',
    },
    story: [
      {
        day: 290,
        do: 'move',
        to: 'design',
        reason: 'Product film budget approved for the region',
      },
    ],
  },

  // --- Security Office ---------------------------------------------------------------------
  {
    name: 'Security advisories Mastodon',
    platform: 'mastodon',
    handle: '@security@social.larkmoor.com',
    profileUrl: 'https://social.larkmoor.com/@security',
    ownerGroup: 'security-office',
    businessUnit: 'Security Office',
    purpose: 'Security advisories for researchers',
    audienceSize: 0,
    tags: ['security'],
    origin: {
      created: 210,
      stage: 'strategy',
      controls: 'setting-up',
      by: 'security-analyst',
    },
    story: [
      {
        day: 225,
        do: 'move',
        to: 'design',
        reason:
          'Disclosure policy asks for an advisory channel on our own server',
      },
    ],
  },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The vault path of an account's credentials (a reference, never the secret). */
function vaultRef(service: Pick<DemoService, 'platform' | 'handle'>): string {
  const account = service.handle
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `vault://social-media/${service.platform}-${account}`;
}

/**
 * The controls of a service as an edit or the import gives them. Connected apps count as
 * reviewed on `appsReviewedAt` where the level has them reviewed.
 */
export function controlsInput(
  service: DemoService,
  level: DemoControls,
  appsReviewedAt: Date,
): NonNullable<SocialServiceInput['controls']> {
  const reviewed = new Date(appsReviewedAt.getTime() - DAY_MS)
    .toISOString()
    .slice(0, 10);
  const exposure = {
    // Corporate and brand accounts speak for the whole brand.
    brandLevel:
      service.tags.includes('corporate') || service.tags.includes('brand'),
    regulatedContent:
      service.tags.includes('esg') || service.tags.includes('careers'),
  };
  const open = { accessRevoked: false, accountStatus: 'active' as const };
  switch (level) {
    case 'shared-login':
      return {
        mfaEnabled: false,
        sharedLogin: true,
        thirdPartyApps: [
          { name: 'Scheduling tool', scopes: ['publish'] },
          { name: 'Contest app', scopes: ['read_followers', 'publish'] },
        ],
        verified: false,
        recoveryOwnedByCompany: false,
        ...exposure,
        ...open,
      };
    case 'text-message-mfa':
      return {
        mfaEnabled: true,
        mfaMethod: 'sms',
        thirdPartyApps: [
          { name: 'Social inbox', scopes: ['read_messages', 'reply'] },
        ],
        verified: true,
        recoveryOwnedByCompany: false,
        ...exposure,
        ...open,
      };
    case 'vaulted':
    case 'recovery-lost':
      return {
        mfaEnabled: true,
        mfaMethod: 'sms',
        credentialVaultRef: vaultRef(service),
        thirdPartyApps: [
          {
            name: 'Social inbox',
            scopes: ['read_messages', 'reply'],
            lastReviewedAt: reviewed,
          },
        ],
        verified: true,
        recoveryOwnedByCompany: level === 'vaulted',
        ...exposure,
        ...open,
      };
    case 'hardened':
      return {
        mfaEnabled: true,
        mfaMethod: 'security-key',
        ssoEnabled: true,
        credentialVaultRef: vaultRef(service),
        thirdPartyApps: [
          {
            name: 'Publishing suite',
            scopes: ['publish', 'read_insights'],
            lastReviewedAt: reviewed,
          },
        ],
        verified: true,
        recoveryOwnedByCompany: true,
        ...exposure,
        ...open,
      };
    case 'setting-up':
      return {
        mfaEnabled: true,
        mfaMethod: 'authenticator-app',
        thirdPartyApps: [],
        verified: false,
        recoveryOwnedByCompany: true,
        ...exposure,
        ...open,
      };
    case 'winding-down':
    case 'closed':
    default:
      return {
        mfaEnabled: true,
        mfaMethod: 'authenticator-app',
        thirdPartyApps: [],
        verified: false,
        recoveryOwnedByCompany: true,
        ...exposure,
        ...(level === 'winding-down'
          ? open
          : { accessRevoked: true, accountStatus: 'archived' as const }),
      };
  }
}

/**
 * A service's fields as the API takes them, leaving out those `missing` (recorded later in its
 * story) and giving the controls at `level`.
 */
export function serviceFields(
  service: DemoService,
  options: {
    level: DemoControls;
    appsReviewedAt: Date;
    missing?: LaterField[];
    /** The ITSM system mapped services are mapped to (a connector id); none leaves them unmapped. */
    itsmSystem?: string;
  },
): Omit<SocialServiceInput, 'lifecycleStage'> {
  const missing = new Set(options.missing ?? []);
  return {
    name: service.name,
    platform: service.platform,
    handle: service.handle,
    ...(service.profileUrl && !missing.has('profileUrl')
      ? { profileUrl: service.profileUrl }
      : {}),
    purpose: service.purpose,
    businessUnit: service.businessUnit,
    ownerGroup: `group:default/${service.ownerGroup}`,
    ...(service.serviceOwner && !missing.has('serviceOwner')
      ? { serviceOwner: personRef(service.serviceOwner) }
      : {}),
    ...(service.businessRequester
      ? { businessRequester: personRef(service.businessRequester) }
      : {}),
    audienceSize: service.audienceSize,
    tags: service.tags,
    controls: controlsInput(service, options.level, options.appsReviewedAt),
    ...(service.itsm && !missing.has('itsm') && options.itsmSystem
      ? { itsm: { system: options.itsmSystem, reference: service.name } }
      : {}),
  };
}

/**
 * Where a service's story leaves it: its stage, its controls today, and the transfer or
 * retirement still waiting for a decision, if any.
 */
export function finalState(service: DemoService): {
  stage: LifecycleStage;
  controls: DemoControls;
  waiting?: 'transfer' | 'retirement';
} {
  const { origin } = service;
  let stage = 'imported' in origin ? origin.imported : origin.stage;
  let controls = origin.controls;
  let waiting: 'transfer' | 'retirement' | undefined;
  for (const step of [...service.story].sort((a, b) => a.day - b.day)) {
    if (step.do === 'move') stage = step.to;
    if (step.do === 'controls') controls = step.controls;
    if (step.do === 'request-retirement') waiting = 'retirement';
    if (step.do === 'request-transfer') waiting = 'transfer';
    if (step.do === 'approve-retirement') {
      stage = 'retired';
      controls = 'closed';
      waiting = undefined;
    }
  }
  return { stage, controls, ...(waiting ? { waiting } : {}) };
}
