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
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.request<SocialServiceList>(
        `/services?limit=${PAGE_SIZE}&offset=${offset}&sort=name`,
      );
      services.push(...page.items);
      if (page.items.length < PAGE_SIZE || services.length >= page.totalCount) {
        break;
      }
    }
    await connection.applyMutation({
      type: 'full',
      entities: services.map(service => ({
        locationKey: this.locationKey,
        entity: serviceToEntity(service, this.locationKey),
      })),
    });
    this.options.logger.info(
      `${this.getProviderName()} projected ${services.length} services in ${
        Date.now() - started
      } ms`,
    );
    return { count: services.length };
  }

  /**
   * Applies the changes of the given services as a delta: changed services are re-read and
   * replaced, deleted ones removed. The next full refresh corrects anything missed.
   */
  async applyChanges(serviceIds: string[]): Promise<void> {
    const connection = this.requireConnection();
    if (serviceIds.length > MAX_DELTA) {
      await this.read();
      return;
    }
    const added = [];
    const removed = [];
    for (const id of serviceIds) {
      try {
        const service = await this.request<SocialService>(
          `/services/${encodeURIComponent(id)}`,
        );
        added.push({
          locationKey: this.locationKey,
          entity: serviceToEntity(service, this.locationKey),
        });
      } catch (error) {
        if ((error as ResponseError).response?.status !== 404) throw error;
        removed.push({
          entityRef: `component:default/${id}`,
          locationKey: this.locationKey,
        });
      }
    }
    await connection.applyMutation({ type: 'delta', added, removed });
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
