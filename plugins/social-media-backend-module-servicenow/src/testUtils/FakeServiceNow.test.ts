import { FakeServiceNow } from './FakeServiceNow';

const FIELDS = 'sys_id,number,sys_updated_on,business_service,state';

/** A seeded sequence, so that a failure shows the same data again. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('FakeServiceNow answering from an index', () => {
  const fake = new FakeServiceNow();
  const random = sequence(7);
  let references: string[];

  beforeAll(async () => {
    await fake.start();
    references = Array.from({ length: 12 }, (_, i) => fake.addCi(`BS ${i}`));
    const pick = () => references[Math.floor(random() * references.length)];
    for (let i = 0; i < 400; i++) {
      // Bursts: several incidents share a second.
      fake.addIncident({
        business_service: pick(),
        sys_updated_on: random() < 0.6 ? fake.tick(0) : fake.tick(),
      });
    }
    // Changes after the first read: some move to another business service, some in the past.
    await list(query(references.slice(0, 3)));
    for (const id of [...fake.incidents.keys()].slice(0, 120)) {
      fake.update(id, {
        state: '2',
        ...(random() < 0.3 ? { business_service: pick() } : {}),
        ...(random() < 0.2
          ? { sys_updated_on: fake.incidents.get(id)!.sys_updated_on }
          : {}),
      });
    }
  });
  afterAll(() => fake.stop());

  function query(refs: string[], after?: { on: string; id?: string }) {
    let keyset = '';
    if (after) {
      keyset = after.id
        ? `^sys_updated_on>=${after.on}^sys_updated_on>${after.on}^ORsys_id>${after.id}`
        : `^sys_updated_on>=${after.on}`;
    }
    return `${refs
      .map(r => `business_service=${r}`)
      .join('^OR')}${keyset}^ORDERBYsys_updated_on^ORDERBYsys_id`;
  }

  async function list(sysparmQuery: string, limit = 25) {
    const params = new URLSearchParams({
      sysparm_query: sysparmQuery,
      sysparm_fields: FIELDS,
      sysparm_limit: String(limit),
    });
    const res = await fetch(`${fake.url}/api/now/table/incident?${params}`, {
      headers: {
        Authorization: `Basic ${Buffer.from(
          'integration:integration-password-s3cret',
        ).toString('base64')}`,
      },
    });
    return {
      total: res.headers.get('x-total-count'),
      records: ((await res.json()) as { result: Array<Record<string, string>> })
        .result,
    };
  }

  async function bothWays(sysparmQuery: string, limit?: number) {
    fake.indexedField = undefined;
    const scanned = await list(sysparmQuery, limit);
    fake.indexedField = 'business_service';
    const indexed = await list(sysparmQuery, limit);
    return { scanned, indexed };
  }

  it('answers every page of a keyset walk as a scan of the table does', async () => {
    const refs = references.slice(2, 9);
    let after: { on: string; id?: string } | undefined;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const { scanned, indexed } = await bothWays(query(refs, after));
      expect(indexed).toEqual(scanned);
      pages++;
      seen += indexed.records.length;
      if (indexed.records.length === 0) break;
      const last = indexed.records[indexed.records.length - 1];
      // Every other page from a rewound position (the second only), as after an overlap.
      after =
        pages % 2 === 0
          ? { on: last.sys_updated_on }
          : { on: last.sys_updated_on, id: last.sys_id };
      if (pages > 100) throw new Error('The walk does not end');
    }
    const filed = [...fake.incidents.values()].filter(i =>
      refs.includes(i.business_service),
    ).length;
    expect(pages).toBeGreaterThan(5);
    expect(seen).toBeGreaterThanOrEqual(filed);
  });

  it('counts and pages as a scan does from positions inside a burst', async () => {
    const ordered = [...fake.incidents.values()].sort((a, b) =>
      `${a.sys_updated_on} ${a.sys_id}` < `${b.sys_updated_on} ${b.sys_id}`
        ? -1
        : 1,
    );
    for (const at of [0, 57, 200, 399]) {
      const from = ordered[at];
      const { scanned, indexed } = await bothWays(
        query(references, { on: from.sys_updated_on, id: from.sys_id }),
        1000,
      );
      expect(indexed).toEqual(scanned);
      expect(Number(indexed.total)).toBe(ordered.length - at - 1);
    }
  });

  it('falls back to a scan for queries the index does not answer', async () => {
    const byName = `business_service.name=BS 3^ORDERBYsys_updated_on^ORDERBYsys_id`;
    const { scanned, indexed } = await bothWays(byName, 1000);
    expect(indexed).toEqual(scanned);
    expect(indexed.records.length).toBeGreaterThan(0);
  });
});
