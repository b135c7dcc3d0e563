import { Entity } from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import { entitiesToYaml, toFileLocationEntity } from './catalogFileLocation';

const providerEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'acme-marketing-x-00001',
    title: 'Acme Marketing X 00001',
    description: 'Brand announcements: launches (X acme_mar00001)',
    tags: ['social-media', 'x', 'brand-acme'],
    annotations: {
      'backstage.io/managed-by-location': 'social-media:acme-marketing-x-00001',
      'backstage.io/managed-by-origin-location':
        'social-media:acme-marketing-x-00001',
      'social-media.backstage.io/platform': 'x',
      'social-media.backstage.io/itsm': 'servicenow:0123abcd',
    },
    links: [{ url: 'https://x.com/acme_mar00001', title: 'X profile' }],
  },
  spec: {
    type: 'social-media',
    lifecycle: 'operation',
    owner: 'group:default/marketing',
  },
};

describe('the file location', () => {
  it("copies the provider's entity into its own namespace, without the provider's locations", () => {
    expect(toFileLocationEntity(providerEntity, 'bench-file-location')).toEqual(
      {
        ...providerEntity,
        metadata: {
          ...providerEntity.metadata,
          namespace: 'bench-file-location',
          annotations: {
            'social-media.backstage.io/platform': 'x',
            'social-media.backstage.io/itsm': 'servicenow:0123abcd',
          },
        },
      },
    );
  });

  it('writes one YAML document per entity, which reads back as the same entities', () => {
    const entities = [1, 2, 3].map(i =>
      toFileLocationEntity(
        {
          ...providerEntity,
          metadata: { ...providerEntity.metadata, name: `service-${i}` },
        },
        'bench-file-location',
      ),
    );
    const documents = parseAllDocuments(entitiesToYaml(entities));
    expect(documents.map(d => (d as any).toJS())).toEqual(entities);
  });
});
