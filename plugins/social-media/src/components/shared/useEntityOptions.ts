import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A catalog Group or User people can pick: its ref and its display name. */
export interface EntityOption {
  ref: string;
  title: string;
}

function displayName(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName || entity.metadata.title || entity.metadata.name;
}

/**
 * The Groups or Users of the catalog, to suggest in pickers. Suggestions are
 * a convenience: without a catalog (or when it fails) the list is empty and
 * people type entity refs themselves.
 */
export function useEntityOptions(
  kind: 'Group' | 'User',
  options: {
    /** False to ask the catalog later (no suggestions until then). */
    enabled?: boolean;
  } = {},
): EntityOption[] {
  const enabled = options.enabled ?? true;
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value } = useAsync(async () => {
    if (!catalogApi || !enabled) return [];
    try {
      const { items } = await catalogApi.getEntities({
        filter: { kind },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
      });
      return items
        .map(entity => ({
          ref: stringifyEntityRef(entity),
          title: displayName(entity),
        }))
        .sort((a, b) => a.title.localeCompare(b.title));
    } catch {
      return [];
    }
  }, [catalogApi, kind, enabled]);
  return value ?? [];
}
