// @ts-check

/**
 * One incident sync run at a time per connector, across backend instances: the instance that
 * runs a connector's sync holds a claim on its row until a lease runs out, renewed while it
 * works, so that "Sync now" and the scheduled run never read and store the same pages at once,
 * and a claim left by a crashed instance lapses by itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_media_itsm_sync', table => {
    table
      .string('run_owner', 64)
      .nullable()
      .comment(
        'The run holding the claim (random per run); null when none runs',
      );
    table
      .string('run_started_at', 32)
      .nullable()
      .comment('ISO 8601 start of the run holding the claim');
    table
      .string('run_lease_until', 32)
      .nullable()
      .comment('ISO 8601 time the claim lapses unless renewed');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_media_itsm_sync', table => {
    table.dropColumn('run_owner');
    table.dropColumn('run_started_at');
    table.dropColumn('run_lease_until');
  });
};
