import { z } from 'zod';
import {
  ACCOUNT_STATUSES,
  ACCESS_REVIEW_DECISIONS,
  ADMIN_ROLES,
  GuardianshipControls,
  INCIDENT_REPORT_CATEGORIES,
  MFA_METHODS,
  LIFECYCLE_STAGES,
  RISK_RATINGS,
  SOCIAL_PLATFORMS,
  SocialPlatform,
} from './types';
import { REQUEST_DECISIONS } from './requests';
import {
  ChecklistItem,
  HANDLE_DISPOSITIONS,
  HANDOVER_DECISIONS,
  RETIREMENT_CHECKLIST,
  TRANSFER_CHECKLIST,
} from './handovers';

/**
 * Handle rules per platform, with the message a person sees when a handle does not fit.
 *
 * @public
 */
export const HANDLE_RULES: Record<
  SocialPlatform,
  { pattern: RegExp; message: string }
> = {
  x: {
    pattern: /^@?[A-Za-z0-9_]{1,15}$/,
    message:
      'An X handle is 1 to 15 letters, digits or underscores, optionally starting with @ (e.g. @acme)',
  },
  facebook: {
    pattern: /^[A-Za-z0-9.]{5,50}$/,
    message:
      'A Facebook page name is 5 to 50 letters, digits or dots (e.g. acme.official)',
  },
  instagram: {
    pattern: /^@?[A-Za-z0-9._]{1,30}$/,
    message:
      'An Instagram handle is 1 to 30 letters, digits, dots or underscores, optionally starting with @',
  },
  linkedin: {
    pattern: /^[a-z0-9][a-z0-9-]{1,99}$/,
    message:
      'A LinkedIn page id is 2 to 100 lowercase letters, digits or dashes (the part after /company/)',
  },
  youtube: {
    pattern: /^@[A-Za-z0-9._-]{3,30}$/,
    message:
      'A YouTube handle starts with @ followed by 3 to 30 letters, digits, dots, dashes or underscores',
  },
  tiktok: {
    pattern: /^@?[A-Za-z0-9._]{2,24}$/,
    message:
      'A TikTok handle is 2 to 24 letters, digits, dots or underscores, optionally starting with @',
  },
  mastodon: {
    pattern: /^@[A-Za-z0-9_]{1,30}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/,
    message:
      'A Mastodon handle names the user and the server, e.g. @acme@mastodon.social',
  },
  threads: {
    // A Threads profile is an Instagram account and carries its username.
    pattern: /^@?[A-Za-z0-9._]{1,30}$/,
    message:
      "A Threads handle is the account's Instagram username: 1 to 30 letters, digits, dots or underscores, optionally starting with @ (e.g. @acme)",
  },
  bluesky: {
    // A domain name (AT Protocol handle syntax): labels of 1 to 63 letters, digits or hyphens,
    // not starting or ending with a hyphen, at least two of them, a top-level domain that starts
    // with a letter, 253 characters at most. Typed with a leading @ and in any case; stored
    // without the @ and in lower case (see normalizeHandle).
    pattern:
      /^@?(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
    message:
      'A Bluesky handle is a domain name, e.g. acme.bsky.social or news.acme.com: parts of letters, digits or hyphens joined by dots, none starting or ending with a hyphen, the last starting with a letter',
  },
  blog: {
    pattern:
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
    message: 'A blog is named by its host name, e.g. blog.example.com',
  },
  other: {
    pattern: /^\S.{0,99}$/,
    message: 'A handle is 1 to 100 characters and does not start with a space',
  },
};

/**
 * Host names a profile URL may have per platform (subdomains such as www. are accepted).
 *
 * @public
 */
export const PROFILE_HOSTS: Partial<Record<SocialPlatform, string[]>> = {
  x: ['x.com', 'twitter.com'],
  facebook: ['facebook.com'],
  instagram: ['instagram.com'],
  linkedin: ['linkedin.com'],
  youtube: ['youtube.com'],
  tiktok: ['tiktok.com'],
  // Threads moved from threads.net to threads.com; profiles are linked under both.
  threads: ['threads.com', 'threads.net'],
  bluesky: ['bsky.app'],
};

/**
 * Checks a profile URL for a platform; returns a message when it does not fit.
 *
 * @public
 */
export function checkProfileUrl(
  url: string,
  platform: SocialPlatform,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Profile URL must be a full address such as https://www.linkedin.com/company/acme';
  }
  if (parsed.protocol !== 'https:') {
    return 'Profile URL must use https';
  }
  const hosts = PROFILE_HOSTS[platform];
  const host = parsed.hostname.toLowerCase();
  if (hosts && !hosts.some(h => host === h || host.endsWith(`.${h}`))) {
    return `Profile URL for ${platform} must be on ${hosts.join(' or ')}`;
  }
  return undefined;
}

/**
 * Turns a Group or User reference as people type it (`marketing`, `group:marketing`,
 * `group:default/marketing`) into a full entity ref, or undefined when it is not one.
 *
 * @public
 */
export function normalizeEntityRef(
  value: string,
  kind: 'group' | 'user',
): string | undefined {
  const match =
    /^(?:([A-Za-z]+):)?(?:([a-z0-9][a-z0-9._-]*)\/)?([A-Za-z0-9][A-Za-z0-9._-]{0,62})$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  const [, givenKind, namespace, name] = match;
  if (givenKind && givenKind.toLowerCase() !== kind) return undefined;
  return `${kind}:${namespace ?? 'default'}/${name}`.toLowerCase();
}

/**
 * Turns a name into a service id: lowercase letters, digits and dashes.
 *
 * @public
 */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}

const SERVICE_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const entityRef = (kind: 'group' | 'user', label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .transform((value, ctx) => {
      // A valid ref (names of at most 63 characters) always fits its 255-character column.
      const ref = normalizeEntityRef(value, kind);
      if (!ref) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be a catalog ${
            kind === 'group' ? 'Group' : 'User'
          } such as ${kind}:default/${
            kind === 'group' ? 'marketing' : 'service-owner'
          }`,
        });
        return z.NEVER;
      }
      return ref;
    });

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform(v => (v === '' ? undefined : v));

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .refine(v => !Number.isNaN(Date.parse(v)), {
      message: `${label} must be a date such as 2026-11-25`,
    })
    .transform(v => new Date(v).toISOString());

const yesNo = (label: string) =>
  z.boolean({ error: `${label} must be true or false` });

/**
 * Why the last access review cannot be given with a service.
 *
 * @public
 */
export const LAST_REVIEW_IS_AN_EVENT =
  'The last access review cannot be typed in: it is recorded when the service owner completes an access review';

/**
 * A connected third-party app.
 *
 * @public
 */
export const thirdPartyAppSchema = z
  .object({
    name: z
      .string({ error: 'App name is required' })
      .trim()
      .min(1, 'App name is required')
      .max(200, 'App name must be at most 200 characters'),
    scopes: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'A scope cannot be blank')
          .max(100, 'A scope must be at most 100 characters'),
      )
      .max(50, 'At most 50 scopes per app')
      .default([]),
    lastReviewedAt: isoDate('Last reviewed').optional(),
  })
  .strict();

/**
 * Guardianship controls as they may be given when creating or updating a service. Every field
 * may be left out; what is left out takes the cautious default (off, no, not reviewed).
 *
 * @public
 */
export const guardianshipControlsSchema = z
  .object({
    mfaEnabled: yesNo('MFA enabled'),
    mfaMethod: z
      .enum(MFA_METHODS, {
        error: `MFA method must be one of ${MFA_METHODS.join(', ')}`,
      })
      .optional(),
    ssoEnabled: yesNo('Single sign-on'),
    credentialVaultRef: z
      .string()
      .trim()
      .max(500, 'Vault reference must be at most 500 characters')
      .optional()
      .transform(v => (v === '' ? undefined : v))
      .refine(v => v === undefined || !/\s/.test(v), {
        message:
          'Vault reference must be a reference such as vault://social/corp-x, not a secret',
      }),
    sharedLogin: yesNo('Shared login'),
    thirdPartyApps: z
      .array(thirdPartyAppSchema)
      .max(100, 'At most 100 third-party apps'),
    verified: yesNo('Verified'),
    recoveryOwnedByCompany: yesNo('Recovery owned by the company'),
    regulatedContent: yesNo('Regulated content'),
    brandLevel: yesNo('Brand-level account'),
    // Dates that events set: a person records the event, never types its date. The last
    // review may come back unchanged from a service read earlier; the catalogue refuses any
    // other value, and a new service cannot have one.
    lastAccessReviewAt: z.string().optional(),
    riskAssessedAt: z
      .never({
        error:
          'The risk assessment date cannot be typed in: the service owner or the security office signs off the assessment on the service page',
      })
      .optional(),
    accessRevoked: yesNo('Access revoked'),
    accountStatus: z.enum(ACCOUNT_STATUSES, {
      error: `Account status must be one of ${ACCOUNT_STATUSES.join(', ')}`,
    }),
  })
  .strict()
  .partial()
  .superRefine((c, ctx) => {
    if (c.mfaMethod && c.mfaEnabled === false) {
      ctx.addIssue({
        code: 'custom',
        path: ['mfaMethod'],
        message: 'MFA method can only be given when MFA is enabled',
      });
    }
    const seen = new Set<string>();
    (c.thirdPartyApps ?? []).forEach((app, index) => {
      const key = app.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['thirdPartyApps', index, 'name'],
          message: `App ${app.name} is listed twice`,
        });
      }
      seen.add(key);
    });
  })
  .transform(
    (c): GuardianshipControls => ({
      mfaEnabled: c.mfaEnabled ?? false,
      ...(c.mfaEnabled && c.mfaMethod ? { mfaMethod: c.mfaMethod } : {}),
      ssoEnabled: c.ssoEnabled ?? false,
      ...(c.credentialVaultRef
        ? { credentialVaultRef: c.credentialVaultRef }
        : {}),
      sharedLogin: c.sharedLogin ?? false,
      thirdPartyApps: (c.thirdPartyApps ?? []).map(app => ({
        name: app.name,
        scopes: app.scopes,
        ...(app.lastReviewedAt ? { lastReviewedAt: app.lastReviewedAt } : {}),
      })),
      verified: c.verified ?? false,
      recoveryOwnedByCompany: c.recoveryOwnedByCompany ?? false,
      regulatedContent: c.regulatedContent ?? false,
      brandLevel: c.brandLevel ?? false,
      ...(c.lastAccessReviewAt
        ? { lastAccessReviewAt: c.lastAccessReviewAt }
        : {}),
      accessRevoked: c.accessRevoked ?? false,
      accountStatus: c.accountStatus ?? 'active',
    }),
  );

/** What an ITSM system id (a connector id) looks like: `servicenow`, `jira-service-management`. */
const ITSM_SYSTEM_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const ITSM_SYSTEM_ID_MESSAGE =
  'ITSM system must be the id of an installed ITSM connector, such as servicenow: lowercase letters, digits and dashes, at most 64 characters';

/**
 * True when `id` can name an ITSM system: lowercase letters, digits and dashes, at most 64
 * characters. Whether a connector with that id is installed is for the backend to say.
 *
 * @public
 */
export function isItsmSystemId(id: string): boolean {
  return ITSM_SYSTEM_ID.test(id);
}

const serviceFields = {
  id: z
    .string()
    .trim()
    .regex(
      SERVICE_ID,
      'Id must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit',
    )
    .optional(),
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(200, 'Name must be at most 200 characters'),
  platform: z.enum(SOCIAL_PLATFORMS, {
    error: `Platform must be one of ${SOCIAL_PLATFORMS.join(', ')}`,
  }),
  handle: z
    .string({ error: 'Handle is required' })
    .trim()
    .min(1, 'Handle is required')
    .max(255, 'Handle must be at most 255 characters'),
  profileUrl: optionalText(2048, 'Profile URL'),
  purpose: z
    .string({ error: 'Purpose is required' })
    .trim()
    .min(1, 'Purpose is required')
    .max(2000, 'Purpose must be at most 2000 characters'),
  businessUnit: z
    .string({ error: 'Business unit is required' })
    .trim()
    .min(1, 'Business unit is required')
    .max(200, 'Business unit must be at most 200 characters'),
  ownerGroup: entityRef('group', 'Owner group'),
  serviceOwner: entityRef('user', 'Service owner').optional(),
  businessRequester: entityRef('user', 'Business requester').optional(),
  audienceSize: z
    .number({ error: 'Audience size must be a number' })
    .int('Audience size must be a whole number')
    .min(0, 'Audience size cannot be negative')
    .max(10_000_000_000, 'Audience size is too large')
    .default(0),
  tags: z
    .array(
      z
        .string()
        .trim()
        .regex(
          /^[a-z0-9:+#-]{1,63}$/,
          'Tags are 1 to 63 lowercase letters, digits or the characters : + # -',
        ),
    )
    .max(20, 'At most 20 tags')
    .default([]),
  controls: guardianshipControlsSchema.prefault({}),
  itsm: z
    .object({
      // Which systems exist is up to the installed connectors: the backend checks the id
      // against them (`GET /itsm/connectors`); here it only has to look like one.
      system: z
        .string({ error: ITSM_SYSTEM_ID_MESSAGE })
        .trim()
        .regex(ITSM_SYSTEM_ID, ITSM_SYSTEM_ID_MESSAGE),
      reference: z
        .string({
          error: 'ITSM reference is required when an ITSM system is chosen',
        })
        .trim()
        .min(1, 'ITSM reference is required when an ITSM system is chosen')
        .max(255, 'ITSM reference must be at most 255 characters'),
    })
    .strict()
    .optional(),
};

/**
 * Writes a handle the one way the catalogue stores it, so that `acme` and `@acme` on X are
 * recognised as the same account: X, Instagram, Threads and TikTok handles get a leading @;
 * a Bluesky handle, a domain name, is stored without @ and in lower case.
 *
 * @public
 */
export function normalizeHandle(
  platform: SocialPlatform,
  handle: string,
): string {
  const trimmed = handle.trim();
  if (
    platform === 'x' ||
    platform === 'instagram' ||
    platform === 'threads' ||
    platform === 'tiktok'
  ) {
    return `@${trimmed.replace(/^@/, '')}`;
  }
  if (platform === 'bluesky') {
    return trimmed.replace(/^@/, '').toLowerCase();
  }
  return trimmed;
}

function withNormalizedHandle<
  T extends { platform: SocialPlatform; handle: string },
>(value: T): T {
  return { ...value, handle: normalizeHandle(value.platform, value.handle) };
}

function checkPlatformRules(
  value: { platform: SocialPlatform; handle: string; profileUrl?: string },
  ctx: z.RefinementCtx,
) {
  const rule = HANDLE_RULES[value.platform];
  // A blank handle is already reported as required.
  if (value.handle && !rule.pattern.test(value.handle)) {
    ctx.addIssue({ code: 'custom', path: ['handle'], message: rule.message });
  }
  if (value.profileUrl) {
    const problem = checkProfileUrl(value.profileUrl, value.platform);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['profileUrl'], message: problem });
    }
  }
}

/**
 * A new service as the API, the forms and the bulk import take it.
 *
 * @public
 */
export const socialServiceInputSchema = z
  .object({
    ...serviceFields,
    lifecycleStage: z
      .enum(LIFECYCLE_STAGES, {
        error: `Lifecycle stage must be one of ${LIFECYCLE_STAGES.join(', ')}`,
      })
      .default('strategy'),
  })
  .strict()
  .superRefine(checkPlatformRules)
  .superRefine((value, ctx) => {
    if (value.controls.lastAccessReviewAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['controls', 'lastAccessReviewAt'],
        message: LAST_REVIEW_IS_AN_EVENT,
      });
    }
  })
  .transform(withNormalizedHandle);

/** @public */
export type SocialServiceInput = z.input<typeof socialServiceInputSchema>;

/** @public */
export type ValidSocialServiceInput = z.output<typeof socialServiceInputSchema>;

/**
 * A change to a service. The lifecycle stage moves only through transitions; the id never
 * changes. `version` is the version the change is based on.
 *
 * @public
 */
export const socialServiceUpdateSchema = z
  .object({
    ...serviceFields,
    id: z.undefined({ error: 'The id of a service cannot change' }).optional(),
    version: z
      .number({ error: 'Version is required: send the version you edited' })
      .int()
      .min(1),
  })
  .strict()
  .superRefine(checkPlatformRules)
  .transform(withNormalizedHandle);

/** @public */
export type SocialServiceUpdate = z.input<typeof socialServiceUpdateSchema>;

/** @public */
export type ValidSocialServiceUpdate = z.output<
  typeof socialServiceUpdateSchema
>;

/**
 * A request to move a service to another lifecycle stage.
 *
 * @public
 */
export const transitionInputSchema = z
  .object({
    to: z.enum(LIFECYCLE_STAGES, {
      error: `Target stage must be one of ${LIFECYCLE_STAGES.join(', ')}`,
    }),
    reason: z
      .string({ error: 'Reason is required' })
      .trim()
      .min(3, 'Reason must say why, in at least 3 characters')
      .max(2000, 'Reason must be at most 2000 characters'),
    version: z
      .number({ error: 'Version is required: send the version you saw' })
      .int()
      .min(1),
  })
  .strict();

/** @public */
export type TransitionInput = z.input<typeof transitionInputSchema>;

/**
 * The admin list of a service, replaced as a whole.
 *
 * @public
 */
export const adminsInputSchema = z
  .object({
    admins: z
      .array(
        z
          .object({
            account: z
              .string({ error: 'Account is required' })
              .trim()
              .min(1, 'Account is required')
              .max(255, 'Account must be at most 255 characters'),
            userRef: entityRef('user', 'User').optional(),
            role: z.enum(ADMIN_ROLES, {
              error: `Role must be one of ${ADMIN_ROLES.join(', ')}`,
            }),
          })
          .strict(),
      )
      .max(200, 'At most 200 admins'),
    version: z
      .number({ error: 'Version is required: send the version you edited' })
      .int()
      .min(1),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.admins.forEach((admin, index) => {
      const key = admin.account.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['admins', index, 'account'],
          message: `Account ${admin.account} is listed twice`,
        });
      }
      seen.add(key);
    });
  });

/** @public */
export type AdminsInput = z.input<typeof adminsInputSchema>;

/**
 * An access review: one keep-or-remove decision for each admin on the list.
 *
 * @public
 */
export const accessReviewInputSchema = z
  .object({
    version: z
      .number({ error: 'Version is required: send the version you reviewed' })
      .int()
      .min(1),
    decisions: z
      .array(
        z
          .object({
            account: z
              .string({ error: 'Account is required' })
              .trim()
              .min(1, 'Account is required'),
            decision: z.enum(ACCESS_REVIEW_DECISIONS, {
              error: 'Decision must be keep or remove',
            }),
            // Required by the backend when a person who left is kept; see planAccessReview.
            reason: z
              .string({ error: 'Reason must be text' })
              .trim()
              .max(500, 'Reason must be at most 500 characters')
              .transform(v => (v === '' ? undefined : v))
              .optional(),
          })
          .strict(),
      )
      .max(200, 'At most 200 decisions'),
    note: z
      .string()
      .trim()
      .max(2000, 'Note must be at most 2000 characters')
      .optional()
      .transform(v => (v === '' ? undefined : v)),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.decisions.forEach((d, index) => {
      const key = d.account.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['decisions', index, 'account'],
          message: `Account ${d.account} has more than one decision`,
        });
      }
      seen.add(key);
    });
  });

/** @public */
export type ValidAccessReviewInput = z.output<typeof accessReviewInputSchema>;

/**
 * A sign-off of a service's current risk assessment.
 *
 * @public
 */
export const riskSignOffInputSchema = z
  .object({
    rating: z.enum(RISK_RATINGS, {
      error: `Rating must be the rating you sign off: one of ${RISK_RATINGS.join(
        ', ',
      )}`,
    }),
    note: z
      .string({ error: 'Note is required: say why you accept this rating' })
      .trim()
      .min(
        3,
        'Note must say why you accept this rating, in at least 3 characters',
      )
      .max(2000, 'Note must be at most 2000 characters'),
  })
  .strict();

/** @public */
export type ValidRiskSignOffInput = z.output<typeof riskSignOffInputSchema>;

/**
 * An incident reported from the portal, raised in the ITSM tool the service is mapped to.
 *
 * @public
 */
export const incidentReportSchema = z
  .object({
    title: z
      .string({ error: 'Title is required' })
      .trim()
      .min(5, 'Title must be at least 5 characters')
      .max(160, 'Title must be at most 160 characters'),
    description: z
      .string({ error: 'Description is required' })
      .trim()
      .min(1, 'Description is required: say what happened and when')
      .max(4000, 'Description must be at most 4000 characters'),
    category: z.enum(INCIDENT_REPORT_CATEGORIES, {
      error: `Category must be one of ${INCIDENT_REPORT_CATEGORIES.join(', ')}`,
    }),
  })
  .strict();

/** @public */
export type ValidIncidentReport = z.output<typeof incidentReportSchema>;

/**
 * A bulk import as the API takes it. Strict like every other body: a misspelt `dryRun` is
 * refused rather than ignored, which would turn a check into an import.
 *
 * @public
 */
export const importRequestSchema = z
  .object({
    format: z.enum(['csv', 'yaml'], { error: 'Format must be csv or yaml' }),
    content: z
      .string({ error: 'Content is required: the text of the inventory file' })
      .max(5_000_000, 'Content must be at most 5000000 characters'),
    dryRun: yesNo('Dry run').optional(),
  })
  .strict();

/**
 * One validation problem, for a form field or an import cell.
 *
 * @public
 */
export interface ValidationProblem {
  /** Dotted path of the field, e.g. `controls.mfaEnabled`; empty for the whole input. */
  field: string;
  message: string;
}

/**
 * Flattens zod issues into problems a person can act on.
 *
 * @public
 */
export function toValidationProblems(error: z.ZodError): ValidationProblem[] {
  return error.issues.map(issue => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        field,
        message: `Unknown field${
          issue.keys.length > 1 ? 's' : ''
        }: ${issue.keys.join(', ')}`,
      };
    }
    return { field, message: issue.message };
  });
}

/**
 * Joins problems into one sentence for an error message.
 *
 * @public
 */
export function describeValidationProblems(
  problems: ValidationProblem[],
): string {
  return problems
    .map(p => (p.field ? `${p.field}: ${p.message}` : p.message))
    .join('; ');
}

const isoDay = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date such as 2027-03-01`)
    .refine(v => !Number.isNaN(Date.parse(v)), {
      message: `${label} must be a date such as 2027-03-01`,
    });

const shortText = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/**
 * A request for a new social service, as a business team files or edits it.
 *
 * @public
 */
export const serviceRequestInputSchema = z
  .object({
    platform: serviceFields.platform,
    name: serviceFields.name,
    handle: serviceFields.handle,
    profileUrl: serviceFields.profileUrl,
    purpose: serviceFields.purpose,
    audience: shortText('Audience', 500),
    regions: z
      .array(shortText('Region', 100))
      .min(1, 'Name at least one region')
      .max(20, 'At most 20 regions'),
    businessUnit: serviceFields.businessUnit,
    requestingTeam: entityRef('group', 'Requesting team'),
    ownerGroup: entityRef('group', 'Owner group'),
    serviceOwner: entityRef('user', 'Service owner'),
    targetDate: isoDay('Target date'),
    questionnaire: z
      .object({
        regulatedContent: yesNo('Regulated content'),
        brandLevel: yesNo('Brand-level account'),
        expectedAudience: z
          .number({ error: 'Expected audience must be a number' })
          .int('Expected audience must be a whole number')
          .min(0, 'Expected audience cannot be negative')
          .max(10_000_000_000, 'Expected audience is too large'),
        whoPosts: shortText('Who will post', 500),
        thirdPartyTools: z
          .array(shortText('Third-party tool', 200))
          .max(20, 'At most 20 third-party tools')
          .default([]),
      })
      .strict(),
  })
  .strict()
  .superRefine(checkPlatformRules)
  .transform(withNormalizedHandle);

/** @public */
export type ServiceRequestInput = z.input<typeof serviceRequestInputSchema>;

/** @public */
export type ValidServiceRequestInput = z.output<
  typeof serviceRequestInputSchema
>;

/**
 * An approver's decision on a request.
 *
 * @public
 */
export const requestDecisionSchema = z
  .object({
    decision: z.enum(REQUEST_DECISIONS, {
      error: `Decision must be one of ${REQUEST_DECISIONS.join(', ')}`,
    }),
    comment: shortText('Comment', 2000),
    version: z
      .number({ error: 'Version is required: send the version you saw' })
      .int()
      .min(1),
  })
  .strict();

/** @public */
export type ValidRequestDecision = z.output<typeof requestDecisionSchema>;

/**
 * A requester's step on their own request (submit, withdraw), based on the version they saw.
 *
 * @public
 */
export const requestStepSchema = z
  .object({
    version: z
      .number({ error: 'Version is required: send the version you saw' })
      .int()
      .min(1),
    comment: z
      .string()
      .trim()
      .max(2000, 'Comment must be at most 2000 characters')
      .optional()
      .transform(v => (v === '' ? undefined : v)),
  })
  .strict();

const stepVersion = z
  .number({ error: 'Version is required: send the version you saw' })
  .int()
  .min(1);

/** A checklist's answers: only its own items, each true or false. */
const checklistAnswers = (items: readonly ChecklistItem[]) =>
  z
    .object(
      Object.fromEntries(
        items.map(item => [item.id, yesNo(item.label).optional()]),
      ),
      { error: 'Checklist must name each item with true or false' },
    )
    .strict()
    .default({})
    .transform(answers =>
      Object.fromEntries(
        items.map(item => [item.id, answers[item.id] === true]),
      ),
    );

/**
 * A request to hand a service to another group, or to retire it.
 *
 * @public
 */
export const handoverInputSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('transfer'),
        toOwnerGroup: entityRef('group', 'Receiving group'),
        toServiceOwner: entityRef('user', 'New service owner'),
        reason: shortText('Reason', 2000),
        version: stepVersion,
      })
      .strict(),
    z
      .object({
        kind: z.literal('retirement'),
        reason: shortText('Reason', 2000),
        handle: z.enum(HANDLE_DISPOSITIONS, {
          error: 'Handle must be kept or released',
        }),
        checklist: checklistAnswers(RETIREMENT_CHECKLIST),
        version: stepVersion,
      })
      .strict(),
  ],
  { error: 'Kind must be transfer or retirement' },
);

/** @public */
export type ValidHandoverInput = z.output<typeof handoverInputSchema>;

/**
 * Accepting or declining a transfer or a retirement, based on the version seen. Accepting a
 * transfer answers its checklist.
 *
 * @public
 */
export const handoverDecisionSchema = z
  .object({
    decision: z.enum(HANDOVER_DECISIONS, {
      error: `Decision must be one of ${HANDOVER_DECISIONS.join(', ')}`,
    }),
    comment: z
      .string()
      .trim()
      .max(2000, 'Comment must be at most 2000 characters')
      .optional()
      .transform(v => (v === '' ? undefined : v)),
    checklist: checklistAnswers(TRANSFER_CHECKLIST).optional(),
    version: stepVersion,
  })
  .strict();

/** @public */
export type ValidHandoverDecision = z.output<typeof handoverDecisionSchema>;
