/*
 * Two instances of the social-media backend on one database: the scheduled ITSM sync of a
 * connector runs once per interval across both (Backstage's scheduler claims each run through
 * the database), never twice at once, and the surviving instance carries on when the other stops.
 *
 * Both backends use Backstage's real scheduler (the default of startTestBackend is an in-memory
 * mock that knows nothing of other instances) and the same Knex, as two replicas share one
 * PostgreSQL database.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { socialServiceInputSchema } from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmServiceMapping,
  socialMediaItsmConnectorsExtensionPoint,
} from '@internal/plugin-social-media-node';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createTestSocialMedia } from '../__testUtils__/testSocialMedia';
import { socialMediaPlugin } from '../plugin';
import { placeholderDescription } from '../__testUtils__/connectorDescription';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
// Replicas share a server database, so PostgreSQL is what this is about. A run that knowingly
// opts out of it (SOCIAL_MEDIA_TEST_SQLITE_ONLY=1) checks the same claims on one shared SQLite.
const serverIds = ids.filter(id => id !== 'SQLITE_3');
const sharedIds = serverIds.length > 0 ? serverIds : ids;

// A counting stand-in installed under one of the ITSM systems a service can be mapped to.
const CONNECTOR_ID = 'pagerduty';
const TASK_ID = `social-media-itsm-sync-${CONNECTOR_ID}`;
const INTERVAL_MS = 2_000;
/** How long both instances run side by side. */
const WINDOW_MS = 10_000;
/** How long one connector call takes: long enough for a second, overlapping run to show. */
const RUN_MS = 300;

type Run = { instance: string; start: number; end?: number };

/** What both instances' connectors write to: one list of runs, and how many are in progress. */
class RunLog {
  readonly runs: Run[] = [];
  active = 0;
  maxActive = 0;

  startedBetween(from: number, to: number) {
    return this.runs.filter(r => r.start >= from && r.start < to);
  }
}

/** A connector of one instance: serves an empty page slowly and logs the call in the shared log. */
function countingConnector(instance: string, log: RunLog): ItsmConnector {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    id: CONNECTOR_ID,
    description: placeholderDescription(CONNECTOR_ID),
    async listIncidentsChangedSince(options: {
      mappings: ItsmServiceMapping[];
      cursor?: string;
    }) {
      const run: Run = { instance, start: Date.now() };
      log.runs.push(run);
      log.active += 1;
      log.maxActive = Math.max(log.maxActive, log.active);
      await new Promise(resolve => setTimeout(resolve, RUN_MS));
      log.active -= 1;
      run.end = Date.now();
      return { incidents: [], nextCursor: options.cursor ?? '', done: true };
    },
    getIncident: unused,
    createIncident: unused,
  };
}

async function startInstance(instance: string, knex: Knex, log: RunLog) {
  return startTestBackend({
    features: [
      socialMediaPlugin,
      createBackendModule({
        pluginId: 'social-media',
        moduleId: `counting-itsm-${instance}`,
        register(env) {
          env.registerInit({
            deps: { connectors: socialMediaItsmConnectorsExtensionPoint },
            async init({ connectors }) {
              connectors.addConnector(countingConnector(instance, log));
            },
          });
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          socialMedia: {
            itsm: {
              schedule: {
                frequency: { seconds: INTERVAL_MS / 1000 },
                timeout: { seconds: 30 },
                initialDelay: { seconds: 0 },
              },
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      schedulerServiceFactory,
      catalogServiceMock.factory(),
    ],
  });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.each(sharedIds)('scheduled ITSM sync on %s', databaseId => {
  it('runs once per interval across two backend instances, never overlapping', async () => {
    const knex = await databases.init(databaseId);
    // One service mapped to the connector, so that every sync run calls it.
    const { catalogue } = await createTestSocialMedia(knex);
    const input = socialServiceInputSchema.parse({
      name: 'Brand X',
      platform: 'x',
      handle: '@brandx',
      purpose: 'Brand stories',
      businessUnit: 'Marketing',
      ownerGroup: 'group:default/marketing',
      audienceSize: 200_000,
      itsm: { system: CONNECTOR_ID, reference: 'Brand X account' },
    });
    await catalogue.createService(
      { ...input, id: 'brand-x' },
      'user:default/marketing-lead',
    );

    const log = new RunLog();
    const t0 = Date.now();
    // One after the other, as a rolling deployment would; their migrations must not race.
    const a = await startInstance('a', knex, log);
    const b = await startInstance('b', knex, log);

    // Each instance has registered the task, and as a global one.
    for (const backend of [a, b]) {
      const tasks = await request(backend.server)
        .get('/api/social-media/.backstage/scheduler/v1/tasks')
        .set('Authorization', mockCredentials.user.header());
      expect(tasks.status).toBe(200);
      expect(tasks.body.tasks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ taskId: TASK_ID, scope: 'global' }),
        ]),
      );
    }
    expect(
      await knex('backstage_backend_tasks__tasks').where({ id: TASK_ID }),
    ).toHaveLength(1);

    await sleep(Math.max(0, t0 + WINDOW_MS - Date.now()));
    const windowEnd = Date.now();
    const inWindow = log.startedBetween(t0, windowEnd);

    // Instance a goes away; b carries on with the same schedule.
    await a.stop();
    const aStopped = Date.now();
    const handoverDeadline = aStopped + 3 * INTERVAL_MS + 2_000;
    while (
      !log.runs.some(r => r.instance === 'b' && r.start >= aStopped) &&
      Date.now() < handoverDeadline
    ) {
      await sleep(100);
    }
    await b.stop();
    while (log.active > 0) await sleep(50);
    // A run goes on after its connector has answered (it rates and announces its services) and
    // then releases its claim; the test ends once none holds one, so that no run is left writing
    // into the database the test closes.
    const releasedBy = Date.now() + 15_000;
    while (
      Date.now() < releasedBy &&
      (await knex('social_media_itsm_sync').whereNotNull('run_owner').first())
    ) {
      await sleep(50);
    }

    // Never two runs at once, by either instance: each starts after the one before has ended.
    expect(log.maxActive).toBe(1);
    const sorted = [...log.runs].sort((x, y) => x.start - y.start);
    const overlapping = sorted
      .slice(1)
      .filter((run, i) => run.start < sorted[i].end!)
      .map(run => `${run.instance}@${run.start - t0}ms`);
    expect(overlapping).toEqual([]);

    // About one run per interval in all, by whichever instance claims it first. Runs fall due every
    // interval from the first start, so at most window / interval + 1 start in the window; one more
    // is tolerated at the edge. Scheduled per instance, each instance would run that many on its
    // own, about twice as many together (10 against at most 7 here). The lower bound lets a due run
    // wait up to a poll interval on a loaded machine and still shows the task kept running.
    const perInterval = (windowEnd - t0) / INTERVAL_MS;
    expect(inWindow.length).toBeLessThanOrEqual(Math.floor(perInterval) + 2);
    expect(inWindow.length).toBeGreaterThanOrEqual(Math.floor(perInterval / 2));

    // The surviving instance took over, and the stopped one ran nothing after it stopped.
    expect(
      log.runs.filter(r => r.instance === 'b' && r.start >= aStopped).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      log.runs.filter(r => r.instance === 'a' && r.start >= aStopped),
    ).toEqual([]);
  });
});
