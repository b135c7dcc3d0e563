import { parseArgs } from 'node:util';
import { DATABASES, DatabaseId, PARTS, PartId } from './settings';

export interface Options {
  databases: DatabaseId[];
  parts: PartId[];
  samples: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--only LIST] [--samples N]   (or: yarn bench ...)

  --only LIST   comma-separated databases and/or parts to run (repeatable); by default both of each.
                databases: sqlite, postgres
                parts:     catalog  import, catalog visibility, list page, guardianship, dashboard,
                                    the catalogue page in Chromium against the catalog's (the app
                                    built once per run), the list page at 100,000 services, and last
                                    the same services from a file location (catalog ingest)
                           itsm     incident sync and the service page's incident read against a
                                    ServiceNow-format server (imports the services, skips the catalog wait)
                           audit    the audit trail filled to 1,000,000 entries: its pages, verification
                                    and CSV export (last, after the other parts)
                           production  PostgreSQL only: the built backend (yarn build:backend,
                                    installed outside the repository) under 200 concurrent clients,
                                    through a restart of PostgreSQL (a few seconds of outage for
                                    everyone using it), and as two instances on one database set
                e.g. --only itsm (the ITSM part alone, both databases), --only itsm,postgres,
                     --only audit (the audit trail alone, both databases),
                     --only production (the built backend on PostgreSQL; --only sqlite leaves it out)
  --samples N   requests per endpoint in the latency runs (default 200, at least 10)
  -h, --help    this text
`;

/** A command line the benchmark cannot run; the message says why and how to call it. */
export class UsageError extends Error {}

const isDatabase = (name: string): name is DatabaseId =>
  (DATABASES as readonly string[]).includes(name);
const isPart = (name: string): name is PartId =>
  (PARTS as readonly string[]).includes(name);

export function parseOptions(argv: string[]): Options {
  let values: { only?: string[]; samples?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string', multiple: true },
        samples: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }

  const options: Options = {
    databases: [...DATABASES],
    parts: [...PARTS],
    samples: 200,
    help: values.help ?? false,
  };
  if (values.only) {
    const names = values.only
      .flatMap(value => value.split(','))
      .map(name => name.trim())
      .filter(Boolean);
    const unknown = names.filter(n => !isDatabase(n) && !isPart(n));
    if (unknown.length || names.length === 0) {
      throw new UsageError(
        `Unknown --only value '${unknown.join(',')}'; use ${[
          ...DATABASES,
          ...PARTS,
        ].join(', ')}\n\n${USAGE}`,
      );
    }
    const databases = names.filter(isDatabase);
    const parts = names.filter(isPart);
    if (databases.length) options.databases = [...new Set(databases)];
    // The parts always run in their own order: the ITSM part uses the catalog part's backend, the
    // audit part comes after them, and the production part (its own backends) last.
    if (parts.length) options.parts = PARTS.filter(p => parts.includes(p));
  }
  if (values.samples !== undefined) {
    options.samples = Number(values.samples);
    if (!Number.isInteger(options.samples) || options.samples < 10) {
      throw new UsageError('--samples must be a whole number of at least 10');
    }
  }
  return options;
}
