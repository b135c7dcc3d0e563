// @ts-check

/**
 * What the guardianship sweep found of a service's record against its audit trail: the values
 * the trail last set for the fields that hold another (changed in the database outside the
 * catalogue), with the version of the record checked, so that lists and the dashboard can mark
 * the service without replaying its trail. Null when the record and its trail agree, or until
 * the first sweep after this migration checks it. And whether the record, as last rated, holds
 * any value the catalogue did not write (unreadable as stored, or not what its trail set), so
 * that the catalogue can be filtered and the dashboard count by it.
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
    table
      .boolean('changed_outside')
      .notNullable()
      .defaultTo(false)
      .comment(
        'True when the record, as last rated, holds values the catalogue did not write',
      );
    table.index(['changed_outside'], 'social_services_changed_outside_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_services', table => {
    table.dropIndex(['changed_outside'], 'social_services_changed_outside_idx');
    table.dropColumn('changed_outside');
    table.dropColumn('trail_check');
  });
};
