// @ts-check

/**
 * ITSM reconciliation: a full sync now also removes the incidents the ITSM no longer lists for the
 * mapped services (deleted there, or filed against another record), so each full pass records
 * when it started and every incident when a sync last saw it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_service_incidents', table => {
    table
      .string('seen_at', 32)
      .nullable()
      .comment(
        'ISO 8601 time a sync (or the report from the portal) last saw the incident',
      );
  });
  await knex.schema.alterTable('social_media_itsm_sync', table => {
    table
      .string('full_sync_started_at', 32)
      .nullable()
      .comment(
        'ISO 8601 start of the full sync in progress; null when none is',
      );
    table
      .string('last_full_sync_at', 32)
      .nullable()
      .comment('ISO 8601 end of the last full sync that reached the end');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_media_itsm_sync', table => {
    table.dropColumn('full_sync_started_at');
    table.dropColumn('last_full_sync_at');
  });
  await knex.schema.alterTable('social_service_incidents', table => {
    table.dropColumn('seen_at');
  });
};
