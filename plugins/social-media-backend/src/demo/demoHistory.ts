import { checklistFor, slugify } from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import { stringify } from 'yaml';
import { SocialMedia } from '../compose';
import { Clock } from '../domain/clock';
import { EntityDirectory } from '../service/EntityDirectory';
import { demoIncidentChangeTimes } from './DemoItsmConnector';
import { DemoIncident } from './demoIncidents';
import {
  DEMO_LEAVERS,
  DEMO_SERVICES,
  DemoControls,
  DemoPerson,
  DemoService,
  DemoStep,
  INVENTORY_IMPORTER,
  LaterField,
  LIFECYCLE_MANAGER,
  personActor,
  personRef,
  RETIREMENT_APPROVER,
  serviceFields,
} from './demoServices';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** The actor of the scheduled guardianship sweep (as the plugin's schedule names it). */
export const SWEEP_ACTOR = 'plugin:social-media/guardianship-sweep';

/** Days of history: the inventory was imported this many days before the demo is loaded. */
export const HISTORY_DAYS = 365;

/**
 * The clock of the demo's history: it starts a year back, only moves forward, and never goes
 * past the real time the demo is loaded at, so that every recorded time is in the past and the
 * running portal carries on from where the history ends.
 */
export class DemoClock implements Clock {
  #current: Date;

  constructor(start: Date, readonly end: Date) {
    this.#current = start;
  }

  now(): Date {
    return new Date(this.#current.getTime());
  }

  set(at: Date): void {
    if (at.getTime() < this.#current.getTime()) {
      throw new Error(
        `The demo clock cannot go back from ${this.#current.toISOString()} to ${at.toISOString()}`,
      );
    }
    if (at.getTime() > this.end.getTime()) {
      throw new Error(
        `The demo clock cannot go past ${this.end.toISOString()} (asked for ${at.toISOString()})`,
      );
    }
    this.#current = at;
  }
}

/**
 * The demo organisation as the catalog tells it at the clock's time: everyone exists, except
 * the leavers who are gone by then.
 */
export class DemoDirectory implements EntityDirectory {
  constructor(
    private readonly clock: Clock,
    private readonly leavers: Array<{ userRef: string; leftAt: Date }>,
  ) {}

  async findMissing(refs: string[]): Promise<Set<string>> {
    const now = this.clock.now().getTime();
    const gone = new Set(
      this.leavers
        .filter(l => l.leftAt.getTime() <= now)
        .map(l => l.userRef.toLowerCase()),
    );
    return new Set(refs.map(r => r.toLowerCase()).filter(r => gone.has(r)));
  }
}

/** What happens in one event of the history. */
export type DemoHappening =
  | { kind: 'import'; services: DemoService[] }
  | { kind: 'create'; service: DemoService }
  | { kind: 'step'; service: DemoService; step: DemoStep }
  /** The scheduled guardianship sweep: leavers flagged, ratings moved with time. */
  | { kind: 'sweep' }
  /** The scheduled ITSM sync, a few minutes after an incident was opened or changed. */
  | { kind: 'itsm-sync' };

/** One event of the history, at its time. */
export type DemoEvent = DemoHappening & { at: Date };

/**
 * Midnight (UTC) of the day the inventory was imported: a year back, or the Friday before when
 * that is a Saturday, so that the import (on a working day) is in the first day of a year's risk
 * trend rather than the Monday after it.
 */
export function historyStart(now: Date): Date {
  const start = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
  const midnight = Date.UTC(
    start.getUTCFullYear(),
    start.getUTCMonth(),
    start.getUTCDate(),
  );
  return new Date(
    new Date(midnight).getUTCDay() === 6 ? midnight - DAY_MS : midnight,
  );
}

/**
 * The working day people did what the story says they did on `day`: a weekend moves to the
 * Monday after, or to the Friday before when the Monday would be today or later.
 */
function workingDay(start: Date, day: number): number {
  const weekday = new Date(start.getTime() + day * DAY_MS).getUTCDay();
  let moved = day;
  if (weekday === 6) moved = day + 2;
  if (weekday === 0) moved = day + 1;
  if (moved >= HISTORY_DAYS) moved = day - (weekday === 6 ? 1 : 2);
  return moved;
}

/** How long after an incident changed in the ITSM the scheduled sync brings it (10.5 minutes). */
export const SYNC_DELAY_MS = 10 * MINUTE_MS + 30_000;

/**
 * The year of the demo portfolio as a list of events in time order: the inventory import on day
 * 0, the services created later, each step of their stories on a working day from 09:00, a
 * nightly guardianship sweep at 02:00, and a last sweep at `now`. With the demo ITSM's
 * incidents, the ITSM sync runs {@link SYNC_DELAY_MS} after each time one was opened or changed
 * (at half minutes, so never at once with people's work or a sweep).
 */
export function demoTimeline(
  now: Date,
  services: DemoService[] = DEMO_SERVICES,
  incidents: DemoIncident[] = [],
): DemoEvent[] {
  const start = historyStart(now);
  type Planned = { day: number; order: number; event: DemoHappening };
  const planned: Planned[] = [];
  const plan = (day: number, event: DemoHappening) => {
    if (!Number.isInteger(day) || day < 0 || day >= HISTORY_DAYS) {
      throw new Error(`Demo day ${day} is outside the year of history`);
    }
    planned.push({ day, order: planned.length, event });
  };

  plan(0, {
    kind: 'import',
    services: services.filter(s => 'imported' in s.origin),
  });
  for (const service of services) {
    if ('created' in service.origin) {
      plan(service.origin.created, { kind: 'create', service });
    }
  }
  for (const service of services) {
    // Steps of one day keep the order the story gives them.
    for (const step of [...service.story].sort((a, b) => a.day - b.day)) {
      plan(step.day, { kind: 'step', service, step });
    }
  }

  // People's work: by working day, then by the story's day, then in the order planned.
  const byWorkingDay = new Map<number, Planned[]>();
  for (const item of planned) {
    const day = workingDay(start, item.day);
    byWorkingDay.set(day, [...(byWorkingDay.get(day) ?? []), item]);
  }
  const events: DemoEvent[] = [];
  for (const [day, items] of byWorkingDay) {
    items.sort((a, b) => a.day - b.day || a.order - b.order);
    items.forEach((item, index) => {
      const at = new Date(
        start.getTime() +
          day * DAY_MS +
          9 * 60 * MINUTE_MS +
          index * 7 * MINUTE_MS,
      );
      events.push({ ...item.event, at });
    });
  }
  for (let day = 1; day < HISTORY_DAYS; day++) {
    events.push({
      kind: 'sweep',
      at: new Date(start.getTime() + day * DAY_MS + 2 * 60 * MINUTE_MS),
    });
  }
  const imported = events.find(e => e.kind === 'import');
  if (imported && incidents.length > 0) {
    const syncs = new Set(
      demoIncidentChangeTimes(imported.at, incidents).map(
        t => t.getTime() + SYNC_DELAY_MS,
      ),
    );
    for (const at of [...syncs].filter(t => t > imported.at.getTime())) {
      events.push({ kind: 'itsm-sync', at: new Date(at) });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const last = events[events.length - 1];
  if (last.at.getTime() >= now.getTime()) {
    throw new Error(
      `Demo events must be in the past; one is planned at ${last.at.toISOString()}`,
    );
  }
  events.push({ kind: 'sweep', at: now });
  return events;
}

/** The leavers of the demo, with the time each left. */
export function demoLeavers(
  now: Date,
): Array<{ userRef: string; leftAt: Date }> {
  const start = historyStart(now);
  return DEMO_LEAVERS.map(l => ({
    userRef: personRef(l.person),
    leftAt: new Date(start.getTime() + l.leftOn * DAY_MS),
  }));
}

/** What the history keeps of a service between its events. */
interface ServiceState {
  controls: DemoControls;
  appsReviewedAt: Date;
  missing: LaterField[];
}

/**
 * Plays the history through the catalogue's use cases, setting the clock to each event's time
 * first: every change goes through the one write path, so ratings, their history and the
 * hash-chained audit trail are what they would be had people made the changes on those days.
 */
export async function playDemoHistory(options: {
  socialMedia: SocialMedia;
  clock: DemoClock;
  events: DemoEvent[];
  /** The ITSM the mapped demo services are mapped to: its connector id, and the connector the history's syncs run. */
  itsm?: { system: string; connector?: ItsmConnector };
}): Promise<void> {
  const { socialMedia, clock, events, itsm } = options;
  const { catalogue, guardianship, signOffs, serviceHandovers } = socialMedia;
  const states = new Map<string, ServiceState>();
  /** The transfer or retirement each service has waiting, by its id. */
  const waiting = new Map<string, number>();
  const idOf = (service: DemoService) => slugify(service.name);

  const fields = (service: DemoService) => {
    const state = states.get(idOf(service))!;
    return serviceFields(service, {
      level: state.controls,
      appsReviewedAt: state.appsReviewedAt,
      missing: state.missing,
      itsmSystem: itsm?.system,
    });
  };

  for (const event of events) {
    clock.set(event.at);
    switch (event.kind) {
      case 'import': {
        for (const service of event.services) {
          states.set(idOf(service), {
            controls: service.origin.controls,
            // Found with its apps last reviewed a month before the inventory.
            appsReviewedAt: new Date(event.at.getTime() - 30 * DAY_MS),
            missing: [],
          });
        }
        const content = stringify({
          services: event.services.map(service => ({
            ...fields(service),
            lifecycleStage:
              'imported' in service.origin
                ? service.origin.imported
                : undefined,
          })),
        });
        const report = await catalogue.import(
          { format: 'yaml', content },
          personRef(INVENTORY_IMPORTER),
        );
        if (!report.valid || report.created.length !== event.services.length) {
          throw new Error(
            `The demo inventory was refused: ${report.problems
              .map(p => `row ${p.row} ${p.field}: ${p.message}`)
              .join('; ')}`,
          );
        }
        break;
      }
      case 'create': {
        const { service } = event;
        if (!('created' in service.origin)) break;
        states.set(idOf(service), {
          controls: service.origin.controls,
          appsReviewedAt: event.at,
          missing: service.origin.without ?? [],
        });
        await catalogue.create(
          { ...fields(service), lifecycleStage: service.origin.stage },
          personRef(service.origin.by),
        );
        break;
      }
      case 'step':
        await playStep(event.service, event.step, event.at);
        break;
      case 'itsm-sync':
        // Through the catalogue's own sync: the incidents as the ITSM shows them now, linked,
        // counted and rated. A failure stops the history, as any other step's would.
        if (itsm?.connector) await socialMedia.itsmSync.run(itsm.connector);
        break;
      case 'sweep':
      default:
        await guardianship.sweep(SWEEP_ACTOR);
        break;
    }
  }

  async function playStep(service: DemoService, step: DemoStep, at: Date) {
    const id = idOf(service);
    const state = states.get(id);
    if (!state) {
      throw new Error(`Demo step on day ${step.day} of ${id} before it exists`);
    }
    const owner: DemoPerson = service.serviceOwner ?? LIFECYCLE_MANAGER;
    /** Who on the owning side files a transfer or a retirement. */
    const filer = (): DemoPerson => {
      const person = step.by ?? service.serviceOwner;
      if (!person) {
        throw new Error(
          `Demo step on day ${step.day} of ${id}: say who files it, the service has no owner`,
        );
      }
      return person;
    };
    const { version, admins } = await catalogue.getService(id);
    switch (step.do) {
      case 'controls':
        state.controls = step.controls;
        state.appsReviewedAt = at;
        await catalogue.update(
          id,
          { ...fields(service), version },
          personRef(step.by ?? LIFECYCLE_MANAGER),
        );
        return;
      case 'complete':
        state.missing = state.missing.filter(f => !step.fields.includes(f));
        await catalogue.update(
          id,
          { ...fields(service), version },
          personRef(step.by ?? owner),
        );
        return;
      case 'admins':
        await catalogue.updateAdmins(
          id,
          {
            version,
            admins: step.admins.map(a => ({
              account: a.account,
              role: a.role,
              ...(a.person ? { userRef: personRef(a.person) } : {}),
            })),
          },
          personRef(step.by ?? owner),
        );
        return;
      case 'review': {
        const remove = new Set(step.remove ?? []);
        await guardianship.submitAccessReview(
          id,
          {
            version,
            decisions: admins.map(a => ({
              account: a.account,
              decision: remove.has(a.account) ? 'remove' : 'keep',
            })),
            ...(step.note ? { note: step.note } : {}),
          },
          personRef(step.by ?? owner),
        );
        return;
      }
      case 'move':
        await catalogue.transition(
          id,
          { to: step.to, reason: step.reason, version },
          personRef(step.by ?? LIFECYCLE_MANAGER),
        );
        return;
      case 'request-retirement': {
        const handover = await serviceHandovers.file(
          id,
          serviceHandovers.parse({
            kind: 'retirement',
            reason: step.reason,
            handle: step.handle,
            // The owning side has done every item before it asks.
            checklist: Object.fromEntries(
              checklistFor('retirement').map(item => [item.id, true]),
            ),
            version,
          }),
          personActor(filer()),
        );
        waiting.set(id, handover.id);
        return;
      }
      case 'request-transfer': {
        const handover = await serviceHandovers.file(
          id,
          serviceHandovers.parse({
            kind: 'transfer',
            toOwnerGroup: `group:default/${step.toOwnerGroup}`,
            toServiceOwner: personRef(step.toServiceOwner),
            reason: step.reason,
            version,
          }),
          personActor(filer()),
        );
        waiting.set(id, handover.id);
        return;
      }
      case 'approve-retirement': {
        const handoverId = waiting.get(id);
        if (handoverId === undefined) {
          throw new Error(
            `Demo step on day ${step.day} of ${id}: no retirement is waiting`,
          );
        }
        const handover = await serviceHandovers.get(handoverId);
        await serviceHandovers.decide(
          handoverId,
          {
            decision: 'accept',
            comment: step.comment,
            version: handover.version,
          },
          personActor(step.by ?? RETIREMENT_APPROVER),
        );
        waiting.delete(id);
        state.controls = 'closed';
        return;
      }
      case 'sign-off': {
        // Signs the rating the service has at that moment, as the signer would see it.
        const { risk } = await catalogue.getService(id);
        await signOffs.signOff(
          id,
          { rating: risk?.rating, note: step.note },
          personRef(step.by ?? owner),
        );
        return;
      }
      default:
        throw new Error(`Unknown demo step ${JSON.stringify(step)}`);
    }
  }
}
