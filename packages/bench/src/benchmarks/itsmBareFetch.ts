// The baseline of the ITSM part's full sync: the pages the ServiceNow connector fetches, fetched and
// parsed with nothing but fetch and JSON.parse.
//
// The connector splits the mapped references into groups, one query each (each request URL within
// its limit), and reads each group to its end with keyset paging, the next groups read ahead while
// the sync stores the current one (four requests in flight by default). The
// benchmark does not rebuild the groups: a probe sync, run while the fake holds no incidents, shows
// the first request of every group as the connector sends it (see armGroupProbe). The bare fetch
// then reads each group from that request on, each next page after the last record of the page
// before, as the connector does, as many groups at a time as the connector has requests in flight,
// and the requests are compared with the full sync's afterwards (as sets: the groups' requests
// interleave).
import type { ServerResponse } from 'node:http';
import { DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT } from '@internal/plugin-social-media-backend-module-servicenow';
import type {
  FakeServiceNow,
  Fault,
} from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import { basicAuthOf, INCIDENT_LIST } from '../serviceNow';
import { TIMEOUTS } from '../settings';
import { round } from '../stats';

/** The order every incident query of the connector ends with. */
export const SYNC_ORDER = '^ORDERBYsys_updated_on^ORDERBYsys_id';

/** Splits an encoded query on `^`, keeping `^^` (a literal caret) inside its part. */
function splitOnCarets(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < query.length; i++) {
    if (query[i] !== '^') {
      current += query[i];
    } else if (query[i + 1] === '^') {
      current += '^^';
      i++;
    } else {
      parts.push(current);
      current = '';
    }
  }
  parts.push(current);
  return parts;
}

/**
 * The mapped references a group's first query asks for (`business_service=<sys_id>` and the like,
 * ORed): the values after `=`, lower-cased. Throws when the query is not a first query (it has a
 * keyset condition, or does not end in the connector's order).
 */
export function referencesOfFirstQuery(sysparmQuery: string): string[] {
  if (!sysparmQuery.endsWith(SYNC_ORDER)) {
    throw new Error(
      `The connector's query does not end with ${SYNC_ORDER}: ...${sysparmQuery.slice(
        -80,
      )}`,
    );
  }
  const parts = splitOnCarets(sysparmQuery.slice(0, -SYNC_ORDER.length));
  return parts.map((part, i) => {
    const condition = i === 0 ? part : part.replace(/^OR/, '');
    if ((i > 0 && !part.startsWith('OR')) || !condition.includes('=')) {
      throw new Error(
        `The connector's query is not one OR group of mapped references: ...${part.slice(
          0,
          80,
        )}`,
      );
    }
    return condition
      .slice(condition.indexOf('=') + 1)
      .replace(/\^\^/g, '^')
      .toLowerCase();
  });
}

function answerJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** What a probe sync showed: the first request of each group of references, in the connector's order. */
export interface GroupProbe {
  /** The query parameters of each group's first request. */
  firstRequests: URLSearchParams[];
  /**
   * The probe refused a request, ending the sync: the last group's first one (or, with `error`,
   * one it could not read).
   */
  refused: boolean;
  /** Mapped references no request asked for. */
  missing: string[];
  /** A request the probe could not read as a group's first one (it refused it). */
  error?: string;
  /** Takes back the probe's faults the connector did not use. */
  disarm(): void;
}

/**
 * Arms the fake for a probe sync, to be run while it holds no incidents: the connector then sends
 * the first request of each group of references in turn, each answered with the fake's own (empty)
 * page, which ends the group. The request that completes the `references` (the mapped sys_ids or
 * names) is refused with HTTP 400, which the connector does not retry: the sync fails there, the
 * backend stores no cursor, and the next sync is still a full one.
 */
export function armGroupProbe(
  fake: FakeServiceNow,
  references: Iterable<string>,
): GroupProbe {
  const pending = new Set([...references].map(r => r.toLowerCase()));
  const probe: GroupProbe = {
    firstRequests: [],
    refused: false,
    get missing() {
      return [...pending];
    },
    disarm: () => {},
  };
  const fault: Fault = (res, { records = [], total = 0 }) => {
    const query = new URL(res.req.url ?? '/', 'http://fake').searchParams;
    if (probe.refused || res.req.method !== 'GET') {
      answerJson(res, 400, {
        error: { message: 'Unexpected request during the benchmark probe' },
        status: 'failure',
      });
      return;
    }
    probe.firstRequests.push(query);
    try {
      for (const reference of referencesOfFirstQuery(
        query.get('sysparm_query') ?? '',
      )) {
        pending.delete(reference);
      }
    } catch (error) {
      probe.error = (error as Error).message;
      probe.refused = true;
      answerJson(res, 400, {
        error: { message: 'Not a first query (benchmark probe)' },
        status: 'failure',
      });
      return;
    }
    if (pending.size === 0) {
      probe.refused = true;
      answerJson(res, 400, {
        error: { message: 'Refused on purpose by the benchmark (probe)' },
        status: 'failure',
      });
      return;
    }
    answerJson(
      res,
      200,
      { result: records },
      { 'X-Total-Count': String(total) },
    );
  };
  // Each group holds at least one reference: never more requests than references.
  for (let i = 0; i <= pending.size; i++) fake.failNext(fault, INCIDENT_LIST);
  probe.disarm = () => {
    for (let i = fake.faults.length - 1; i >= 0; i--) {
      if (fake.faults[i].fault === fault) fake.faults.splice(i, 1);
    }
  };
  return probe;
}

/**
 * The encoded-query condition that continues after the record at (updatedOn, sysId), in the
 * connector's form: `updated >= T and (updated > T or sys_id > X)`, between a group's references
 * and the order. The one part of a request the benchmark writes itself; every request is compared
 * with the full sync's afterwards (`sameRequests`).
 */
function keysetCondition(updatedOn: string, sysId: string): string {
  return `^sys_updated_on>=${updatedOn}^sys_updated_on>${updatedOn}^ORsys_id>${sysId}`;
}

export interface BareFetchResult {
  ms: number;
  pages: number;
  records: number;
  /** Until the answers' headers: the fake filters, sorts and renders a page before it sends any of it. */
  serverWaitMs: number;
  /** Reading the bodies and JSON.parse: the client's own work. */
  bodyAndParseMs: number;
  benchCpuMs: number;
  /** Each request's query string, in the order sent. */
  queries: string[];
}

/**
 * Requests the connector has in flight while it reads, by default: the group it reads and the next
 * ones, read ahead (`readAhead` and `requestsInFlight` of the ServiceNow module).
 */
export const CONNECTOR_REQUESTS_IN_FLIGHT =
  DEFAULT_SERVICENOW_REQUESTS_IN_FLIGHT;

/**
 * Fetches and parses every page of every group, each from its first request (`firstRequests`, as
 * the probe recorded them: query and parameters) and each next page of a group after the last
 * record of the one before, until the group's answer holds all that is left (`X-Total-Count`), as
 * the connector pages. `inFlight` groups are read at once, each taking the next group in the
 * connector's order when it is done, as the connector reads the next group ahead.
 */
export async function bareFetch(
  fake: FakeServiceNow,
  firstRequests: URLSearchParams[],
  timeoutMs = TIMEOUTS.itsmBareMs,
  inFlight = CONNECTOR_REQUESTS_IN_FLIGHT,
): Promise<BareFetchResult> {
  const headers = {
    Accept: 'application/json',
    Authorization: basicAuthOf(fake),
  };
  const queries: string[] = [];
  let records = 0;
  let waitMs = 0;
  let readMs = 0;
  const deadline = performance.now() + timeoutMs;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const readGroup = async (first: URLSearchParams) => {
    const firstQuery = first.get('sysparm_query') ?? '';
    if (!firstQuery.endsWith(SYNC_ORDER)) {
      throw new Error(
        `The connector's query does not end with ${SYNC_ORDER}: ...${firstQuery.slice(
          -80,
        )}`,
      );
    }
    const conditions = firstQuery.slice(0, -SYNC_ORDER.length);
    const limit = Number(first.get('sysparm_limit'));
    let after: { u: string; id: string } | undefined;
    for (;;) {
      if (performance.now() > deadline) {
        throw new Error(
          `The bare fetch did not finish within ${timeoutMs / 1000} s (${
            queries.length
          } pages)`,
        );
      }
      const params = new URLSearchParams(first);
      params.set(
        'sysparm_query',
        after
          ? `${conditions}${keysetCondition(after.u, after.id)}${SYNC_ORDER}`
          : firstQuery,
      );
      queries.push(params.toString());
      const sent = performance.now();
      const response = await fetch(`${fake.url}${INCIDENT_LIST}?${params}`, {
        headers,
        signal: AbortSignal.timeout(TIMEOUTS.requestMs),
      });
      const answered = performance.now();
      const text = await response.text();
      if (response.status !== 200) {
        throw new Error(
          `The bare fetch, page ${queries.length}: HTTP ${
            response.status
          }: ${text.slice(0, 300)}`,
        );
      }
      const page = JSON.parse(text).result;
      readMs += performance.now() - answered;
      waitMs += answered - sent;
      records += page.length;
      // The connector's test: the group ends with a page that holds all that is left.
      const total = Number(response.headers.get('x-total-count') ?? NaN);
      if (
        page.length === 0 ||
        (Number.isFinite(total) ? total <= page.length : page.length < limit)
      ) {
        break;
      }
      const last = page[page.length - 1];
      after = {
        u: last.sys_updated_on.value,
        id: last.sys_id.value.toLowerCase(),
      };
    }
  };
  let nextGroup = 0;
  const reader = async () => {
    while (nextGroup < firstRequests.length) {
      await readGroup(firstRequests[nextGroup++]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, inFlight) }, () => reader()),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ms: round(performance.now() - started),
    pages: queries.length,
    records,
    serverWaitMs: round(waitMs),
    bodyAndParseMs: round(readMs),
    benchCpuMs: round((cpu.user + cpu.system) / 1000),
    queries,
  };
}
