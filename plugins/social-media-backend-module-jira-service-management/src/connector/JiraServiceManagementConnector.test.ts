import {
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { ServerResponse } from 'node:http';
import { FakeCustomField, FakeIssue, FakeJira } from '../testUtils/FakeJira';
import {
  JiraServiceManagementConnector,
  JiraServiceManagementConnectorOptions,
} from './JiraServiceManagementConnector';

const EMAIL = 'itsm-integration@example.com';
const API_TOKEN = 'ATATT3xFfGF0-api-token-s3cret';
const PAT = 'NjM4-personal-access-token-s3cret';
const BASIC = Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64');

const BRAND = 'Brand Instagram';
// Quotes and a backslash: the JQL must escape them to match.
const SUPPORT = 'Support "Care" \\ X';

let fake: FakeJira;
let mappings: ItsmServiceMapping[];

const TEN_MINUTES = 10 * 60_000;

/** A service in operation mapped to `itsmReference`. */
function mapping(serviceId: string, itsmReference: string): ItsmServiceMapping {
  return { serviceId, itsmReference, lifecycleStage: 'operation' };
}

beforeEach(async () => {
  fake = new FakeJira();
  await fake.start();
  fake.addProject('SMS', [BRAND, SUPPORT, 'Unmapped intranet'], 'Social media');
  fake.addProject('OPS', ['Payroll'], 'Operations');
  mappings = [
    mapping('brand-instagram', `SMS/${BRAND}`),
    mapping('support-x', `sms/${SUPPORT}`),
  ];
  // 23 mapped incidents, ten minutes apart; three at a time share one updated millisecond, so
  // that page boundaries fall between issues with equal `updated`.
  let updated = fake.now;
  for (let i = 0; i < 23; i++) {
    if (i % 3 === 0) updated = fake.tick(TEN_MINUTES + 123);
    const resolved = i % 5 === 0;
    fake.addIssue({
      project: 'SMS',
      components: [i % 2 ? BRAND : SUPPORT],
      updated,
      created: updated - 3_600_000,
      priority: ['Highest', 'High', 'Medium', 'Low'][i % 4],
      status: resolved ? 'Resolved' : 'Work in progress',
      statusCategory: resolved ? 'done' : 'indeterminate',
      resolutiondate: resolved ? updated : undefined,
    });
  }
  // Not mapped, or not incidents: never returned.
  for (let i = 0; i < 3; i++) {
    fake.addIssue({ project: 'SMS', components: ['Unmapped intranet'] });
    fake.addIssue({ project: 'OPS', components: ['Payroll'] });
    fake.addIssue({
      project: 'SMS',
      components: [BRAND],
      issueType: 'Service request',
    });
  }
});

afterEach(async () => {
  await fake.stop();
});

function connector(
  options: Partial<JiraServiceManagementConnectorOptions> = {},
) {
  const sleep = jest.fn(async (_ms: number) => {});
  const instance = new JiraServiceManagementConnector({
    baseUrl: fake.url,
    auth: { type: 'basic', email: EMAIL, apiToken: API_TOKEN },
    pageSize: 5,
    timeoutMs: 2_000,
    retryBaseDelayMs: 10,
    sleep,
    ...options,
  });
  return { connector: instance, sleep };
}

/**
 * Reads page after page until the connector is done. `target` may be a function giving a new
 * connector for every page, as if the backend restarted each time; `runStart` marks the first
 * page as the start of a run; `afterPage` runs after each page (numbered from 1), e.g. to change
 * issues between pages.
 */
async function syncAll(
  target:
    | JiraServiceManagementConnector
    | (() => JiraServiceManagementConnector),
  options: {
    cursor?: string;
    maxPages?: number;
    mappings?: ItsmServiceMapping[];
    runStart?: boolean;
    afterPage?: (incidents: ItsmIncident[], page: number) => void;
  } = {},
) {
  const incidents: ItsmIncident[] = [];
  let cursor = options.cursor;
  let pages = 0;
  let done = false;
  while (!done && pages < (options.maxPages ?? 200)) {
    const reader = typeof target === 'function' ? target() : target;
    const page = await reader.listIncidentsChangedSince({
      mappings: options.mappings ?? mappings,
      cursor,
      ...(options.runStart && pages === 0 ? { runStart: true } : {}),
    });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
    done = page.done;
    pages++;
    options.afterPage?.(page.incidents, pages);
  }
  return { incidents, cursor: cursor!, pages, done };
}

/** What a cursor keeps of the pass it is in: `x` lists the issues it leaves out as read. */
const passOf = (cursor: string) =>
  JSON.parse(
    Buffer.from(cursor.slice('jsm.v1.'.length), 'base64url').toString(),
  ).p;

/** Reads into a burst until the cursor leaves out issues already read, then stops. */
async function readUntilLeftOut(target: JiraServiceManagementConnector) {
  const incidents: ItsmIncident[] = [];
  let cursor: string | undefined;
  do {
    const page = await target.listIncidentsChangedSince({ mappings, cursor });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
  } while (!passOf(cursor)?.x && incidents.length < 40);
  return { incidents, cursor, left: passOf(cursor).x as string[] };
}

/**
 * Adds `count` incidents to SMS ten minutes after the last change, the i-th `offsetMs(i)` into
 * the burst and on the components `components(i)` (the brand's by default); returns its start.
 */
function addBurst(
  count: number,
  offsetMs: (i: number) => number,
  components: (i: number) => string[] = () => [BRAND],
) {
  const burst = fake.tick(TEN_MINUTES);
  for (let i = 0; i < count; i++) {
    fake.addIssue({
      project: 'SMS',
      components: components(i),
      updated: burst + offsetMs(i),
    });
  }
  return burst;
}
const alternating = (i: number) => [i % 2 ? BRAND : SUPPORT];

/** A connector mapping services on a custom field, within project SMS. */
const onField = (mappingField: `customfield_${number}`) =>
  connector({ mappingField, projects: ['SMS'] }).connector;

/** Issues mapped by `field` only: the field is added and the other issues go. */
function customFieldIssues(field: FakeCustomField) {
  fake.addCustomField(field);
  fake.issues.clear();
  return (value: string | string[], project = 'SMS') =>
    fake.addIssue({ project, custom: { [field.id]: value } });
}

/** Raises the least incident there is, for the service of `mapped`. */
const raiseBare = (
  target: JiraServiceManagementConnector,
  mapped: ItsmServiceMapping = mappings[0],
) =>
  target.createIncident({
    mapping: mapped,
    title: 'x',
    description: 'y',
    reportedBy: 'user:default/support-lead',
  });

const iso = (ms: number) => new Date(ms).toISOString();

/** The mapped incidents on the server, as id -> updatedAt. */
function serverSet(
  filter: (i: FakeIssue) => boolean = i =>
    i.project === 'SMS' &&
    i.issueType === 'Incident' &&
    i.components.some(c => c === BRAND || c === SUPPORT),
): Map<string, string> {
  return new Map(
    [...fake.issues.values()].filter(filter).map(i => [i.id, iso(i.updated)]),
  );
}

/** Asserts that no incident came twice and that the synced set equals the server's. */
function expectSameSet(incidents: ItsmIncident[], expected = serverSet()) {
  const ids = incidents.map(i => i.externalId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Map(incidents.map(i => [i.externalId, i.updatedAt]))).toEqual(
    expected,
  );
}

/** The newest version of each incident, as a sync that stores them would keep. */
function newestOf(incidents: ItsmIncident[]): ItsmIncident[] {
  const newest = new Map<string, ItsmIncident>();
  for (const i of incidents) {
    const seen = newest.get(i.externalId);
    if (!seen || seen.updatedAt <= i.updatedAt) newest.set(i.externalId, i);
  }
  return [...newest.values()];
}

/** Asserts that the newest version of each incident read is the server's, title included. */
function expectNewestOfEach(incidents: ItsmIncident[]) {
  const newest = newestOf(incidents);
  expectSameSet(newest);
  expect(
    newest.every(i => i.title === fake.issues.get(i.externalId)!.summary),
  ).toBe(true);
}

const sortKey = (i: ItsmIncident) =>
  `${i.updatedAt} ${i.externalId.padStart(12, '0')}`;

/** Asserts that the incidents came oldest change first, ties by key. */
function expectOldestChangeFirst(incidents: ItsmIncident[]) {
  expect(incidents.map(sortKey)).toEqual(incidents.map(sortKey).sort());
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

describe('JiraServiceManagementConnector', () => {
  describe('listIncidentsChangedSince', () => {
    it('reads every incident of the mapped services across pages, oldest change first', async () => {
      const { connector: target } = connector();
      const { incidents, pages, done } = await syncAll(target);

      expect(done).toBe(true);
      expectSameSet(incidents);
      expectOldestChangeFirst(incidents);
      // Each new search re-reads the few issues of its first minutes: more than 23 / 5 pages.
      expect(pages).toBeGreaterThan(4);

      const [first, second] = fake.listRequests();
      expect(first.method).toBe('POST');
      expect(first.authorization).toBe(`Basic ${BASIC}`);
      expect(first.json).toEqual({
        jql:
          '(project = "SMS" AND component in ("Brand Instagram", "Support \\"Care\\" \\\\ X")) ' +
          'AND issuetype in ("Incident") ORDER BY updated ASC, key ASC',
        fields: expect.arrayContaining([
          'summary',
          'priority',
          'status',
          'resolutiondate',
          'created',
          'updated',
          'components',
          'issuetype',
          'labels',
        ]),
        maxResults: 5,
      });
      // Later searches start a few minutes before the last change seen (the account is in UTC).
      const lastOfFirstPage = incidents[4].updatedAt;
      const bound = new Date(Date.parse(lastOfFirstPage) - 5 * 60_000)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ');
      expect(second.json.jql).toContain(`AND updated >= "${bound}" ORDER BY`);
      expect(second.json.nextPageToken).toBeUndefined();
      expect(fake.listRequests('/rest/api/3/myself')).toHaveLength(1);
    });

    it('maps the fields, reading timestamps in the account offset', async () => {
      fake.account.timeZone = 'America/New_York';
      const first = [...fake.issues.values()][0];
      fake.issues.set(first.id, {
        ...first,
        labels: ['social-media', 'account-takeover'],
        summary: 'Posts we did not write',
      });
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      const incident = incidents.find(i => i.externalId === first.id);
      expect(incident).toEqual({
        externalId: first.id,
        number: 'SMS-1',
        title: 'Posts we did not write',
        priority: 'Highest',
        state: 'Resolved',
        category: 'social media, account takeover',
        openedAt: iso(first.created),
        resolvedAt: iso(first.resolutiondate!),
        updatedAt: iso(first.updated),
        url: `${fake.url}/browse/SMS-1`,
        serviceId: 'support-x',
      });
      const second = incidents.find(i => i.number === 'SMS-2');
      expect(second).toMatchObject({
        category: 'Incident',
        state: 'Work in progress',
        serviceId: 'brand-instagram',
      });
      expect(second!.resolvedAt).toBeUndefined();
      expect(
        incidents.filter(i => i.serviceId === 'brand-instagram'),
      ).toHaveLength(11);
      expect(incidents.filter(i => i.resolvedAt)).toHaveLength(5);
    });

    it('closes incidents by status category, not by a leftover resolution date', async () => {
      const [a, b] = [...fake.issues.values()];
      // Done without a resolution (a workflow that does not set one).
      fake.update(a.id, {
        status: 'Done',
        statusCategory: 'done',
        resolutiondate: undefined,
      });
      // Reopened, with the old resolution date still set.
      fake.update(b.id, {
        status: 'Reopened',
        statusCategory: 'new',
        resolutiondate: fake.now - 60_000,
      });
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      const done = incidents.find(i => i.externalId === a.id)!;
      expect(done.state).toBe('Done');
      expect(done.resolvedAt).toBe(
        iso(fake.issues.get(a.id)!.statusCategoryChanged),
      );
      const reopened = incidents.find(i => i.externalId === b.id)!;
      expect(reopened.state).toBe('Reopened');
      expect(reopened.resolvedAt).toBeUndefined();
    });

    it('returns only the changes after the cursor, including ties with the last change seen', async () => {
      const { connector: target } = connector();
      const full = await syncAll(target);
      const lastSeen = full.incidents[full.incidents.length - 1];

      const all = [...fake.issues.values()].filter(i => i.project === 'SMS');
      const updated1 = fake.update(all[2].id, {
        status: 'Waiting for support',
      });
      const updated2 = fake.update(all[7].id, { priority: 'Highest' });
      const added = fake.addIssue({ project: 'SMS', components: [BRAND] });
      // The same millisecond as the last issue seen, but not seen.
      const tie = fake.addIssue({
        project: 'SMS',
        components: [SUPPORT],
        updated: Date.parse(lastSeen.updatedAt),
      });

      const incremental = await syncAll(target, { cursor: full.cursor });
      expect(incremental.incidents.map(i => i.externalId)).toEqual([
        tie.id,
        updated1.id,
        updated2.id,
        added.id,
      ]);
      expect(incremental.incidents[2].priority).toBe('Highest');

      // Caught up: nothing more, and the cursor stays put.
      const again = await target.listIncidentsChangedSince({
        mappings,
        cursor: incremental.cursor,
      });
      expect(again).toEqual({
        incidents: [],
        nextCursor: incremental.cursor,
        done: true,
      });
    });

    it('reads the overlap before the cursor again at the start of a run, and only then', async () => {
      const overlapMs = 15 * 60_000;
      const { connector: target } = connector({ overlapMs });
      const full = await syncAll(target);
      const newest = Date.parse(
        full.incidents[full.incidents.length - 1].updatedAt,
      );
      const within = [...serverSet().entries()]
        .filter(([, updatedAt]) => Date.parse(updatedAt) >= newest - overlapMs)
        .map(([id]) => id);
      // The last two groups of changes, ten minutes apart; the one before lies just outside.
      expect(within).toHaveLength(5);

      // Not at the start of a run: nothing after the cursor, the cursor stays put.
      const next = await target.listIncidentsChangedSince({
        mappings,
        cursor: full.cursor,
      });
      expect(next.incidents).toEqual([]);
      expect(next.nextCursor).toBe(full.cursor);

      // At the start of a run: the last fifteen minutes of Jira's `updated` times again, though
      // the search (whole minutes, a margin more) brings older issues too.
      const searchesBefore = fake.searches.length;
      const rerun = await syncAll(target, {
        cursor: full.cursor,
        runStart: true,
      });
      expect(rerun.incidents.map(i => i.externalId).sort()).toEqual(
        within.sort(),
      );
      expect(fake.searches[searchesBefore]).toContain(
        `updated >= "${iso(newest - overlapMs - 5 * 60_000)
          .slice(0, 16)
          .replace('T', ' ')}"`,
      );
      // With nothing new, the run ends where it began.
      expect(rerun.cursor).toBe(full.cursor);
    });

    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kathmandu'])(
      'misses nothing when the account reads JQL date-times in %s',
      async timeZone => {
        fake.account.timeZone = timeZone;
        const { connector: target } = connector();
        const full = await syncAll(target);
        expectSameSet(full.incidents);

        const changed = [...fake.issues.values()]
          .filter(i => i.project === 'SMS')
          .slice(0, 3)
          .map(i => fake.update(i.id, { updated: fake.tick(1_000) }));
        const incremental = await syncAll(target, { cursor: full.cursor });
        expect(incremental.incidents.map(i => i.externalId)).toEqual(
          changed.map(i => i.id),
        );
        expect(fake.listRequests('/rest/api/3/myself')).toHaveLength(1);
      },
    );

    it('uses a configured time zone without asking Jira', async () => {
      const { connector: target } = connector({ timeZone: 'UTC' });
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(fake.listRequests('/rest/api/3/myself')).toHaveLength(0);
    });

    it('reads more changes within one minute than a page holds with new searches, never a page token', async () => {
      // Twelve more within one minute, four of them in the same millisecond.
      addBurst(12, i => (i < 4 ? 0 : i * 1_000));
      const { connector: target } = connector();
      const { incidents, done } = await syncAll(target);
      expect(done).toBe(true);
      expectSameSet(incidents);
      expectOldestChangeFirst(incidents);
      const requests = fake.listRequests();
      expect(requests.every(r => r.json.nextPageToken === undefined)).toBe(
        true,
      );
      // Within the burst, searches leave out the issues of its minute already read.
      expect(fake.searches.some(jql => / AND \(id not in \(/.test(jql))).toBe(
        true,
      );
    });

    it('never skips an issue when issues already read change between pages', async () => {
      addBurst(14, i => i * 100, alternating);
      const { connector: target } = connector();
      let edits = 0;
      const { incidents, done } = await syncAll(target, {
        // Between pages, an issue read on this page changes: it moves to the end of the
        // results, and every issue after it moves up by one.
        afterPage: page => {
          if (edits < 8 && page.length) {
            edits++;
            fake.update(page[0].externalId, {
              summary: `edit ${edits}`,
              updated: fake.tick(1_000),
            });
          }
        },
      });
      expect(done).toBe(true);
      expect(edits).toBeGreaterThan(3);
      expectNewestOfEach(incidents);
    });

    it('searches again from the cursor when Jira refuses a search leaving out an issue since deleted', async () => {
      addBurst(15, i => i * 100);
      const {
        incidents: seen,
        cursor,
        left,
      } = await readUntilLeftOut(connector().connector);
      expect(left.length).toBeGreaterThan(0);

      // Meanwhile one of them is deleted: Jira refuses a JQL naming it.
      fake.issues.delete(left[0]);
      const searchesBefore = fake.searches.length;
      const { connector: resumed } = connector();
      const rest = await syncAll(resumed, { cursor });
      expectSameSet(
        [...seen, ...rest.incidents].filter(i => i.externalId !== left[0]),
      );
      const [refused, retried] = fake.searches.slice(searchesBefore);
      expect(refused).toContain(`id not in (${left.join(', ')})`);
      expect(retried).not.toContain('id not in');
    });

    it('brings an issue left out as already read when it changes again', async () => {
      const burst = addBurst(15, i => i * 100);
      // A few more changes in the next minute.
      for (let i = 0; i < 3; i++) {
        fake.addIssue({
          project: 'SMS',
          components: [SUPPORT],
          updated: burst + 70_000 + i,
        });
      }
      const { connector: target } = connector();
      const { incidents: all, cursor, left } = await readUntilLeftOut(target);
      // One of the issues left out changes, before the changes of the next minute.
      const changed = fake.update(left[0], {
        summary: 'Escalated',
        updated: burst + 65_000,
      });

      const rest = await syncAll(target, { cursor });
      all.push(...rest.incidents);
      expect(
        rest.incidents.filter(i => i.externalId === changed.id),
      ).toMatchObject([{ title: 'Escalated' }]);
      expectNewestOfEach(all);
    });

    it('resumes after a crash mid-sync with a new connector, without duplicates or gaps', async () => {
      const first = await syncAll(connector().connector, { maxPages: 2 });
      expect(first.done).toBe(false);
      expect(first.incidents.length).toBeGreaterThan(5);

      // Changes while the backend was down: one already read, one not yet, one new.
      const [readOne] = first.incidents;
      fake.update(readOne.externalId, {
        status: 'Closed',
        statusCategory: 'done',
      });
      const unread = [...fake.issues.values()].find(
        i =>
          i.components.includes(BRAND) &&
          !first.incidents.some(r => r.externalId === i.id),
      )!;
      fake.update(unread.id, { priority: 'Low' });
      fake.addIssue({ project: 'SMS', components: [SUPPORT] });

      const resumed = await syncAll(connector().connector, {
        cursor: first.cursor,
      });
      const all = [...first.incidents, ...resumed.incidents];
      // The issue changed after it was read comes again, newer; nothing else repeats.
      expect(all.filter(i => i.externalId === readOne.externalId)).toHaveLength(
        2,
      );
      expect(all).toHaveLength(serverSet().size + 1);
      expectNewestOfEach(all);
      expect(
        newestOf(all).find(i => i.externalId === readOne.externalId)!
          .resolvedAt,
      ).toBeDefined();
    });

    it('survives a crash inside a burst while issues change between pages', async () => {
      addBurst(14, i => (i % 7) * 10, alternating);
      // A new connector for every page: as if the backend restarted each time.
      const { incidents, done } = await syncAll(() => connector().connector, {
        // Meanwhile someone edits an issue that was already read.
        afterPage: (page, n) => {
          if (n <= 6 && page.length) {
            fake.update(page[0].externalId, { summary: `edit ${n}` });
          }
        },
      });
      expect(done).toBe(true);
      expectNewestOfEach(incidents);
    });

    it('walks hundreds of mappings in chunks, resumably', async () => {
      const projects = ['SMS', 'SEC', 'ADS', 'CARE', 'PR'];
      const many: ItsmServiceMapping[] = [];
      for (const key of projects.slice(1)) fake.addProject(key, []);
      for (let i = 0; i < 250; i++) {
        const key = projects[i % projects.length];
        const component = `Account ${String(i).padStart(3, '0')} "${key}"`;
        fake.projects.get(key)!.components.push(component);
        many.push(mapping(`service-${i}`, `${key}/${component}`));
      }
      fake.issues.clear();
      for (let i = 0; i < 250; i += 2) {
        const key = projects[i % projects.length];
        fake.addIssue({
          project: key,
          components: [`Account ${String(i).padStart(3, '0')} "${key}"`],
        });
      }
      const expected = serverSet(() => true);

      const first = await syncAll(connector({ pageSize: 20 }).connector, {
        mappings: many,
        maxPages: 5,
      });
      expect(first.done).toBe(false);
      const rest = await syncAll(connector({ pageSize: 20 }).connector, {
        mappings: many,
        cursor: first.cursor,
      });
      const all = [...first.incidents, ...rest.incidents];
      expectSameSet(all, expected);
      for (const incident of all) {
        const issue = fake.issues.get(incident.externalId)!;
        const index = Number(issue.components[0].slice(8, 11));
        expect(incident.serviceId).toBe(`service-${index}`);
      }
      const filters = new Set(
        fake.searches.map(jql => jql.replace(/ AND updated >= .*/, '')),
      );
      expect(filters.size).toBe(7);
      expect(Math.max(...fake.searches.map(jql => jql.length))).toBeLessThan(
        5_000,
      );

      // An incremental sync brings exactly the changes, from whichever chunk.
      const changed = [0, 100, 248].map(i =>
        fake.update([...fake.issues.values()][i / 2].id, {
          summary: 'changed',
        }),
      );
      const incremental = await syncAll(connector({ pageSize: 20 }).connector, {
        mappings: many,
        cursor: rest.cursor,
      });
      expect(incremental.incidents.map(i => i.externalId).sort()).toEqual(
        changed.map(i => i.id).sort(),
      );
    });

    it('maps services on a select list custom field within the configured projects', async () => {
      const withValue = customFieldIssues({
        id: 'customfield_10050',
        name: 'Social media service',
        kind: 'select',
        options: ['Brand X', 'Support', 'Intranet'],
      });
      const brandX = withValue('Brand X');
      const support = withValue('Support');
      withValue('Intranet');
      withValue('Brand X', 'OPS');
      const page = await onField('customfield_10050').listIncidentsChangedSince(
        {
          mappings: [
            mapping('brand-x', 'brand x'),
            mapping('support', 'Support'),
          ],
        },
      );
      expect(fake.searches[0]).toBe(
        'project in ("SMS") AND cf[10050] in ("brand x", "Support") AND issuetype in ("Incident") ORDER BY updated ASC, key ASC',
      );
      expect(fake.listRequests()[0].json.fields).toContain('customfield_10050');
      expect(page.done).toBe(true);
      expect(page.incidents.map(i => [i.externalId, i.serviceId])).toEqual([
        [brandX.id, 'brand-x'],
        [support.id, 'support'],
      ]);
    });

    it('maps services on a text custom field by exact value', async () => {
      const withValue = customFieldIssues({
        id: 'customfield_10051',
        name: 'Account',
        kind: 'text',
      });
      const exact = withValue('Brand X');
      // Found by the phrase search, but another account.
      withValue('Brand X Europe');
      const page = await onField('customfield_10051').listIncidentsChangedSince(
        { mappings: [mapping('brand-x', 'Brand X')] },
      );
      expect(fake.searches[0]).toContain('cf[10051] ~ "\\"Brand X\\""');
      expect(page.incidents.map(i => i.externalId)).toEqual([exact.id]);
    });

    it('gives every service mapped to a component its own copy of each incident, all in the same page', async () => {
      const shared: ItsmServiceMapping[] = [
        ...mappings,
        // The same component in other spellings: the project and component in another case,
        // spaces around the parts.
        mapping('brand-instagram-emea', `sms/${BRAND.toUpperCase()}`),
        mapping('brand-instagram-apac', ` SMS / ${BRAND} `),
      ];
      const brandServices = [
        'brand-instagram',
        'brand-instagram-apac',
        'brand-instagram-emea',
      ];
      const { connector: target } = connector();
      const pages: ItsmIncident[][] = [];
      const { cursor, done } = await syncAll(target, {
        mappings: shared,
        maxPages: 99,
        afterPage: page => pages.push(page),
      });
      expect(done).toBe(true);
      const brandIssues = [...serverSet().keys()].filter(id =>
        fake.issues.get(id)!.components.includes(BRAND),
      );
      expect(brandIssues).toHaveLength(11);
      for (const id of brandIssues) {
        const withCopies = pages.filter(page =>
          page.some(i => i.externalId === id),
        );
        // One page holds all three copies; no other page has any.
        expect(withCopies).toHaveLength(1);
        const copies = withCopies[0].filter(i => i.externalId === id);
        expect(copies.map(i => i.serviceId).sort()).toEqual(brandServices);
        expect(new Set(copies.map(i => i.number)).size).toBe(1);
      }
      // The support incidents still go to their one service.
      const all = pages.flat();
      expect(all.filter(i => i.serviceId === 'support-x')).toHaveLength(12);
      expect(all).toHaveLength(12 + 3 * 11);

      // An issue moved to the support component is listed for support only; one filed against
      // both components, for all four services.
      const moved = fake.update(brandIssues[0], { components: [SUPPORT] });
      const both = fake.addIssue({
        project: 'SMS',
        components: [SUPPORT, BRAND],
      });
      const next = await syncAll(target, { cursor, mappings: shared });
      const servicesOf = (id: string) =>
        next.incidents
          .filter(i => i.externalId === id)
          .map(i => i.serviceId)
          .sort();
      expect(servicesOf(moved.id)).toEqual(['support-x']);
      expect(servicesOf(both.id)).toEqual([...brandServices, 'support-x']);

      // Fetched alone, an incident is linked to the first service mapped to it.
      await expect(
        target.getIncident(both.id, { mappings: shared }),
      ).resolves.toMatchObject({ serviceId: 'brand-instagram' });
    });

    it('gives every service mapped to a custom field value its own copy of each incident', async () => {
      const withValues = customFieldIssues({
        id: 'customfield_10052',
        name: 'Social media accounts',
        kind: 'multiselect',
        options: ['Brand X', 'Support', 'Intranet'],
      });
      const brandX = withValues(['Brand X']);
      const twoAccounts = withValues(['Support', 'Brand X']);
      const target = onField('customfield_10052');
      // Two services on Brand X, in another case and with spaces around it.
      const byValue = [
        mapping('support', 'Support'),
        mapping('brand-x', 'brand x'),
        mapping('brand-x-emea', ' Brand X '),
      ];
      const first = await target.listIncidentsChangedSince({
        mappings: byValue,
      });
      expect(first.done).toBe(true);
      expect(
        first.incidents.map(i => `${i.externalId} ${i.serviceId}`).sort(),
      ).toEqual(
        [
          `${brandX.id} brand-x`,
          `${brandX.id} brand-x-emea`,
          `${twoAccounts.id} brand-x`,
          `${twoAccounts.id} brand-x-emea`,
          `${twoAccounts.id} support`,
        ].sort(),
      );

      // Brand X taken off the issue: it is listed for support only.
      const narrowed = fake.update(twoAccounts.id, {
        custom: { customfield_10052: ['Support'] },
      });
      const next = await syncAll(target, {
        cursor: first.nextCursor,
        mappings: byValue,
      });
      expect(next.incidents.map(i => [i.externalId, i.serviceId])).toEqual([
        [narrowed.id, 'support'],
      ]);
      await expect(
        target.getIncident(brandX.id, { mappings: byValue }),
      ).resolves.toMatchObject({ serviceId: 'brand-x' });
    });

    it('says which setting to check when the custom field is missing or of another type', async () => {
      fake.addCustomField({
        id: 'customfield_10060',
        name: 'Go-live',
        kind: 'date',
      });
      const only = [mapping('x', 'X')];
      await expect(
        onField('customfield_99999').listIncidentsChangedSince({
          mappings: only,
        }),
      ).rejects.toThrow(
        /Jira has no field customfield_99999 .*check socialMedia\.itsm\.jiraServiceManagement\.mappingField/,
      );
      await expect(
        onField('customfield_10060').listIncidentsChangedSince({
          mappings: only,
        }),
      ).rejects.toThrow(
        /'Go-live'\) is of type .*datepicker; services can be mapped on a select list/,
      );
    });

    it('names the service whose component or project Jira does not know', async () => {
      const { connector: target, sleep } = connector();
      const ghost = mapping('ghost-account', 'SMS/Ghost account');
      const error = await target
        .listIncidentsChangedSince({ mappings: [...mappings, ghost] })
        .catch(e => e);
      expect(error.message).toBe(
        'Jira Service Management rejected the search for the mapped services (HTTP 400: ' +
          "The value 'Ghost account' does not exist for the field 'component'.); " +
          "check the reference 'SMS/Ghost account' of service ghost-account: the project and " +
          'component must exist, and the Jira account must be able to browse the project',
      );
      expect(sleep).not.toHaveBeenCalled();

      // A project the account cannot browse looks like one that does not exist.
      fake.hiddenProjects.add('SMS');
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(
        /field 'project'.*check the reference 'SMS\/Brand Instagram' of service brand-instagram/,
      );
    });

    it('refuses a reference that is not PROJECTKEY/Component name before asking Jira', async () => {
      const { connector: target } = connector();
      await expect(
        target.listIncidentsChangedSince({
          mappings: [...mappings, mapping('brand-y', 'Brand Y')],
        }),
      ).rejects.toThrow(
        /'Brand Y' of service brand-y is not written as PROJECTKEY\/Component name/,
      );
      expect(fake.requests).toHaveLength(0);
    });

    it('asks nothing when no service is mapped', async () => {
      const { connector: target } = connector();
      const page = await target.listIncidentsChangedSince({ mappings: [] });
      expect(page.incidents).toEqual([]);
      expect(page.done).toBe(true);
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('unreliable servers', () => {
    it('sorts a reordered page and keeps the newest of duplicated issues', async () => {
      let calls = 0;
      fake.pageFilter = issues => {
        calls++;
        if (calls !== 2) return issues;
        const stale = {
          ...issues[1],
          fields: {
            ...issues[1].fields,
            updated: '2020-01-01T00:00:00.000+0000',
          },
        };
        return [stale, ...[...issues].reverse(), issues[0]];
      };
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      expect(incidents.map(sortKey)).toEqual(incidents.map(sortKey).sort());
    });

    it('asks again when a new search answers with old issues, and gives up if it goes on', async () => {
      let first: Array<Record<string, unknown>> | undefined;
      let stale = 1;
      fake.pageFilter = issues => {
        first ??= issues;
        return stale-- > 0 ? first : issues;
      };
      const { connector: target } = connector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);

      fake.pageFilter = () => first!;
      const page1 = await connector().connector.listIncidentsChangedSince({
        mappings,
      });
      await expect(
        target.listIncidentsChangedSince({
          mappings,
          cursor: page1.nextCursor,
        }),
      ).rejects.toThrow(
        /answered 3 searches in a row with issues updated before the search's bound/,
      );
    });

    it('rejects an answer without an issues array', async () => {
      fake.failNext(res => reply(res, 200, { values: [] }));
      await expect(
        connector().connector.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/no 'issues' array/);
    });

    it('rejects a page with an issue lacking its updated time', async () => {
      fake.pageFilter = issues => [
        ...issues.slice(0, 2),
        { ...issues[2], fields: { ...issues[2].fields, updated: null } },
      ];
      await expect(
        connector().connector.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/without a valid id, key and updated time/);
    });
  });

  describe('errors and retries', () => {
    it('waits until X-RateLimit-Reset when there is no Retry-After', async () => {
      const reset = new Date(Date.now() + 20_000).toISOString();
      fake.failNext(res =>
        reply(
          res,
          429,
          { errorMessages: ['Rate limit exceeded.'] },
          { 'X-RateLimit-Reset': reset },
        ),
      );
      const { connector: target, sleep } = connector({ timeZone: 'UTC' });
      await target.listIncidentsChangedSince({ mappings });
      const [[waited]] = sleep.mock.calls;
      // Until the reset time, not the 10 ms backoff of a 429 without a hint.
      expect(waited).toBeGreaterThan(15_000);
      expect(waited).toBeLessThanOrEqual(20_000);
    });

    it('rejects malformed JSON and HTML pages without accepting anything', async () => {
      fake.failNext(res => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"issues": [{"id": ');
      });
      const { connector: target, sleep } = connector({ timeZone: 'UTC' });
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed JSON/);
      fake.failNext(res => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html><body>Your site is under maintenance</body></html>');
      });
      await expect(
        target.listIncidentsChangedSince({ mappings }),
      ).rejects.toThrow(/malformed JSON .*<html>/);
      expect(sleep).not.toHaveBeenCalled();
    });
  });

  describe('Data Center', () => {
    beforeEach(() => {
      fake.deployment = 'dataCenter';
    });

    const dcConnector = (token = PAT) =>
      connector({ auth: { type: 'bearer', token } });

    it('searches REST API v2 from startAt 0 with a bearer token', async () => {
      addBurst(
        12,
        i => i,
        () => [SUPPORT],
      );
      const { connector: target } = dcConnector();
      const { incidents } = await syncAll(target);
      expectSameSet(incidents);
      const requests = fake.listRequests('/rest/api/2/search');
      expect(requests[0].authorization).toBe(`Bearer ${PAT}`);
      expect(requests[0].json).toMatchObject({ startAt: 0, maxResults: 5 });
      // Every page is a new search: issues changing between pages cannot shift an offset.
      expect(requests.every(r => r.json.startAt === 0)).toBe(true);
      expect(requests.some(r => / AND \(id not in \(/.test(r.json.jql))).toBe(
        true,
      );
      expect(requests.every(r => r.json.nextPageToken === undefined)).toBe(
        true,
      );
      expect(fake.listRequests('/rest/api/2/myself')).toHaveLength(1);
    });

    it('reports a refused personal access token without showing it', async () => {
      const { connector: target } = dcConnector('wrong-pat-s3cret');
      const error = await target
        .listIncidentsChangedSince({ mappings })
        .catch(e => e);
      expect(error.message).toMatch(
        /refused the personal access token .*check socialMedia\.itsm\.jiraServiceManagement\.auth\.token/,
      );
      expect(error.message).not.toContain('wrong-pat-s3cret');
    });

    it('raises incidents with a plain-text description', async () => {
      const { connector: target } = dcConnector();
      const created = await target.createIncident({
        mapping: mappings[0],
        title: 'Phishing DMs',
        description: 'Customers report phishing messages.',
        reportedBy: 'user:default/support-lead',
      });
      expect(fake.issues.get(created.externalId)!.description).toBe(
        'Customers report phishing messages.\n\nReported by user:default/support-lead ' +
          'through the social media service catalogue (service brand-instagram).',
      );
    });
  });

  describe('getIncident', () => {
    it('returns the incident, or undefined when Jira does not know it', async () => {
      const { connector: target } = connector();
      const known = [...fake.issues.values()][1];
      await expect(
        target.getIncident(known.id, { mappings }),
      ).resolves.toMatchObject({
        externalId: known.id,
        number: known.key,
        serviceId: 'brand-instagram',
        updatedAt: iso(known.updated),
      });
      const unmapped = [...fake.issues.values()].find(
        i => i.project === 'OPS',
      )!;
      await expect(
        target.getIncident(unmapped.id, { mappings }),
      ).resolves.toMatchObject({
        number: unmapped.key,
        serviceId: '',
      });
      await expect(
        target.getIncident('99999', { mappings }),
      ).resolves.toBeUndefined();
      const requests = fake.requests.length;
      await expect(
        target.getIncident('../myself', { mappings }),
      ).resolves.toBeUndefined();
      expect(fake.requests).toHaveLength(requests);
      expect(
        fake
          .listRequests(`/rest/api/3/issue/${known.id}`)[0]
          .query.get('fields'),
      ).toContain('statuscategorychangedate');
    });
  });

  describe('createIncident', () => {
    it('files the incident against the mapped component and returns its key', async () => {
      const { connector: target } = connector();
      const created = await target.createIncident({
        mapping: mappings[1],
        title: 'Suspected account takeover',
        description:
          'Posts we did not write appeared at 03:00.\nThe password was changed.',
        category: 'Account takeover',
        reportedBy: 'user:default/social-media-manager',
      });
      expect(created).toMatchObject({
        number: 'SMS-30',
        title: 'Suspected account takeover',
        category: 'account takeover',
        state: 'Open',
        serviceId: 'support-x',
        url: `${fake.url}/browse/SMS-30`,
      });
      expect(created.resolvedAt).toBeUndefined();
      const stored = fake.issues.get(created.externalId)!;
      expect(stored).toMatchObject({
        issueType: 'Incident',
        components: [SUPPORT],
        labels: ['account-takeover'],
      });
      expect(stored.description).toEqual({
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: 'Posts we did not write appeared at 03:00.',
              },
              { type: 'hardBreak' },
              { type: 'text', text: 'The password was changed.' },
            ],
          },
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text:
                  'Reported by user:default/social-media-manager through the social media ' +
                  'service catalogue (service support-x).',
              },
            ],
          },
        ],
      });
    });

    it('fills in a select list custom field in the first configured project', async () => {
      fake.addCustomField({
        id: 'customfield_10050',
        name: 'Social media service',
        kind: 'select',
        options: ['Brand X'],
      });
      const { connector: target } = connector({
        mappingField: 'customfield_10050',
        projects: ['SMS', 'OPS'],
        issueTypes: ['Incident', 'Problem'],
      });
      const created = await target.createIncident({
        mapping: mapping('brand-x', 'Brand X'),
        title: 'Impersonation account',
        description: 'Someone copies our profile.',
        reportedBy: 'user:default/brand-manager',
      });
      expect(created.number).toMatch(/^SMS-\d+$/);
      expect(created.serviceId).toBe('brand-x');
      expect(fake.issues.get(created.externalId)!.custom).toEqual({
        customfield_10050: 'Brand X',
      });
    });

    it('reports a missing Create issues permission on 403', async () => {
      fake.failNext(
        res => reply(res, 403, { errorMessages: [], errors: {} }),
        '/rest/api/3/issue',
      );
      await expect(raiseBare(connector().connector)).rejects.toThrow(
        /The Jira account lacks the Create issues permission in project SMS \(HTTP 403 on POST \/rest\/api\/3\/issue\)/,
      );
    });

    it("explains a refused creation with Jira's field errors and the service's reference", async () => {
      await expect(
        raiseBare(connector().connector, {
          ...mappings[0],
          itsmReference: 'SMS/Retired account',
        }),
      ).rejects.toThrow(
        'Jira Service Management refused to create the incident for service brand-instagram in project SMS ' +
          "(HTTP 400: components: Component name 'Retired account' is not valid); check the service's " +
          "reference 'SMS/Retired account' and socialMedia.itsm.jiraServiceManagement.issueTypes",
      );
      expect(fake.issues.size).toBe(32);
    });

    it('names the created issue when it cannot be read back', async () => {
      for (let i = 0; i < 2; i++) {
        fake.failNext(res => reply(res, 502, undefined), '/rest/api/3/issue/');
      }
      await expect(
        raiseBare(connector({ maxRetries: 1 }).connector),
      ).rejects.toThrow(
        /created SMS-30 but could not read it back: .*HTTP 502/,
      );
    });
  });
});
