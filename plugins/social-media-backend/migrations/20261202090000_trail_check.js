// @ts-check

/**
 * What the guardianship sweep found of a service's record against its audit trail: the values
 * the trail last set for the fields that hold another (changed in the database outside the
 * catalogue), with the version of the record checked, so that lists and the dashboard can mark
 * the service without replaying its trail. Null when the record and its trail agree, or until
 * the first sweep after this migration checks it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_services', table => {
    table
      .text('trail_check')
      .nullable()
      .comment(
        'JSON {version, set}: the values the audit trail last set for fields stored otherwise, at that version',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_services', table => {
    table.dropColumn('trail_check');
  });
};
