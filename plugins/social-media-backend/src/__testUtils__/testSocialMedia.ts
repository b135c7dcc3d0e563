import { mockServices } from '@backstage/backend-test-utils';
import { EventsService } from '@backstage/plugin-events-node';
import {
  DEFAULT_RISK_MODEL,
  RiskModelConfig,
  ServiceChangedEvent,
  SocialService,
  SocialServiceInput,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
  ValidSocialServiceUpdate,
} from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { composeSocialMedia } from '../compose';
import { Clock } from '../domain/clock';
import {
  DEFAULT_GUARDIANSHIP_POLICY,
  GuardianshipPolicy,
} from '../domain/guardianship';
import { EntityDirectory } from '../service/EntityDirectory';
import { NewService } from '../stores/services/ServiceStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A clock a test sets and moves; it never reads the real time. */
export class TestClock implements Clock {
  constructor(public current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * DAY_MS);
  }

  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The organisation as a test declares it: everyone exists but the people marked as gone. */
export class TestDirectory implements EntityDirectory {
  readonly gone = new Set<string>();

  async findMissing(refs: string[]): Promise<Set<string>> {
    return new Set(
      refs.map(r => r.toLowerCase()).filter(ref => this.gone.has(ref)),
    );
  }
}

/** An events service that keeps what was published on it, in order. */
export function recordingEvents(): EventsService & {
  published: ServiceChangedEvent[];
} {
  const published: ServiceChangedEvent[] = [];
  return {
    published,
    async publish(params) {
      published.push(params.eventPayload as ServiceChangedEvent);
    },
    async subscribe() {},
  };
}

/**
 * The plugin's stores, write path and use cases on a test database, with a clock and an
 * organisation the test controls; what it announces is kept in `announced`.
 */
export async function createTestSocialMedia(
  knex: Knex,
  options: {
    clock?: TestClock;
    directory?: TestDirectory;
    events?: EventsService;
    connectors?: ItsmConnector[];
    riskModel?: RiskModelConfig;
    policy?: GuardianshipPolicy;
    fullSyncIntervalMs?: number;
  } = {},
) {
  const clock =
    options.clock ?? new TestClock(new Date('2026-11-25T09:00:00.000Z'));
  const directory = options.directory ?? new TestDirectory();
  const connectors = options.connectors ?? [];
  const recorded = recordingEvents();
  const socialMedia = await composeSocialMedia({
    database: mockServices.database({ knex, migrations: { skip: false } }),
    clock,
    riskModel: options.riskModel ?? DEFAULT_RISK_MODEL,
    policy: options.policy ?? DEFAULT_GUARDIANSHIP_POLICY,
    directory,
    events: options.events ?? recorded,
    logger: mockServices.logger.mock(),
    connectors: () => connectors,
    fullSyncIntervalMs: options.fullSyncIntervalMs,
  });
  return {
    ...socialMedia,
    clock,
    directory,
    /** What was announced on the service-changed topic so far, in order. */
    async announcements(): Promise<ServiceChangedEvent[]> {
      await socialMedia.announcer.settled();
      return [...recorded.published];
    },
    /** Forgets what was announced so far (e.g. the set-up's own changes). */
    async forgetAnnouncements(): Promise<void> {
      await socialMedia.announcer.settled();
      recorded.published.length = 0;
    },
  };
}

/** An edit of a service as a person makes it in the form: everything as it is, but `changes`. */
export function editOf(
  service: SocialService,
  changes: Record<string, unknown> = {},
): ValidSocialServiceUpdate {
  const { controls, ...rest } = changes as { controls?: object };
  return socialServiceUpdateSchema.parse({
    name: service.name,
    platform: service.platform,
    handle: service.handle,
    profileUrl: service.profileUrl,
    purpose: service.purpose,
    businessUnit: service.businessUnit,
    ownerGroup: service.ownerGroup,
    serviceOwner: service.serviceOwner,
    businessRequester: service.businessRequester,
    audienceSize: service.audienceSize,
    tags: service.tags,
    controls: { ...service.controls, ...controls },
    itsm: service.itsm,
    version: service.version,
    ...rest,
  });
}

/** A fresh database of the given kind with the plugin's parts on it, for a `beforeEach`. */
export function socialMediaOn(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  return async () => {
    const knex = await databases.init(databaseId);
    return { knex, ...(await createTestSocialMedia(knex)) };
  };
}

/** A checked new LinkedIn page of the HR team, with `overrides`. */
export function newService(
  id: string,
  overrides: Partial<SocialServiceInput> = {},
): NewService {
  const parsed = socialServiceInputSchema.parse({
    name: `Service ${id}`,
    platform: 'linkedin',
    handle: id,
    purpose: 'Employer brand',
    businessUnit: 'Human Resources',
    ownerGroup: 'group:default/hr',
    ...overrides,
  });
  return { ...parsed, id };
}
