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
import { SocialService } from '@internal/plugin-social-media-common';
import { serviceToEntity } from './serviceToEntity';

/**
 * Keeps the catalog's view of the social media services in step with the social-media
 * backend plugin, with a full refresh on each scheduled run.
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
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const started = Date.now();
    const services = await this.fetchServices();
    await this.connection.applyMutation({
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

  private async fetchServices(): Promise<SocialService[]> {
    const baseUrl = await this.options.discovery.getBaseUrl('social-media');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'social-media',
    });
    const response = await fetch(`${baseUrl}/services`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as { items: SocialService[] };
    return body.items;
  }
}
