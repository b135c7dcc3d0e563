import { ServiceNowConnector } from '@internal/plugin-social-media-backend-module-servicenow';
import { FakeServiceNow } from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import {
  armGroupProbe,
  bareFetch,
  CONNECTOR_REQUESTS_IN_FLIGHT,
  referencesOfFirstQuery,
  SYNC_ORDER,
} from './itsmBareFetch';

const INCIDENT_LIST = '/api/now/table/incident';

let fake: FakeServiceNow;

beforeEach(async () => {
  fake = new FakeServiceNow();
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

/** Incident list requests from index `from`, as comparable query strings. */
function listQueriesSince(from: number): string[] {
  return fake.requests
    .slice(from)
    .filter(r => r.method === 'GET' && r.path === INCIDENT_LIST)
    .map(r => new URLSearchParams(r.query).toString());
}

describe('the bare fetch of the ITSM part', () => {
  it("fetches the pages of every group of references with the connector's own requests", async () => {
    // 250 business services, two services on some of them: too many references for one request
    // URL, so the connector reads them in several groups.
    const ciIds = Array.from({ length: 250 }, (_, i) =>
      fake.addCi(`Brand ${i} social media`),
    );
    const mappings = ciIds.flatMap((ciId, i) =>
      Array.from({ length: i % 3 === 0 ? 2 : 1 }, (__, k) => ({
        serviceId: `service-${i}-${k}`,
        itsmReference: ciId,
        lifecycleStage: 'operation' as const,
      })),
    );
    const connector = new ServiceNowConnector({
      instanceUrl: fake.url,
      auth: fake.auth,
      pageSize: 7,
      maxRetries: 0,
    });

    // The probe, while the fake has no incidents: the connector's sync fails at the last group.
    const probe = armGroupProbe(fake, ciIds);
    await expect(
      connector.listIncidentsChangedSince({ mappings, runStart: true }),
    ).rejects.toThrow(/400/);
    probe.disarm();
    expect(fake.faults).toEqual([]);
    expect(probe.error).toBeUndefined();
    expect(probe.refused).toBe(true);
    expect(probe.missing).toEqual([]);
    expect(probe.firstRequests.length).toBeGreaterThanOrEqual(3);
    const asked = probe.firstRequests.flatMap(q =>
      referencesOfFirstQuery(q.get('sysparm_query')!),
    );
    expect(asked.sort()).toEqual([...ciIds].sort());

    // 90 incidents across the business services, in bursts of three within one second, so that
    // pages end between records stamped alike; a few on a business service nobody maps.
    const unmapped = fake.addCi('Unmapped intranet');
    for (let i = 0; i < 90; i++) {
      const stamp = i % 3 === 0 ? fake.tick(60) : undefined;
      const last = [...fake.incidents.values()].pop();
      fake.addIncident({
        business_service: ciIds[(i * 37) % ciIds.length],
        sys_updated_on: stamp ?? last!.sys_updated_on,
      });
    }
    for (let i = 0; i < 4; i++)
      fake.addIncident({ business_service: unmapped });

    // Answered a moment after they arrive, so that requests sent together are held together.
    fake.latencyMs = 5;
    let from = fake.requests.length;
    const bare = await bareFetch(fake, probe.firstRequests, 60_000);
    expect(listQueriesSince(from).sort()).toEqual([...bare.queries].sort());
    expect(bare.records).toBe(90);
    // As many groups at once as the connector reads, at most one request per group.
    expect(fake.maxRequestsInFlight).toBe(
      Math.min(CONNECTOR_REQUESTS_IN_FLIGHT, probe.firstRequests.length),
    );

    // One group at a time: the same requests, in the connector's order of the groups.
    from = fake.requests.length;
    fake.maxRequestsInFlight = 0;
    const alone = await bareFetch(fake, probe.firstRequests, 60_000, 1);
    expect(listQueriesSince(from)).toEqual(alone.queries);
    expect([...alone.queries].sort()).toEqual([...bare.queries].sort());
    expect(fake.maxRequestsInFlight).toBe(1);

    // The connector's full sync, page after page.
    from = fake.requests.length;
    const synced = new Set<string>();
    let cursor: string | undefined;
    for (let call = 0; call < 100; call++) {
      const page = await connector.listIncidentsChangedSince({
        mappings,
        cursor,
        runStart: call === 0,
      });
      page.incidents.forEach(i => synced.add(i.externalId));
      cursor = page.nextCursor;
      if (page.done) break;
    }
    expect(synced.size).toBe(90);
    const syncQueries = listQueriesSince(from);
    expect([...bare.queries].sort()).toEqual([...syncQueries].sort());
    expect(bare.pages).toBeGreaterThan(probe.firstRequests.length);
    // Later pages continue after a record, within the same group.
    expect(
      syncQueries.filter(q =>
        new URLSearchParams(q).get('sysparm_query')!.includes('sys_id>'),
      ).length,
    ).toBe(bare.pages - probe.firstRequests.length);
  });

  it('reads the references of a first query and refuses any other', () => {
    expect(
      referencesOfFirstQuery(
        `business_service=ABC^ORbusiness_service.name=Care ^^ORX${SYNC_ORDER}`,
      ),
    ).toEqual(['abc', 'care ^orx']);
    expect(() =>
      referencesOfFirstQuery(
        `business_service=abc^sys_updated_on>=2026-01-01 00:00:00${SYNC_ORDER}`,
      ),
    ).toThrow(/not one OR group/);
    expect(() => referencesOfFirstQuery('business_service=abc')).toThrow(
      /does not end with/,
    );
  });
});
