// Fills the social media backend's audit trail with many valid entries at once, straight into its
// database: realistic entries (service snapshots before and after, a mix of services, people and
// actions), each hashed with the backend's own hashEntry and linked to the one before it, so that
// GET /audit/verify finds the chain intact. Written in large batches, far faster than the backend's
// write path, which appends one change at a time.
import {
  AuditEntryContent,
  CURRENT_HASH_FORMAT,
  hashEntry,
} from '@internal/plugin-social-media-backend/auditTrail';
import { knex, Knex } from 'knex';
import { CSV_HEADER, CsvRow, randomGenerator, weighted } from './inventory';

export const AUDIT_TABLE = 'social_media_audit_log';
export const AUDIT_HEAD_TABLE = 'social_media_audit_head';

/** A row of social_media_audit_log, as the backend stores it. */
export interface AuditRow {
  seq: number;
  entity_type: string;
  entity_id: string;
  action: string;
  actor: string;
  at: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  hash_format: number;
}

const COLUMNS: Array<keyof AuditRow> = [
  'seq',
  'entity_type',
  'entity_id',
  'action',
  'actor',
  'at',
  'before_json',
  'after_json',
  'prev_hash',
  'hash',
  'hash_format',
];

/** The end of the chain: the last entry's seq and hash, and its time. */
export interface AuditHead {
  seq: number;
  hash: string;
  /** The last entry's time; absent for an empty trail. */
  at?: string;
}

/** The fields of a service the entries are about (from the benchmark's inventory). */
interface ServiceState {
  id: string;
  snapshot: Record<string, unknown>;
  /** The canonical JSON of the snapshot, kept so that the next change's `before` costs nothing. */
  json: string;
}

// Keys in alphabetical order at every level, as the backend's canonical JSON writes them.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The snapshot of a service as the trail records it, from an inventory row. */
function snapshotOf(row: CsvRow, at: string): Record<string, unknown> {
  const field = (name: (typeof CSV_HEADER)[number]) =>
    String(row[CSV_HEADER.indexOf(name)] ?? '');
  const stage = field('lifecycleStage');
  const itsmSystem = field('itsmSystem');
  return {
    id: slug(field('name')),
    name: field('name'),
    platform: field('platform'),
    handle: field('handle'),
    purpose: field('purpose'),
    businessUnit: field('businessUnit'),
    ownerGroup: field('ownerGroup'),
    serviceOwner: field('serviceOwner') || undefined,
    audienceSize: Number(field('audienceSize')),
    tags: field('tags').split(';').filter(Boolean),
    lifecycleStage: stage,
    controls: {
      mfaEnabled: field('mfaEnabled') === 'true',
      ssoEnabled: false,
      credentialVaultRef: field('credentialVaultRef') || undefined,
      sharedLogin: false,
      thirdPartyApps: [],
      verified: stage === 'operation',
      recoveryOwnedByCompany: true,
      regulatedContent: false,
      brandLevel: false,
      lastAccessReviewAt: field('riskAssessedAt')
        ? `${field('riskAssessedAt')}T09:00:00.000Z`
        : undefined,
    },
    itsm: itsmSystem
      ? { system: itsmSystem, reference: field('itsmReference') }
      : undefined,
    riskRating: 'medium',
    leaverCount: 0,
    openIncidentCount: 0,
    compliance: { stage, compliant: true, missing: [] },
    adminCount: 2,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

// Who changes things: the people of the organisation by role (several of each), and the
// backend's own scheduled work (the guardianship sweep, the ITSM sync).
const ROLES = [
  'social-media-manager',
  'marketing-lead',
  'regional-marketing-manager',
  'communications-lead',
  'hr-business-partner',
  'support-team-lead',
  'it-service-owner',
  'security-officer',
  'service-desk-agent',
  'content-editor',
];
export const AUDIT_ACTORS = [
  ...ROLES.flatMap(role =>
    Array.from({ length: 20 }, (_, i) => `user:default/${role}-${i + 1}`),
  ),
  'plugin:social-media',
];

// The mix of actions over a long-lived catalogue: mostly edits, reviews and sweeps.
const ACTIONS: Array<[string, number]> = [
  ['update', 40],
  ['update-admins', 12],
  ['leaver-detection', 10],
  ['access-review', 8],
  ['incident-reported', 6],
  ['transition', 5],
  ['sign-off', 5],
  ['create', 3],
  ['import', 3],
  ['service-request', 6],
  ['export', 2],
];

const STAGES = [
  'strategy',
  'design',
  'transition',
  'operation',
  'improvement',
  'retired',
];
const RATINGS = ['low', 'medium', 'high', 'critical'];

/**
 * Generates the entries after a head, in batches, deterministically (the same in every run).
 * Services are picked unevenly (a few change often, most rarely), as in a real catalogue.
 */
export class AuditTrailGenerator {
  readonly #random = randomGenerator(20261129);
  readonly #services: ServiceState[];
  #seq: number;
  #prevHash: string;
  #time: number;
  /** Time spent in hashEntry, in milliseconds: the bare hashing of the generated entries. */
  hashMs = 0;
  /** Bytes and number of JSON snapshots (before and after) generated. */
  snapshotBytes = 0;
  snapshots = 0;

  constructor(options: {
    rows: CsvRow[];
    head: AuditHead;
    /** The first generated entry's time (each next is about a minute later). */
    startAt: Date;
  }) {
    const at = options.startAt.toISOString();
    this.#services = options.rows.map(row => {
      const snapshot = snapshotOf(row, at);
      return { id: String(snapshot.id), snapshot, json: canonical(snapshot) };
    });
    this.#seq = options.head.seq;
    this.#prevHash = options.head.hash;
    this.#time = options.startAt.getTime();
  }

  /** A service, favouring the first tenth of the list (skewed, but every one can be picked). */
  #pickService(): ServiceState {
    const r = this.#random();
    const n = this.#services.length;
    return this.#services[Math.floor(r * r * n) % n];
  }

  /** What an action does to a service's snapshot. */
  #change(
    service: ServiceState,
    action: string,
    at: string,
  ): Record<string, unknown> {
    const s = { ...service.snapshot };
    const r = this.#random();
    switch (action) {
      case 'update':
        if (r < 0.4) {
          s.audienceSize = Math.round(Number(s.audienceSize) * (0.9 + r / 2));
        } else if (r < 0.7) {
          s.purpose = `${String(s.purpose).split(' (')[0]} (reviewed ${at.slice(
            0,
            10,
          )})`;
        } else {
          s.tags = [
            ...(s.tags as string[]).slice(0, 2),
            `campaign-${Math.floor(r * 1000)}`,
          ];
        }
        break;
      case 'update-admins':
        s.adminCount = 1 + Math.floor(r * 6);
        break;
      case 'leaver-detection':
        s.leaverCount = r < 0.5 ? 1 : 0;
        break;
      case 'access-review':
        s.controls = {
          ...(s.controls as object),
          lastAccessReviewAt: at,
        };
        s.accessReviewDueAt = new Date(
          Date.parse(at) + 90 * 86_400_000,
        ).toISOString();
        break;
      case 'incident-reported':
        s.openIncidentCount = Number(s.openIncidentCount) + 1;
        break;
      case 'transition':
        s.lifecycleStage = STAGES[Math.floor(r * STAGES.length)];
        s.compliance = {
          stage: s.lifecycleStage,
          compliant: r > 0.2,
          missing: r > 0.2 ? [] : ['A named service owner'],
        };
        break;
      case 'sign-off':
        s.riskRating = RATINGS[Math.floor(r * RATINGS.length)];
        break;
      default:
        break;
    }
    s.updatedAt = at;
    s.version = Number(s.version) + 1;
    return s;
  }

  /** The next `count` entries, each linked to the one before. */
  next(count: number): AuditRow[] {
    const rows: AuditRow[] = [];
    for (let i = 0; i < count; i++) {
      // About one entry a minute, in bursts.
      this.#time += Math.floor(this.#random() * 120_000);
      const at = new Date(this.#time).toISOString();
      const action = weighted(this.#random, ACTIONS);
      const actor =
        action === 'leaver-detection' || action === 'incident-reported'
          ? 'plugin:social-media'
          : AUDIT_ACTORS[
              Math.floor(this.#random() * (AUDIT_ACTORS.length - 1))
            ];
      let entityType = 'service';
      let entityId: string;
      let beforeJson: string | null = null;
      let afterJson: string | null;
      let storedAction = action;
      if (action === 'export') {
        entityType = 'audit-export';
        entityId = `export-${this.#seq + 1}`;
        afterJson = canonical({
          format: this.#random() < 0.7 ? 'csv' : 'json',
          filter: {},
        });
      } else if (action === 'service-request') {
        const service = this.#pickService();
        entityType = 'service-request';
        entityId = String(this.#seq + 1);
        storedAction = this.#random() < 0.5 ? 'submit' : 'approve';
        afterJson = canonical({
          kind: 'change',
          serviceId: service.id,
          state: storedAction === 'submit' ? 'submitted' : 'approved',
          summary: `Change the admins of ${service.snapshot.name}`,
          requestedBy: actor,
          at,
        });
      } else {
        const service = this.#pickService();
        entityId = service.id;
        if (action !== 'create' && action !== 'import') {
          beforeJson = service.json;
        }
        service.snapshot = this.#change(service, action, at);
        service.json = canonical(service.snapshot);
        afterJson = service.json;
      }
      const content: AuditEntryContent = {
        hashFormat: CURRENT_HASH_FORMAT,
        entityType,
        entityId,
        action: storedAction,
        actor,
        at,
        beforeJson,
        afterJson,
        prevHash: this.#prevHash,
      };
      const hashStarted = performance.now();
      const hash = hashEntry(content);
      this.hashMs += performance.now() - hashStarted;
      for (const json of [beforeJson, afterJson]) {
        if (json !== null) {
          this.snapshotBytes += json.length;
          this.snapshots += 1;
        }
      }
      this.#seq += 1;
      rows.push({
        seq: this.#seq,
        entity_type: entityType,
        entity_id: entityId,
        action: storedAction,
        actor,
        at,
        before_json: beforeJson,
        after_json: afterJson,
        prev_hash: this.#prevHash,
        hash,
        hash_format: content.hashFormat,
      });
      this.#prevHash = hash;
    }
    return rows;
  }

  /** The end of the chain after the entries generated so far. */
  get head(): AuditHead {
    return {
      seq: this.#seq,
      hash: this.#prevHash,
      at: new Date(this.#time).toISOString(),
    };
  }

  /** Ids of services, by how often the generator picks them (the most often first). */
  serviceIdAtRank(rank: number): string {
    return this.#services[Math.min(rank, this.#services.length - 1)].id;
  }
}

/** Where the backend keeps the social-media plugin's database. */
export type AuditDatabase =
  | { client: 'better-sqlite3'; filename: string }
  | { client: 'pg'; connectionString: string };

export function openAuditDatabase(target: AuditDatabase): Knex {
  return target.client === 'pg'
    ? knex({
        client: 'pg',
        connection: { connectionString: target.connectionString },
        pool: { min: 0, max: 2 },
      })
    : knex({
        client: 'better-sqlite3',
        connection: { filename: target.filename },
        useNullAsDefault: true,
        pool: { min: 0, max: 1 },
      });
}

/** The head row and its entry's time. */
export async function readAuditHead(db: Knex): Promise<AuditHead> {
  const head = await db(AUDIT_HEAD_TABLE).where({ id: 1 }).first();
  const seq = Number(head?.seq ?? 0);
  const last =
    seq > 0 ? await db(AUDIT_TABLE).where({ seq }).first('at') : undefined;
  return { seq, hash: head?.hash ?? '', ...(last ? { at: last.at } : {}) };
}

/** Rows per INSERT: well below the parameter limits of both databases (10 columns a row). */
const ROWS_PER_INSERT = 1000;

async function insertRows(trx: Knex.Transaction, rows: AuditRow[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const placeholders = `(${COLUMNS.map(() => '?').join(',')})`;
    const bindings: Array<string | number | null> = [];
    for (const row of chunk) for (const c of COLUMNS) bindings.push(row[c]);
    // Multi-row VALUES: knex's own SQLite insert of many rows is a UNION ALL, limited to 500.
    await trx.raw(
      `INSERT INTO ${AUDIT_TABLE} (${COLUMNS.join(',')}) VALUES ${chunk
        .map(() => placeholders)
        .join(',')}`,
      bindings,
    );
  }
}

export interface AuditFillResult {
  /** Entries in the trail before the fill. */
  before: number;
  added: number;
  /** Entries in the trail after the fill. */
  entries: number;
  ms: number;
  /** Time spent hashing (hashEntry) in this process, part of `ms`. */
  hashMs: number;
  /** Average size of a stored snapshot (before or after), in bytes. */
  avgSnapshotBytes: number;
  head: AuditHead;
  /** True when the deadline stopped the fill before it reached the target. */
  cutShort: boolean;
}

/**
 * Appends entries after the current head until the trail holds `entries` (or `deadline` passes),
 * in transactions of `batch` entries, then moves the head row to the new end. The head moves only
 * if nothing else appended in the meantime; otherwise the fill fails (the chain would fork).
 */
export async function fillAuditTrail(
  db: Knex,
  options: {
    entries: number;
    rows: CsvRow[];
    batch?: number;
    /** performance.now() after which no further batch starts. */
    deadline?: number;
    onProgress?: (entries: number) => void;
  },
): Promise<AuditFillResult> {
  const started = performance.now();
  const batch = options.batch ?? 10_000;
  const head = await readAuditHead(db);
  const toAdd = Math.max(0, options.entries - head.seq);
  // A trail that grew about a minute an entry ends about now; after entries already there
  // (the run's own imports, a moment ago) it carries on from the last one.
  const spanMs = toAdd * 60_000;
  const startAt = new Date(
    Math.max(Date.now() - spanMs, head.at ? Date.parse(head.at) + 1 : 0),
  );
  const generator = new AuditTrailGenerator({
    rows: options.rows,
    head,
    startAt,
  });
  let added = 0;
  let cutShort = false;
  while (added < toAdd) {
    if (
      options.deadline !== undefined &&
      performance.now() > options.deadline
    ) {
      cutShort = true;
      break;
    }
    const rows = generator.next(Math.min(batch, toAdd - added));
    await db.transaction(trx => insertRows(trx, rows));
    added += rows.length;
    options.onProgress?.(head.seq + added);
  }
  const end = generator.head;
  if (added > 0) {
    const moved = await db(AUDIT_HEAD_TABLE)
      .where({ id: 1, seq: head.seq, hash: head.hash })
      .update({ seq: end.seq, hash: end.hash });
    if (moved !== 1) {
      throw new Error(
        'The audit trail moved while it was being filled: the filled entries do not continue it',
      );
    }
  }
  return {
    before: head.seq,
    added,
    entries: end.seq,
    ms: performance.now() - started,
    hashMs: generator.hashMs,
    avgSnapshotBytes: generator.snapshots
      ? generator.snapshotBytes / generator.snapshots
      : 0,
    head: end,
    cutShort,
  };
}
