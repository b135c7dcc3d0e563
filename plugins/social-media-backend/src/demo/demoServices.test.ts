import {
  LIFECYCLE_STAGES,
  LIFECYCLE_TRANSITIONS,
  LifecycleStage,
  retirementNeedsRequest,
  slugify,
  socialServiceInputSchema,
  toValidationProblems,
} from '@internal/plugin-social-media-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { demoLeavers, demoTimeline, HISTORY_DAYS } from './demoHistory';
import { DEMO_INCIDENTS } from './demoIncidents';
import {
  DEMO_LEAVERS,
  DEMO_MEMBERSHIP,
  DEMO_SERVICES,
  DemoControls,
  DemoPerson,
  finalState,
  personActor,
  personRef,
  RETIREMENT_APPROVER,
  serviceFields,
} from './demoServices';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Groups and Users of the demo organisation, and its root group. */
function organisation() {
  const text = readFileSync(
    resolve(__dirname, '../../../../examples/org.yaml'),
    'utf8',
  );
  const refs = new Set<string>();
  const roots: Array<{ name: string; title: string }> = [];
  /** Each User's groups, by the User's name. */
  const memberOf = new Map<string, string[]>();
  for (const doc of parseAllDocuments(text)) {
    const entity = doc.toJS();
    if (entity?.kind && entity?.metadata?.name) {
      refs.add(
        `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
          entity.metadata.name
        }`.toLowerCase(),
      );
      if (entity.spec?.type === 'organization') roots.push(entity.metadata);
      if (entity.kind === 'User') {
        memberOf.set(entity.metadata.name, entity.spec?.memberOf ?? []);
      }
    }
  }
  return { refs, roots, memberOf };
}

const inputs = DEMO_SERVICES.map(service => ({
  service,
  input: {
    ...serviceFields(service, {
      level: finalState(service).controls,
      appsReviewedAt: new Date('2026-11-01T00:00:00.000Z'),
      itsmSystem: 'demo-itsm',
    }),
    lifecycleStage: finalState(service).stage,
  },
}));
const ids = DEMO_SERVICES.map(s => slugify(s.name));

describe('the demo organisation', () => {
  it('has a fictional name of its own, not a placeholder', () => {
    const { roots } = organisation();
    expect(roots).toEqual([
      expect.objectContaining({ name: 'larkmoor', title: 'Larkmoor Group' }),
    ]);
    const config = readFileSync(
      resolve(__dirname, '../../../../app-config.yaml'),
      'utf8',
    );
    expect(config).toMatch(/^organization:\n {2}name: Larkmoor Group$/m);
  });

  it('has no handle, profile URL or purpose that says "example"', () => {
    const found = DEMO_SERVICES.flatMap(s =>
      [s.handle, s.profileUrl ?? '', s.purpose].filter(text =>
        /example/i.test(text),
      ),
    );
    expect(found).toEqual([]);
  });

  it('names its accounts after the brand, the way a company picks its handles', () => {
    const offBrand = DEMO_SERVICES.filter(
      s =>
        !s.handle.toLowerCase().includes('larkmoor') &&
        // The security office's advisories run on the company's own Mastodon server.
        !(s.profileUrl ?? '').includes('larkmoor.com'),
    ).map(s => s.name);
    expect(offBrand).toEqual([]);
  });
});

describe('DEMO_SERVICES', () => {
  it('has 32 services', () => {
    expect(DEMO_SERVICES).toHaveLength(32);
  });

  it.each(inputs.map(({ service, input }) => [service.name, input]))(
    '%s, as it ends its story, passes the API validation',
    (_, input) => {
      const result = socialServiceInputSchema.safeParse(input);
      expect(result.success ? [] : toValidationProblems(result.error)).toEqual(
        [],
      );
    },
  );

  it('gives every service a distinct id and every account a distinct handle', () => {
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = DEMO_SERVICES.map(
      s => `${s.platform}:${s.handle.toLowerCase()}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(LIFECYCLE_STAGES.map(stage => [stage]))(
    'ends with a service in %s',
    stage => {
      expect(DEMO_SERVICES.some(s => finalState(s).stage === stage)).toBe(true);
    },
  );

  it('names only groups and people of examples/org.yaml, and leavers who are not in it', () => {
    const { refs } = organisation();
    const leavers = DEMO_LEAVERS.map(l => personRef(l.person));
    const named = DEMO_SERVICES.flatMap(s => [
      `group:default/${s.ownerGroup}`,
      ...[
        s.serviceOwner,
        s.businessRequester,
        ...('by' in s.origin ? [s.origin.by] : []),
      ]
        .filter(Boolean)
        .map(p => personRef(p!)),
      ...s.story.flatMap(step => [
        ...(step.by ? [personRef(step.by)] : []),
        ...(step.do === 'admins'
          ? step.admins.flatMap(a => (a.person ? [personRef(a.person)] : []))
          : []),
        ...(step.do === 'request-transfer'
          ? [
              `group:default/${step.toOwnerGroup}`,
              personRef(step.toServiceOwner),
            ]
          : []),
      ]),
    ]);
    expect(
      [...new Set(named)].filter(
        ref => !refs.has(ref) && !leavers.includes(ref),
      ),
    ).toEqual([]);
    expect(leavers.filter(ref => refs.has(ref))).toEqual([]);
    expect(leavers.every(ref => named.includes(ref))).toBe(true);
  });

  it('maps every service in transition, operation or improvement to the ITSM record of its name', () => {
    const unmapped = inputs
      .filter(({ input }) =>
        ['transition', 'operation', 'improvement'].includes(
          input.lifecycleStage,
        ),
      )
      .filter(
        ({ service, input }) =>
          input.itsm?.system !== 'demo-itsm' ||
          input.itsm.reference !== service.name,
      )
      .map(({ service }) => service.name);
    expect(unmapped).toEqual([]);
  });

  it('tells stories whose moves the lifecycle allows, from the stage each service is in', () => {
    const wrong: string[] = [];
    for (const service of DEMO_SERVICES) {
      let stage =
        'imported' in service.origin
          ? service.origin.imported
          : service.origin.stage;
      for (const step of [...service.story].sort((a, b) => a.day - b.day)) {
        if (step.do !== 'move') continue;
        if (!LIFECYCLE_TRANSITIONS[stage].includes(step.to)) {
          wrong.push(`${service.name}: ${stage} to ${step.to}`);
        }
        stage = step.to;
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no step before the service exists', () => {
    const early = DEMO_SERVICES.flatMap(s =>
      s.story
        .filter(step => 'created' in s.origin && step.day < s.origin.created)
        .map(step => `${s.name}: ${step.do} on day ${step.day}`),
    );
    expect(early).toEqual([]);
  });

  it('ends with accounts at every level of guardianship', () => {
    const levels = new Set<DemoControls>(
      DEMO_SERVICES.map(s => finalState(s).controls),
    );
    expect([...levels].sort()).toEqual(
      [
        'closed',
        'hardened',
        'recovery-lost',
        'setting-up',
        'shared-login',
        'text-message-mfa',
        'vaulted',
        'winding-down',
      ].sort(),
    );
  });

  it('knows each person by the group examples/org.yaml makes them a member of', () => {
    const { memberOf } = organisation();
    const people = Object.keys(DEMO_MEMBERSHIP) as DemoPerson[];
    expect(people.map(p => [p, personActor(p).claims.slice(1)]).sort()).toEqual(
      people
        .map(p => [p, memberOf.get(p)!.map(g => `group:default/${g}`)])
        .sort(),
    );
  });

  it('retires a live service only through a retirement request its owning side files and IT service management approves', () => {
    const wrong: string[] = [];
    const retiredByRequest: string[] = [];
    for (const service of DEMO_SERVICES) {
      let stage: LifecycleStage =
        'imported' in service.origin
          ? service.origin.imported
          : service.origin.stage;
      let filed = false;
      for (const step of [...service.story].sort((a, b) => a.day - b.day)) {
        const by = step.by ?? service.serviceOwner;
        if (step.do === 'move') {
          if (retirementNeedsRequest(stage, step.to)) {
            wrong.push(`${service.name}: moved from ${stage} to retired`);
          }
          stage = step.to;
        }
        if (
          step.do === 'request-retirement' ||
          step.do === 'request-transfer'
        ) {
          const owningSide =
            by !== undefined &&
            (by === service.serviceOwner ||
              DEMO_MEMBERSHIP[by] === service.ownerGroup);
          if (!owningSide) {
            wrong.push(`${service.name}: filed by ${by}, not its owning side`);
          }
          filed = step.do === 'request-retirement';
        }
        if (step.do === 'approve-retirement') {
          const approver = step.by ?? RETIREMENT_APPROVER;
          if (!filed) wrong.push(`${service.name}: approved unasked`);
          if (DEMO_MEMBERSHIP[approver] !== 'it-service-management') {
            wrong.push(`${service.name}: approved by ${approver}`);
          }
          retiredByRequest.push(`${service.name} from ${stage}`);
          stage = 'retired';
          filed = false;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(retiredByRequest.sort()).toEqual([
      'Germany Facebook page from operation',
      'Internal communications YouTube from operation',
      'Legacy events X account from operation',
    ]);
  });

  it('ends with one transfer and one retirement waiting for a decision', () => {
    expect(
      DEMO_SERVICES.filter(s => finalState(s).waiting).map(s => [
        s.name,
        finalState(s).waiting,
      ]),
    ).toEqual([
      ['Support YouTube how-to channel', 'retirement'],
      ['EMEA X account', 'transfer'],
    ]);
  });
});

describe('demoTimeline', () => {
  // Every six hours over a year: weekends, month ends and every hour band of the day.
  const nows = Array.from(
    { length: 4 * 366 },
    (_, i) =>
      new Date(Date.UTC(2026, 0, 1, 1) + i * 6 * 60 * 60 * 1000 + 17_000),
  );

  it('puts every event in the past, in time order, over about a year, ending at now', () => {
    const problems: string[] = [];
    for (const now of nows) {
      const events = demoTimeline(now, undefined, DEMO_INCIDENTS);
      const times = events.map(e => e.at.getTime());
      if (times.some((t, i) => i > 0 && t <= times[i - 1])) {
        problems.push(
          `${now.toISOString()}: two events at once or out of order`,
        );
      }
      if (times[times.length - 1] !== now.getTime()) {
        problems.push(`${now.toISOString()}: does not end at now`);
      }
      if (times.slice(0, -1).some(t => t >= now.getTime())) {
        problems.push(`${now.toISOString()}: an event is not in the past`);
      }
      const first = events[0].at.getTime();
      if (
        first < now.getTime() - (HISTORY_DAYS + 2) * DAY_MS ||
        first > now.getTime() - (HISTORY_DAYS - 3) * DAY_MS
      ) {
        problems.push(
          `${now.toISOString()}: starts ${events[0].at.toISOString()}`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it("imports the inventory by the end of the first day of a year's risk trend, whatever the day", () => {
    const late = nows.filter(now => {
      const today = Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate(),
      );
      // The dashboard's 365-day trend starts with the day that ends 363 days before today.
      const firstDayEnds = today - 363 * DAY_MS;
      const imported = demoTimeline(now).find(e => e.kind === 'import')!;
      return (
        imported.at.getTime() >= firstDayEnds ||
        [0, 6].includes(imported.at.getUTCDay())
      );
    });
    expect(late.map(now => now.toISOString())).toEqual([]);
  });

  it('imports the inventory first, and has people work on working days only', () => {
    const now = new Date('2026-11-25T10:30:00.000Z');
    const events = demoTimeline(now, undefined, DEMO_INCIDENTS);
    const people = events.filter(
      e => e.kind !== 'sweep' && e.kind !== 'itsm-sync',
    );
    expect(people[0].kind).toBe('import');
    expect(
      people.filter(e => [0, 6].includes(e.at.getUTCDay())).map(e => e.at),
    ).toEqual([]);
    expect(
      people.every(e => e.at.getUTCHours() >= 9 && e.at.getUTCHours() < 17),
    ).toBe(true);
  });

  it('sweeps every night, so that leavers and overdue reviews are found when they happen', () => {
    const now = new Date('2026-11-25T10:30:00.000Z');
    const sweeps = demoTimeline(now).filter(e => e.kind === 'sweep');
    expect(sweeps).toHaveLength(HISTORY_DAYS);
    const [campaignManager] = demoLeavers(now).filter(l =>
      l.userRef.endsWith('former-campaign-manager'),
    );
    const next = sweeps.find(s => s.at >= campaignManager.leftAt)!;
    expect(next.at.getTime() - campaignManager.leftAt.getTime()).toBeLessThan(
      DAY_MS,
    );
  });

  it('runs the ITSM sync shortly after each demo incident was opened or changed, and only with them', () => {
    const now = new Date('2026-11-25T10:30:00.000Z');
    expect(demoTimeline(now).filter(e => e.kind === 'itsm-sync')).toEqual([]);
    const events = demoTimeline(now, undefined, DEMO_INCIDENTS);
    const syncs = events.filter(e => e.kind === 'itsm-sync');
    const changes = DEMO_INCIDENTS.flatMap(i => i.changes).length;
    // One per change; changes in the same minute share one.
    expect(syncs.length).toBeGreaterThan(changes - 3);
    expect(syncs.length).toBeLessThanOrEqual(changes);
    const imported = events.find(e => e.kind === 'import')!;
    expect(syncs[0].at.getTime()).toBeGreaterThan(imported.at.getTime());
    expect(syncs.every(s => s.at.getTime() < now.getTime() - DAY_MS)).toBe(
      true,
    );
  });
});
