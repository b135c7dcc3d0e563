import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Tells which Groups and Users exist in the Backstage catalog. */
export interface EntityDirectory {
  /** The refs (lowercase entity refs) that are not in the catalog. */
  findMissing(refs: string[]): Promise<Set<string>>;
}

/** {@link EntityDirectory} backed by the catalog, read with the plugin's own credentials. */
export class CatalogEntityDirectory implements EntityDirectory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async findMissing(refs: string[]): Promise<Set<string>> {
    const unique = [...new Set(refs.map(r => r.toLowerCase()))];
    const missing = new Set<string>();
    if (unique.length === 0) return missing;
    const credentials = await this.auth.getOwnServiceCredentials();
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields: ['kind', 'metadata.name'] },
        { credentials },
      );
      items.forEach((entity, index) => {
        if (!entity) missing.add(chunk[index]);
      });
    }
    return missing;
  }
}
