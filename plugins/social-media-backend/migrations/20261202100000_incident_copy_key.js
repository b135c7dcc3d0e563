// @ts-check

/**
 * The incident copies keyed by what identifies them: the connector, the ITSM's id of the record
 * and the service holding the copy. The surrogate id and its index go (nothing reads by it), and
 * so does the foreign key to the services: every row the full sync inserts made the database look
 * up and lock its service once more, where the sync already holds the services of its batch for
 * the whole transaction, and deleting a service deletes its incidents in the same unit of work.
 * Together they were about a third of the database's time to store a full sync's incidents.
 *
 * The table is built anew and its rows copied, the same way on PostgreSQL and SQLite (whose
 * `ALTER TABLE` can change neither a primary key nor a foreign key).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await rebuild(knex, { surrogateId: false });
};

/**
 * Back to the surrogate id and the foreign key; copies of services that no longer exist (none
 * can be stored while the key is there) are left out.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await rebuild(knex, { surrogateId: true });
};

const TABLE = 'social_service_incidents';
const COLUMNS = [
  'service_id',
  'connector_id',
  'external_id',
  'number',
  'title',
  'priority',
  'state',
  'category',
  'is_open',
  'opened_at',
  'resolved_at',
  'updated_at',
  'url',
  'seen_at',
  'version',
  'fingerprint',
];

/**
 * @param {import('knex').Knex} knex
 * @param {{ surrogateId: boolean }} options
 */
async function rebuild(knex, options) {
  const next = `${TABLE}_next`;
  await knex.schema.createTable(next, table => {
    table.comment('Incidents synced from the ITSM tool and linked to services');
    if (options.surrogateId) table.increments('id').comment('Surrogate key');
    const service = table
      .string('service_id', 64)
      .notNullable()
      .comment('The linked service');
    if (options.surrogateId) {
      service.references('id').inTable('social_services').onDelete('CASCADE');
    }
    table.string('connector_id', 64).notNullable().comment('ITSM connector id');
    table
      .string('external_id', 255)
      .notNullable()
      .comment('The ITSM record id, e.g. a ServiceNow sys_id');
    table.string('number', 64).notNullable().comment('e.g. INC0010023');
    table.text('title').notNullable().comment('Short description');
    table.string('priority', 64).notNullable().comment('ITSM priority');
    table.string('state', 64).notNullable().comment('ITSM state');
    table.string('category', 128).nullable().comment('ITSM category');
    table
      .boolean('is_open')
      .notNullable()
      .comment('Not resolved or closed yet');
    table.string('opened_at', 32).notNullable().comment('ISO 8601 time');
    table.string('resolved_at', 32).nullable().comment('ISO 8601 time');
    table.string('updated_at', 32).notNullable().comment('ISO 8601 time');
    table.text('url').notNullable().comment('Link back to the ITSM record');
    table
      .string('seen_at', 32)
      .nullable()
      .comment(
        'ISO 8601 time a sync (or the report from the portal) last saw the incident',
      );
    table
      .bigInteger('version')
      .nullable()
      .comment(
        "The ITSM's change counter of the record (e.g. ServiceNow sys_mod_count), when it has one",
      );
    table
      .string('fingerprint', 64)
      .nullable()
      .comment('SHA-256 of the incident as the connector delivered it');
    if (!options.surrogateId) {
      // One copy of an incident per service it is linked to.
      table.primary(
        ['connector_id', 'external_id', 'service_id'],
        `${TABLE}_copy_pk`,
      );
    }
  });
  const rows = knex(TABLE).select(COLUMNS);
  if (options.surrogateId) {
    // In the order they were stored, as far as the key tells.
    rows
      .whereIn('service_id', knex('social_services').select('id'))
      .orderBy(['connector_id', 'external_id', 'service_id']);
  }
  await knex.into(knex.raw('?? (??)', [next, COLUMNS])).insert(rows);
  await knex.schema.dropTable(TABLE);
  await knex.schema.renameTable(next, TABLE);
  await knex.schema.alterTable(TABLE, table => {
    if (options.surrogateId) {
      table.unique(['connector_id', 'external_id', 'service_id'], {
        indexName: `${TABLE}_copy_uq`,
      });
    }
    table.index(['service_id', 'is_open'], `${TABLE}_service_idx`);
  });
}
