// The built plugin's SQLite writer thread, run from an installed production bundle: the ITSM
// sync stores large batches on a worker thread that loads the plugin's built files
// (dist/service/incidentWriterThread.cjs.js), which development and the tests never load. Opens
// a SQLite file with the bundle's own knex, migrates it, stores one page of a thousand incidents
// through the thread and prints what the thread wrote, as one JSON line.
//
//   node scripts/writerThreadCheck.cjs <installed bundle folder> <scratch folder>
'use strict';

const { createRequire } = require('node:module');
const path = require('node:path');

async function main() {
  const [bundleDir, scratchDir] = process.argv.slice(2);
  // Everything from the bundle, as the built backend resolves it.
  const bundleRequire = createRequire(path.join(bundleDir, 'package.json'));
  const dist = path.join(bundleDir, 'plugins/social-media-backend/dist');
  const knexFactory = bundleRequire('knex');
  const { openDatabase } = bundleRequire(`${dist}/stores/database.cjs.js`);
  const { OffThreadIncidentWriter } = bundleRequire(
    `${dist}/service/OffThreadIncidentWriter.cjs.js`,
  );
  const { DEFAULT_RISK_MODEL } = bundleRequire(
    '@internal/plugin-social-media-common',
  );
  const { DEFAULT_GUARDIANSHIP_POLICY } = bundleRequire(
    `${dist}/domain/guardianship.cjs.js`,
  );

  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(scratchDir, 'social-media.sqlite') },
    useNullAsDefault: true,
  });
  const errors = [];
  try {
    const db = await openDatabase({ getClient: async () => knex });
    const logger = {
      error: (message, error) => errors.push(`${message}: ${error?.message}`),
      warn() {},
      info() {},
      debug() {},
      child() {
        return this;
      },
    };
    const writer = await OffThreadIncidentWriter.forDatabase(db, {
      settings: {
        riskModel: DEFAULT_RISK_MODEL,
        policy: DEFAULT_GUARDIANSHIP_POLICY,
      },
      logger,
    });
    if (!writer) throw new Error('no writer thread for a SQLite file');
    // Incidents of a service the catalogue does not hold: the unit of work keeps none of them
    // and saves the cursor after the page, which only the thread can have written.
    const incidents = Array.from({ length: 1000 }, (_, n) => ({
      serviceId: 'no-such-service',
      externalId: `check-${n}`,
      number: `INC${String(n).padStart(7, '0')}`,
      title: 'Production check',
      priority: '3 - Moderate',
      state: 'New',
      openedAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      url: `https://itsm.example.com/incident/${n}`,
    }));
    const result = await writer.store(
      'servicenow',
      { incidents, cursor: 'after-the-check-page', mappingsHash: 'check' },
      new Date().toISOString(),
    );
    await writer.close();
    const [row] = await knex('social_media_itsm_sync')
      .where({ connector_id: 'servicenow' })
      .select('cursor');
    process.stdout.write(
      `${JSON.stringify({
        stored: result.stored,
        cursor: row?.cursor,
        errors,
      })}\n`,
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  process.stdout.write(
    `${JSON.stringify({ failed: String(error?.message ?? error) })}\n`,
  );
  process.exit(1);
});
