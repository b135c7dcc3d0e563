import {
  INCIDENT_REPORT_CATEGORY_LABELS,
  IncidentReportCategory,
} from '@internal/plugin-social-media-common';
import {
  ItsmConnector,
  ItsmConnectorDescription,
  ItsmIncident,
  ItsmIncidentPage,
  ItsmServiceMapping,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import { Clock } from '../domain/clock';
import { DatabaseAuditLog } from '../stores/audit/DatabaseAuditLog';
import {
  DEMO_INCIDENTS,
  DemoIncident,
  DemoIncidentChange,
  DemoPriority,
  DemoState,
} from './demoIncidents';

/**
 * The id of the demo ITSM: the ITSM system the demo services are mapped to, a plain connector
 * id like any other (`servicenow`, `pagerduty`).
 */
export const DEMO_ITSM_ID: string = 'demo-itsm';

/**
 * Where the demo ITSM is: its routes under the plugin's API (`/api/social-media/demo-itsm`, for
 * signed-in people), and its pages under the portal's social media pages
 * (`/social-media/demo-itsm`).
 */
export const DEMO_ITSM_PATH = '/demo-itsm';

/** Where the portal shows the social media pages (the frontend plugin's mount path). */
const PORTAL_PAGES_PATH = '/social-media';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const PAGE_SIZE = 50;
const CURSOR_PREFIX = 'demo-itsm.v1:';
/** Incidents reported from the portal are numbered from here on. */
const FIRST_REPORTED_NUMBER = 2001;

/** How the demo ITSM describes itself: the portal names it as the demo it is. */
export const demoItsmDescription: ItsmConnectorDescription = {
  displayName: 'Demo ITSM (demo data)',
  reference: {
    label: 'Demo service name',
    help: "The demo ITSM files its incidents against the demo services by their names in the catalogue; it exists only while socialMedia.demoData is on, and keeps what is reported to it in the catalogue's audit trail.",
    example: 'Customer support X account',
  },
  incidentLinking:
    'The demo ITSM links each of its incidents to the demo service of the same name; incidents reported from the portal are filed against the service they were reported on.',
};

/** An incident reported to the demo ITSM from the portal. */
export interface ReportedDemoIncident {
  number: string;
  serviceId: string;
  title: string;
  category?: string;
  openedAt: string;
  description?: string;
}

/**
 * What the demo ITSM remembers between starts, read from the catalogue's own audit trail: when
 * the demo inventory was imported (its day 0), and the incidents people reported to it.
 */
export interface DemoItsmMemory {
  importedAt(): Promise<Date | undefined>;
  reported(): Promise<ReportedDemoIncident[]>;
}

/**
 * The memory of the demo ITSM in the audit trail of the plugin's database; the time each
 * reported incident was opened is read back from the incident store, where it was linked (so
 * that after a restart the demo ITSM lists it exactly as before).
 */
export function auditTrailMemory(
  auditLog: DatabaseAuditLog,
  linked?: {
    getIncident(
      connectorId: string,
      externalId: string,
      serviceId: string,
    ): Promise<{ openedAt: string }>;
  },
): DemoItsmMemory {
  const entriesOf = async (action: string) => {
    const { seq } = await auditLog.head();
    const found = [];
    for await (const chunk of auditLog.stream({ actions: [action] }, seq)) {
      found.push(...chunk);
    }
    return found;
  };
  return {
    async importedAt() {
      const { seq } = await auditLog.head();
      for await (const chunk of auditLog.stream({ actions: ['import'] }, seq)) {
        return chunk.length ? new Date(chunk[0].at) : undefined;
      }
      return undefined;
    },
    async reported() {
      const entries = await entriesOf('incident-reported');
      const reported = entries.flatMap(entry => {
        const after = JSON.parse(entry.afterJson ?? 'null') as {
          connectorId?: string;
          number?: string;
          title?: string;
          category?: string | null;
        } | null;
        if (after?.connectorId !== DEMO_ITSM_ID || !after.number) return [];
        return [
          {
            number: after.number,
            serviceId: entry.entityId,
            title: after.title ?? '',
            ...(after.category ? { category: after.category } : {}),
            openedAt: entry.at,
          },
        ];
      });
      for (const incident of reported) {
        const stored = await linked
          ?.getIncident(DEMO_ITSM_ID, incident.number, incident.serviceId)
          .catch(() => undefined);
        if (stored) incident.openedAt = stored.openedAt;
      }
      return reported;
    },
  };
}

/** One version of a demo incident, as the demo ITSM shows it from `at` on. */
export interface DemoIncidentVersion {
  incident: DemoIncident;
  /** 0 when opened, one more with every change. */
  version: number;
  at: Date;
  state: DemoState;
  priority: DemoPriority;
  openedAt: Date;
  resolvedAt?: Date;
  /** The work notes up to this version, oldest first. */
  notes: Array<{ at: Date; state: DemoState; note: string }>;
}

/** When a change of the demo year happened, counted from the import day's midnight (UTC). */
export function demoChangeTime(
  importedAt: Date,
  change: Pick<DemoIncidentChange, 'day' | 'time'>,
): Date {
  const [hours, minutes] = change.time.split(':').map(Number);
  const midnight = Date.UTC(
    importedAt.getUTCFullYear(),
    importedAt.getUTCMonth(),
    importedAt.getUTCDate(),
  );
  return new Date(
    midnight + change.day * DAY_MS + (hours * 60 + minutes) * MINUTE_MS,
  );
}

/** Every time a demo incident was opened or changed, for the demo year that began at the import. */
export function demoIncidentChangeTimes(
  importedAt: Date,
  incidents: DemoIncident[] = DEMO_INCIDENTS,
): Date[] {
  return incidents.flatMap(incident =>
    incident.changes.map(change => demoChangeTime(importedAt, change)),
  );
}

const isResolvedState = (state: DemoState) =>
  state === 'Resolved' || state === 'Closed';

/** The incident as the demo ITSM shows it at `now`; undefined before it was opened. */
export function demoIncidentAt(
  incident: DemoIncident,
  importedAt: Date,
  now: Date,
): DemoIncidentVersion | undefined {
  const times = incident.changes.map(c => demoChangeTime(importedAt, c));
  let version = -1;
  times.forEach((time, index) => {
    if (time.getTime() <= now.getTime()) version = index;
  });
  if (version < 0) return undefined;
  let priority = incident.priority;
  let resolvedAt: Date | undefined;
  const notes: DemoIncidentVersion['notes'] = [];
  for (let index = 0; index <= version; index++) {
    const change = incident.changes[index];
    priority = change.priority ?? priority;
    if (isResolvedState(change.state)) resolvedAt ??= times[index];
    else resolvedAt = undefined;
    notes.push({ at: times[index], state: change.state, note: change.note });
  }
  return {
    incident,
    version,
    at: times[version],
    state: incident.changes[version].state,
    priority,
    openedAt: times[0],
    ...(resolvedAt ? { resolvedAt } : {}),
    notes,
  };
}

type Listed = ItsmIncident & { version: number };

function encodeCursor(updatedAt: string, externalId: string): string {
  return `${CURSOR_PREFIX}${updatedAt}|${externalId}`;
}

function decodeCursor(
  cursor: string | undefined,
): { updatedAt: string; externalId: string } | undefined {
  if (!cursor?.startsWith(CURSOR_PREFIX)) return undefined;
  const [updatedAt, externalId] = cursor.slice(CURSOR_PREFIX.length).split('|');
  if (!updatedAt || externalId === undefined) return undefined;
  return { updatedAt, externalId };
}

/**
 * The demo ITSM: a connector installed only while `socialMedia.demoData` is on, serving the
 * demo portfolio's incidents ({@link DEMO_INCIDENTS}) through the connector interface, so that
 * the catalogue's own ITSM sync links them, counts the open ones and rates the services, as it
 * would a real ITSM's. Each incident shows as it stood at the clock's time: played on the demo
 * history's clock, the sync links them on the days they happened.
 *
 * Incidents reported from the portal are kept too (numbered from DEMO-2001); after a restart the
 * demo ITSM knows them again from the catalogue's audit trail. Its record links lead to the
 * portal's demo ITSM pages (`/social-media/demo-itsm/incidents/{number}` under `app.baseUrl`),
 * behind the portal's sign-in, which say what they are.
 */
export class DemoItsmConnector implements ItsmConnector {
  readonly id = DEMO_ITSM_ID;
  readonly description = demoItsmDescription;
  #importedAt?: Date;
  #reported?: Promise<ReportedDemoIncident[]>;

  constructor(
    private readonly options: {
      clock: Clock;
      memory: DemoItsmMemory;
      /** The portal's address (`app.baseUrl`), e.g. `http://localhost:3000`. */
      appBaseUrl: string;
      incidents?: DemoIncident[];
    },
  ) {}

  /** Where a person reads the incidents of the demo ITSM: a page of the portal. */
  incidentsUrl(): string {
    const portal = this.options.appBaseUrl.replace(/\/+$/, '');
    return `${portal}${PORTAL_PAGES_PATH}${DEMO_ITSM_PATH}/incidents`;
  }

  /** Where a person reads one incident of the demo ITSM: a page of the portal. */
  incidentUrl(number: string): string {
    return `${this.incidentsUrl()}/${encodeURIComponent(number)}`;
  }

  /** The start of the demo year, once the demo inventory was imported. */
  async importedAt(): Promise<Date | undefined> {
    this.#importedAt ??= await this.options.memory.importedAt();
    return this.#importedAt;
  }

  /** The incidents of the demo year as they stand now, with the reported ones. */
  async incidentsNow(): Promise<{
    demo: DemoIncidentVersion[];
    reported: ReportedDemoIncident[];
  }> {
    const now = this.options.clock.now();
    const importedAt = await this.importedAt();
    const demo = importedAt
      ? (this.options.incidents ?? DEMO_INCIDENTS).flatMap(incident => {
          const version = demoIncidentAt(incident, importedAt, now);
          return version ? [version] : [];
        })
      : [];
    const reported = (await this.reported()).filter(
      r => Date.parse(r.openedAt) <= now.getTime(),
    );
    return { demo, reported };
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
  }): Promise<ItsmIncidentPage> {
    options.signal?.throwIfAborted();
    const after = decodeCursor(options.cursor);
    const listed = (await this.listAll(options.mappings))
      .filter(i => i.serviceId)
      .filter(
        i =>
          !after ||
          i.updatedAt > after.updatedAt ||
          (i.updatedAt === after.updatedAt && i.externalId > after.externalId),
      )
      .sort(
        (a, b) =>
          a.updatedAt.localeCompare(b.updatedAt) ||
          a.externalId.localeCompare(b.externalId),
      );
    const page = listed.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return {
      incidents: page,
      nextCursor: last
        ? encodeCursor(last.updatedAt, last.externalId)
        : options.cursor ?? encodeCursor('', ''),
      done: listed.length <= PAGE_SIZE,
    };
  }

  async getIncident(
    externalId: string,
    options: { mappings: ItsmServiceMapping[]; signal?: AbortSignal },
  ): Promise<ItsmIncident | undefined> {
    return (await this.listAll(options.mappings)).find(
      i => i.externalId === externalId,
    );
  }

  async createIncident(incident: NewItsmIncident): Promise<ItsmIncident> {
    const reported = await this.reported();
    const highest = Math.max(
      FIRST_REPORTED_NUMBER - 1,
      ...reported.map(r => Number(r.number.replace(/^DEMO-/, '')) || 0),
    );
    const category = incident.category
      ? INCIDENT_REPORT_CATEGORY_LABELS[
          incident.category as IncidentReportCategory
        ] ?? incident.category
      : undefined;
    const entry: ReportedDemoIncident = {
      number: `DEMO-${highest + 1}`,
      serviceId: incident.mapping.serviceId,
      title: incident.title,
      ...(category ? { category } : {}),
      openedAt: this.options.clock.now().toISOString(),
      description: incident.description,
    };
    reported.push(entry);
    return this.toReported(entry, incident.mapping.serviceId);
  }

  private reported(): Promise<ReportedDemoIncident[]> {
    this.#reported ??= this.options.memory.reported().catch(error => {
      this.#reported = undefined;
      throw error;
    });
    return this.#reported;
  }

  private toReported(entry: ReportedDemoIncident, serviceId: string): Listed {
    return {
      externalId: entry.number,
      number: entry.number,
      title: entry.title,
      priority: 'P3 - Moderate',
      state: 'New',
      ...(entry.category ? { category: entry.category } : {}),
      openedAt: entry.openedAt,
      updatedAt: entry.openedAt,
      version: 0,
      url: this.incidentUrl(entry.number),
      serviceId,
    };
  }

  /** Every incident the demo ITSM shows now, linked to the mapped service it is filed against. */
  private async listAll(mappings: ItsmServiceMapping[]): Promise<Listed[]> {
    const byReference = new Map(
      mappings.map(m => [m.itsmReference.trim().toLowerCase(), m.serviceId]),
    );
    const mapped = new Set(mappings.map(m => m.serviceId));
    const { demo, reported } = await this.incidentsNow();
    return [
      ...demo.map(
        (v): Listed => ({
          externalId: v.incident.number,
          number: v.incident.number,
          title: v.incident.title,
          priority: v.priority,
          state: v.state,
          category: v.incident.category,
          openedAt: v.openedAt.toISOString(),
          ...(v.resolvedAt ? { resolvedAt: v.resolvedAt.toISOString() } : {}),
          updatedAt: v.at.toISOString(),
          version: v.version,
          url: this.incidentUrl(v.incident.number),
          serviceId: byReference.get(v.incident.service.toLowerCase()) ?? '',
        }),
      ),
      ...reported.map(r =>
        this.toReported(r, mapped.has(r.serviceId) ? r.serviceId : ''),
      ),
    ];
  }
}
