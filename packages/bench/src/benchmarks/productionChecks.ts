// What the production part asserts after its load runs, as pure functions of what it recorded and
// what the API answered afterwards: how each answer counts, whether a refusal gives away the
// backend's insides, and whether every accepted write is in the store and in the audit trail once.

/** How the load counts one answer. */
export type AnswerClass =
  /** The answer the route gives when all is well. */
  | 'ok'
  /** 409 on a write against a version someone else changed first: expected under load. */
  | 'conflict'
  /** 503 with a message for people, nothing internal: how a request fails while the database is down. */
  | 'unavailable'
  /** Anything else: an error of the run. */
  | 'error';

/**
 * Whether a body gives away the backend's insides: a stack trace, SQL or the database driver's
 * own words. A refusal names what went wrong for people, never how.
 */
export function leaksInternals(body: string): string | undefined {
  const checks: Array<[string, RegExp]> = [
    [
      'a stack trace',
      /\n\s+at \S|\bat [^\s()]+ \([^()]*:\d+:\d+\)|"stack"\s*:/,
    ],
    [
      'SQL',
      /\b(select\s.+\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|returning\s+")|\bknex\b|relation "|violates .* constraint/i,
    ],
    [
      "the database driver's words",
      /ECONNREFUSED|ECONNRESET|terminating connection|the database system is (starting up|shutting down)|Connection terminated/i,
    ],
  ];
  for (const [what, pattern] of checks) {
    if (pattern.test(body)) return what;
  }
  return undefined;
}

/** The message of a Backstage error body (`{ error: { message } }`), when there is one. */
export function errorMessageOf(body: string): string | undefined {
  try {
    const message = JSON.parse(body)?.error?.message;
    return typeof message === 'string' && message.trim() ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies one answer: `okStatuses` are the route's answers when all is well; a write may get
 * 409; any route may get a 503 that carries a message and nothing internal.
 */
export function classifyAnswer(options: {
  status: number;
  body: string;
  okStatuses: readonly number[];
  write: boolean;
}): AnswerClass {
  const { status, body, okStatuses, write } = options;
  if (okStatuses.includes(status)) return 'ok';
  if (status === 409 && write && !leaksInternals(body)) return 'conflict';
  if (status === 503 && errorMessageOf(body) && !leaksInternals(body)) {
    return 'unavailable';
  }
  return 'error';
}

/** A write the backend accepted (2xx), as its answer described the result. */
export type AcceptedWrite =
  | {
      kind: 'update' | 'transition' | 'access-review';
      serviceId: string;
      /** The service's version after the write. */
      version: number;
      /** The access review's id. */
      reviewId?: number;
    }
  | { kind: 'request'; requestId: number };

/** The audit entries the check reads (from GET /audit/export?format=json). */
export interface AuditEntryLike {
  entityType: string;
  entityId: string;
  action: string;
  after?: unknown;
}

/** What the store holds after the load. */
export interface StoreState {
  /** Each service's version now, by id. */
  versions: Map<string, number>;
  /** The ids of every access review of the services the load reviewed. */
  reviewIds: number[];
  /** The ids of every service request. */
  requestIds: number[];
}

export interface WriteCheck {
  acceptedServiceWrites: number;
  acceptedRequests: number;
  /** Accepted writes the store or the trail does not show. */
  lost: number;
  /** Writes the trail or the store shows twice, or two accepted writes claiming one version. */
  doubled: number;
  /**
   * Changes in the trail that no accepted answer reported: allowed only when `strict` is off (a
   * commit whose answer was cut by the database going away).
   */
  unanswered: number;
  problems: string[];
}

/** Service versions a change leaves behind (creations and imports start at version 1). */
const BUMPING = (entry: AuditEntryLike) =>
  entry.entityType === 'service' &&
  entry.action !== 'create' &&
  entry.action !== 'import' &&
  typeof (entry.after as { version?: unknown } | undefined)?.version ===
    'number';

/**
 * Every accepted write in the store and in the audit trail exactly once: each service's versions
 * in the trail run without a gap or a repeat from 2 up to its version in the store, each accepted
 * write's version is among them and claimed by one answer only, each accepted review and request is
 * stored once and its request audited once. With `strict`, nothing else changed either.
 */
export function checkWrites(options: {
  accepted: readonly AcceptedWrite[];
  audit: readonly AuditEntryLike[];
  store: StoreState;
  strict: boolean;
}): WriteCheck {
  const { accepted, audit, store, strict } = options;
  const problems: string[] = [];
  let lost = 0;
  let doubled = 0;
  let unanswered = 0;
  const note = (message: string) => {
    if (problems.length < 20) problems.push(message);
  };

  const answered = new Map<string, number[]>();
  const reviews: number[] = [];
  const requests: number[] = [];
  for (const write of accepted) {
    if (write.kind === 'request') {
      requests.push(write.requestId);
      continue;
    }
    const list = answered.get(write.serviceId) ?? [];
    list.push(write.version);
    answered.set(write.serviceId, list);
    if (write.reviewId !== undefined) reviews.push(write.reviewId);
  }

  const audited = new Map<string, number[]>();
  const requestEntries = new Map<string, number>();
  for (const entry of audit) {
    if (BUMPING(entry)) {
      const list = audited.get(entry.entityId) ?? [];
      list.push((entry.after as { version: number }).version);
      audited.set(entry.entityId, list);
    } else if (
      entry.entityType === 'service-request' &&
      entry.action === 'request-submit'
    ) {
      requestEntries.set(
        entry.entityId,
        (requestEntries.get(entry.entityId) ?? 0) + 1,
      );
    }
  }

  for (const serviceId of new Set([...answered.keys(), ...audited.keys()])) {
    const stored = store.versions.get(serviceId);
    const inTrail = [...(audited.get(serviceId) ?? [])].sort((a, b) => a - b);
    const claimed = answered.get(serviceId) ?? [];
    if (stored === undefined) {
      lost += claimed.length;
      note(`${serviceId}: not in the store`);
      continue;
    }
    const trailSet = new Set(inTrail);
    if (trailSet.size !== inTrail.length) {
      doubled += inTrail.length - trailSet.size;
      note(`${serviceId}: a version audited twice (${inTrail.join(', ')})`);
    }
    for (let version = 2; version <= stored; version++) {
      if (!trailSet.has(version)) {
        lost += 1;
        note(`${serviceId}: version ${version} is stored but not audited`);
      }
    }
    for (const version of trailSet) {
      if (version > stored) {
        lost += 1;
        note(
          `${serviceId}: version ${version} is audited but the store is at ${stored}`,
        );
      }
    }
    const claimedSet = new Set(claimed);
    if (claimedSet.size !== claimed.length) {
      doubled += claimed.length - claimedSet.size;
      note(`${serviceId}: two accepted writes answered the same version`);
    }
    for (const version of claimedSet) {
      if (!trailSet.has(version) || version > stored) {
        lost += 1;
        note(
          `${serviceId}: the accepted write to version ${version} is missing`,
        );
      }
    }
    for (const version of trailSet) {
      if (!claimedSet.has(version)) unanswered += 1;
    }
  }

  const storedReviews = countOf(store.reviewIds);
  for (const id of reviews) {
    const times = storedReviews.get(id) ?? 0;
    if (times === 0) {
      lost += 1;
      note(`access review ${id} is not stored`);
    } else if (times > 1) {
      doubled += 1;
      note(`access review ${id} is stored ${times} times`);
    }
  }

  const storedRequests = countOf(store.requestIds);
  const acceptedRequests = new Set(requests);
  if (acceptedRequests.size !== requests.length) {
    doubled += requests.length - acceptedRequests.size;
    note('two accepted service requests answered the same id');
  }
  for (const id of acceptedRequests) {
    const times = storedRequests.get(id) ?? 0;
    const auditedTimes = requestEntries.get(String(id)) ?? 0;
    if (times === 0 || auditedTimes === 0) {
      lost += 1;
      note(
        `service request ${id}: stored ${times} times, audited ${auditedTimes} times`,
      );
    } else if (times > 1 || auditedTimes > 1) {
      doubled += 1;
      note(
        `service request ${id}: stored ${times} times, audited ${auditedTimes} times`,
      );
    }
  }
  for (const id of requestEntries.keys()) {
    if (!acceptedRequests.has(Number(id))) unanswered += 1;
  }

  if (strict && unanswered > 0) {
    note(
      `${unanswered} changes are in the audit trail that no accepted answer reported`,
    );
  }
  return {
    acceptedServiceWrites: accepted.length - requests.length,
    acceptedRequests: requests.length,
    lost,
    doubled,
    unanswered,
    problems,
  };
}

function countOf(ids: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** The runs of a scheduled task seen in the logs of several instances, and how they spread. */
export interface ScheduledRuns {
  runs: number;
  /** Runs per instance, in the order of the logs given. */
  byInstance: number[];
  /** The smallest time between two consecutive runs across the instances, in seconds. */
  minGapS: number | null;
}

/**
 * The runs of the log line `marker` in each instance's log (Backstage's JSON lines with a
 * `timestamp`) between `from` and `to`.
 */
export function scheduledRuns(options: {
  logs: readonly string[];
  marker: string;
  from: number;
  to: number;
}): ScheduledRuns {
  const { logs, marker, from, to } = options;
  const times: number[] = [];
  const byInstance = logs.map(text => {
    let count = 0;
    for (const line of text.split('\n')) {
      if (!line.includes(marker)) continue;
      let at: number;
      try {
        at = Date.parse(JSON.parse(line).timestamp);
      } catch {
        continue;
      }
      if (at >= from && at <= to) {
        times.push(at);
        count += 1;
      }
    }
    return count;
  });
  times.sort((a, b) => a - b);
  let minGap: number | null = null;
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] - times[i - 1]) / 1000;
    minGap = minGap === null ? gap : Math.min(minGap, gap);
  }
  return { runs: times.length, byInstance, minGapS: minGap };
}
