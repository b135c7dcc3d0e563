// @ts-check

/**
 * ITSM sync: where each connector's incremental sync stands, so that a run resumes after a crash
 * and people can see when it last succeeded and why it last failed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_media_itsm_sync', table => {
    table.comment(
      'State of the incremental incident sync, one row per ITSM connector',
    );
    table
      .string('connector_id', 64)
      .primary()
      .notNullable()
      .comment('e.g. servicenow');
    table
      .text('cursor')
      .nullable()
      .comment(
        'Opaque cursor of the last page stored; null before the first sync',
      );
    table
      .string('mappings_hash', 64)
      .nullable()
      .comment(
        'Hash of the service mappings the cursor was built for; a change starts a full sync',
      );
    table
      .string('last_run_at', 32)
      .nullable()
      .comment('ISO 8601 start of the last run');
    table
      .string('last_success_at', 32)
      .nullable()
      .comment('ISO 8601 end of the last run that reached the end');
    table
      .string('last_error_at', 32)
      .nullable()
      .comment('ISO 8601 time of the last failure');
    table
      .text('last_error')
      .nullable()
      .comment(
        'What the last failure said (connectors keep secrets out of it)',
      );
    table
      .integer('incidents_last_run')
      .notNullable()
      .defaultTo(0)
      .comment('Incidents stored by the last run');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_media_itsm_sync');
};
