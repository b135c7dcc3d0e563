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

/** What of a service its trail is compared with. */
type TrailedRecord = Pick<SocialService, Trailed | 'version'>;

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

/** The values the trail last set for the trailed fields whose stored value is another. */
function untrailedValues(
  service: TrailedRecord,
  trailed: Partial<Record<Trailed, unknown>> | undefined,
): Array<[Trailed, unknown]> {
  if (!trailed) return [];
  return TRAILED.filter(
    field => (service[field] ?? null) !== (trailed[field] ?? null),
  ).map(field => [field, trailed[field]]);
}

function untrailedProblem(
  service: TrailedRecord,
  field: Trailed,
  set: unknown,
): RecordProblem {
  const stored = service[field];
  return {
    field,
    stored: stored === undefined ? 'nothing' : String(stored),
    shownAs: `stored (the audit trail's last change set ${
      set === undefined || set === null ? 'nothing' : JSON.stringify(set)
    })`,
  };
}

/** The trailed fields whose stored value is not the one the trail last set. */
export function disagreementsWithTrail(
  service: TrailedRecord,
  trailed: Partial<Record<Trailed, unknown>> | undefined,
): RecordProblem[] {
  return untrailedValues(service, trailed).map(([field, set]) =>
    untrailedProblem(service, field, set),
  );
}

/**
 * What a check of the record against its trail found, as the guardianship sweep keeps it with the
 * service (`trail_check`): the values the trail last set for the fields stored otherwise, and
 * the version checked; null when they agree. Fields `skip` names (already unreadable as stored)
 * are left out.
 */
export function trailCheckColumn(
  service: TrailedRecord,
  trailed: Partial<Record<Trailed, unknown>> | undefined,
  skip: ReadonlySet<string> = new Set(),
): string | null {
  const found = untrailedValues(service, trailed).filter(
    ([field]) => !skip.has(field),
  );
  if (found.length === 0) return null;
  const set = Object.fromEntries(
    found.map(([field, value]) => [field, value ?? null]),
  );
  return JSON.stringify({ version: service.version, set });
}

/**
 * The record problems a kept check still finds: only for the version it checked (a write through
 * the catalogue since has a trail entry of its own), and only where the stored value still
 * differs from the one the trail set (put right by hand since). A kept check that does not read
 * (it is derived, so changed by hand too) finds nothing; the next sweep writes it again.
 */
export function problemsFromTrailCheck(
  service: TrailedRecord,
  column: string | null | undefined,
): RecordProblem[] {
  if (!column) return [];
  let kept: unknown;
  try {
    kept = JSON.parse(column);
  } catch {
    return [];
  }
  if (!isObject(kept) || kept.version !== service.version) return [];
  const set = kept.set;
  if (!isObject(set)) return [];
  return TRAILED.filter(
    field => field in set && (service[field] ?? null) !== (set[field] ?? null),
  ).map(field => untrailedProblem(service, field, set[field]));
}
