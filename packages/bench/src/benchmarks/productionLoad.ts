// The production part's load: autocannon's clients, each going round a cycle of what people do in
// the portal (the catalogue list, a service page, a change of that service at the version the page
// showed, its incidents, the dashboard, a service request), with every answer timed and counted per
// route and every accepted write noted for the checks afterwards (productionChecks.ts).
import autocannon from 'autocannon';
import { round } from '../stats';
import {
  AcceptedWrite,
  AnswerClass,
  classifyAnswer,
  errorMessageOf,
  leaksInternals,
} from './productionChecks';

/** A route's figures in one run. */
export interface RouteFigures {
  route: string;
  write: boolean;
  count: number;
  /** Answers by status. */
  statuses: Record<string, number>;
  /** Latency of the answers that counted as ok or conflict, in ms. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One answer the run did not expect. */
export interface UnexpectedAnswer {
  route: string;
  status: number;
  atMs: number;
  body: string;
  why: string;
}

export interface LoadRun {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerS: number;
  routes: RouteFigures[];
  /** Answers by class (ok, conflict, unavailable, error). */
  classes: Record<AnswerClass, number>;
  /** Requests without an answer: refused connections and timeouts (autocannon's count). */
  connectionErrors: number;
  timeouts: number;
  unexpected: UnexpectedAnswer[];
  /** The 503s' messages, each once. */
  unavailableMessages: string[];
}

/** Every answer of a run, with when it came (ms from the run's start) and its class. */
export interface Answer {
  route: string;
  status: number;
  atMs: number;
  ms: number;
  cls: AnswerClass;
}

/** What the load runs against: the services, who calls, and the ledger of accepted writes. */
export interface LoadTarget {
  baseUrl: string;
  token: string;
  /** Every seeded service id (the reads pick among them). */
  serviceIds: string[];
  /** The services the writes aim at. */
  hotServiceIds: string[];
  /** A distinct part of the requests' handles, so that runs never ask for the same account. */
  runId: string;
  accepted: AcceptedWrite[];
}

const API = '/api/social-media';
const PLATFORMS = ['x', 'instagram', 'facebook', 'linkedin', 'tiktok'];
const UPDATE_FIELDS = [
  'name',
  'platform',
  'handle',
  'profileUrl',
  'purpose',
  'businessUnit',
  'ownerGroup',
  'serviceOwner',
  'businessRequester',
  'audienceSize',
  'tags',
  'controls',
  'itsm',
] as const;

/** What an update sends for a service as its page showed it: its fields, a new purpose, its version. */
export function updateBody(service: any, purpose: string) {
  const fields: Record<string, unknown> = {};
  for (const field of UPDATE_FIELDS) {
    if (service[field] !== undefined && service[field] !== null) {
      fields[field] = service[field];
    }
  }
  return { ...fields, purpose, version: service.version };
}

const pick = <T>(items: readonly T[]): T =>
  items[Math.floor(Math.random() * items.length)];

interface Context {
  sentAt?: number;
  route?: string;
  ok?: readonly number[];
  write?: boolean;
  /** The service page the cycle read, for its write. */
  service?: any;
}

type Step = {
  setupRequest(
    request: autocannon.Request,
    context: Context,
  ): autocannon.Request;
  onResponse(status: number, body: string, context: Context): void;
};

let requestSeq = 0;
const DRAIN = 'drain';
/** The longest the load waits for the answers of requests sent before its end. */
const DRAIN_S = 30;

/** Runs the load for `durationS` with `connections` clients; `onAnswer` sees every answer. */
export async function runLoad(options: {
  target: LoadTarget;
  connections: number;
  durationS: number;
  timeoutS: number;
  onAnswer?: (answer: Answer) => void;
}): Promise<{ run: LoadRun; answers: Answer[] }> {
  const { target, connections, durationS, timeoutS, onAnswer } = options;
  const url = new URL(target.baseUrl);
  const headers = {
    authorization: `Bearer ${target.token}`,
    'content-type': 'application/json',
  };
  const answers: Answer[] = [];
  const unexpected: UnexpectedAnswer[] = [];
  const unavailableMessages = new Set<string>();
  const started = performance.now();
  // The load sends people's requests for `durationS`; after that each client asks only for the
  // health probe (not counted) until every request sent in time is answered, so that no write is
  // cut off unanswered, then the run stops (at the latest after DRAIN_S).
  const deadline = started + durationS * 1000;
  let inFlight = 0;
  let instance: autocannon.Instance | undefined;
  const stopWhenDrained = () => {
    if (performance.now() >= deadline && inFlight === 0) instance?.stop();
  };

  const send = (
    context: Context,
    route: string,
    ok: readonly number[],
    write: boolean,
    request: autocannon.Request,
  ): autocannon.Request => {
    context.sentAt = performance.now();
    // A copy each time: autocannon writes the body's Content-Length into the headers it is given.
    if (context.sentAt >= deadline) {
      context.route = DRAIN;
      return {
        ...request,
        method: 'GET',
        path: `${API}/health`,
        body: '',
        headers: { ...headers },
      };
    }
    inFlight += 1;
    context.route = route;
    context.ok = ok;
    context.write = write;
    return { ...request, headers: { ...headers } };
  };

  /** Times and classifies an answer; returns its class. */
  const record = (status: number, body: string, context: Context) => {
    const now = performance.now();
    const route = context.route ?? 'unknown';
    if (route === DRAIN) {
      stopWhenDrained();
      return 'drain';
    }
    inFlight -= 1;
    stopWhenDrained();
    const cls = classifyAnswer({
      status,
      body,
      okStatuses: context.ok ?? [200],
      write: context.write ?? false,
    });
    const answer: Answer = {
      route,
      status,
      atMs: now - started,
      ms: now - (context.sentAt ?? now),
      cls,
    };
    answers.push(answer);
    onAnswer?.(answer);
    if (cls === 'unavailable') {
      const message = errorMessageOf(body);
      if (message) {
        unavailableMessages.add(
          message.replace(/reference \w+/, 'reference …'),
        );
      }
    }
    if (cls === 'error' && unexpected.length < 50) {
      unexpected.push({
        route,
        status,
        atMs: round(answer.atMs),
        body: body.slice(0, 400),
        why:
          leaksInternals(body) ??
          (status === 503 ? 'a 503 without a message' : 'unexpected status'),
      });
    }
    return cls;
  };
  const json = (body: string) => {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  };

  const servicePage: Step = {
    setupRequest: (request, context) =>
      send(context, 'GET /services/:id (service page)', [200], false, {
        ...request,
        method: 'GET',
        path: `${API}/services/${encodeURIComponent(
          pick(target.hotServiceIds),
        )}`,
      }),
    onResponse: (status, body, context) => {
      if (record(status, body, context) === 'ok') context.service = json(body);
    },
  };

  /** A change of the service the page showed, at the version it showed. */
  const serviceWrite: Step = {
    setupRequest: (request, context) => {
      const service = context.service;
      if (!service) {
        return servicePage.setupRequest(request, context);
      }
      const path = `${API}/services/${encodeURIComponent(service.id)}`;
      const r = Math.random();
      const option = (service.nextTransitions ?? []).find(
        (t: { to: string; allowed: boolean }) =>
          t.allowed && t.to !== 'retired',
      );
      if (r < 0.25 && option) {
        return send(context, 'POST /services/:id/transitions', [200], true, {
          ...request,
          method: 'POST',
          path: `${path}/transitions`,
          body: JSON.stringify({
            to: option.to,
            reason: 'Moved on under load',
            version: service.version,
          }),
        });
      }
      if (r < 0.45) {
        return send(context, 'POST /services/:id/access-reviews', [201], true, {
          ...request,
          method: 'POST',
          path: `${path}/access-reviews`,
          body: JSON.stringify({
            version: service.version,
            decisions: (service.admins ?? []).map(
              (admin: { account: string }) => ({
                account: admin.account,
                decision: 'keep',
                reason: 'Still runs the account',
              }),
            ),
            note: 'Reviewed under load',
          }),
        });
      }
      return send(context, 'PUT /services/:id (update)', [200], true, {
        ...request,
        method: 'PUT',
        path,
        body: JSON.stringify(
          updateBody(
            service,
            `Campaigns and customer care, edit ${++requestSeq}`,
          ),
        ),
      });
    },
    onResponse: (status, body, context) => {
      const cls = record(status, body, context);
      const route = context.route ?? '';
      if (cls !== 'ok' || !context.write) return;
      const answer = json(body);
      if (route.startsWith('PUT')) {
        target.accepted.push({
          kind: 'update',
          serviceId: answer?.id,
          version: answer?.version,
        });
      } else if (route.includes('transitions')) {
        target.accepted.push({
          kind: 'transition',
          serviceId: answer?.id,
          version: answer?.version,
        });
      } else if (route.includes('access-reviews')) {
        target.accepted.push({
          kind: 'access-review',
          serviceId: answer?.service?.id,
          version: answer?.service?.version,
          reviewId: answer?.review?.id,
        });
      }
    },
  };

  const read = (route: string, path: () => string): Step => ({
    setupRequest: (request, context) =>
      send(context, route, [200], false, {
        ...request,
        method: 'GET',
        path: path(),
      }),
    onResponse: (status, body, context) => {
      record(status, body, context);
    },
  });

  const list = read(
    'GET /services (catalogue list)',
    () =>
      `${API}/services?${new URLSearchParams({
        platform: pick(PLATFORMS),
        sort: pick(['name', 'riskRating']),
        order: pick(['asc', 'desc']),
        limit: '50',
      })}`,
  );
  const incidents = read(
    'GET /services/:id/incidents',
    () =>
      `${API}/services/${encodeURIComponent(
        pick(target.serviceIds),
      )}/incidents`,
  );
  const dashboard = read('GET /dashboard', () => `${API}/dashboard?days=30`);

  /** Every other cycle a new request for an account (submitted at once), else the list of them. */
  const serviceRequest: Step = {
    setupRequest: (request, context) => {
      const n = ++requestSeq;
      if (n % 2 === 0) {
        return send(context, 'GET /requests', [200], false, {
          ...request,
          method: 'GET',
          path: `${API}/requests?scope=all&limit=20`,
        });
      }
      return send(context, 'POST /requests (submitted)', [201], true, {
        ...request,
        method: 'POST',
        path: `${API}/requests`,
        body: JSON.stringify({
          platform: 'tiktok',
          name: `Load campaign TikTok ${target.runId} ${n}`,
          handle: `loadcampaign${target.runId}${n}`,
          purpose: 'Short videos for the spring campaign',
          audience: 'Young adults in the EMEA region',
          regions: ['EMEA'],
          businessUnit: 'Marketing',
          requestingTeam: 'group:default/marketing',
          ownerGroup: 'group:default/marketing',
          serviceOwner: 'user:default/emea-marketing-manager',
          targetDate: '2099-03-01',
          questionnaire: {
            regulatedContent: false,
            brandLevel: false,
            expectedAudience: 5000,
            whoPosts: 'The regional social media team',
            thirdPartyTools: [],
          },
          submit: true,
        }),
      });
    },
    onResponse: (status, body, context) => {
      const cls = record(status, body, context);
      if (cls === 'ok' && context.write) {
        target.accepted.push({ kind: 'request', requestId: json(body)?.id });
      }
    },
  };

  // One cycle: four reads and two writes, a third of them service requests or their list.
  const cycle: Step[] = [
    list,
    servicePage,
    serviceWrite,
    incidents,
    dashboard,
    serviceRequest,
  ];

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${url.protocol}//${url.host}`,
        connections,
        duration: durationS + DRAIN_S,
        timeout: timeoutS,
        pipelining: 1,
        requests: cycle.map(step => ({
          setupRequest: step.setupRequest as any,
          onResponse: step.onResponse as any,
        })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
  });

  const byRoute = new Map<string, Answer[]>();
  for (const answer of answers) {
    const list2 = byRoute.get(answer.route) ?? [];
    list2.push(answer);
    byRoute.set(answer.route, list2);
  }
  const routes: RouteFigures[] = [...byRoute]
    .map(([route, list2]) => {
      const statuses: Record<string, number> = {};
      for (const a of list2) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      const timed = list2
        .filter(a => a.cls === 'ok' || a.cls === 'conflict')
        .map(a => a.ms)
        .sort((a, b) => a - b);
      const at = (p: number) =>
        timed.length
          ? round(
              timed[
                Math.min(
                  timed.length - 1,
                  Math.ceil((p / 100) * timed.length) - 1,
                )
              ],
            )
          : null;
      return {
        route,
        write: /^(PUT|POST)/.test(route),
        count: list2.length,
        statuses,
        p50: at(50),
        p95: at(95),
        p99: at(99),
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
  const classes: Record<AnswerClass, number> = {
    ok: 0,
    conflict: 0,
    unavailable: 0,
    error: 0,
  };
  for (const answer of answers) classes[answer.cls] += 1;

  return {
    run: {
      connections,
      durationS,
      requests: answers.length,
      requestsPerS: round(answers.length / durationS),
      routes,
      classes,
      connectionErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      unexpected,
      unavailableMessages: [...unavailableMessages],
    },
    answers,
  };
}
