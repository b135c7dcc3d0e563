import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ItsmConnector,
  ItsmIncident,
  ItsmIncidentPage,
  ItsmServiceMapping,
  NewItsmIncident,
} from '@internal/plugin-social-media-node';
import { jiraServiceManagementDescription } from './description';
import { JiraClient, JiraClientOptions, jiraErrorDetail } from './JiraClient';
import {
  buildChunks,
  buildSearchJql,
  ChunkPosition,
  CustomFieldKind,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isCustomFieldId,
  isTimeZone,
  JiraMappingField,
  MappingChunk,
  MappingReferenceError,
  nextWallMinute,
  parseComponentReference,
  parseJiraTimestamp,
  PassState,
  rewindPosition,
  SearchScope,
  searchBound,
  SyncState,
  wallClockInstants,
} from './jql';

const CONFIG_KEY = 'socialMedia.itsm.jiraServiceManagement';

/**
 * Options of {@link JiraServiceManagementConnector}.
 *
 * @public
 */
export interface JiraServiceManagementConnectorOptions
  extends JiraClientOptions {
  /** `component` (the default) or a custom field id such as `customfield_10050`. */
  mappingField?: JiraMappingField;
  /**
   * Project keys. With a custom field mapping, searches are limited to them and incidents are
   * raised in the first one.
   */
  projects?: string[];
  /** Issue types that count as incidents; the first is used to raise one. Defaults to `Incident`. */
  issueTypes?: string[];
  /** Issues per search request (`maxResults`), 1 to 100. Defaults to 50. */
  pageSize?: number;
  /**
   * The time zone Jira reads JQL date-times in (the integration account's). Asked from Jira
   * (`GET /myself`) when not given.
   */
  timeZone?: string;
  /**
   * How far before each group's newest change seen a run reads again, in Jira's own `updated`
   * times. Defaults to {@link DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS}.
   */
  overlapMs?: number;
  logger?: LoggerService;
}

/**
 * Five minutes: JQL date-times have minute precision, Jira's search index lists a change a
 * little after it was made, and changes come in bursts within one minute. Whatever is listed in
 * the five minutes before the cursor after it was read arrives at the next run.
 *
 * @public
 */
export const DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS = 5 * 60 * 1000;

/** The issue fields the connector reads (plus the custom field of a custom field mapping). */
export const ISSUE_FIELDS = [
  'summary',
  'priority',
  'status',
  'resolutiondate',
  'created',
  'updated',
  'components',
  'issuetype',
  'labels',
  'project',
  'statuscategorychangedate',
];

type RawFields = Record<string, unknown>;
interface RawIssue {
  id: string;
  key: string;
  fields: RawFields;
}

/** One search answer, whatever the deployment. */
interface SearchPage {
  issues: unknown[];
  last: boolean;
}

/** A search leaving out issues already read that Jira refused: it starts again from the cursor. */
class ContinuationRejected extends Error {}

/** At most this many search requests for one page, when pages bring nothing new. */
const MAX_REQUESTS_PER_PAGE = 10;
/** New searches answered with issues they cannot have found, before the sync gives up. */
const MAX_STALE_ANSWERS = 3;
const SUMMARY_LIMIT = 255;

const nameOf = (value: unknown): string => {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : '';
};

/** A project key (upper case) and component name as one lookup key, without regard to case. */
const componentKey = (project: string, component: string): string =>
  `${project}\u0000${component.trim().toLowerCase()}`;

/** Labels as a category: `account-takeover`, `phishing` → `account takeover, phishing`. */
export function categoryFromLabels(labels: unknown): string {
  if (!Array.isArray(labels)) return '';
  return labels
    .filter((l): l is string => typeof l === 'string' && l.trim() !== '')
    .map(l => l.replace(/[-_]+/g, ' ').trim())
    .join(', ');
}

/** A category as a Jira label (labels cannot contain spaces): `Account takeover` → `account-takeover`. */
export function labelFromCategory(category: string): string {
  return category.trim().toLowerCase().replace(/\s+/g, '-').slice(0, 255);
}

/** Plain text as an Atlassian Document: paragraphs at blank lines, hard breaks within. */
export function toAdf(text: string): unknown {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map(p => p.split(/\r?\n/).filter(line => line.trim() !== ''))
    .filter(lines => lines.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map(lines => ({
      type: 'paragraph',
      content: lines.flatMap((line, i) => [
        ...(i > 0 ? [{ type: 'hardBreak' }] : []),
        { type: 'text', text: line },
      ]),
    })),
  };
}

/**
 * The Jira Service Management ITSM connector: reads the incidents of the mapped services with
 * JQL searches and raises new ones.
 *
 * Issues are read oldest change first. The cursor remembers, per group of mappings, the newest
 * `updated` seen and the issues seen at exactly that time, so a resumed sync neither repeats nor
 * skips issues. JQL date-times have minute precision and are read in the account's time zone, so
 * each search starts a few minutes before the last change seen, in that zone, and the connector
 * drops what it has already returned. At the start of a run it returns again everything changed
 * in the overlap before each group's position, so that changes listed late are not lost.
 *
 * @public
 */
export class JiraServiceManagementConnector implements ItsmConnector {
  readonly id = 'jira-service-management';
  readonly description = jiraServiceManagementDescription;
  readonly #client: JiraClient;
  readonly #mappingField: JiraMappingField;
  readonly #projects: string[];
  readonly #issueTypes: string[];
  readonly #pageSize: number;
  readonly #configuredTimeZone?: string;
  readonly #overlapMs: number;
  readonly #logger?: LoggerService;
  #timeZone?: Promise<string>;
  #customField?: Promise<{ kind: CustomFieldKind; name: string }>;

  constructor(options: JiraServiceManagementConnectorOptions) {
    this.#client = new JiraClient(options);
    this.#mappingField = options.mappingField ?? 'component';
    this.#projects = options.projects ?? [];
    this.#issueTypes = options.issueTypes?.length
      ? options.issueTypes
      : ['Incident'];
    this.#pageSize = options.pageSize ?? 50;
    this.#configuredTimeZone = options.timeZone;
    this.#overlapMs =
      options.overlapMs ?? DEFAULT_JIRA_SERVICE_MANAGEMENT_OVERLAP_MS;
    this.#logger = options.logger;
    if (isCustomFieldId(this.#mappingField) && this.#projects.length === 0) {
      throw new Error(
        `A custom field mapping (${
          this.#mappingField
        }) needs at least one project to raise incidents in`,
      );
    }
  }

  get baseUrl(): string {
    return this.#client.baseUrl;
  }

  get #fields(): string[] {
    return this.#mappingField === 'component'
      ? ISSUE_FIELDS
      : [...ISSUE_FIELDS, this.#mappingField];
  }

  async listIncidentsChangedSince(options: {
    mappings: ItsmServiceMapping[];
    cursor?: string;
    signal?: AbortSignal;
    runStart?: boolean;
  }): Promise<ItsmIncidentPage> {
    const { signal } = options;
    let state: SyncState;
    try {
      state = decodeCursor(options.cursor);
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new InputError(error.message);
      }
      throw error;
    }
    const mappings = options.mappings.filter(m => m.itsmReference.trim());
    if (mappings.length === 0) {
      return {
        incidents: [],
        nextCursor: encodeCursor({ positions: state.positions, chunk: 0 }),
        done: true,
      };
    }
    const chunks = this.#chunks(mappings, await this.#scope(signal));
    const known = new Map(state.positions.map(p => [p.hash, p]));
    const positions: ChunkPosition[] = chunks.map(
      c => known.get(c.hash) ?? { hash: c.hash, ids: [] },
    );
    let index = state.chunk < chunks.length ? state.chunk : 0;
    let pass: PassState | undefined =
      state.pass?.hash === chunks[index].hash ? state.pass : undefined;
    if (options.runStart) {
      // A run reads again the overlap before the position of each group it reaches: changes
      // listed after the previous run read their minute, or committed late with an earlier
      // `updated`, come now. The store drops what it already has.
      for (let i = 0; i < positions.length; i++) {
        positions[i] = rewindPosition(
          positions[i],
          i >= index ? this.#overlapMs : 0,
        );
      }
      if (positions[index].floor !== undefined) pass = undefined;
    }
    let restarted = false;
    let stale = 0;

    for (let request = 1; ; request++) {
      const chunk = chunks[index];
      const position = positions[index];
      if (!pass) {
        pass = {
          hash: chunk.hash,
          since:
            position.updated === undefined
              ? undefined
              : searchBound(
                  position.floor ?? position.updated,
                  await this.#zone(signal),
                ),
        };
      }
      let page: SearchPage;
      try {
        const exclusion =
          pass.exclude?.length && position.updated !== undefined
            ? {
                ids: pass.exclude,
                changedFrom: nextWallMinute(
                  position.updated,
                  await this.#zone(signal),
                ),
              }
            : undefined;
        page = await this.#search(
          buildSearchJql(chunk, pass.since, exclusion),
          { mappings, signal, continuing: exclusion !== undefined },
        );
      } catch (error) {
        if (error instanceof ContinuationRejected && !restarted) {
          this.#logger?.info(
            `Jira refused a search leaving out issues already read (${error.message}); searching again from the cursor`,
          );
          restarted = true;
          pass = undefined;
          continue;
        }
        if (error instanceof ContinuationRejected) {
          throw this.#client.error(
            `Jira Service Management refused to continue the search (HTTP 400: ${error.message})`,
            { kind: 'rejected', status: 400 },
          );
        }
        throw error;
      }

      const { fresh, next, updatedTimes } = this.#advance(
        position,
        page.issues,
      );
      if (
        fresh.length === 0 &&
        !page.last &&
        pass.since !== undefined &&
        (await this.#outsideBound(pass.since, updatedTimes, signal))
      ) {
        // A new search answered with issues it cannot have found: a stale (cached or repeated)
        // answer, or the account's time zone changed. Ask again, a few times at most.
        if (++stale >= MAX_STALE_ANSWERS) {
          throw this.#client.error(
            `Jira answered ${MAX_STALE_ANSWERS} searches in a row with issues updated before the search's ` +
              `bound; stopping. If the integration account's time zone changed, set ${CONFIG_KEY}.timeZone ` +
              'or restart the backend; otherwise try the sync again later.',
            { kind: 'malformed' },
          );
        }
        if (!this.#configuredTimeZone) this.#timeZone = undefined;
        pass = undefined;
        continue;
      }
      // A group whose search reached its end is settled: a run start's overlap, read.
      positions[index] = page.last ? rewindPosition(next, 0) : next;
      let done = false;
      if (page.last) {
        pass = undefined;
        index++;
        if (index >= chunks.length) {
          index = 0;
          done = true;
        }
      } else {
        // Every page is a new search from the position: Jira's page tokens (and `startAt`) are
        // not followed, since an issue that changes between pages moves in the results and a
        // continuation by position would skip the issue that takes its place.
        pass = await this.#nextPass(
          pass,
          { fresh: fresh.length > 0, position: positions[index] },
          updatedTimes,
          signal,
        );
      }

      if (fresh.length > 0 || done || request >= MAX_REQUESTS_PER_PAGE) {
        const incidents: ItsmIncident[] = [];
        for (const raw of fresh) {
          const serviceIds = this.#serviceIdsOf(raw, options.mappings);
          if (serviceIds.length === 0) {
            this.#logger?.debug(
              `Jira issue ${raw.key} matched the search but no mapping; skipped`,
            );
            continue;
          }
          // One copy per service mapped to the issue, all in this page: a service no longer
          // among them loses the incident at once.
          const incident = this.#toIncident(raw, serviceIds[0]);
          for (const serviceId of serviceIds) {
            incidents.push({ ...incident, serviceId });
          }
        }
        return {
          incidents,
          nextCursor: encodeCursor({ positions, chunk: index, pass }),
          done,
        };
      }
    }
  }

  async getIncident(
    externalId: string,
    options: { mappings: ItsmServiceMapping[]; signal?: AbortSignal },
  ): Promise<ItsmIncident | undefined> {
    if (!/^\d+$/.test(externalId)) return undefined;
    const raw = await this.#readIssue(externalId, options?.signal);
    if (!raw) return undefined;
    // One incident: linked to the first service mapped to the issue.
    return this.#toIncident(
      raw,
      this.#serviceIdsOf(raw, options?.mappings ?? [])[0] ?? '',
    );
  }

  async createIncident(incident: NewItsmIncident): Promise<ItsmIncident> {
    const { mapping } = incident;
    const reference = mapping.itsmReference.trim();
    const fields: Record<string, unknown> = {};
    let project: string;
    if (this.#mappingField === 'component') {
      const parsed = parseComponentReference(reference);
      if (!parsed) {
        throw this.#client.error(
          `Cannot raise a Jira incident for service ${mapping.serviceId}: its reference ` +
            `'${mapping.itsmReference}' is not written as PROJECTKEY/Component name`,
          { kind: 'rejected' },
        );
      }
      project = parsed.project;
      fields.components = [{ name: parsed.component }];
    } else {
      project = this.#projects[0];
      const { kind } = await this.#customFieldInfo();
      const values: Record<CustomFieldKind, unknown> = {
        text: reference,
        select: { value: reference },
        multiselect: [{ value: reference }],
      };
      fields[this.#mappingField] = values[kind];
    }
    const reporter =
      `Reported by ${incident.reportedBy} through the social media service catalogue ` +
      `(service ${mapping.serviceId}).`;
    const text = `${incident.description.trim()}\n\n${reporter}`;
    const summary = incident.title.replace(/\s+/g, ' ').trim();
    Object.assign(fields, {
      project: { key: project },
      issuetype: { name: this.#issueTypes[0] },
      summary:
        summary.length > SUMMARY_LIMIT
          ? `${summary.slice(0, SUMMARY_LIMIT - 1)}…`
          : summary,
      description: this.#client.deployment === 'cloud' ? toAdf(text) : text,
      ...(incident.category?.trim()
        ? { labels: [labelFromCategory(incident.category)] }
        : {}),
    });
    const response = await this.#client.request({
      method: 'POST',
      path: '/issue',
      body: { fields },
      access: `the Create issues permission in project ${project}`,
      passStatuses: [400],
    });
    if (response.status === 400) {
      const detail = jiraErrorDetail(response.body);
      throw this.#client.error(
        `Jira Service Management refused to create the incident for service ${mapping.serviceId} ` +
          `in project ${project} (HTTP 400${
            detail ? `: ${detail}` : ''
          }); check the service's ` +
          `reference '${mapping.itsmReference}' and ${CONFIG_KEY}.issueTypes`,
        { kind: 'rejected', status: 400 },
      );
    }
    const created = response.body as
      | { id?: unknown; key?: unknown }
      | undefined;
    const id = typeof created?.id === 'string' ? created.id : undefined;
    const key = typeof created?.key === 'string' ? created.key : undefined;
    if (!id || !/^\d+$/.test(id) || !key) {
      throw this.#client.error(
        'Jira Service Management created the incident but did not return its id and key',
        { kind: 'malformed', status: response.status },
      );
    }
    let raw: RawIssue | undefined;
    try {
      raw = await this.#readIssue(id);
    } catch (error) {
      throw this.#client.error(
        `Jira Service Management created ${key} but could not read it back: ${
          (error as Error).message
        }`,
        { kind: 'server' },
      );
    }
    if (!raw) {
      throw this.#client.error(
        `Jira Service Management created ${key} but the account cannot see it (HTTP 404); ` +
          'grant it the Browse projects permission',
        { kind: 'not-found', status: 404 },
      );
    }
    return this.#toIncident(raw, mapping.serviceId);
  }

  // -------------------------------------------------------------------------------------------

  #chunks(mappings: ItsmServiceMapping[], scope: SearchScope): MappingChunk[] {
    try {
      return buildChunks(mappings, scope);
    } catch (error) {
      if (error instanceof MappingReferenceError) {
        throw this.#client.error(error.message, { kind: 'rejected' });
      }
      throw error;
    }
  }

  async #scope(signal?: AbortSignal): Promise<SearchScope> {
    return {
      mappingField: this.#mappingField,
      customFieldKind:
        this.#mappingField === 'component'
          ? undefined
          : (await this.#customFieldInfo(signal)).kind,
      projects: this.#mappingField === 'component' ? [] : this.#projects,
      issueTypes: this.#issueTypes,
    };
  }

  /** The kind of the mapping's custom field, from `GET /field` (asked once). */
  #customFieldInfo(
    signal?: AbortSignal,
  ): Promise<{ kind: CustomFieldKind; name: string }> {
    if (!this.#customField) {
      this.#customField = this.#loadCustomField(signal);
      this.#customField.catch(() => {
        this.#customField = undefined;
      });
    }
    return this.#customField;
  }

  async #loadCustomField(
    signal?: AbortSignal,
  ): Promise<{ kind: CustomFieldKind; name: string }> {
    const response = await this.#client.request({
      method: 'GET',
      path: '/field',
      access: 'permission to list the fields',
      signal,
    });
    if (!Array.isArray(response.body)) {
      throw this.#client.error("Jira's list of fields is not an array", {
        kind: 'malformed',
      });
    }
    const field = response.body.find(
      (f: { id?: unknown }) => f?.id === this.#mappingField,
    ) as
      | {
          name?: unknown;
          schema?: { type?: unknown; items?: unknown; custom?: unknown };
        }
      | undefined;
    if (!field) {
      throw this.#client.error(
        `Jira has no field ${
          this.#mappingField
        } (or the account cannot see it); check ${CONFIG_KEY}.mappingField`,
        { kind: 'rejected' },
      );
    }
    const name =
      typeof field.name === 'string' ? field.name : this.#mappingField;
    const { type, items, custom } = field.schema ?? {};
    let kind: CustomFieldKind | undefined;
    if (type === 'option') kind = 'select';
    else if (type === 'array' && items === 'option') kind = 'multiselect';
    else if (type === 'string') kind = 'text';
    if (!kind) {
      throw this.#client.error(
        `The Jira field ${this.#mappingField} ('${name}') is of type ${String(
          custom ?? type,
        )}; services can be mapped on a select list, a multi-select list or a text field only`,
        { kind: 'rejected' },
      );
    }
    return { kind, name };
  }

  /** The zone Jira reads JQL date-times in: configured, or the account's (asked once). */
  #zone(signal?: AbortSignal): Promise<string> {
    if (this.#configuredTimeZone) {
      return Promise.resolve(this.#configuredTimeZone);
    }
    if (!this.#timeZone) {
      this.#timeZone = this.#loadTimeZone(signal);
      this.#timeZone.catch(() => {
        this.#timeZone = undefined;
      });
    }
    return this.#timeZone;
  }

  async #loadTimeZone(signal?: AbortSignal): Promise<string> {
    const response = await this.#client.request({
      method: 'GET',
      path: '/myself',
      access: 'access to its own profile',
      signal,
    });
    const zone = (response.body as { timeZone?: unknown } | undefined)
      ?.timeZone;
    if (typeof zone === 'string' && zone && isTimeZone(zone)) return zone;
    this.#logger?.warn(
      `Jira did not tell the integration account's time zone; reading JQL date-times as UTC. ` +
        `Set ${CONFIG_KEY}.timeZone if the account uses another zone`,
    );
    return 'UTC';
  }

  async #search(
    jql: string,
    context: {
      mappings: ItsmServiceMapping[];
      signal?: AbortSignal;
      /** Whether the search leaves out issues already read. */
      continuing: boolean;
    },
  ): Promise<SearchPage> {
    const cloud = this.#client.deployment === 'cloud';
    const { continuing } = context;
    const response = await this.#client.request(
      cloud
        ? {
            method: 'POST',
            path: '/search/jql',
            body: {
              jql,
              fields: this.#fields,
              maxResults: this.#pageSize,
            },
            access: 'the Browse projects permission in the mapped projects',
            signal: context.signal,
            passStatuses: [400],
            repeatable: true,
          }
        : {
            method: 'POST',
            path: '/search',
            body: {
              jql,
              startAt: 0,
              maxResults: this.#pageSize,
              fields: this.#fields,
            },
            access: 'the Browse projects permission in the mapped projects',
            signal: context.signal,
            passStatuses: [400],
            repeatable: true,
          },
    );
    if (response.status === 400) {
      const detail = jiraErrorDetail(response.body) ?? 'no details';
      if (continuing)
        throw new ContinuationRejected(this.#client.redact(detail));
      throw this.#client.error(this.#searchRejected(detail, context.mappings), {
        kind: 'rejected',
        status: 400,
      });
    }
    const body = response.body as
      | {
          issues?: unknown;
          nextPageToken?: unknown;
          isLast?: unknown;
          total?: unknown;
          startAt?: unknown;
        }
      | undefined;
    if (!Array.isArray(body?.issues)) {
      throw this.#client.error(
        "Jira's search answer has no 'issues' array; the page was not accepted",
        { kind: 'malformed', status: response.status },
      );
    }
    const issues = body!.issues as unknown[];
    if (cloud) {
      const token =
        typeof body!.nextPageToken === 'string' && body!.nextPageToken
          ? body!.nextPageToken
          : undefined;
      return { issues, last: body!.isLast === true || !token };
    }
    const total = Number(body!.total);
    const last =
      issues.length === 0 ||
      (Number.isFinite(total)
        ? issues.length >= total
        : issues.length < this.#pageSize);
    return { issues, last };
  }

  /** A message for a refused search that points at the mapping or setting at fault. */
  #searchRejected(detail: string, mappings: ItsmServiceMapping[]): string {
    const lower = detail.toLowerCase();
    const suspects = mappings.filter(m => {
      const parsed = parseComponentReference(m.itsmReference);
      const values =
        this.#mappingField === 'component' && parsed
          ? [parsed.project, parsed.component]
          : [m.itsmReference.trim()];
      return values.some(v => lower.includes(`'${v.toLowerCase()}'`));
    });
    let hint: string;
    if (suspects.length) {
      hint = suspects
        .slice(0, 5)
        .map(
          m =>
            `check the reference '${m.itsmReference}' of service ${m.serviceId}`,
        )
        .join('; ');
      hint +=
        this.#mappingField === 'component'
          ? ': the project and component must exist, and the Jira account must be able to browse the project'
          : `: the value must exist in ${this.#mappingField}`;
    } else if (/issue ?type/i.test(detail)) {
      hint = `check ${CONFIG_KEY}.issueTypes`;
    } else if (/cf\[|customfield/i.test(detail)) {
      hint = `check ${CONFIG_KEY}.mappingField`;
    } else {
      hint =
        this.#mappingField === 'component'
          ? "check the services' references (PROJECTKEY/Component name) and that the Jira account can browse the projects"
          : `check ${CONFIG_KEY}.projects and that the Jira account can browse them`;
    }
    return `Jira Service Management rejected the search for the mapped services (HTTP 400: ${detail}); ${hint}`;
  }

  async #readIssue(
    idOrKey: string,
    signal?: AbortSignal,
  ): Promise<RawIssue | undefined> {
    const response = await this.#client.request({
      method: 'GET',
      path: `/issue/${encodeURIComponent(idOrKey)}`,
      query: { fields: this.#fields.join(',') },
      access: 'the Browse projects permission',
      signal,
      passStatuses: [404],
    });
    if (response.status === 404) return undefined;
    const raw = this.#rawIssue(response.body);
    return raw;
  }

  /** Checks the parts of an issue the sync relies on; a bad record spoils the whole page. */
  #rawIssue(value: unknown): RawIssue & { updated: number } {
    const issue = value as
      | { id?: unknown; key?: unknown; fields?: unknown }
      | null
      | undefined;
    const fields =
      typeof issue?.fields === 'object' && issue.fields !== null
        ? (issue.fields as RawFields)
        : undefined;
    const id = issue?.id;
    const key = issue?.key;
    const updated = parseJiraTimestamp(fields?.updated);
    if (
      typeof id !== 'string' ||
      !/^\d+$/.test(id) ||
      typeof key !== 'string' ||
      !key ||
      !fields ||
      updated === undefined
    ) {
      const show = (v: unknown) => String(v ?? '').slice(0, 40);
      throw this.#client.error(
        `Jira returned an issue without a valid id, key and updated time (id '${show(
          id,
        )}', key '${show(key)}', updated '${show(
          fields?.updated,
        )}'); the page was not accepted`,
        { kind: 'malformed' },
      );
    }
    return { id, key, fields, updated };
  }

  /**
   * The issues of a page that lie after the position (the newest version of each, oldest change
   * first), and the position after them. A position being read again from its floor takes every
   * issue from the floor on, late commits stamped before the position included; with nothing new
   * it stays as it was.
   */
  #advance(
    position: ChunkPosition,
    issues: unknown[],
  ): {
    fresh: RawIssue[];
    next: ChunkPosition;
    updatedTimes: Map<string, number>;
  } {
    const raws = issues.map(i => this.#rawIssue(i));
    const updatedTimes = new Map<string, number>();
    for (const raw of raws) {
      updatedTimes.set(
        raw.id,
        Math.max(raw.updated, updatedTimes.get(raw.id) ?? -Infinity),
      );
    }
    const from: ChunkPosition =
      position.floor !== undefined
        ? { hash: position.hash, updated: position.floor, ids: [] }
        : position;
    const seenAtPosition = new Set(from.ids);
    const newest = new Map<string, RawIssue & { updated: number }>();
    for (const raw of raws) {
      if (from.updated !== undefined) {
        if (raw.updated < from.updated) continue;
        if (raw.updated === from.updated && seenAtPosition.has(raw.id)) {
          continue;
        }
      }
      const seen = newest.get(raw.id);
      if (!seen || raw.updated > seen.updated) newest.set(raw.id, raw);
    }
    const fresh = [...newest.values()].sort(
      (a, b) => a.updated - b.updated || Number(a.id) - Number(b.id),
    );
    if (fresh.length === 0) return { fresh, next: position, updatedTimes };
    const last = fresh[fresh.length - 1].updated;
    const ids = fresh.filter(r => r.updated === last).map(r => r.id);
    const next: ChunkPosition = {
      hash: position.hash,
      updated: last,
      ids: last === from.updated ? [...from.ids, ...ids] : ids,
    };
    return { fresh, next, updatedTimes };
  }

  /**
   * The search after a page that did not reach the end of its group, from `position` (the new
   * one after fresh issues, or the unchanged one).
   *
   * After fresh issues, a new search from the position (a few minutes before it) re-reads only
   * a few issues. When a full page brought nothing new (more than a page of issues changed in
   * those minutes), the search narrows to the position's own minute and leaves out the issues of
   * that minute already read, adding each such page's issues to them until new ones come; it
   * keeps leaving them out while the position stays in that minute. An issue left out that
   * changes again in a later minute is found again by the same search; one that changes again
   * within that minute, while it is still the current one, is read again with the next run's
   * overlap, like a change Jira lists late.
   */
  async #nextPass(
    pass: PassState,
    outcome: { fresh: boolean; position: ChunkPosition },
    updatedTimes: Map<string, number>,
    signal?: AbortSignal,
  ): Promise<PassState | undefined> {
    const { position } = outcome;
    const from = position.floor ?? position.updated;
    if (from === undefined) return undefined;
    const zone = await this.#zone(signal);
    const since = searchBound(from, zone, 0);
    const narrowing = pass.exclude !== undefined && pass.since === since;
    if (outcome.fresh && !narrowing) return undefined;
    const { earliest } = wallClockInstants(since, zone);
    const exclude = new Set(narrowing ? pass.exclude : []);
    for (const [id, updated] of updatedTimes) {
      if (updated >= earliest) exclude.add(id);
    }
    return { hash: pass.hash, since, exclude: [...exclude] };
  }

  /** Whether a search from `since` returned issues updated before any instant `since` may mean. */
  async #outsideBound(
    since: string,
    updatedTimes: Map<string, number>,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const { earliest } = wallClockInstants(since, await this.#zone(signal));
    return [...updatedTimes.values()].some(t => t < earliest);
  }

  /**
   * Every service mapped to the issue, each once, in the order of the mappings: by its project
   * and components (any of them), or by the value(s) of the custom field; references are compared
   * without regard to case.
   */
  #serviceIdsOf(raw: RawIssue, mappings: ItsmServiceMapping[]): string[] {
    const { fields } = raw;
    const lookup = this.#lookupFor(mappings);
    let keys: string[];
    if (this.#mappingField === 'component') {
      const project = (
        (fields.project as { key?: unknown } | undefined)?.key ?? ''
      )
        .toString()
        .toUpperCase();
      keys = (Array.isArray(fields.components) ? fields.components : []).map(
        c => componentKey(project, nameOf(c)),
      );
    } else {
      const value = fields[this.#mappingField];
      keys = (Array.isArray(value) ? value : [value])
        .map(v => {
          if (typeof v === 'string') return v;
          const option = (v as { value?: unknown } | null)?.value;
          return typeof option === 'string' ? option : '';
        })
        .map(v => v.trim().toLowerCase())
        .filter(Boolean);
    }
    const indices = new Set<number>();
    for (const key of keys) {
      for (const index of lookup.get(key) ?? []) indices.add(index);
    }
    const serviceIds = [...indices]
      .sort((a, b) => a - b)
      .map(index => mappings[index].serviceId);
    return [...new Set(serviceIds)];
  }

  #lookups = new WeakMap<ItsmServiceMapping[], Map<string, number[]>>();

  /**
   * The positions of the mappings by reference (a project and component, or a field value, in
   * lower case), built once per list of mappings: a page of issues against hundreds of mappings
   * must not parse them all for each issue. Several services may map to the same record.
   */
  #lookupFor(mappings: ItsmServiceMapping[]): Map<string, number[]> {
    let lookup = this.#lookups.get(mappings);
    if (!lookup) {
      lookup = new Map();
      for (let index = 0; index < mappings.length; index++) {
        const reference = mappings[index].itsmReference;
        let key: string | undefined;
        if (this.#mappingField === 'component') {
          const ref = parseComponentReference(reference);
          if (ref) key = componentKey(ref.project, ref.component);
        } else {
          key = reference.trim().toLowerCase() || undefined;
        }
        if (key === undefined) continue;
        const list = lookup.get(key);
        if (list) list.push(index);
        else lookup.set(key, [index]);
      }
      this.#lookups.set(mappings, lookup);
    }
    return lookup;
  }

  #toIncident(raw: RawIssue, serviceId: string): ItsmIncident {
    const { fields } = raw;
    const updated = parseJiraTimestamp(fields.updated)!;
    const date = (name: string): number | undefined => {
      const value = fields[name];
      if (value === null || value === undefined || value === '') {
        return undefined;
      }
      const ms = parseJiraTimestamp(value);
      if (ms === undefined) {
        throw this.#client.error(
          `Jira returned issue ${raw.key} with a malformed ${name} '${String(
            value,
          ).slice(0, 40)}'`,
          { kind: 'malformed' },
        );
      }
      return ms;
    };
    const status = fields.status as
      | { name?: unknown; statusCategory?: { key?: unknown } }
      | undefined;
    const categoryKey = status?.statusCategory?.key;
    const resolution = date('resolutiondate');
    // A status in the "done" category closes the incident, with or without a resolution date;
    // a resolution date left on a reopened issue does not.
    let resolved: number | undefined;
    if (categoryKey === 'done') {
      resolved = resolution ?? date('statuscategorychangedate') ?? updated;
    } else if (categoryKey === undefined) {
      resolved = resolution;
    }
    const category =
      categoryFromLabels(fields.labels) || nameOf(fields.issuetype);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      externalId: raw.id,
      number: raw.key,
      title: typeof fields.summary === 'string' ? fields.summary : '',
      priority: nameOf(fields.priority),
      state: nameOf(status),
      ...(category ? { category } : {}),
      openedAt: iso(date('created') ?? updated),
      ...(resolved !== undefined ? { resolvedAt: iso(resolved) } : {}),
      updatedAt: iso(updated),
      url: `${this.#client.baseUrl}/browse/${encodeURIComponent(raw.key)}`,
      serviceId,
    };
  }
}
