import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { SocialMediaStatus } from '@internal/plugin-social-media-common';
import type { SocialMediaApi } from './SocialMediaApi';

/**
 * Default {@link SocialMediaApi} implementation, talking to the
 * `social-media` backend plugin over HTTP.
 *
 * @public
 */
export class SocialMediaClient implements SocialMediaApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getStatus(): Promise<SocialMediaStatus> {
    return this.request<SocialMediaStatus>('/status');
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('social-media');
    const headers = new Headers(init?.headers);
    if (!headers.has('Accept')) {
      headers.set('Accept', 'application/json');
    }
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
