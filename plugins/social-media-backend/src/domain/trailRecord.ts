import {
  AuditEntry,
  RecordProblem,
  SocialService,
} from '@internal/plugin-social-media-common';
import { canonicalJson } from './auditChain';
import { DEFAULT_CONTROLS } from './defaultControls';
import { STORED_TEXT_LIMIT } from './storedRecord';

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
  'audienceSize',
  'tags',
] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Dates that events set (an access review, a rating), kept apart from what people type. */
const EVENT_DATES = new Set(['lastAccessReviewAt', 'riskAssessedAt']);

/** What of a service its trail is compared with. */
type TrailedRecord = Pick<
  SocialService,
  (typeof TRAILED)[number] | 'version' | 'controls' | 'itsm'
>;

/**
 * The values the trail is compared by, each under its path: the fields, each control (with the
 * cautious default for one never recorded, so that a control added by a later release is no
 * difference) and the ITSM mapping's two parts.
 */
function trailedPaths(record: Record<string, unknown>): Map<string, unknown> {
  const paths = new Map<string, unknown>(TRAILED.map(f => [f, record[f]]));
  const controls = {
    ...DEFAULT_CONTROLS,
    ...(isObject(record.controls) ? record.controls : {}),
  };
  for (const [key, value] of Object.entries(controls)) {
    if (!EVENT_DATES.has(key)) paths.set(`controls.${key}`, value);
  }
  const itsm = isObject(record.itsm) ? record.itsm : {};
  paths.set('itsm.system', itsm.system);
  paths.set('itsm.reference', itsm.reference);
  return paths;
}

const same = (a: unknown, b: unknown) =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Whether a path is one of those {@link trailedPaths} names. */
const isTrailedPath = (path: string) =>
  (TRAILED as readonly string[]).includes(path) ||
  path === 'itsm.system' ||
  path === 'itsm.reference' ||
  (/^controls\.[A-Za-z]+$/.test(path) && !EVENT_DATES.has(path.slice(9)));

/** Whether a path is listed already, itself or as the value it is part of (`controls`). */
const listedIn = (listed: ReadonlySet<string>, path: string) =>
  listed.has(path) || listed.has(path.split('.')[0]);

/** An entry's snapshot that records the whole service (a creation, an import, an edit). */
const isWhole = (snapshot: Record<string, unknown>) =>
  ['name', 'platform', 'handle', 'lifecycleStage'].every(f => f in snapshot);

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
): Record<string, unknown> | undefined {
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
      const { controls, ...rest } = after;
      Object.assign(state, rest);
      // A partial entry names the controls it changed (a retirement: access revoked, status).
      if (isObject(controls)) {
        state.controls = {
          ...(isObject(state.controls) ? state.controls : {}),
          ...controls,
        };
      }
    }
  }
  return state;
}

/** Fields a snapshot leaves out when they hold nothing; it names every other one it knows. */
const LEFT_OUT_WHEN_EMPTY = new Set([
  'profileUrl',
  'serviceOwner',
  'businessRequester',
  'itsm',
]);

/**
 * Whether the trail speaks of a path: a snapshot of a form that did not record a field yet (the
 * audience, the tags or the controls) says nothing of it, rather than that it was empty.
 */
const namedBy = (trailed: Record<string, unknown>, path: string) => {
  const field = path.split('.')[0];
  return LEFT_OUT_WHEN_EMPTY.has(field) || field in trailed;
};

/** The trailed paths whose stored value is not the one the trail last set, with that one. */
function untrailedValues(
  service: TrailedRecord,
  trailed: Record<string, unknown> | undefined,
): Array<[string, unknown]> {
  if (!trailed) return [];
  const stored = trailedPaths(service);
  const set = trailedPaths(trailed);
  return [...new Set([...stored.keys(), ...set.keys()])]
    .filter(
      path => namedBy(trailed, path) && !same(stored.get(path), set.get(path)),
    )
    .map(path => [path, set.get(path)]);
}

/** A value as a problem names it: as JSON, or nothing; cut as stored values are. */
const asJson = (value: unknown) =>
  value === undefined || value === null
    ? 'nothing'
    : canonicalJson(value)!.slice(0, STORED_TEXT_LIMIT);

function untrailedProblem(
  stored: unknown,
  path: string,
  set: unknown,
): RecordProblem {
  return {
    field: path,
    stored:
      typeof stored === 'string'
        ? stored.slice(0, STORED_TEXT_LIMIT)
        : asJson(stored),
    shownAs: `stored (the audit trail's last change set ${asJson(set)})`,
  };
}

/** The trailed values whose stored value is not the one the trail last set. */
export function disagreementsWithTrail(
  service: TrailedRecord,
  trailed: Record<string, unknown> | undefined,
  /** Paths already listed as unreadable as stored, which are not checked. */
  listed: ReadonlySet<string> = new Set(),
): RecordProblem[] {
  const stored = trailedPaths(service);
  return untrailedValues(service, trailed)
    .filter(([path]) => !listedIn(listed, path))
    .map(([path, set]) => untrailedProblem(stored.get(path), path, set));
}

/**
 * What a check of the record against its trail found, as the guardianship sweep keeps it with the
 * service (`trail_check`): the values the trail last set for the paths stored otherwise, and the
 * version checked; null when they agree. Paths `listed` names (already unreadable as stored)
 * are left out.
 */
export function trailCheckColumn(
  service: TrailedRecord,
  trailed: Record<string, unknown> | undefined,
  listed: ReadonlySet<string> = new Set(),
): string | null {
  const found = untrailedValues(service, trailed).filter(
    ([path]) => !listedIn(listed, path),
  );
  if (found.length === 0) return null;
  const set = Object.fromEntries(
    found.map(([path, value]) => [path, value ?? null]),
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
  listed: ReadonlySet<string> = new Set(),
): RecordProblem[] {
  const stored = trailedPaths(service);
  return keptDifferences(service, column, listed).map(([path, set]) =>
    untrailedProblem(stored.get(path), path, set),
  );
}

/**
 * The paths a kept check (the `trail_check` column) found stored otherwise than the trail set
 * them, for the version it checked, where they still differ, with the values the trail set.
 */
function keptDifferences(
  service: TrailedRecord,
  column: string | null | undefined,
  listed: ReadonlySet<string>,
): Array<[string, unknown]> {
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
  const stored = trailedPaths(service);
  return Object.keys(set)
    .filter(
      path =>
        isTrailedPath(path) &&
        !listedIn(listed, path) &&
        !same(stored.get(path), set[path]),
    )
    .map(path => [path, set[path]]);
}

/**
 * Whether a value the trail set can stand in for the stored one: of the same kind, or in the
 * place of nothing (an optional value removed by hand).
 */
const sameKind = (set: unknown, stored: unknown) =>
  stored === undefined ||
  (Array.isArray(set) ? Array.isArray(stored) : typeof set === typeof stored);

/**
 * The service with the values its trail set where a kept check found them stored otherwise
 * (see {@link problemsFromTrailCheck}); undefined when there are none. The rating weighs this
 * record against the stored one, so that a value changed in the database (a control switched on,
 * a smaller audience) cannot lower it. A value the trail cleared stands as the cautious default
 * (a control) or as nothing (an optional field); a value of another kind than the stored one is
 * left as stored.
 */
export function withTrailedValues<T extends TrailedRecord>(
  service: T,
  column: string | null | undefined,
  listed: ReadonlySet<string> = new Set(),
): T | undefined {
  const differences = keptDifferences(service, column, listed);
  if (differences.length === 0) return undefined;
  const record: Record<string, unknown> = {
    ...service,
    controls: { ...service.controls },
    ...(service.itsm ? { itsm: { ...service.itsm } } : {}),
  };
  const controls = record.controls as Record<string, unknown>;
  const defaults: Record<string, unknown> = { ...DEFAULT_CONTROLS };
  for (const [path, value] of differences) {
    const [field, part] = path.split('.');
    if (field === 'controls') {
      const fallback = defaults[part];
      const next = value ?? fallback;
      if (next === undefined) delete controls[part];
      else if (sameKind(next, controls[part] ?? fallback)) {
        controls[part] = next;
      }
    } else if (field === 'itsm') {
      // The mapping does not weigh in the rating.
      continue;
    } else if (value === null || value === undefined) {
      if (LEFT_OUT_WHEN_EMPTY.has(field)) delete record[field];
    } else if (sameKind(value, record[field])) {
      record[field] = value;
    }
  }
  return record as T;
}

/** Who owns a service, as permission rules see it. */
interface Owners {
  ownerGroup: string;
  serviceOwner?: string;
}

/**
 * Who owns a service for its permissions: the owner group and service owner its audit trail last
 * set (see {@link serviceAsTrailed}) where the stored ones differ, so that a group or person
 * written into the record in the database gains no right over the service, and the owners the
 * catalogue recorded keep theirs until it is put right. A service owner the trail cleared (or
 * never named) is none. Without a trail that records the whole service, the stored owners stand.
 */
export function ownersAsTrailed<T extends Owners>(
  stored: T,
  trailed: Record<string, unknown> | undefined,
): T {
  if (!trailed || typeof trailed.ownerGroup !== 'string') return stored;
  const { serviceOwner: _stored, ...rest } = stored;
  return {
    ...rest,
    ownerGroup: trailed.ownerGroup,
    ...(typeof trailed.serviceOwner === 'string' && trailed.serviceOwner
      ? { serviceOwner: trailed.serviceOwner }
      : {}),
  } as T;
}
