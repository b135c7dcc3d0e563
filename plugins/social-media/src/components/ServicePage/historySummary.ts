import {
  checklistFor,
  LIFECYCLE_STAGE_TITLES,
  PLATFORM_TITLES,
  RISK_RATINGS,
  describeCompliance,
  type AuditEntry,
  type LifecycleStage,
  type RiskRating,
  type ServiceAdmin,
  type SocialPlatform,
} from '@internal/plugin-social-media-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { RISK_RATING_TITLES } from '../RiskBadge';
import {
  ACCOUNT_STATUS_TITLES,
  ADMIN_ROLE_TITLES,
  formatDate,
  itsmSystemName,
} from '../../utils/format';

/** The installed ITSM connectors' names, to name the ITSM tools with (their ids otherwise). */
export type ItsmNames = ReadonlyArray<{ id: string; displayName: string }>;

/** What each audit action is called in the history. */
export const ACTION_TITLES: Record<string, string> = {
  create: 'Created',
  import: 'Imported',
  update: 'Updated',
  transition: 'Moved',
  'update-admins': 'Admins changed',
  delete: 'Deleted',
  'access-review': 'Access reviewed',
  'leaver-detection': 'Leaver detection',
  'incident-reported': 'Incident reported',
  'sign-off': 'Risk signed off',
  transfer: 'Handed over',
};

/** A service's field names in words, by dotted path. */
export const SERVICE_FIELD_TITLES: Record<string, string> = {
  name: 'Name',
  platform: 'Platform',
  handle: 'Handle',
  profileUrl: 'Profile URL',
  purpose: 'Purpose',
  businessUnit: 'Business unit',
  ownerGroup: 'Owner group',
  serviceOwner: 'Service owner',
  businessRequester: 'Business requester',
  audienceSize: 'Audience size',
  tags: 'Tags',
  lifecycleStage: 'Lifecycle stage',
  riskRating: 'Risk rating',
  'controls.mfaEnabled': 'MFA enabled',
  'controls.mfaMethod': 'MFA method',
  'controls.ssoEnabled': 'Single sign-on',
  'controls.credentialVaultRef': 'Vault reference',
  'controls.sharedLogin': 'Shared login',
  'controls.thirdPartyApps': 'Third-party apps',
  'controls.verified': 'Verified by the platform',
  'controls.recoveryOwnedByCompany':
    'Recovery e-mail and phone owned by the company',
  'controls.regulatedContent': 'Regulated content',
  'controls.brandLevel': 'Brand-level account',
  'controls.accessRevoked': 'Access revoked',
  'controls.accountStatus': 'Account status',
  'itsm.system': 'ITSM system',
  'itsm.reference': 'ITSM reference',
};

/** Bookkeeping that changes with every write; not worth a line. */
const IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'id', 'reason']);

const MAX_VALUE_LENGTH = 80;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T|$)/;

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens nested objects to dotted keys; arrays stay values. */
function flatten(value: unknown, prefix = '', out: Json = {}): Json {
  if (!isObject(value)) return out;
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isObject(inner)) {
      flatten(inner, path, out);
    } else {
      out[path] = inner;
    }
  }
  return out;
}

function formatValue(
  path: string,
  value: unknown,
  itsmNames?: ItsmNames,
): string {
  if (value === undefined || value === null || value === '') return 'not set';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    // Lists of records (connected apps) by their names, with when each was last reviewed, so
    // that a review of an app reads as one rather than as no change.
    return value.length
      ? value
          .map(v => {
            if (!isObject(v) || !('name' in v)) return String(v);
            const reviewed =
              typeof v.lastReviewedAt === 'string' &&
              ISO_DATE.test(v.lastReviewedAt)
                ? ` (reviewed ${formatDate(v.lastReviewedAt)})`
                : '';
            return `${String(v.name)}${reviewed}`;
          })
          .join(', ')
      : 'none';
  }
  const text = String(value);
  let readable = text;
  if (path === 'lifecycleStage') {
    readable = LIFECYCLE_STAGE_TITLES[text as LifecycleStage] ?? text;
  } else if (path === 'platform') {
    readable = PLATFORM_TITLES[text as SocialPlatform] ?? text;
  } else if (path === 'controls.accountStatus') {
    readable = ACCOUNT_STATUS_TITLES[text] ?? text;
  } else if (path === 'ownerGroup') {
    readable = refName(text, 'group');
  } else if (path === 'serviceOwner' || path === 'businessRequester') {
    readable = refName(text, 'user');
  } else if (path === 'itsm.system') {
    readable = itsmSystemName(text, itsmNames);
  } else if (/At$/.test(path) && ISO_DATE.test(text)) {
    // Dates by their field name, e.g. `controls.lastAccessReviewAt` or the
    // `controls.riskAssessedAt` of entries written before sign-offs.
    readable = formatDate(text);
  }
  return readable.length > MAX_VALUE_LENGTH
    ? `${readable.slice(0, MAX_VALUE_LENGTH - 1)}…`
    : readable;
}

/** A field in words: its title, or else its last name spelled out ("someNewField" → "Some new field"). */
function fieldTitle(path: string): string {
  if (SERVICE_FIELD_TITLES[path]) return SERVICE_FIELD_TITLES[path];
  const words = (path.split('.').pop() ?? path)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One line per field whose value differs between before and after. */
export function diffFields(
  before: unknown,
  after: unknown,
  itsmNames?: ItsmNames,
): string[] {
  const a = flatten(before);
  const b = flatten(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    key => !IGNORED.has(key) && key !== 'admins',
  );
  return keys
    .filter(key => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
    .map(
      key =>
        `${fieldTitle(key)}: ${formatValue(
          key,
          a[key],
          itsmNames,
        )} → ${formatValue(key, b[key], itsmNames)}`,
    );
}

function ratingOf(value: unknown): RiskRating | undefined {
  return RISK_RATINGS.find(r => r === value);
}

/** The `outOfCompliance` a create or import entry carries when the service was catalogued as found. */
function outOfComplianceOf(value: unknown) {
  if (!isObject(value) || typeof value.stage !== 'string') return undefined;
  const missing = Array.isArray(value.missing)
    ? value.missing.filter((m): m is string => typeof m === 'string')
    : [];
  if (missing.length === 0) return undefined;
  return {
    stage: value.stage as LifecycleStage,
    compliant: false,
    missing,
  };
}

/**
 * A person (or a group) by their name in the catalog (`marketing-lead`), or the ref as it is;
 * `nobody` when there is no ref.
 */
export function refName(
  ref: unknown,
  defaultKind: 'user' | 'group' = 'user',
  nobody = 'someone',
): string {
  if (typeof ref !== 'string' || !ref) return nobody;
  try {
    return humanizeEntityRef(parseEntityRef(ref, { defaultKind }), {
      defaultKind,
    });
  } catch {
    return ref;
  }
}

const personName = (ref: unknown) => refName(ref);

/**
 * The request a service came from, as its `create` entry names it:
 * `{ id, requestedBy, approvedBy: [{ role, by, at }] }`.
 */
function requestOf(
  value: unknown,
): { id: number; requestedBy?: string; approvedBy: Json[] } | undefined {
  if (!isObject(value) || typeof value.id !== 'number') return undefined;
  return {
    id: value.id,
    requestedBy:
      typeof value.requestedBy === 'string' ? value.requestedBy : undefined,
    approvedBy: Array.isArray(value.approvedBy)
      ? value.approvedBy.filter(isObject)
      : [],
  };
}

/** The number of the request a service came from, from its history (its `create` entry). */
export function requestIdOf(entries?: AuditEntry[]): number | undefined {
  const created = entries?.find(e => e.action === 'create');
  return requestOf(
    isObject(created?.after) ? created!.after.request : undefined,
  )?.id;
}

/** "Requested in request 7 by marketing-lead; approved by it-service-manager (IT service management) on …" */
function describeRequest(request: NonNullable<ReturnType<typeof requestOf>>) {
  const approvals = request.approvedBy
    .filter(a => typeof a.by === 'string')
    .map(
      a =>
        `${personName(a.by)}${
          typeof a.role === 'string' && a.role ? ` (${a.role})` : ''
        }${
          typeof a.at === 'string' && ISO_DATE.test(a.at)
            ? ` on ${formatDate(a.at)}`
            : ''
        }`,
    );
  return `Requested in request ${request.id}${
    request.requestedBy ? ` by ${personName(request.requestedBy)}` : ''
  }${approvals.length ? `; approved by ${approvals.join(' and ')}` : ''}`;
}

function adminsOf(value: unknown): ServiceAdmin[] {
  return isObject(value) && Array.isArray(value.admins)
    ? (value.admins as ServiceAdmin[])
    : [];
}

function describeAdminChanges(before: unknown, after: unknown): string[] {
  const old = new Map(adminsOf(before).map(a => [a.account.toLowerCase(), a]));
  const now = new Map(adminsOf(after).map(a => [a.account.toLowerCase(), a]));
  const lines: string[] = [];
  for (const [key, admin] of now) {
    const previous = old.get(key);
    const role = ADMIN_ROLE_TITLES[admin.role] ?? admin.role;
    if (!previous) {
      lines.push(`Added ${admin.account} as ${role.toLowerCase()}`);
    } else if (previous.role !== admin.role) {
      lines.push(
        `Changed ${admin.account} from ${(
          ADMIN_ROLE_TITLES[previous.role] ?? previous.role
        ).toLowerCase()} to ${role.toLowerCase()}`,
      );
    }
  }
  for (const [key, admin] of old) {
    if (!now.has(key)) lines.push(`Removed ${admin.account}`);
  }
  return lines;
}

/** The transfer or retirement request a change came from, as its audit entry names it. */
function handoverOf(value: unknown) {
  if (!isObject(value) || typeof value.id !== 'number') return undefined;
  const kind = value.kind === 'transfer' ? 'transfer' : 'retirement';
  const answers = isObject(value.checklist) ? value.checklist : {};
  return {
    id: value.id,
    kind,
    requestedBy: value.requestedBy,
    decidedBy: value.decidedBy,
    confirmed: checklistFor(kind)
      .filter(item => answers[item.id] === true)
      .map(item => item.label),
    total: checklistFor(kind).length,
  } as const;
}

/** "Transfer 6 asked by Marketing lead, accepted by Communications lead" and its checklist. */
function describeHandover(
  handover: NonNullable<ReturnType<typeof handoverOf>>,
): string[] {
  const transfer = handover.kind === 'transfer';
  return [
    `${transfer ? 'Transfer' : 'Retirement'} ${
      handover.id
    } asked by ${personName(handover.requestedBy)}, ${
      transfer ? 'accepted' : 'approved'
    } by ${personName(handover.decidedBy)}`,
    `Checklist confirmed (${handover.confirmed.length} of ${
      handover.total
    }): ${handover.confirmed.join('; ')}`,
  ];
}

/**
 * A history entry in words: what was done and one line per change, e.g.
 * `Moved` with `Lifecycle stage: Design → Transition` and `Reason: …`.
 */
export function summarizeEntry(
  entry: AuditEntry,
  itsmNames?: ItsmNames,
): {
  action: string;
  changes: string[];
} {
  const action = ACTION_TITLES[entry.action] ?? entry.action;
  const after = isObject(entry.after) ? entry.after : undefined;
  switch (entry.action) {
    case 'create':
    case 'import': {
      const stage = after?.lifecycleStage as LifecycleStage | undefined;
      const platform = after?.platform as SocialPlatform | undefined;
      const parts = [
        `Catalogued${
          stage ? ` in ${LIFECYCLE_STAGE_TITLES[stage] ?? stage}` : ''
        }`,
      ];
      if (platform && after?.handle) {
        parts.push(
          `${PLATFORM_TITLES[platform] ?? platform} account ${after.handle}`,
        );
      }
      if (after?.ownerGroup) {
        parts.push(`Owner group: ${refName(after.ownerGroup, 'group')}`);
      }
      const request = requestOf(after?.request);
      if (request) {
        parts.push(describeRequest(request));
      }
      const found = outOfComplianceOf(after?.outOfCompliance);
      if (found) {
        parts.push(
          `Recorded as found, out of compliance: ${describeCompliance(found)}`,
        );
      }
      return { action, changes: parts };
    }
    case 'transfer': {
      const before = isObject(entry.before) ? entry.before : undefined;
      const lines = [
        `Owner group: ${refName(
          before?.ownerGroup,
          'group',
          'not set',
        )} → ${refName(after?.ownerGroup, 'group', 'not set')}`,
        `Service owner: ${personName(before?.serviceOwner)} → ${personName(
          after?.serviceOwner,
        )}`,
      ];
      const handover = handoverOf(after?.request);
      return {
        action,
        changes: handover ? [...lines, ...describeHandover(handover)] : lines,
      };
    }
    case 'delete':
      return { action, changes: ['Removed from the catalogue'] };
    case 'update-admins': {
      const lines = describeAdminChanges(entry.before, entry.after);
      return {
        action,
        changes: lines.length ? lines : ['The admin list was confirmed as is'],
      };
    }
    case 'access-review': {
      const decisions = Array.isArray(after?.decisions)
        ? (after!.decisions as Array<{ account: string; decision: string }>)
        : [];
      const kept = decisions.filter(d => d.decision === 'keep');
      const removed = decisions.filter(d => d.decision === 'remove');
      const lines = [
        decisions.length
          ? `Attested ${decisions.length} admin${
              decisions.length === 1 ? '' : 's'
            }: kept ${kept.length}, removed ${removed.length}`
          : 'Attested that nobody holds access',
      ];
      if (removed.length) {
        lines.push(`Removed: ${removed.map(d => d.account).join(', ')}`);
      }
      if (typeof after?.note === 'string' && after.note) {
        lines.push(`Note: ${after.note}`);
      }
      return { action, changes: lines };
    }
    case 'incident-reported': {
      const system = String(after?.connectorId ?? '');
      return {
        action,
        changes: [
          `${after?.number ?? 'An incident'} raised in ${itsmSystemName(
            system,
            itsmNames,
          )}: ${after?.title ?? ''}`,
        ],
      };
    }
    case 'sign-off': {
      const rating = ratingOf(after?.rating);
      const lines = [
        `Rating signed off: ${
          rating ? RISK_RATING_TITLES[rating] : 'not named'
        }${
          typeof after?.likelihoodLevel === 'number' &&
          typeof after?.impactLevel === 'number'
            ? ` (likelihood level ${after.likelihoodLevel} × impact level ${after.impactLevel})`
            : ''
        }`,
      ];
      if (typeof after?.note === 'string' && after.note) {
        lines.push(`Note: ${after.note}`);
      }
      const before = isObject(entry.before) ? entry.before : undefined;
      if (typeof before?.signedAt === 'string') {
        const previous = ratingOf(before.rating);
        lines.push(
          `Replaces the sign-off of ${formatDate(before.signedAt)}${
            previous ? ` (${RISK_RATING_TITLES[previous]})` : ''
          }`,
        );
      }
      return { action, changes: lines };
    }
    case 'leaver-detection': {
      const list = (value: unknown) =>
        Array.isArray(value) ? (value as string[]) : [];
      const left = list(after?.leftTheOrganisation);
      const back = list(after?.backInTheOrganisation);
      const lines = [
        ...(left.length
          ? [`Left the organisation, still holding access: ${left.join(', ')}`]
          : []),
        ...(back.length
          ? [`Back in the organisation: ${back.join(', ')}`]
          : []),
      ];
      return { action, changes: lines.length ? lines : ['No change'] };
    }
    default: {
      const { request, ...changed } = after ?? {};
      const lines = diffFields(
        entry.before,
        after ? changed : entry.after,
        itsmNames,
      );
      if (typeof after?.reason === 'string' && after.reason) {
        lines.push(`Reason: ${after.reason}`);
      }
      const handover = handoverOf(request);
      if (handover) lines.push(...describeHandover(handover));
      return { action, changes: lines.length ? lines : ['No field changed'] };
    }
  }
}
