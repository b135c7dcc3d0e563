// Backstage's catalog ingesting the same 10,000 services from a file location, in the same
// backend and database as the provider's time until visible: the anchor that figure is read
// against (it was 83 s measured once on another database set-up, which did not compare).
//
// The entities are the provider's own output, read back from the catalog, moved to a namespace of
// their own (FILE_LOCATION_NAMESPACE) and without the provider's location annotations: the same
// names, owners, annotations and spec, as plain Components in one multi-document YAML file.
//
// The catalog's API registers only `url` locations, so the file location comes from config
// (config/app-config.bench.catalog.yaml) and points at a scratch file that is empty when the
// backend starts. The benchmark fills the file and asks the catalog to refresh the location
// entity: the ingest starts at that request, as the provider's starts at the import.
//
// It runs after the other parts, so that none of their figures are taken with 10,000 more
// entities in the catalog; the provider's entities are in the catalog meanwhile, and the catalog
// keeps processing them, which the report says next to the figure.
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { assertAlive, Backend, waitForQuiet } from '../backendProcess';
import { describeFailure, request } from '../http';
import { DatabaseResult, FileLocationResult } from '../results';
import {
  BASE_URL,
  configDir,
  FILE_LOCATION_NAMESPACE,
  SERVICE_COUNT,
  TIMEOUTS,
  visibleFromFilePath,
  visiblePath,
} from '../settings';
import { round } from '../stats';
import { log } from '../util';
import { watchVisibility } from '../visibility';

/** What the backend needs for the file location: its config and the (empty) file. */
export function prepareFileLocation(scratchDir: string): {
  file: string;
  configFile: string;
  env: Record<string, string>;
} {
  const file = path.join(scratchDir, 'social-media-services.yaml');
  fs.writeFileSync(
    file,
    '# Filled in by the benchmark when it measures the ingest from this file location.\n',
  );
  return {
    file,
    configFile: path.join(configDir, 'app-config.bench.catalog.yaml'),
    env: { BENCH_CATALOG_FILE: file },
  };
}

/** The provider's entity as a plain Component of the file location, in `namespace`. */
export function toFileLocationEntity(
  entity: Entity,
  namespace: string,
): Entity {
  // The file location sets its own; the provider's would point at the provider.
  const annotations = Object.fromEntries(
    Object.entries(entity.metadata.annotations ?? {}).filter(
      ([key]) =>
        key !== ANNOTATION_LOCATION && key !== ANNOTATION_ORIGIN_LOCATION,
    ),
  );
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: { ...entity.metadata, namespace, annotations },
    ...(entity.spec ? { spec: entity.spec } : {}),
  };
}

/** One YAML document per entity, as a catalog-info.yaml holding many entities is written. */
export function entitiesToYaml(entities: Entity[]): string {
  return [
    `# ${entities.length} social media services as plain catalog Components (packages/bench).\n`,
    ...entities.map(
      (entity, i) => `${i === 0 ? '' : '---\n'}${stringifyYaml(entity)}`,
    ),
  ].join('');
}

// Only what a hand-written entity file would hold: no uid, etag, relations or status.
const ENTITY_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'metadata.links',
  'metadata.annotations',
  'spec',
].join(',');

/** The provider's entities, read back from the catalog a page at a time. */
async function readProviderEntities(
  headers: Record<string, string>,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  const deadline = performance.now() + TIMEOUTS.fileReadMs;
  let cursor: string | undefined;
  do {
    if (performance.now() > deadline) {
      throw new Error(
        `Reading the provider's entities took more than ${
          TIMEOUTS.fileReadMs / 1000
        } s (${entities.length} so far)`,
      );
    }
    const params = cursor
      ? new URLSearchParams({ cursor, limit: '1000', fields: ENTITY_FIELDS })
      : new URLSearchParams({
          filter:
            'kind=component,spec.type=social-media,metadata.namespace=default',
          orderField: 'metadata.name,asc',
          limit: '1000',
          fields: ENTITY_FIELDS,
        });
    const page = await request(
      `${BASE_URL}/api/catalog/entities/by-query?${params}`,
      { headers, timeoutMs: 60_000 },
    );
    if (page.status !== 200) {
      throw new Error(
        `Reading the provider's entities: ${describeFailure(page)}`,
      );
    }
    entities.push(...page.json.items);
    cursor = page.json.pageInfo?.nextCursor;
  } while (cursor);
  return entities;
}

/** The location entity the catalog made of the config location for `file`. */
async function findLocationEntity(
  headers: Record<string, string>,
  file: string,
): Promise<string> {
  const r = await request(
    `${BASE_URL}/api/catalog/entities/by-query?${new URLSearchParams({
      filter: 'kind=location',
      fields: 'kind,metadata.name,metadata.namespace,spec',
      limit: '100',
    })}`,
    { headers },
  );
  if (r.status !== 200) {
    throw new Error(`Listing the locations: ${describeFailure(r)}`);
  }
  const location = (r.json.items as Entity[]).find(
    e => e.spec?.type === 'file' && e.spec?.target === file,
  );
  if (!location) {
    throw new Error(`The catalog has no location entity for ${file}`);
  }
  return `location:${location.metadata.namespace ?? 'default'}/${
    location.metadata.name
  }`;
}

async function countEntities(headers: Record<string, string>) {
  const r = await request(`${BASE_URL}/api/catalog/entities/by-query?limit=1`, {
    headers,
  });
  return r.status === 200 ? (r.json.totalItems as number) : undefined;
}

/** Writes into `result.fileLocation` as it goes, so that a failure keeps what was measured. */
export async function benchCatalogFileLocation(options: {
  database: string;
  backend: Backend;
  headers: Record<string, string>;
  file: string;
  result: DatabaseResult;
}): Promise<void> {
  const { database, backend, headers, file, result } = options;
  const fileLocation: FileLocationResult = {
    namespace: FILE_LOCATION_NAMESPACE,
  };
  result.fileLocation = fileLocation;

  // 1. The provider's entities, as the file's content. They are copied only once the catalog
  //    shows all of them: a loaded machine (SQLite especially) may take longer than the catalog
  //    part watches, and the file location would then copy a part and compete with the rest.
  assertAlive(backend);
  fileLocation.locationEntityRef = await findLocationEntity(headers, file);
  if (!result.visible?.complete) {
    const waited = performance.now();
    const provider = await watchVisibility({
      backend,
      headers,
      path: visiblePath,
      since: waited,
      timeoutMs: TIMEOUTS.fileProviderMs,
      startedBy: 'the file location part started waiting for them',
    });
    fileLocation.waitedForProviderMs = round(performance.now() - waited);
    if (!provider.complete) {
      throw new Error(
        `The catalog shows ${
          provider.count
        } of the provider's ${SERVICE_COUNT} entities ${Math.round(
          TIMEOUTS.fileProviderMs / 1000,
        )} s after the other parts; the file location copies all of them`,
      );
    }
  }
  const readStarted = performance.now();
  const entities = (await readProviderEntities(headers)).map(e =>
    toFileLocationEntity(e, FILE_LOCATION_NAMESPACE),
  );
  fileLocation.readFromCatalogMs = round(performance.now() - readStarted);
  fileLocation.entities = entities.length;
  if (entities.length !== SERVICE_COUNT) {
    throw new Error(
      `The catalog holds ${entities.length} of the provider's ${SERVICE_COUNT} entities; the file location needs all of them`,
    );
  }
  const yaml = entitiesToYaml(entities);
  fileLocation.yamlBytes = Buffer.byteLength(yaml);

  // 2. A quiet backend, as close as it gets to the provider's start (the catalog keeps processing
  //    the provider's entities; the report shows how busy it still was).
  fileLocation.quietBefore = await waitForQuiet(
    backend,
    database,
    TIMEOUTS.fileQuietMs,
  );
  fileLocation.entitiesInCatalogBefore = await countEntities(headers);

  // 3. The file goes in whole (written beside it, then renamed), right before the refresh: a
  //    scheduled processing of the location can then only ever read the empty file or the full
  //    one, and the window for it to start the ingest before the clock is a few milliseconds.
  log(
    `${database}: ${SERVICE_COUNT} entities (${(
      fileLocation.yamlBytes / 1e6
    ).toFixed(1)} MB of YAML) into the file location ${
      fileLocation.locationEntityRef
    }`,
  );
  fs.writeFileSync(`${file}.next`, yaml);
  fs.renameSync(`${file}.next`, file);
  const started = performance.now();
  const refresh = await request(`${BASE_URL}/api/catalog/refresh`, {
    method: 'POST',
    headers,
    body: { entityRef: fileLocation.locationEntityRef },
  });
  if (refresh.status !== 200) {
    throw new Error(
      `Refreshing the file location: ${describeFailure(refresh)}`,
    );
  }

  // 4. Until all of them are visible, through the same query as the provider's.
  fileLocation.visible = await watchVisibility({
    backend,
    headers,
    path: visibleFromFilePath,
    since: started,
    timeoutMs: TIMEOUTS.fileVisibleMs,
    startedBy: 'the refresh of the file location',
    what: 'from the file location',
  });
  if (fileLocation.visible.complete && result.visible?.complete) {
    fileLocation.providerPerFileLocation =
      result.visible.ms! / fileLocation.visible.ms!;
  }
  log(
    fileLocation.visible.complete
      ? `${database}: all ${SERVICE_COUNT} visible from the file location ${(
          fileLocation.visible.ms! / 1000
        ).toFixed(1)} s after the refresh`
      : `${database}: ${fileLocation.visible.error}`,
  );
}
