// The ServiceNow-format server of the ITSM part: the connector's own test server, from its public
// test-utility entry point, in this process on a free loopback port, with the incidents it serves.
import { randomBytes } from 'node:crypto';
import {
  FakeRequest,
  FakeServiceNow,
} from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import { randomGenerator, weighted } from './inventory';
import { scratchServers } from './scratch';
import { sleep } from './util';

export const INCIDENT_LIST = '/api/now/table/incident';

/** Starts a FakeServiceNow on a free loopback port, with basic auth credentials made up for the run. */
export async function startFakeServiceNow(): Promise<FakeServiceNow> {
  const fake = new FakeServiceNow();
  // As an instance answers the connector's queries: from an index on the business service and
  // the update time, not by scanning the table for every page.
  fake.indexedField = 'business_service';
  fake.auth = {
    type: 'basic',
    username: 'bench-integration',
    password: randomBytes(18).toString('base64url'),
  };
  await fake.start();
  scratchServers.add(fake);
  return fake;
}

export async function stopFakeServiceNow(fake: FakeServiceNow): Promise<void> {
  if (!scratchServers.has(fake)) return;
  scratchServers.delete(fake);
  fake.latencyMs = 0;
  await Promise.race([fake.stop(), sleep(5000)]);
  fake.incidents.clear();
  fake.requests.length = 0;
}

export function basicAuthOf(fake: FakeServiceNow): string {
  if (fake.auth.type !== 'basic') throw new Error('The fake uses OAuth');
  const { username, password } = fake.auth;
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** ServiceNow's internal date-time format: `yyyy-MM-dd HH:mm:ss`, UTC. */
const glideDateTime = (ms: number) =>
  new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

// What the incidents are about: [short description, category, weight]. About one in seven is a
// security incident, which raises the service's risk rating when synced.
const INCIDENT_KINDS: Array<[string, string, number]> = [
  ['Scheduled posts not published', 'software', 30],
  ['Cannot sign in to the account', 'inquiry', 20],
  ['Two-factor device lost', 'inquiry', 10],
  ['Comment moderation backlog', 'inquiry', 15],
  ['Profile link broken', 'software', 10],
  ['Suspicious login from an unknown location', 'security', 6],
  ['Account takeover attempt', 'security', 3],
  ['Phishing messages sent to followers', 'security', 2],
  ['Impersonation account reported', 'security', 4],
];
const INCIDENT_PRIORITIES: Array<[string, number]> = [
  ['1', 2],
  ['2', 8],
  ['3', 40],
  ['4', 40],
  ['5', 10],
];

function closedState(random: () => number): string {
  return random() < 0.4 ? '6' : '7';
}

/** Adds the inventory's business services to the fake's CMDB. */
export function addBusinessServices(
  fake: FakeServiceNow,
  businessServices: Map<string, string>,
): void {
  for (const [id, name] of businessServices) {
    fake.cis.set(id, { name, table: 'cmdb_ci_service' });
  }
}

/**
 * Files `count` incidents, spread evenly at random over the business services `ciIds`, ten
 * minutes apart up to an hour ago, in sync order (sys_updated_on is unique, so the fake's sort
 * finds them in order). Most are resolved or closed; the recent ones are more often still open.
 */
export function seedIncidents(
  fake: FakeServiceNow,
  ciIds: string[],
  count: number,
): {
  open: number;
  security: number;
  /** How many incidents each business service has. */
  perCi: Map<string, number>;
} {
  const random = randomGenerator(20261126);
  const step = 10 * 60_000;
  const last = Date.now() - 3_600_000;
  let open = 0;
  let security = 0;
  const perCi = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const updated = last - (count - 1 - i) * step;
    const recent = i >= count * 0.97;
    const isOpen = random() < (recent ? 0.5 : 0.02);
    const [title, category] = weighted(
      random,
      INCIDENT_KINDS.map(kind => [kind, kind[2]] as const),
    );
    const opened =
      updated - Math.floor(random() * (isOpen ? 4 : 72) * 3_600_000);
    // The fields are filled in this order, which is the order of the random draws in every run.
    const incident = fake.addIncident({
      short_description: title,
      category,
      priority: weighted(random, INCIDENT_PRIORITIES),
      state: isOpen
        ? weighted(random, [
            ['1', 5],
            ['2', 4],
            ['3', 1],
          ])
        : closedState(random),
      opened_at: glideDateTime(opened),
      resolved_at: isOpen ? '' : glideDateTime(updated),
      sys_updated_on: glideDateTime(updated),
      business_service: ciIds[Math.floor(random() * ciIds.length)],
    });
    const ci = incident.business_service;
    perCi.set(ci, (perCi.get(ci) ?? 0) + 1);
    if (isOpen) open++;
    if (category === 'security') security++;
  }
  return { open, security, perCi };
}

/**
 * Changes `count` incidents picked at random, as a busy hour does between two incremental runs:
 * open ones are resolved, resolved ones reopened, five changes in each second up to now (bursts
 * within ServiceNow's one-second timestamps). Returns the ids changed.
 */
export function changeIncidents(fake: FakeServiceNow, count: number): string[] {
  const random = randomGenerator(20261129);
  const ids = [...fake.incidents.keys()];
  const picked = new Set<string>();
  while (picked.size < Math.min(count, ids.length)) {
    picked.add(ids[Math.floor(random() * ids.length)]);
  }
  const now = Date.now();
  [...picked].forEach((id, i) => {
    const stamp = glideDateTime(
      now - Math.floor((picked.size - 1 - i) / 5) * 1000,
    );
    const wasOpen = !fake.incidents.get(id)!.resolved_at;
    fake.update(id, {
      sys_updated_on: stamp,
      state: wasOpen ? '6' : '2',
      resolved_at: wasOpen ? stamp : '',
    });
  });
  return [...picked];
}

/** The incident list requests (GET /api/now/table/incident) the fake received from index `from`. */
export function pageRequestsSince(
  fake: FakeServiceNow,
  from: number,
): FakeRequest[] {
  return fake.requests
    .slice(from)
    .filter(r => r.method === 'GET' && r.path === INCIDENT_LIST);
}
