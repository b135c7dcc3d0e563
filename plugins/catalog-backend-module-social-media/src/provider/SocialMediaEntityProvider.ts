import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ServiceChangedEvent,
  SocialService,
  SocialServiceList,
} from '@internal/plugin-social-media-common';
import { serviceToEntity } from './serviceToEntity';

/** Page size used to read the whole catalogue (the API's maximum). */
const PAGE_SIZE = 200;

/** Above this many changed services (e.g. a bulk import) a full refresh is cheaper than a delta. */
const MAX_DELTA = 50;

/**
 * Keeps the catalog's view of the social media services in step with the social-media
 * backend plugin: a full refresh on each scheduled run, and a delta for each change the
 * backend announces.
 */
export class SocialMediaEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      id: string;
      taskRunner: SchedulerServiceTaskRunner;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return `SocialMediaEntityProvider:${this.options.id}`;
  }

  /** Location key shared by all entities of this provider. */
  private get locationKey(): string {
    return `social-media-provider:${this.options.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.read();
        } catch (error) {
          this.options.logger.error(
            `${this.getProviderName()} refresh failed`,
            error as Error,
          );
        }
      },
    });
  }

  /** Reads every service from the social-media backend and replaces the provider's entities. */
  async read(): Promise<{ count: number }> {
    const connection = this.requireConnection();
    const started = Date.now();
    const services: SocialService[] = [];
    // Page by cursor, not offset: each page then costs the database the same, where the offsets'
    // pages cost more the deeper they go (the whole read grew with the square of the catalogue).
    // A social-media backend from before cursors answers none: it is read by offset as before.
    let after: string | undefined;
    let answersCursors = false;
    for (;;) {
      const position = after
        ? `&after=${encodeURIComponent(after)}`
        : `&offset=${services.length}`;
      const page: SocialServiceList = await this.request<SocialServiceList>(
        `/services?limit=${PAGE_SIZE}&sort=name${position}`,
      );
      services.push(...page.items);
      after = page.nextAfter;
      answersCursors ||= after !== undefined;
      const more = answersCursors
        ? after !== undefined
        : page.items.length === PAGE_SIZE && services.length < page.totalCount;
      if (!more) break;
    }
    // A service renamed during the read past the cursor is read twice: once is kept, as read last.
    const unique = [...new Map(services.map(s => [s.id, s])).values()];
    await connection.applyMutation({
      type: 'full',
      entities: unique.map(service => ({
        locationKey: this.locationKey,
        entity: serviceToEntity(service, this.locationKey),
      })),
    });
    this.options.logger.info(
      `${this.getProviderName()} projected ${unique.length} services in ${
        Date.now() - started
      } ms`,
    );
    return { count: unique.length };
  }

  /**
   * Applies announced changes as a delta: changed services replaced (from the announcement when
   * it carries them, else read back), deleted ones removed. The next full refresh corrects
   * anything missed.
   */
  async applyChanges(change: {
    serviceIds: string[];
    action?: ServiceChangedEvent['action'];
    services?: SocialService[];
  }): Promise<void> {
    if (!this.connection) {
      // Changes announced before the catalog connected the provider (e.g. demo data seeded at
      // start) are in the full refresh that the connection starts with.
      this.options.logger.debug(
        `${this.getProviderName()} not connected yet; ${
          change.serviceIds.length
        } announced change(s) left to the first refresh`,
      );
      return;
    }
    const connection = this.connection;
    const { serviceIds, action, services = [] } = change;
    if (serviceIds.length > MAX_DELTA && action !== 'delete') {
      await this.read();
      return;
    }
    const known = new Map(services.map(s => [s.id, s]));
    const added = [];
    const removed = [];
    for (const id of serviceIds) {
      const service =
        action === 'delete'
          ? undefined
          : known.get(id) ?? (await this.find(id));
      if (service) {
        added.push({
          locationKey: this.locationKey,
          entity: serviceToEntity(service, this.locationKey),
        });
      } else {
        removed.push({
          entityRef: `component:default/${id}`,
          locationKey: this.locationKey,
        });
      }
    }
    await connection.applyMutation({ type: 'delta', added, removed });
  }

  /** One service read back from the social-media backend; undefined when it is gone. */
  private async find(id: string): Promise<SocialService | undefined> {
    try {
      return await this.request<SocialService>(
        `/services/${encodeURIComponent(id)}`,
      );
    } catch (error) {
      if ((error as ResponseError).response?.status === 404) return undefined;
      throw error;
    }
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    return this.connection;
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discovery.getBaseUrl('social-media');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'social-media',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
