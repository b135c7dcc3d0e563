import {
  AuditEntry,
  RecordProblem,
  SocialService,
} from '@internal/plugin-social-media-common';

/*
 * A service as its audit trail tells it. Every write of a service appends an entry in the same
 * transaction, and the chain of entries is verified (`GET /audit/verify`); a value of the record
 * that its trail never set was changed in the database outside the catalogue, even when it is a
 * valid value (an owner group replaced by another).
 */

/** The fields people set and the trail records with every change of them. */
const TRAILED = [
  'name',
  'platform',
  'handle',
  'profileUrl',
  'purpose',
  'businessUnit',
  'ownerGroup',
  'serviceOwner',
  'businessRequester',
  'lifecycleStage',
] as const;

type Trailed = (typeof TRAILED)[number];

/** An entry's snapshot that records the whole service (a creation, an import, an edit). */
const isWhole = (snapshot: Record<string, unknown>) =>
  ['name', 'platform', 'handle', 'lifecycleStage'].every(f => f in snapshot);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The trailed fields as the service's entries (oldest first) leave them; undefined when no entry
 * records the whole service (a trail from before the catalogue recorded it, or one that ends in
 * the service's deletion). A whole snapshot replaces what was known; a partial one (a
 * transition, a transfer) sets the fields it names, and a field its `before` names and its
 * `after` leaves out was cleared.
 */
export function serviceAsTrailed(
  entries: readonly AuditEntry[],
  /** The version of the record read; entries of later versions (written since) are left out. */
  upToVersion: number,
): Partial<Record<Trailed, unknown>> | undefined {
  let state: Record<string, unknown> | undefined;
  for (const entry of entries) {
    const { before, after } = entry;
    if (!isObject(after)) {
      if (entry.action === 'delete') state = undefined;
      continue;
    }
    if (typeof after.version === 'number' && after.version > upToVersion) {
      continue;
    }
    if (isWhole(after)) {
      state = { ...after };
    } else if (state) {
      for (const field of Object.keys(isObject(before) ? before : {})) {
        if (!(field in after)) delete state[field];
      }
      Object.assign(state, after);
    }
  }
  return state;
}

/** The trailed fields whose stored value is not the one the trail last set. */
export function disagreementsWithTrail(
  service: SocialService,
  trailed: Partial<Record<Trailed, unknown>> | undefined,
): RecordProblem[] {
  if (!trailed) return [];
  const problems: RecordProblem[] = [];
  for (const field of TRAILED) {
    const stored = service[field];
    const set = trailed[field];
    if ((stored ?? null) !== (set ?? null)) {
      problems.push({
        field,
        stored: stored === undefined ? 'nothing' : String(stored),
        shownAs: `stored (the audit trail's last change set ${
          set === undefined || set === null ? 'nothing' : JSON.stringify(set)
        })`,
      });
    }
  }
  return problems;
}
