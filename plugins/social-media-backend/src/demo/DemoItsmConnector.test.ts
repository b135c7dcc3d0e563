import { slugify } from '@internal/plugin-social-media-common';
import {
  ItsmIncident,
  ItsmServiceMapping,
} from '@internal/plugin-social-media-node';
import { isOpenIncident, isSecurityIncident } from '../domain/guardianship';
import {
  demoChangeTime,
  DemoItsmConnector,
  DemoItsmMemory,
  ReportedDemoIncident,
} from './DemoItsmConnector';
import { DEMO_INCIDENTS } from './demoIncidents';
import { DEMO_SERVICES, finalState } from './demoServices';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the rating counts an incident as a security one, as the store judges it. */
const isSecurity = (i: ItsmIncident) =>
  isSecurityIncident({ category: i.category ?? null, title: i.title });
const IMPORTED_AT = new Date('2025-11-25T09:00:00.000Z');
/** The portal's address (`app.baseUrl`); the incident links lead to its demo ITSM pages. */
const APP_BASE_URL = 'http://localhost:3000';
const PAGES = `${APP_BASE_URL}/social-media/demo-itsm/incidents`;

/** Every demo service mapped to the demo ITSM by its name, as the demo history maps them. */
const MAPPINGS: ItsmServiceMapping[] = DEMO_SERVICES.filter(s => s.itsm).map(
  s => ({
    serviceId: slugify(s.name),
    itsmReference: s.name,
    lifecycleStage: finalState(s).stage,
  }),
);

function connectorAt(
  start: Date,
  reported: ReportedDemoIncident[] = [],
  /** null: the demo inventory was never imported. */
  importedAt: Date | null = IMPORTED_AT,
) {
  let now = start;
  const clock = { now: () => new Date(now.getTime()) };
  const memory: DemoItsmMemory = {
    importedAt: async () => importedAt ?? undefined,
    reported: async () => [...reported],
  };
  return {
    clock: (at: Date) => {
      now = at;
    },
    connector: new DemoItsmConnector({
      clock,
      memory,
      appBaseUrl: APP_BASE_URL,
    }),
  };
}

/** Every page of a listing, from the cursor given. */
async function listAll(
  connector: DemoItsmConnector,
  mappings = MAPPINGS,
  from?: string,
): Promise<{ incidents: ItsmIncident[]; cursor: string }> {
  const incidents: ItsmIncident[] = [];
  let cursor = from;
  for (;;) {
    const page = await connector.listIncidentsChangedSince({
      mappings,
      cursor,
    });
    incidents.push(...page.incidents);
    cursor = page.nextCursor;
    if (page.done) return { incidents, cursor };
  }
}

const yearEnd = new Date(IMPORTED_AT.getTime() + 364 * DAY_MS);

describe('the demo ITSM incidents', () => {
  it('are filed against demo services mapped to an ITSM, while each exists, in time order', () => {
    const problems: string[] = [];
    for (const incident of DEMO_INCIDENTS) {
      const service = DEMO_SERVICES.find(s => s.name === incident.service);
      if (!service?.itsm) {
        problems.push(`${incident.number}: ${incident.service} is not mapped`);
        continue;
      }
      const { origin } = service;
      const created = 'created' in origin ? origin.created : 0;
      const mappedOn =
        service.story.find(
          step => step.do === 'complete' && step.fields.includes('itsm'),
        )?.day ?? created;
      const times = incident.changes.map(c => demoChangeTime(IMPORTED_AT, c));
      if (incident.changes[0].day <= mappedOn) {
        problems.push(`${incident.number}: before ${service.name} was mapped`);
      }
      if (times.some((t, i) => i > 0 && t <= times[i - 1])) {
        problems.push(`${incident.number}: changes out of order`);
      }
      if (incident.changes.some(c => c.day > 361)) {
        problems.push(`${incident.number}: after the demo year`);
      }
    }
    expect(problems).toEqual([]);
    const numbers = DEMO_INCIDENTS.map(i => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('are a believable mix: a few services, open and resolved, several priorities, states and kinds', async () => {
    const { connector } = connectorAt(yearEnd);
    const { incidents } = await listAll(connector);
    expect(incidents).toHaveLength(DEMO_INCIDENTS.length);

    const services = new Set(incidents.map(i => i.serviceId));
    // Most services had none.
    expect(services.size).toBeGreaterThanOrEqual(6);
    expect(services.size).toBeLessThan(DEMO_SERVICES.length / 2);

    const open = incidents.filter(i => isOpenIncident(i));
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(incidents.length - open.length).toBeGreaterThanOrEqual(6);
    expect(new Set(incidents.map(i => i.priority)).size).toBeGreaterThanOrEqual(
      3,
    );
    expect(new Set(incidents.map(i => i.state)).size).toBeGreaterThanOrEqual(4);

    const title = (words: RegExp) => incidents.find(i => words.test(i.title));
    expect(title(/impersonat/i)).toBeDefined();
    expect(title(/compromised login/i)).toBeDefined();
    expect(title(/scheduled post published by mistake/i)).toBeDefined();
    // Security incidents weigh on the rating; the others count as open only.
    expect(incidents.filter(i => isSecurity(i)).length).toBeGreaterThan(3);
    expect(incidents.filter(i => !isSecurity(i)).length).toBeGreaterThan(3);
    // Spread over the year.
    const months = new Set(incidents.map(i => i.openedAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(8);
    // Each links to its demo ITSM page in the portal (behind its sign-in), named as the demo.
    expect(incidents[0].url).toBe(`${PAGES}/${incidents[0].number}`);
    expect(connector.incidentsUrl()).toBe(PAGES);
    expect(connector.description.displayName).toMatch(/demo/i);
  });
});

describe('DemoItsmConnector', () => {
  it("links to the portal's demo ITSM pages under app.baseUrl, also when it ends with a slash", () => {
    const connector = new DemoItsmConnector({
      clock: { now: () => yearEnd },
      memory: { importedAt: async () => IMPORTED_AT, reported: async () => [] },
      appBaseUrl: 'https://portal.larkmoor.example/',
    });
    expect(connector.incidentUrl('DEMO-1011')).toBe(
      'https://portal.larkmoor.example/social-media/demo-itsm/incidents/DEMO-1011',
    );
  });

  it('shows each incident as it stood at the clock, and lists only its changes since the cursor', async () => {
    const impersonation = DEMO_INCIDENTS.find(i => i.number === 'DEMO-1010')!;
    const opened = demoChangeTime(IMPORTED_AT, impersonation.changes[0]);
    const raised = demoChangeTime(IMPORTED_AT, impersonation.changes[1]);
    const { connector, clock } = connectorAt(new Date(opened.getTime() - 1));

    const before = await listAll(connector);
    expect(before.incidents.map(i => i.number)).not.toContain('DEMO-1010');

    clock(opened);
    const first = await listAll(connector, MAPPINGS, before.cursor);
    expect(first.incidents).toEqual([
      expect.objectContaining({
        number: 'DEMO-1010',
        serviceId: 'customer-support-x-account',
        state: 'New',
        priority: 'P2 - High',
        openedAt: opened.toISOString(),
        updatedAt: opened.toISOString(),
        category: 'Security',
      }),
    ]);

    clock(new Date(raised.getTime() + 60_000));
    const second = await listAll(connector, MAPPINGS, first.cursor);
    expect(second.incidents).toEqual([
      expect.objectContaining({
        number: 'DEMO-1010',
        state: 'In progress',
        priority: 'P1 - Critical',
        openedAt: opened.toISOString(),
        updatedAt: raised.toISOString(),
        version: 1,
      }),
    ]);
    // Nothing changed since.
    expect(
      (await listAll(connector, MAPPINGS, second.cursor)).incidents,
    ).toEqual([]);
  });

  it('resolves incidents with the time they were resolved, and pages a full listing', async () => {
    const { connector } = connectorAt(yearEnd);
    const page = await connector.listIncidentsChangedSince({
      mappings: MAPPINGS,
    });
    expect(page.done).toBe(true);
    const scheduled = page.incidents.find(i => i.number === 'DEMO-1007')!;
    expect(scheduled).toMatchObject({
      state: 'Resolved',
      resolvedAt: scheduled.updatedAt,
    });
    expect(isOpenIncident(scheduled)).toBe(false);
    // Oldest change first.
    const updated = page.incidents.map(i => i.updatedAt);
    expect(updated).toEqual([...updated].sort());
  });

  it('links nothing to services not mapped to it, and nothing before the demo was imported', async () => {
    const { connector } = connectorAt(yearEnd);
    const onlyBrand = MAPPINGS.filter(m => m.serviceId === 'brand-instagram');
    const { incidents } = await listAll(connector, onlyBrand);
    expect(incidents.map(i => [i.number, i.serviceId])).toEqual([
      ['DEMO-1006', 'brand-instagram'],
      ['DEMO-1007', 'brand-instagram'],
    ]);

    const notImported = connectorAt(yearEnd, [], null).connector;
    expect((await listAll(notImported)).incidents).toEqual([]);
  });

  it('raises reported incidents with the next number, also after a restart, and finds them again', async () => {
    const remembered: ReportedDemoIncident[] = [
      {
        number: 'DEMO-2001',
        serviceId: 'corporate-x-account',
        title: 'Strange login alert',
        category: 'Suspected account takeover',
        openedAt: yearEnd.toISOString(),
      },
    ];
    const later = new Date(yearEnd.getTime() + DAY_MS);
    const { connector } = connectorAt(later, remembered);
    const mapping = MAPPINGS.find(m => m.serviceId === 'corporate-x-account')!;

    const created = await connector.createIncident({
      mapping,
      title: 'Posts we did not write',
      description: 'Three posts appeared overnight',
      category: 'unauthorised-post',
      reportedBy: 'user:default/it-service-owner',
    });
    expect(created).toMatchObject({
      number: 'DEMO-2002',
      externalId: 'DEMO-2002',
      state: 'New',
      category: 'Unauthorised post',
      serviceId: 'corporate-x-account',
      openedAt: later.toISOString(),
      url: `${PAGES}/DEMO-2002`,
    });
    expect(isSecurity(created)).toBe(true);
    expect(
      await connector.getIncident('DEMO-2001', { mappings: MAPPINGS }),
    ).toMatchObject({ title: 'Strange login alert' });
    const { incidents } = await listAll(connector);
    expect(incidents.slice(-2).map(i => i.number)).toEqual([
      'DEMO-2001',
      'DEMO-2002',
    ]);
  });
});
